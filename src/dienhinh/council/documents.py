"""The vote-count minutes (biên bản kiểm phiếu), DOCX in the Nghị định 30/2020 layout.

Built with the exemplars app's document helpers (head, title, table), from the results
written when the ballot closed: the file can be made again at any time and always
says the same thing.
"""

from __future__ import annotations

import datetime as dt
from fractions import Fraction

from django.utils import timezone
from docx.enum.text import WD_ALIGN_PARAGRAPH

from dienhinh.core.vietnamese import format_date
from dienhinh.exemplars.documents import (
    TYPE_LABELS,
    _bytes,
    _document,
    _head,
    _para,
    _table,
    _title,
)

from . import services
from .models import Ballot, ItemResult

LEVEL_WORDS = {"agency": "cấp cơ quan", "province": "cấp tỉnh", "ministry": "cấp bộ, ngành"}


def percent(part: int, whole: int) -> str:
    """"66,67%": exact rational rounded half up to two places, Vietnamese comma."""
    if whole <= 0:
        return "—"
    hundredths = Fraction(part * 10000, whole)
    rounded = int(hundredths + Fraction(1, 2))
    return f"{rounded // 100},{rounded % 100:02d}%"


def result_rows(ballot: Ballot) -> list[list[str]]:
    results = (ItemResult.objects.filter(ballot=ballot)
               .select_related("item__nomination__subject", "item__nomination__unit__subject")
               .order_by("item__position"))
    rows = []
    for r in results:
        nom = r.item.nomination
        rows.append([
            str(r.item.position), nom.subject.name, TYPE_LABELS[nom.subject.type],
            nom.unit.name, str(r.issued), str(r.valid),
            f"{r.yes} ({percent(r.yes, r.denominator)})", str(r.no), str(r.abstain),
            str(r.recused), "Đạt" if r.passed else "Không đạt"])
    return rows


def override_lines(ballot: Ballot) -> list[str]:
    """One line per item whose nomination the standing office accepted with an override:
    what did not hold and the reason it gave (exemplars.services.accept)."""
    items = (ballot.meeting.items.exclude(nomination__override_reason="")
             .select_related("nomination__subject").order_by("position"))
    return [f"{i.position}. {i.nomination.subject.name}: "
            f"{' '.join(i.nomination.override_issues)} Lý do: {i.nomination.override_reason}"
            for i in items]


HEADER = ["STT", "Tên tập thể, cá nhân", "Loại", "Đơn vị đề nghị", "Phiếu phát ra",
          "Phiếu hợp lệ", "Đồng ý (tỷ lệ)", "Không đồng ý", "Không biểu quyết",
          "Không biểu quyết do rút (thành viên)", "Kết quả"]


def minutes_docx(ballot: Ballot, on: dt.date | None = None) -> bytes:
    meeting = ballot.meeting
    council = meeting.council
    agency = council.agency
    on = on or meeting.held_on
    doc = _document(landscape=True)
    _head(doc, agency.name, council.name, "", meeting.place, on)
    _title(doc, "BIÊN BẢN KIỂM PHIẾU",
           f"Bỏ phiếu kín xét công nhận điển hình tiên tiến {LEVEL_WORDS[meeting.level]}")
    left = WD_ALIGN_PARAGRAPH.LEFT
    _para(doc, f"Cuộc họp: {meeting.title}, ngày {format_date(meeting.held_on)}"
               + (f", tại {meeting.place}" if meeting.place else "") + ".", align=left)
    _para(doc, f"Hình thức bỏ phiếu: {ballot.get_mode_display().lower()}.", align=left)
    _para(doc, f"Tổng số thành viên Hội đồng: {ballot.members_total}; có mặt: "
               f"{ballot.present_total}; vắng mặt: {ballot.members_total - ballot.present_total}.",
          align=left)
    rule = services.rule_text(ballot)
    _para(doc, f"Tỷ lệ phiếu để được công nhận: {rule[0].lower()}{rule[1:]} (căn cứ: "
               f"{services.rule_source(ballot)}).", align=left)
    _para(doc, "Kết quả kiểm phiếu:", bold=True, align=left)
    _table(doc, HEADER, result_rows(ballot))
    passed = ItemResult.objects.filter(ballot=ballot, passed=True).count()
    total = ItemResult.objects.filter(ballot=ballot).count()
    _para(doc, f"Số tập thể, cá nhân đạt tỷ lệ phiếu: {passed}/{total}.", align=left)
    overridden = override_lines(ballot)
    if overridden:
        _para(doc, "Hồ sơ được Thường trực chấp nhận dù chưa qua đủ các bước trước", bold=True,
              align=left)
        for line in overridden:
            _para(doc, line, size=13, align=WD_ALIGN_PARAGRAPH.JUSTIFY)
    _para(doc, "Tính toàn vẹn của kết quả", bold=True, align=left)
    _para(doc, "Mã băm SHA-256 của danh sách kết quả kiểm phiếu (sắp xếp theo thứ tự; mỗi phiếu "
               "đã kiểm một dòng gồm số hiệu nội dung và ý kiến):", size=13, align=left)
    _para(doc, ballot.tally_hash, size=12, align=left)
    _para(doc, "Mỗi thành viên có thể đối chiếu mã biên nhận của mình trên trang kiểm tra công "
               "khai của hệ thống.", italic=True, size=13, align=left)
    _para(doc, f"Bỏ phiếu kết thúc lúc {timezone.localtime(ballot.closed_at).strftime('%H:%M')} ngày "
               f"{format_date(timezone.localdate(ballot.closed_at))}.", size=13, align=left)
    _signatures(doc, council)
    return _bytes(doc)


def _signatures(doc, council) -> None:
    from .models import CouncilMember

    def name_of(role):
        member = council.members.filter(role=role).order_by("-term_from").first()
        return member.display_name if member else ""

    table = doc.add_table(rows=1, cols=2)
    left, right = table.rows[0].cells
    _para(left, "THƯ KÝ HỘI ĐỒNG", bold=True, size=14, paragraph=left.paragraphs[0])
    _para(right, "CHỦ TỊCH HỘI ĐỒNG", bold=True, size=14, paragraph=right.paragraphs[0])
    for cell in (left, right):
        for _ in range(3):
            _para(cell, "")
    _para(left, name_of(CouncilMember.SECRETARY), bold=True, size=14)
    _para(right, name_of(CouncilMember.CHAIR), bold=True, size=14)
