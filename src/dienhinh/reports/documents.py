"""The review report (báo cáo sơ kết, tổng kết, báo cáo năm) as DOCX after Nghị định
30/2020/NĐ-CP (the layout of `core.documents`), and its XLSX annex with the same figures.

The report is figures the system counts (`figures.compute`, or the copy frozen into a
submitted report) and text the office writes (`SECTIONS`). Numbers in the DOCX are
written the Vietnamese way (1.234), in the XLSX as numbers; both come from the same
`Figures`, so the annex and the report never disagree.
"""

from __future__ import annotations

import datetime as dt
import io

from docx.shared import Mm
from openpyxl import Workbook
from openpyxl.drawing.image import Image as XLImage
from openpyxl.styles import Alignment, Font

from dienhinh.core import documents as layout
from dienhinh.core.i18n import in_system_language
from dienhinh.core.vietnamese import format_number

from . import charts
from .figures import COLUMNS, LEVELS, Figures, Row, pipeline

# The parts of a report the office writes, in the order of the usual outline of a
# review report: situation, results, shortcomings and their causes, tasks ahead and
# proposals.
SECTIONS: list[tuple[str, str]] = [
    ("situation", "Tình hình triển khai thực hiện"),
    ("results", "Kết quả nổi bật"),
    ("shortcomings", "Tồn tại, hạn chế và nguyên nhân"),
    ("proposals", "Phương hướng, nhiệm vụ và kiến nghị, đề xuất"),
]
SECTION_KEYS = [k for k, _ in SECTIONS]

# The by-unit and by-field tables are split in two so that they fit a portrait page.
PART_ONE = ["discovered", "registered", "fostered", "nominated", *[f"recognised_{lv}"
                                                                   for lv in LEVELS]]
PART_TWO = ["rewarded", "bonus", "proposed", "proposed_awarded", "models", "adopting_units",
            "media", "visits"]
HEADINGS = dict(COLUMNS)
ROMAN = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII"]


def title_of(period) -> str:
    return f"Kết quả xây dựng, bồi dưỡng và nhân rộng điển hình tiên tiến {period.label}"


def _table_rows(rows: list[Row], total: Row, keys: list[str]) -> list[list[str]]:
    out = [[str(i), r.label, *[format_number(r.values[k]) for k in keys]]
           for i, r in enumerate(rows, 1)]
    out.append(["", total.label, *[format_number(total.values[k]) for k in keys]])
    return out


def tables(fig: Figures) -> list[tuple[str, list[str], list[list[str]]]]:
    """(caption, header, rows) of every figure table, in the order of the report."""
    out = []
    for caption, rows, first in (("theo đơn vị", fig.by_unit, "Đơn vị"),
                                 ("theo lĩnh vực", fig.by_field, "Lĩnh vực")):
        for n, keys in enumerate((PART_ONE, PART_TWO), 1):
            out.append((f"Bảng {len(out) + 1}. Kết quả {caption} (phần {n})",
                        ["STT", first, *[HEADINGS[k] for k in keys]],
                        _table_rows(rows, fig.total, keys)))
    if fig.models:
        out.append((f"Bảng {len(out) + 1}. Mô hình hay, cách làm hiệu quả được nhân rộng",
                    ["STT", "Mô hình, cách làm", "Điển hình", "Lĩnh vực", "Số đơn vị áp dụng"],
                    [[str(i), m.title, m.owner, m.field, format_number(m.adopting_units)]
                     for i, m in enumerate(fig.models, 1)]))
    return out


def chart_pipeline(fig: Figures) -> bytes:
    return charts.funnel(f"Từ phát hiện đến nhân rộng — {fig.period.label}", pipeline(fig))


def chart_units(fig: Figures) -> bytes:
    rows = fig.by_unit
    return charts.bars("Đăng ký, đề nghị và công nhận theo đơn vị", [r.label for r in rows], [
        ("Đăng ký", [r.values["registered"] for r in rows]),
        ("Đề nghị", [r.values["nominated"] for r in rows]),
        ("Công nhận", [sum(r.values[f"recognised_{lv}"] for lv in LEVELS) for r in rows]),
    ], horizontal=True)


def summary_lines(fig: Figures) -> list[str]:
    t = fig.total.values
    recognised = sum(t[f"recognised_{lv}"] for lv in LEVELS)
    return [
        f"Phát hiện {format_number(t['discovered'])} tập thể, cá nhân đạt tiêu chí theo sổ "
        f"thành tích; đăng ký xây dựng {format_number(t['registered'])} điển hình, bồi dưỡng "
        f"{format_number(t['fostered'])}.",
        f"Đề nghị công nhận {format_number(t['nominated'])}; công nhận "
        f"{format_number(recognised)} điển hình tiên tiến (cấp cơ quan "
        f"{format_number(t['recognised_agency'])}, cấp tỉnh "
        f"{format_number(t['recognised_province'])}, cấp bộ, ngành "
        f"{format_number(t['recognised_ministry'])}); khen thưởng "
        f"{format_number(t['rewarded'])}, tiền thưởng {format_number(t['bonus'])} đồng.",
        f"Đề nghị cấp trên khen thưởng {format_number(t['proposed'])}, được cấp trên khen "
        f"thưởng {format_number(t['proposed_awarded'])}.",
        f"Nhân rộng {format_number(t['models'])} mô hình hay, cách làm hiệu quả tại "
        f"{format_number(t['adopting_units'])} đơn vị; {format_number(t['media'])} tin, bài "
        f"tuyên truyền; {format_number(t['visits'])} chuyến tham quan, học tập kinh nghiệm.",
    ]


@in_system_language
def review_docx(plan, scope, fig: Figures, sections: dict | None = None, *,
                on: dt.date, submissions: list[tuple[str, str]] | None = None,
                draft: bool = False, signer=None) -> bytes:
    """The review report of `scope` on `plan`: figures, charts, the office's text and,
    for an agency, which of its units reported."""
    from dienhinh.exemplars.documents import (
        _of_agency,
        _parent_name,
        _place,
        _signer,
        report_symbol,
    )

    sections = sections or {}
    doc = layout.document()
    layout.head(doc, _parent_name(scope), scope.name, report_symbol(scope), _place(scope), on,
                draft=draft)
    layout.title(doc, "BÁO CÁO", title_of(fig.period))
    layout.body(doc, f"Thực hiện Kế hoạch số {plan.number} {layout.date_words(plan.issued_on)}"
                     f"{_of_agency(plan, scope)}, "
                     f"{scope.name} báo cáo kết quả {fig.period.label} như sau:")
    n = 0

    def heading(text):
        nonlocal n
        layout.paragraph(doc, f"{ROMAN[n]}. {text.upper()}", bold=True, align=layout.LEFT)
        n += 1

    heading(SECTIONS[0][1])
    _text(doc, sections.get("situation", ""))
    heading("Kết quả thực hiện")
    for line in summary_lines(fig):
        layout.body(doc, f"- {line}")
    _text(doc, sections.get("results", ""))
    doc.add_picture(io.BytesIO(chart_pipeline(fig)), width=Mm(150))
    layout.paragraph(doc, "Biểu đồ 1. Từ phát hiện đến nhân rộng", italic=True, size=12)
    if len(fig.by_unit) > 1:
        doc.add_picture(io.BytesIO(chart_units(fig)), width=Mm(150))
        layout.paragraph(doc, "Biểu đồ 2. Kết quả theo đơn vị", italic=True, size=12)
    figure_tables = tables(fig)
    # Tables too wide for the upright page (ten columns of figures) go, with the other
    # figure tables and their captions, on landscape pages; the text after them turns
    # back upright.
    layout.orient(doc, landscape=not all(layout.fits_upright(header, rows, 11)
                                         for _c, header, rows in figure_tables))
    for caption, header, rows in figure_tables:
        layout.paragraph(doc, "")
        # the table's title stays on the page of the table (never alone at a page's foot)
        layout.paragraph(doc, caption, bold=True, size=13).paragraph_format.keep_with_next = True
        layout.table(doc, header, rows, size=11)
    layout.orient(doc, landscape=False)
    if submissions is not None:
        heading("Tình hình báo cáo của các đơn vị")
        layout.table(doc, ["STT", "Đơn vị", "Tình hình gửi báo cáo"],
                     [[str(i), name, state] for i, (name, state) in enumerate(submissions, 1)],
                     size=12)
    for key, label in SECTIONS[2:]:
        heading(label)
        _text(doc, sections.get(key, ""))
    layout.signature(doc, signer or _signer(scope, on),
                     [line.strip(" -;") for line in plan.distribution.splitlines()
                      if line.strip()] if scope.pk == plan.agency_id else
                     [f"{plan.agency.name}"])
    return layout.to_bytes(doc, on)


def _text(doc, text: str) -> None:
    paragraphs = [p.strip() for p in (text or "").splitlines() if p.strip()]
    if not paragraphs:
        layout.paragraph(doc, "(Nội dung do cơ quan, đơn vị viết)", italic=True,
                         align=layout.LEFT, size=13)
    for p in paragraphs:
        layout.body(doc, p)


@in_system_language
def review_xlsx(plan, scope, fig: Figures, *, on: dt.date) -> bytes:
    """The annex: one sheet per table, numbers as numbers, and a sheet of charts."""
    wb = Workbook()
    wb.remove(wb.active)
    sheets = [("Theo đơn vị", fig.by_unit, "Đơn vị"), ("Theo lĩnh vực", fig.by_field,
                                                        "Lĩnh vực")]
    keys = [k for k, _ in COLUMNS]
    for name, rows, first in sheets:
        ws = wb.create_sheet(name)
        ws.append([f"PHỤ LỤC: {title_of(fig.period).upper()}"])
        ws.append([f"{scope.name} — Kế hoạch số {plan.number}"])
        ws.append([])
        ws.append(["STT", first, *[HEADINGS[k] for k in keys]])
        for i, r in enumerate(rows, 1):
            ws.append([i, r.label, *[r.values[k] for k in keys]])
        ws.append([None, fig.total.label, *[fig.total.values[k] for k in keys]])
        _style(ws, len(keys) + 2)
    ws = wb.create_sheet("Theo năm")
    ws.append(["Năm", *[HEADINGS[k] for k in keys]])
    for year, values in sorted(fig.by_year.items()):
        ws.append([year, *[values[k] for k in keys]])
    _style(ws, len(keys) + 1, header_row=1)
    if fig.models:
        ws = wb.create_sheet("Mô hình")
        ws.append(["STT", "Mô hình, cách làm", "Điển hình", "Lĩnh vực", "Số đơn vị áp dụng"])
        for i, m in enumerate(fig.models, 1):
            ws.append([i, m.title, m.owner, m.field, m.adopting_units])
        _style(ws, 5, header_row=1)
    ws = wb.create_sheet("Biểu đồ")
    ws.append(["Biểu đồ 1. Từ phát hiện đến nhân rộng"])
    for label, value in pipeline(fig):
        ws.append([label, value])
    ws.add_image(XLImage(io.BytesIO(chart_pipeline(fig))), "D1")
    return layout.workbook_bytes(wb, on)


def _style(ws, columns: int, header_row: int = 4) -> None:
    if header_row > 1:
        ws["A1"].font = Font(bold=True, size=13)
    for cell in ws[header_row]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    ws.column_dimensions["A"].width = 6
    ws.column_dimensions["B"].width = 40
    for i in range(3, columns + 1):
        ws.column_dimensions[ws.cell(row=1, column=i).column_letter].width = 14
