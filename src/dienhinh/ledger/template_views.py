"""The import templates: one XLSX per table, with Vietnamese headers, drop-down lists of
the allowed codes (data validation) and a sheet of the codes with their names. The
headers are those `imports.headers` accepts, so a filled template imports as it is."""

from __future__ import annotations

import io

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.utils.translation import gettext as _

from dienhinh import policy

from .imports.headers import VIETNAMESE, choices

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
ROWS = 5000  # rows covered by the drop-down lists
EXAMPLES = {
    "units": [["SCT_VP", "Văn phòng Sở", "SCT", "division"]],
    "people": [["P0001", "Nguyễn Thị Hồng", "15/04/1985", "nu", "SCT_VP", "staff"]],
    "achievements": [["P0001", "2024", "title", "LDTT", "", "", "", "12/QĐ-SCT",
                      "20/12/2024", "Ví dụ: xóa dòng này trước khi nhập"]],
}
NAMES = {"units": "don-vi", "people": "ca-nhan", "achievements": "thanh-tich"}


def template_workbook(table: str) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font, PatternFill
    from openpyxl.utils import get_column_letter, quote_sheetname
    from openpyxl.worksheet.datavalidation import DataValidation

    headers = VIETNAMESE[table]
    wb = Workbook()
    data = wb.active
    data.title = "Dữ liệu"
    data.append(list(headers.values()))
    for cell in data[1]:
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="DDEBF7")
    data.freeze_panes = "A2"
    for row in EXAMPLES[table]:
        data.append(row)
    codes_ws = wb.create_sheet("Danh mục")
    lists = choices(table)
    columns = list(headers)
    col = 1
    for column, pairs in lists.items():
        code_col, name_col = get_column_letter(col), get_column_letter(col + 1)
        codes_ws.cell(1, col, f"{headers[column]} (mã)").font = Font(bold=True)
        codes_ws.cell(1, col + 1, _("Tên")).font = Font(bold=True)
        for n, (code, name) in enumerate(pairs, start=2):
            codes_ws.cell(n, col, code)
            codes_ws.cell(n, col + 1, name)
        codes_ws.column_dimensions[code_col].width = 20
        codes_ws.column_dimensions[name_col].width = 45
        target = get_column_letter(columns.index(column) + 1)
        rule = DataValidation(
            type="list", allow_blank=True, showErrorMessage=True,
            formula1=f"{quote_sheetname(codes_ws.title)}!${code_col}$2:${code_col}$"
                     f"{len(pairs) + 1}",
            errorTitle=_("Mã không có trong danh mục"),
            error=_("Hãy chọn một mã trong danh sách (xem trang “Danh mục”)."),
            promptTitle=headers[column],
            prompt=_("Chọn mã trong danh sách; tên của từng mã ở trang “Danh mục”."))
        rule.add(f"{target}2:{target}{ROWS}")
        data.add_data_validation(rule)
        col += 3
    for n, column in enumerate(columns, start=1):
        data.column_dimensions[get_column_letter(n)].width = max(14, len(headers[column]) + 4)
        # Codes and dates are text: Excel must not turn "0012" into 12 or a date into a number.
        for row in range(2, 200):
            data.cell(row, n).number_format = "@"
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


@login_required
def import_template(request, table: str):
    if table not in VIETNAMESE:
        raise Http404(_("Không có mẫu nhập cho bảng này."))
    if not policy.can(request.user, "import"):
        raise PermissionDenied(_("Tài khoản của bạn không được nhập dữ liệu."))
    response = HttpResponse(template_workbook(table), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="mau-nhap-{NAMES[table]}.xlsx"'
    return response
