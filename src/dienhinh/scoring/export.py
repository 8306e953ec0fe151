"""The ranking of a scoring round as an XLSX workbook (the ranking screen's "Xuất Excel"
and `GET /api/scoring/rounds/{id}/ranking/`).

Two sheets: the ranking as the screen shows it (place, unit, self-score, verified
total, percent of the maximum, members' votes in a block or cluster, the award
proposed, the sheet's state), and the verified score of every unit on every criterion
with the office's reason wherever it changed the unit's own score — so the office can
file the table that backs a proposal. Numbers are written as numbers (Excel sums
them); the places come from `services.result`, never recomputed here.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from dienhinh.core import documents as layout
from dienhinh.core.vietnamese import format_date

from . import services
from .models import Round, ScoreLine

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
BOLD = Font(bold=True)
WRAP = Alignment(wrap_text=True, vertical="top")


def _number(value: Decimal | None):
    """A score as a number for the cell (None stays blank: not verified yet)."""
    return None if value is None else float(value)


def _head(ws, rnd: Round, title: str, today: dt.date) -> None:
    scheme = rnd.scheme
    ws.append([title])
    ws["A1"].font = Font(bold=True, size=13)
    ws.append([rnd.name])
    ws.append([_("Cơ quan chấm điểm: %(a)s") % {"a": rnd.agency.subject.name}])
    if rnd.group_id:
        ws.append([_("Khối, cụm thi đua: %(g)s") % {"g": rnd.group.name}])
    ws.append([_("Năm: %(y)s — Thang điểm: %(s)s (tối đa %(m)s điểm)")
               % {"y": rnd.year, "s": scheme.name, "m": services._points(scheme.max_total)}])
    ws.append([_("Trạng thái: %(s)s — Xuất ngày %(d)s")
               % {"s": rnd.get_status_display(), "d": format_date(today)}])
    ws.append([])


def ranking_workbook(rnd: Round, today: dt.date) -> bytes:
    rows = services.result(rnd)
    scheme = rnd.scheme
    wb = Workbook()
    ws = wb.active
    ws.title = _("Xếp hạng")
    _head(ws, rnd, _("KẾT QUẢ XẾP HẠNG THI ĐUA") if rnd.status == Round.CLOSED
          else _("XẾP HẠNG TẠM TÍNH"), today)
    header = [_("Hạng"), _("Đơn vị"), _("Điểm tự chấm"), _("Điểm thẩm định"),
              _("Tỷ lệ so với điểm tối đa (%)")]
    if rnd.group_id:
        header.append(_("Số phiếu bình xét"))
    header += [_("Đề nghị khen thưởng"), _("Ghi chú"), _("Trạng thái bảng điểm")]
    ws.append(header)
    for cell in ws[ws.max_row]:
        cell.font = BOLD
        cell.alignment = WRAP
    for r in rows:
        line = [r.rank, r.unit_name, _number(r.self_total), _number(r.total),
                _number(r.percent)]
        if rnd.group_id:
            line.append(r.votes)
        line += ["; ".join(r.proposed), r.tie_note, r.status_label]
        ws.append(line)
    ws.append([])
    ws.append([_("Xếp hạng theo điểm thẩm định (điểm × hệ số); bằng điểm: %(t)s.")
               % {"t": scheme.tie_text.rstrip(". ")}])
    if scheme.source:
        ws.append([_("Căn cứ: %(s)s") % {"s": scheme.source}])
    for col, width in zip("ABCDEFGHI", (8, 42, 14, 14, 14, 14, 30, 30, 24), strict=True):
        ws.column_dimensions[col].width = width

    detail = wb.create_sheet(_("Điểm theo tiêu chí"))
    _head(detail, rnd, _("ĐIỂM THẨM ĐỊNH THEO TIÊU CHÍ"), today)
    detail.append([_("Tiêu chí"), _("Điểm tối đa"), _("Hệ số"),
                   *[r.unit_name for r in rows]])
    for cell in detail[detail.max_row]:
        cell.font = BOLD
        cell.alignment = WRAP
    lines: dict[tuple[int, str], ScoreLine] = {
        (ln.sheet_id, ln.criterion): ln
        for ln in ScoreLine.objects.filter(sheet__round=rnd)}
    for c in scheme.criteria:
        detail.append([c.label, _number(c.max), _number(c.weight),
                       *[_number(getattr(lines.get((r.sheet_id, c.id)), "verified_score",
                                         None)) for r in rows]])
    detail.append([_("Tổng điểm thẩm định"), _number(scheme.max_total), None,
                   *[_number(r.total) for r in rows]])
    for cell in detail[detail.max_row]:
        cell.font = BOLD
    reasons = [(r.unit_name, scheme.criterion(ln.criterion).label, ln.self_score,
                ln.verified_score, ln.adjustment_reason)
               for r in rows for c in scheme.criteria
               if (ln := lines.get((r.sheet_id, c.id))) is not None and ln.adjusted]
    if reasons:
        detail.append([])
        detail.append([_("Điểm được điều chỉnh khi thẩm định")])
        detail.cell(detail.max_row, 1).font = BOLD
        detail.append([_("Đơn vị"), _("Tiêu chí"), _("Điểm tự chấm"), _("Điểm thẩm định"),
                       _("Lý do điều chỉnh")])
        for cell in detail[detail.max_row]:
            cell.font = BOLD
        for unit, label, own, checked, reason in reasons:
            detail.append([unit, label, _number(own), _number(checked), reason])
    detail.column_dimensions["A"].width = 48
    return layout.workbook_bytes(wb, today)


def filename(rnd: Round) -> str:
    return f"xep-hang-thi-dua-{rnd.year}-{rnd.pk}.xlsx"
