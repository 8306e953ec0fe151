"""The discovery list as a real XLSX workbook (openpyxl), Vietnamese headers.

Cells a spreadsheet would read as a formula (text starting with = + - @, or a tab
or carriage return) are prefixed with an apostrophe: names and notes come from
users and imports, and must never run as formulas on an officer's computer.
"""

from __future__ import annotations

import io

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

HEADERS = [
    ("STT", 6),
    ("Mã", 14),
    ("Họ tên / Tên đơn vị", 34),
    ("Loại đối tượng", 12),
    ("Đơn vị", 30),
    ("Nhóm tiêu chí", 22),
    ("Kết quả theo sổ thành tích", 18),
    ("Gần đạt (nhân tố mới)", 14),
    ("Đủ điều kiện", 12),
    ("Tiêu chí đã đạt", 60),
    ("Tiêu chí chưa đạt", 60),
    ("Tiêu chí chờ xác nhận", 60),
]


def safe(value):
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def workbook_bytes(title_lines: list[str], rows) -> bytes:
    """`rows` are discovery rows (views.Row); returns the .xlsx file's bytes.

    Written in openpyxl's write-only mode: a province's list (tens of thousands of
    rows) streams out in seconds, where the ordinary mode slows down with every row.
    """
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("Phát hiện điển hình")
    for i, (_, width) in enumerate(HEADERS, start=1):
        ws.column_dimensions[get_column_letter(i)].width = width
    header_row = len(title_lines) + 2
    ws.freeze_panes = f"A{header_row + 1}"
    wrap = Alignment(wrap_text=True, vertical="top")
    bold = Font(bold=True)

    def cells(values, font=None):
        out = []
        for value in values:
            cell = WriteOnlyCell(ws, value=safe(value))
            cell.alignment = wrap
            if font is not None:
                cell.font = font
            out.append(cell)
        return out

    for line in title_lines:
        ws.append([safe(line)])
    ws.append([])
    ws.append(cells([h for h, _ in HEADERS], bold))
    for n, row in enumerate(rows, start=1):
        ws.append(cells([
            n, row.code, row.name, row.type_label, row.unit_name, row.profile_name,
            row.quantitative_label, "Có" if row.near_miss else "",
            "Có" if row.eligible else "",
            "\n".join(row.met), "\n".join(row.unmet), "\n".join(row.pending_lines),
        ]))
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
