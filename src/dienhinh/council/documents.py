"""The vote-count minutes (biên bản kiểm phiếu), DOCX in the Nghị định 30/2020 layout
(`core.documents`).

`minutes_context(ballot)` gathers what the minutes say from the results written when
the ballot closed; `render_minutes(context)` lays it out. The decisions app stores the
first rendering after the close with its SHA-256 (`decisions.freeze.minutes_file`), so
the minutes keep the names of that day.

A reader must be able to reconcile the counts: members, present, absent, recused,
ballots issued, valid and invalid; each difference is said in a sentence. The tally's
SHA-256 is in an annex after the signatures, not in the body of the record.
"""

from __future__ import annotations

import datetime as dt
from fractions import Fraction

from django.utils import timezone
from docx.enum.text import WD_BREAK

from dienhinh.core import documents as layout
from dienhinh.core.documents import Signer
from dienhinh.core.i18n import system_language
from dienhinh.orgs.places import place_of

from . import services
from .models import Ballot, CouncilMember, ItemResult

TYPE_LABELS = {"individual": "Cá nhân", "collective": "Tập thể"}
LEVEL_WORDS = {"agency": "cấp cơ quan", "province": "cấp tỉnh", "ministry": "cấp bộ, ngành"}
SYMBOL = "BB-HĐTĐKT"


def percent(part: int, whole: int) -> str:
    """"66,67%": exact rational rounded half up to two places, Vietnamese comma."""
    if whole <= 0:
        return "—"
    hundredths = Fraction(part * 10000, whole)
    rounded = int(hundredths + Fraction(1, 2))
    return f"{rounded // 100},{rounded % 100:02d}%"


def _results(ballot: Ballot):
    return (ItemResult.objects.filter(ballot=ballot)
            .select_related("item__nomination__subject", "item__nomination__unit__subject")
            .order_by("item__position"))


def result_rows(ballot: Ballot) -> list[list[str]]:
    return [_row(r) for r in _results(ballot)]


def _row(r) -> list[str]:
    nom = r.item.nomination
    return [str(r.item.position), nom.subject.name, TYPE_LABELS[nom.subject.type],
            nom.unit.name, str(r.issued), str(r.valid),
            f"{r.yes} ({percent(r.yes, r.denominator)})", str(r.no), str(r.abstain),
            "Đạt" if r.passed else "Không đạt"]


def override_lines(ballot: Ballot) -> list[str]:
    """One line per item whose nomination the standing office accepted with an override:
    what did not hold and the reason it gave (exemplars.services.accept)."""
    items = (ballot.meeting.items.exclude(nomination__override_reason="")
             .select_related("nomination__subject").order_by("position"))
    return [f"{i.position}. {i.nomination.subject.name}: "
            f"{' '.join(i.nomination.override_issues)} Lý do: {i.nomination.override_reason}"
            for i in items]


HEADER = ["STT", "Tên tập thể, cá nhân", "Loại", "Đơn vị đề nghị", "Phiếu phát ra",
          "Phiếu hợp lệ", "Đồng ý (tỷ lệ)", "Không đồng ý", "Không biểu quyết", "Kết quả"]


def _explain(r) -> list[str]:
    """Sentences that reconcile one item's counts with the members present."""
    name = r.item.nomination.subject.name
    lines = []
    if r.recused:
        lines.append(f"Đối với {name}: {r.recused:02d} thành viên là người được đề nghị hoặc "
                     "lãnh đạo đơn vị được đề nghị (hoặc tự khai có liên quan) nên không tham "
                     f"gia bỏ phiếu; số phiếu phát ra là {r.issued:02d}.")
    elif r.issued != r.present:
        lines.append(f"Đối với {name}: số phiếu phát ra ({r.issued:02d}) ít hơn số thành "
                     f"viên có mặt ({r.present:02d}) vì có thành viên không nhận phiếu.")
    if r.valid != r.issued:
        lines.append(f"Đối với {name}: {r.issued - r.valid:02d} phiếu không hợp lệ "
                     "(không được tính).")
    return lines


def minutes_number(ballot: Ballot) -> str:
    """The council's closed ballots of the year in order of closing: 1, 2, … (a number
    that never changes once given, as closed ballots are never removed)."""
    closed = ballot.closed_at
    year_start = timezone.make_aware(dt.datetime(timezone.localtime(closed).year, 1, 1))
    earlier = Ballot.objects.filter(meeting__council=ballot.meeting.council,
                                    closed_at__gte=year_start, closed_at__lt=closed).count()
    same = Ballot.objects.filter(meeting__council=ballot.meeting.council, closed_at=closed,
                                 pk__lte=ballot.pk).count()
    return layout.doc_number(earlier + same, SYMBOL)


def _clock(moment) -> str:
    local = timezone.localtime(moment)
    return f"{local.hour:02d} giờ {local.minute:02d}"


def minutes_context(ballot: Ballot) -> dict:
    with system_language():  # the minutes are Vietnamese whoever downloads them
        return _minutes_context(ballot)


def _minutes_context(ballot: Ballot) -> dict:
    meeting = ballot.meeting
    council = meeting.council
    agency = council.agency
    opened, closed = timezone.localtime(ballot.opened_at), timezone.localtime(ballot.closed_at)
    on = closed.date()  # the act recorded is the count, which ends at the close
    if opened.date() == on:
        time = (f"Bắt đầu bỏ phiếu lúc {_clock(opened)}, kết thúc kiểm phiếu lúc "
                f"{_clock(closed)} cùng ngày.")
    else:
        time = (f"Bắt đầu bỏ phiếu lúc {_clock(opened)} {layout.date_words(opened.date())}, "
                f"kết thúc kiểm phiếu lúc {_clock(closed)} {layout.date_words(on)}.")
    results = list(_results(ballot))
    absent = ballot.members_total - ballot.present_total
    counts = (f"Tổng số thành viên Hội đồng: {ballot.members_total}; có mặt: "
              f"{ballot.present_total}; vắng mặt: {absent}.")
    explain = [line for r in results for line in _explain(r)]
    if not explain and results:
        explain.append("Số phiếu phát ra bằng số thành viên có mặt; tất cả các phiếu đều hợp "
                       "lệ.")
    rule = services.rule_text(ballot)

    def name_of(role):
        member = council.members.filter(role=role).order_by("-term_from").first()
        return member.display_name if member else ""

    passed = sum(1 for r in results if r.passed)
    return {
        "number": minutes_number(ballot),
        "date": on.isoformat(),
        "place": place_of(agency),
        "agency": agency.name,
        "council": council.name,
        "summary": f"Bỏ phiếu kín xét công nhận điển hình tiên tiến {LEVEL_WORDS[meeting.level]}",
        "meeting": meeting.title,
        "room": meeting.place,
        "time": time,
        "mode": ballot.get_mode_display().lower(),
        "counts": counts,
        "explain": explain,
        "rule": f"{rule[0].lower()}{rule[1:]} (căn cứ: {services.rule_source(ballot)})",
        "rows": [_row(r) for r in results],
        "passed": f"{passed}/{len(results)}",
        "overrides": override_lines(ballot),
        "tally_hash": ballot.tally_hash,
        "secretary": name_of(CouncilMember.SECRETARY),
        "chair": name_of(CouncilMember.CHAIR),
    }


def render_minutes(c: dict) -> bytes:
    on = dt.date.fromisoformat(c["date"])
    doc = layout.document(landscape=True)
    layout.head(doc, c["agency"], c["council"], c["number"], c["place"], on)
    layout.title(doc, "BIÊN BẢN KIỂM PHIẾU", c["summary"])
    left = layout.LEFT
    room = f", tại {c['room']}" if c["room"] else ""
    layout.body(doc, f"Cuộc họp: {c['meeting']}{room}.")
    layout.body(doc, c["time"])
    layout.body(doc, f"Hình thức bỏ phiếu: {c['mode']}.")
    layout.body(doc, c["counts"])
    for line in c["explain"]:
        layout.body(doc, line)
    layout.body(doc, f"Tỷ lệ phiếu để được công nhận: {c['rule']}.")
    layout.body(doc, "Kết quả kiểm phiếu:", bold=True)
    layout.table(doc, HEADER, c["rows"])
    layout.body(doc, f"Số tập thể, cá nhân đạt tỷ lệ phiếu: {c['passed']}.")
    overrides = c.get("overrides", [])
    if overrides:
        layout.body(doc, "Hồ sơ được Thường trực chấp nhận dù chưa qua đủ các bước trước:",
                    bold=True)
        for line in overrides:
            layout.body(doc, line, size=13)
    layout.body(doc, "Biên bản được lập xong vào lúc kết thúc kiểm phiếu và được thông qua "
                     "tại cuộc họp./.")
    layout.signature(doc, Signer(title="CHỦ TỊCH HỘI ĐỒNG", name=c["chair"]),
                     second=Signer(title="THƯ KÝ HỘI ĐỒNG", name=c["secretary"]))
    if c["tally_hash"]:
        doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
        layout.paragraph(doc, "PHỤ LỤC", bold=True, size=layout.SIZE_KIND)
        layout.paragraph(doc, "Tính toàn vẹn của kết quả kiểm phiếu", bold=True)
        layout.paragraph(doc, f"(Kèm theo Biên bản kiểm phiếu số {c['number']} "
                              f"{layout.date_words(on)})", italic=True,
                         space_after=layout.SPACE_AFTER)
        layout.body(doc, "Mã băm SHA-256 của danh sách kết quả kiểm phiếu (sắp xếp theo thứ "
                         "tự; mỗi phiếu đã kiểm một dòng gồm số hiệu nội dung và ý kiến):",
                    size=13)
        layout.paragraph(doc, c["tally_hash"], size=12, align=left)
        layout.body(doc, "Mỗi thành viên có thể đối chiếu mã biên nhận của mình trên trang "
                         "kiểm tra công khai của hệ thống.", italic=True, size=13)
    return layout.to_bytes(doc, on)


def minutes_docx(ballot: Ballot, on: dt.date | None = None) -> bytes:
    """The minutes as they read now (the stored copy is `decisions.freeze.minutes_file`)."""
    return render_minutes(minutes_context(ballot))
