"""DOCX and XLSX outputs: the compiled list, the fostering report, the achievement report.

DOCX files follow Nghị định 30/2020/NĐ-CP: a two-column head (issuing body and number
on the left; the national motto on the right, with place and date), the kind and
summary of the document, the body, the signature block and the distribution list,
in Times New Roman 13–14.
"""

from __future__ import annotations

import datetime as dt
import io

from django.utils import timezone
from docx.enum.text import WD_ALIGN_PARAGRAPH
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from dienhinh.catalogue.models import Issuer
from dienhinh.core import documents as layout
from dienhinh.core.documents import Signer
from dienhinh.core.vietnamese import format_date
from dienhinh.ledger.models import Achievement
from dienhinh.orgs import history
from dienhinh.orgs.places import abbreviation_of, place_of

FONT = layout.FONT
TYPE_LABELS = {"individual": "Cá nhân", "collective": "Tập thể"}
long_date = layout.place_date


def _document(landscape: bool = False):
    return layout.document(landscape)


def _para(cell_or_doc, text: str = "", bold=False, italic=False, size=None,
          align=WD_ALIGN_PARAGRAPH.CENTER, paragraph=None):
    return layout.paragraph(cell_or_doc, text, bold=bold, italic=italic,
                            size=size or layout.SIZE_BODY, align=align, para=paragraph)


def _head(doc, parent_name: str, agency_name: str, number: str, place: str, on: dt.date,
          draft: bool = False):
    layout.head(doc, parent_name, agency_name, number, place, on, draft=draft)


def _title(doc, kind: str, summary: str):
    layout.title(doc, kind, summary)


def _signature(doc, distribution: list[str], signer_title: str, signer_name: str,
               authority: str = ""):
    layout.signature(doc, Signer(title=signer_title or "THỦ TRƯỞNG ĐƠN VỊ", name=signer_name,
                                 authority=authority), distribution)


def _table(doc, header: list[str], rows: list[list[str]]):
    return layout.table(doc, header, rows)


def _bytes(doc, on: dt.date | None = None) -> bytes:
    return layout.to_bytes(doc, on)


def _parent_name(unit) -> str:
    parent = unit.parent
    return parent.name if parent is not None else ""


def _place(unit) -> str:
    """The locality of the issuing body for the date line (its province or commune), from
    the nearest agency above the unit that names one."""
    while unit is not None:
        place = place_of(unit)
        if place:
            return place
        unit = unit.parent
    return ""


def _signer(unit, on: dt.date, title: str = "", name: str = "") -> Signer:
    """The signer named on the form, else the unit's head (or deputy) in office on `on`
    (orgs.leaders); nobody at all is `MissingSigner`, said to the user, never a blank."""
    from dienhinh.orgs.leaders import signer_for

    return signer_for(unit, on, name=name, title=title)


def _distribution(plan) -> list[str]:
    return [line.strip(" -;") for line in plan.distribution.splitlines() if line.strip()]


# -- the compiled registration list ----------------------------------------------------
def list_rows(clist) -> list[list[str]]:
    entries = (clist.entries.filter(status="registered")
               .select_related("subject", "unit__subject")
               .order_by("unit__subject__sort_key", "subject__type", "subject__sort_key"))
    return [[str(i), e.subject.name, e.subject.code, TYPE_LABELS[e.subject.type], e.unit.name,
             format_date(e.registered_on), "Đăng ký muộn" if e.late else ""]
            for i, e in enumerate(entries, 1)]


LIST_HEADER = ["STT", "Tên tập thể, cá nhân", "Mã", "Loại", "Đơn vị đăng ký", "Ngày đăng ký",
               "Ghi chú"]


def compiled_list_docx(clist, on: dt.date | None = None) -> bytes:
    plan = clist.plan
    on = on or clist.sent_on or timezone.localdate()
    doc = _document(landscape=True)
    _head(doc, _parent_name(plan.agency), plan.agency.name, clist.number,
          clist.place or _place(plan.agency), on)
    _title(doc, "DANH SÁCH", f"Đăng ký xây dựng điển hình tiên tiến năm {clist.year}")
    _para(doc, f"(Thực hiện Kế hoạch số {plan.number} {layout.date_words(plan.issued_on)} "
               f"của {plan.agency.name})", italic=True, size=13)
    rows = list_rows(clist)
    # The code column serves the XLSX (matching on import); a reader needs names only.
    _table(doc, [h for n, h in enumerate(LIST_HEADER) if n != 2],
           [[x for n, x in enumerate(r) if n != 2] for r in rows])
    collectives = sum(1 for r in rows if r[3] == "Tập thể")
    _para(doc, f"Tổng số: {len(rows)} điển hình ({collectives} tập thể, "
               f"{len(rows) - collectives} cá nhân).", size=14, align=WD_ALIGN_PARAGRAPH.LEFT)
    distribution = _distribution(plan)
    if clist.sent_to and clist.sent_to not in distribution:
        distribution.insert(0, clist.sent_to)
    layout.signature(doc, _signer(plan.agency, on, clist.signer_title, clist.signer_name),
                     distribution)
    return _bytes(doc, on)


def compiled_list_xlsx(clist) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = f"Danh sách {clist.year}"
    ws.append([f"DANH SÁCH ĐĂNG KÝ XÂY DỰNG ĐIỂN HÌNH TIÊN TIẾN NĂM {clist.year}"])
    ws.append([f"{clist.plan.agency.name} — Kế hoạch số {clist.plan.number}"])
    ws.append([])
    ws.append(LIST_HEADER)
    for cell in ws[4]:
        cell.font = Font(bold=True)
    for row in list_rows(clist):
        ws.append(row)
    ws["A1"].font = Font(bold=True, size=13)
    for column, width in zip("ABCDEFG", (6, 36, 14, 10, 32, 14, 16)):
        ws.column_dimensions[column].width = width
    for row in ws.iter_rows(min_row=4):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


# -- the yearly fostering report ---------------------------------------------------------
def fostering_report_docx(plan, year: int, unit, plans, summary: str = "",
                          on: dt.date | None = None) -> bytes:
    on = on or timezone.localdate()
    doc = _document()
    _head(doc, _parent_name(unit), unit.name, report_symbol(unit), _place(unit), on)
    _title(doc, "BÁO CÁO", f"Kết quả bồi dưỡng, nhân rộng điển hình tiên tiến năm {year}")
    _para(doc, f"Thực hiện Kế hoạch số {plan.number} {layout.date_words(plan.issued_on)}"
               f"{_of_agency(plan, unit)}, {unit.name} báo "
               f"cáo kết quả bồi dưỡng các điển hình đã đăng ký năm {year} như sau:", size=14,
          align=WD_ALIGN_PARAGRAPH.JUSTIFY)
    for i, fp in enumerate(plans, 1):
        subject = fp.registration.subject
        _para(doc, f"{i}. {subject.name} ({TYPE_LABELS[subject.type].lower()})", bold=True,
              align=WD_ALIGN_PARAGRAPH.LEFT)
        if fp.leader:
            _para(doc, f"Lãnh đạo phụ trách: {fp.leader.full_name}", align=WD_ALIGN_PARAGRAPH.LEFT)
        if fp.goal:
            _para(doc, f"Mục tiêu: {fp.goal}", align=WD_ALIGN_PARAGRAPH.LEFT)
        gaps = [*fp.gaps.get("unmet", []), *fp.gaps.get("pending", [])]
        if gaps:
            _para(doc, "Tiêu chí còn thiếu khi lập kế hoạch:", italic=True,
                  align=WD_ALIGN_PARAGRAPH.LEFT)
            for gap in gaps:
                _para(doc, f"- {gap}", size=13, align=WD_ALIGN_PARAGRAPH.LEFT)
        actions = list(fp.actions.all())
        if actions:
            _table(doc, ["Nội dung bồi dưỡng", "Hạn", "Kết quả"],
                   [[a.text, format_date(a.due_on),
                     f"Hoàn thành {format_date(a.done_on)}" if a.done_on else "Đang thực hiện"]
                    for a in actions])
        for note in fp.notes.all():
            _para(doc, f"- {format_date(timezone.localdate(note.at))}: {note.text}", size=13,
                  align=WD_ALIGN_PARAGRAPH.LEFT)
    if not plans:
        _para(doc, "Đơn vị chưa có kế hoạch bồi dưỡng nào trong năm.", italic=True)
    if summary:
        _para(doc, "Đánh giá chung", bold=True, align=WD_ALIGN_PARAGRAPH.LEFT)
        _para(doc, summary, align=WD_ALIGN_PARAGRAPH.JUSTIFY)
    # A unit reports to its agency's office; the agency itself to those its plan names.
    to = ([f"Văn phòng {plan.agency.name}"] if unit.pk != plan.agency_id
          else _distribution(plan))
    layout.signature(doc, _signer(unit, on), to)
    return _bytes(doc, on)


def report_symbol(unit) -> str:
    """"/BC-SCT": an agency's (or commune's) report carries its symbol and the register
    gives the number on issue ("Số:      /BC-SCT"); a division's report to its agency is
    not numbered ("")."""
    if unit.kind not in ("agency", "commune"):
        return ""
    return f"/BC-{abbreviation_of(unit)}"


def _of_agency(plan, unit) -> str:
    """", của Sở …" after the plan's number, unless the unit reporting is that agency
    (which would then name itself twice in one sentence)."""
    return "" if unit.pk == plan.agency_id else f" của {plan.agency.name}"


def issuer_names() -> dict[str, str]:
    return dict(Issuer.objects.values_list("code", "name"))


# -- the achievement report (báo cáo thành tích), pre-filled from the ledger ------------
def achievement_report_docx(nomination, on: dt.date | None = None) -> bytes:
    on = on or timezone.localdate()
    subject = nomination.subject
    plan = nomination.plan
    doc = _document()
    # A report of achievements is not numbered (Nghị định 98/2023/NĐ-CP, Phụ lục I,
    # mẫu số 02 and 03): no "Số:" line left blank for the clerk.
    _head(doc, _parent_name(nomination.unit), nomination.unit.name, None,
          _place(nomination.unit), on)
    _title(doc, "BÁO CÁO THÀNH TÍCH",
           f"Đề nghị công nhận điển hình tiên tiến {nomination.get_level_display().lower()} "
           f"năm {nomination.year}")
    _para(doc, "I. SƠ LƯỢC LÝ LỊCH, ĐẶC ĐIỂM, TÌNH HÌNH", bold=True, align=WD_ALIGN_PARAGRAPH.LEFT)
    if subject.type == "individual":
        person = subject.person
        lines = [f"Họ và tên: {subject.name}",
                 f"Ngày sinh: {format_date(person.birth_date)}",
                 f"Chức vụ, vị trí: {person.get_position_display()}",
                 f"Đơn vị công tác: {person.unit.name}"]
    else:
        unit = subject.unit
        lines = [f"Tên tập thể: {subject.name}",
                 f"Loại đơn vị: {unit.get_kind_display()}",
                 f"Đơn vị cấp trên: {_parent_name(unit)}"]
    for line in lines:
        _para(doc, line, align=WD_ALIGN_PARAGRAPH.LEFT)
    _para(doc, "II. THÀNH TÍCH ĐẠT ĐƯỢC", bold=True, align=WD_ALIGN_PARAGRAPH.LEFT)
    _para(doc, "(Đơn vị bổ sung kết quả thực hiện nhiệm vụ, giải pháp, sáng kiến …)",
          italic=True, size=13, align=WD_ALIGN_PARAGRAPH.LEFT)
    if nomination.summary:
        _para(doc, nomination.summary, align=WD_ALIGN_PARAGRAPH.JUSTIFY)
    _para(doc, "III. CÁC HÌNH THỨC ĐÃ ĐƯỢC KHEN THƯỞNG (theo sổ thành tích)", bold=True,
          align=WD_ALIGN_PARAGRAPH.LEFT)
    records = (Achievement.objects.filter(subject=subject, year__gte=plan.start_year,
                                          year__lte=nomination.year)
               .select_related("code", "issuer_unit__subject")
               .order_by("year", "kind", "code_id"))
    issuers = issuer_names()
    _table(doc, ["Năm", "Danh hiệu, hình thức", "Số, ngày quyết định", "Cơ quan ban hành"],
           [[str(a.year), a.code.name,
             " ".join(x for x in (a.decision_no, format_date(a.decision_date)) if x),
             _issuing_body(a, subject, issuers)]
            for a in records])
    result = (nomination.snapshot or {}).get("result")
    if result:
        _para(doc, "IV. ĐỐI CHIẾU TIÊU CHÍ CỦA KẾ HOẠCH", bold=True, align=WD_ALIGN_PARAGRAPH.LEFT)
        for line in result.get("met", []):
            _para(doc, f"- Đạt: {line}", size=13, align=WD_ALIGN_PARAGRAPH.LEFT)
        for line in result.get("unmet", []):
            _para(doc, f"- Chưa đạt: {line}", size=13, align=WD_ALIGN_PARAGRAPH.LEFT)
        for line in result.get("pending", []):
            _para(doc, f"- {line}", size=13, align=WD_ALIGN_PARAGRAPH.LEFT)
    head = _signer(nomination.unit, on)
    if subject.type == "individual":
        head = _confirmer(nomination.unit, subject.name, on, head)
        # Mẫu báo cáo thành tích cá nhân (Nghị định 98/2023/NĐ-CP, Phụ lục): the person
        # reports and signs; the head of the unit confirms and proposes.
        confirm = Signer(title="THỦ TRƯỞNG ĐƠN VỊ XÁC NHẬN, ĐỀ NGHỊ", name=head.name)
        layout.signature(doc, Signer(title="NGƯỜI BÁO CÁO THÀNH TÍCH", name=subject.name),
                         second=confirm)
    else:
        own = _own_head(subject.unit, nomination.unit, on)
        if own is None:
            layout.signature(doc, head, None)
        else:
            # Mẫu báo cáo thành tích tập thể: the collective's head reports and signs;
            # the head of the level above confirms.
            confirm = Signer(title="THỦ TRƯỞNG ĐƠN VỊ CẤP TRÊN TRỰC TIẾP NHẬN XÉT, XÁC NHẬN",
                             name=head.name)
            layout.signature(doc, Signer(title="THỦ TRƯỞNG ĐƠN VỊ", name=own.name),
                             second=confirm)
    return _bytes(doc, on)


def _issuing_body(record, subject, issuers: dict[str, str]) -> str:
    """The "Cơ quan ban hành" cell, by name, never a code. What the ledger records comes
    first: the unit that signed, as it was named on the decision's date, else the
    catalogue's name of the level that issued it. A yearly rating carries no issuer in
    the ledger (the contract asks none): the head of the agency or unit the person
    worked in that year decided it (for a collective, the body above it), so the
    organisation's history names that body as it stood then."""
    on = record.decision_date or dt.date(record.year, 12, 31)
    if record.issuer_unit_id:
        return history.unit_as_of(record.issuer_unit, on).name
    if record.issuer:
        return issuers.get(record.issuer, "")
    if record.kind == "rating":
        body = history.deciding_body(subject, on)
        return body[1] if body else ""
    return ""


def _confirmer(unit, name: str, on: dt.date, head: Signer) -> Signer:
    """Who confirms a person's report: the head of their unit, or, when the person is
    that head, the head of the next unit up (nobody confirms their own report)."""
    from dienhinh.core.documents import MissingSigner

    while head.name == name and unit.parent_id is not None:
        unit = unit.parent
        try:
            head = _signer(unit, on)
        except MissingSigner:
            continue
    return head


def _own_head(unit, above, on: dt.date) -> Signer | None:
    """The collective's own head on `on`, when the collective is not the unit that
    proposes it and has one recorded (else the proposing unit's head signs alone)."""
    from dienhinh.core.documents import MissingSigner

    if unit is None or unit.pk == above.pk:
        return None
    try:
        return _signer(unit, on)
    except MissingSigner:
        return None
