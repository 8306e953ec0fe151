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
from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Cm, Pt
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from dienhinh.catalogue.models import Issuer
from dienhinh.core.vietnamese import format_date
from dienhinh.ledger.models import Achievement

FONT = "Times New Roman"
TYPE_LABELS = {"individual": "Cá nhân", "collective": "Tập thể"}


def _document(landscape: bool = False) -> Document:
    doc = Document()
    style = doc.styles["Normal"]
    style.font.name = FONT
    style.font.size = Pt(14)
    # East-Asian font slot too, so Word does not substitute for Vietnamese glyphs.
    style.element.rPr.rFonts.set(qn("w:eastAsia"), FONT)
    section = doc.sections[0]
    section.page_height, section.page_width = Cm(29.7), Cm(21)
    if landscape:
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = section.page_height, section.page_width
    section.top_margin = section.bottom_margin = Cm(2)
    section.left_margin, section.right_margin = Cm(3), Cm(1.5)
    return doc


def _para(cell_or_doc, text: str = "", bold=False, italic=False, size=None,
          align=WD_ALIGN_PARAGRAPH.CENTER, paragraph=None):
    p = paragraph if paragraph is not None else cell_or_doc.add_paragraph()
    p.alignment = align
    run = p.add_run(text)
    run.bold, run.italic = bold, italic
    run.font.name = FONT
    if size:
        run.font.size = Pt(size)
    return p


def long_date(place: str, on: dt.date) -> str:
    """"Lào Cai, ngày 15 tháng 01 năm 2024" (days and months below 10 written 0d, per ND 30)."""
    text = f"ngày {on.day:02d} tháng {on.month:02d} năm {on.year}"
    # Without a place the unit fills the dots in, as on a paper form.
    return f"{place or '……'}, {text}"


def _head(doc, parent_name: str, agency_name: str, number: str, place: str, on: dt.date):
    table = doc.add_table(rows=1, cols=2)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    left, right = table.rows[0].cells
    left.width, right.width = Cm(6.5), Cm(9.5)
    first = left.paragraphs[0]
    if parent_name:
        _para(left, parent_name.upper(), size=13, paragraph=first)
        _para(left, agency_name.upper(), bold=True, size=13)
    else:
        _para(left, agency_name.upper(), bold=True, size=13, paragraph=first)
    _para(left, f"Số: {number or '      '}", size=13)
    _para(right, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", bold=True, size=13,
          paragraph=right.paragraphs[0])
    _para(right, "Độc lập - Tự do - Hạnh phúc", bold=True, size=14)
    _para(right, long_date(place, on), italic=True, size=14)


def _title(doc, kind: str, summary: str):
    _para(doc, kind, bold=True, size=14)
    _para(doc, summary, bold=True, size=14)


def _signature(doc, distribution: list[str], signer_title: str, signer_name: str):
    table = doc.add_table(rows=1, cols=2)
    left, right = table.rows[0].cells
    _para(left, "Nơi nhận:", bold=True, italic=True, size=12, align=WD_ALIGN_PARAGRAPH.LEFT,
          paragraph=left.paragraphs[0])
    for line in [*distribution, "Lưu: VT."]:
        _para(left, f"- {line};" if not line.endswith(".") else f"- {line}", size=11,
              align=WD_ALIGN_PARAGRAPH.LEFT)
    _para(right, (signer_title or "THỦ TRƯỞNG CƠ QUAN").upper(), bold=True, size=14,
          paragraph=right.paragraphs[0])
    for _ in range(3):
        _para(right, "")
    _para(right, signer_name or "", bold=True, size=14)


def _table(doc, header: list[str], rows: list[list[str]]):
    table = doc.add_table(rows=1, cols=len(header))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, header):
        _para(cell, text, bold=True, size=13, paragraph=cell.paragraphs[0])
    for row in rows:
        cells = table.add_row().cells
        for cell, text in zip(cells, row):
            _para(cell, str(text), size=13, align=WD_ALIGN_PARAGRAPH.LEFT,
                  paragraph=cell.paragraphs[0])
    return table


def _bytes(doc) -> bytes:
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def _parent_name(unit) -> str:
    parent = unit.parent
    return parent.name if parent is not None else ""


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
    _head(doc, _parent_name(plan.agency), plan.agency.name, clist.number, clist.place, on)
    _title(doc, "DANH SÁCH", f"Đăng ký xây dựng điển hình tiên tiến năm {clist.year}")
    _para(doc, f"(Kèm theo Kế hoạch số {plan.number}: {plan.title})", italic=True, size=13)
    _table(doc, LIST_HEADER, list_rows(clist))
    rows = list_rows(clist)
    collectives = sum(1 for r in rows if r[3] == "Tập thể")
    _para(doc, f"Tổng số: {len(rows)} điển hình ({collectives} tập thể, "
               f"{len(rows) - collectives} cá nhân).", size=14, align=WD_ALIGN_PARAGRAPH.LEFT)
    distribution = _distribution(plan)
    if clist.sent_to and clist.sent_to not in distribution:
        distribution.insert(0, clist.sent_to)
    _signature(doc, distribution, clist.signer_title, clist.signer_name)
    return _bytes(doc)


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
    _head(doc, _parent_name(unit), unit.name, "", "", on)
    _title(doc, "BÁO CÁO", f"Kết quả bồi dưỡng, nhân rộng điển hình tiên tiến năm {year}")
    _para(doc, f"Thực hiện Kế hoạch số {plan.number} của {plan.agency.name}, {unit.name} báo "
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
    _signature(doc, [f"Văn phòng {plan.agency.name}"], "THỦ TRƯỞNG ĐƠN VỊ", "")
    return _bytes(doc)


def issuer_names() -> dict[str, str]:
    return dict(Issuer.objects.values_list("code", "name"))


# -- the achievement report (báo cáo thành tích), pre-filled from the ledger ------------
def achievement_report_docx(nomination, on: dt.date | None = None) -> bytes:
    on = on or timezone.localdate()
    subject = nomination.subject
    plan = nomination.plan
    doc = _document()
    _head(doc, _parent_name(nomination.unit), nomination.unit.name, "", "", on)
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
               .select_related("code").order_by("year", "kind", "code_id"))
    issuers = issuer_names()  # the issuer's full name, never its code
    _table(doc, ["Năm", "Danh hiệu, hình thức", "Số, ngày quyết định", "Cơ quan ban hành"],
           [[str(a.year), a.code.name,
             " ".join(x for x in (a.decision_no, format_date(a.decision_date)) if x),
             issuers.get(a.issuer, "")] for a in records])
    result = (nomination.snapshot or {}).get("result")
    if result:
        _para(doc, "IV. ĐỐI CHIẾU TIÊU CHÍ CỦA KẾ HOẠCH", bold=True, align=WD_ALIGN_PARAGRAPH.LEFT)
        for line in result.get("met", []):
            _para(doc, f"- Đạt: {line}", size=13, align=WD_ALIGN_PARAGRAPH.LEFT)
        for line in result.get("unmet", []):
            _para(doc, f"- Chưa đạt: {line}", size=13, align=WD_ALIGN_PARAGRAPH.LEFT)
        for line in result.get("pending", []):
            _para(doc, f"- {line}", size=13, align=WD_ALIGN_PARAGRAPH.LEFT)
    _signature(doc, [], "THỦ TRƯỞNG ĐƠN VỊ", "")
    return _bytes(doc)
