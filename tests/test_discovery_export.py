"""The discovery workbook as a file: layout an officer relies on, at list sizes a
province produces (the writer streams rows, so a long list keeps every row)."""

import io
from types import SimpleNamespace

from openpyxl import load_workbook

from dienhinh.discovery.export import HEADERS, workbook_bytes


def row(i: int):
    return SimpleNamespace(
        code=f"P{i:05d}", name=f"Nguyễn Văn Ấn {i}", type_label="Cá nhân",
        unit_name="Phòng Kế hoạch – Tài chính", profile_name="Công chức",
        quantitative_label="Đạt" if i % 2 else "Chưa đạt", near_miss=not i % 2,
        eligible=i % 4 == 1, met=["Hoàn thành xuất sắc nhiệm vụ năm 2024"],
        unmet=[] if i % 2 else ["còn thiếu 1 Bằng khen"], pending_lines=["-Chờ xác nhận"])


def test_long_list_keeps_every_row_header_frozen_and_bold():
    title = ["Kết quả phát hiện điển hình — thử", "Phạm vi: Sở Công Thương", "Xuất ngày 21/11/2026"]
    body = workbook_bytes(title, (row(i) for i in range(1, 3001)))
    ws = load_workbook(io.BytesIO(body)).active
    values = [[c.value for c in r] for r in ws.iter_rows()]
    header_at = len(title) + 2  # 1-based row of the header
    assert values[header_at - 1] == [h for h, _ in HEADERS]
    assert ws.cell(header_at, 1).font.bold
    assert ws.freeze_panes == f"A{header_at + 1}"
    data = values[header_at:]
    assert len(data) == 3000
    assert data[0][:3] == [1, "P00001", "Nguyễn Văn Ấn 1"]
    assert data[-1][0] == 3000 and data[-1][7] == "Có"
    assert data[0][11] == "'-Chờ xác nhận"  # text that starts like a formula stays text
    assert ws.cell(header_at + 1, 10).alignment.wrap_text
    assert ws.column_dimensions["C"].width == 34
