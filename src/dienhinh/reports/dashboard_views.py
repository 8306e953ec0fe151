"""The dashboard screen, its charts (PNG drawn on the server) and its XLSX export.

Who sees it: whoever may `review_reports` at the scope (the standing office, the head);
the scope is the plan's agency or a unit under it within the user's reach. A unit's
officer (`view_unit_dashboard`) sees its own unit's: quotas by quarter, fostering, its
report and its deadlines, without the discovery figures, which are the office's. Each chart
is followed by its numbers as a table and a link to the list behind it.
"""

from __future__ import annotations

import base64

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET
from openpyxl import Workbook
from openpyxl.styles import Font

from dienhinh import policy
from dienhinh.core import documents as layout
from dienhinh.orgs.models import Unit

from . import charts, services
from . import dashboard as boards

CHARTS = ("pipeline", "evaluation", "quotas")


def _context(request):
    """(plans, plan, scope, year, today, unit_view). The office and head of an agency see
    its dashboard and any unit's under it (`review_reports`); a unit's officer sees only
    its own unit's (`view_unit_dashboard`): quotas, fostering, report, deadlines."""
    user = request.user
    visible = services.visible_plans(user)
    # plans whose agency, or a unit under it, the user reviews
    plans = [p for p in visible
             if services.may_review(user, p) or policy.units(user, "review_reports").filter(
                 path__startswith=p.agency.path).exists()]
    unit_view = not plans
    if unit_view:
        plans = [p for p in visible if policy.units(user, "view_unit_dashboard").filter(
            path__startswith=p.agency.path).exists()]
    if not plans:
        raise PermissionDenied(_("Bảng theo dõi dành cho thường trực, lãnh đạo cơ quan và "
                                 "cán bộ theo dõi của đơn vị."))
    chosen = request.GET.get("plan", "")
    plan = next((p for p in plans if str(p.pk) == chosen), plans[0])
    today = timezone.localdate()
    year = request.GET.get("year", "")
    year = int(year) if year.isascii() and year.isdigit() else \
        min(max(today.year, plan.start_year), plan.end_year)
    if not plan.start_year <= year <= plan.end_year:
        raise Http404(_("Năm nằm ngoài thời gian của kế hoạch."))
    scope = plan.agency
    if request.GET.get("scope", "").isdigit():
        scope = get_object_or_404(Unit.objects.select_related("subject"),
                                  pk=int(request.GET["scope"]))
    if not scope.path.startswith(plan.agency.path) and not plan.agency.path.startswith(
            scope.path):
        raise Http404
    action = "view_unit_dashboard" if unit_view else "review_reports"
    if not policy.can(user, action, scope):
        # a unit's own office (or officer) sees the plan from its unit down
        own = policy.units(user, action).filter(
            path__startswith=plan.agency.path).select_related("subject").order_by("path").first()
        if own is None or "scope" in request.GET:
            raise PermissionDenied(_("Đơn vị nằm ngoài phạm vi được giao."))
        scope = own
    return plans, plan, scope, year, today, unit_view


def _links(plan, year) -> dict:
    def url(name, *args, query=""):
        try:
            return reverse(name, args=args) + query
        except NoReverseMatch:
            return ""
    return {
        "pipeline": url("exemplars_registrations", plan.pk, year),
        "evaluation": url("discovery", query=f"?plan={plan.template.template_id}&year={year}"),
        "quotas": url("exemplars_quotas", plan.pk, year),
        "fostering": url("exemplars_home"),
        "reports": url("reports_status", plan.pk, str(year)),
        "deadlines": url("plan_detail", plan.pk),
    }


@login_required
@require_GET
def dashboard(request):
    plans, plan, scope, year, today, unit_view = _context(request)
    board = boards.build(plan, scope, year, today, unit_view)
    links = _links(plan, year)
    query = f"plan={plan.pk}&year={year}&scope={scope.pk}"
    sections = [(k, t, c) for k, t, c in (
        ("pipeline", board.pipeline, True), ("evaluation", board.evaluation, True),
        ("quotas", board.quotas, True), ("fostering", board.fostering, False),
        ("reports", board.reports, False), ("deadlines", board.deadlines, False))
        if t is not None]
    # The charts are drawn with the page and inlined, so the page is built once (the
    # figures behind a chart are the table printed under it).
    images = {key: "data:image/png;base64," + base64.b64encode(chart_png(board, key)).decode()
              for key in charts_of(board)}
    return render(request, "reports/dashboard.html", {
        "plans": plans, "plan": plan, "scope": scope, "year": year, "board": board,
        "unit_view": unit_view,
        "years": list(range(plan.start_year, plan.end_year + 1)), "query": query,
        "sections": [{"key": k, "table": t, "chart": c, "link": links.get(k, ""),
                      "image": images.get(k, "")} for k, t, c in sections]})


def charts_of(board) -> tuple[str, ...]:
    return ("quotas",) if board.unit_view else CHARTS


def chart_png(board, key: str) -> bytes:
    year = board.year
    if key == "pipeline":
        return charts.funnel(board.pipeline.caption,
                             [(r[0], r[1]) for r in board.pipeline.rows])
    if key == "evaluation":
        t = board.evaluation
        return charts.bars(_("Đạt và gần đạt tiêu chí năm %(y)s") % {"y": year},
                           [r[0] for r in t.rows],
                           [(_("Đạt"), [r[-2] for r in t.rows]),
                            (_("Gần đạt"), [r[-1] for r in t.rows])], horizontal=True)
    t = board.quotas
    return charts.bars(t.caption, [r[0] for r in t.rows],
                       [(t.header[q], [r[q] for r in t.rows]) for q in range(1, 5)],
                       horizontal=True, stacked=True)


@login_required
@require_GET
def chart(request, chart: str):
    """One chart as a PNG file, to open or save on its own."""
    _plans, plan, scope, year, today, unit_view = _context(request)
    board = boards.build(plan, scope, year, today, unit_view)
    if chart not in charts_of(board):
        raise Http404
    response = HttpResponse(chart_png(board, chart), content_type="image/png")
    response["Cache-Control"] = "private, max-age=60"
    return response


@login_required
@require_GET
def export(request):
    _plans, plan, scope, year, today, unit_view = _context(request)
    board = boards.build(plan, scope, year, today, unit_view)
    wb = Workbook()
    wb.remove(wb.active)
    names = [_("Chỉ tiêu"), _("Bồi dưỡng"), _("Báo cáo"), _("Các hạn")]
    if not unit_view:
        names = [_("Quy trình"), _("Đạt tiêu chí"), *names]
    for name, table in zip(names, board.tables(), strict=True):
        ws = wb.create_sheet(name)
        ws.append([table.caption])
        ws["A1"].font = Font(bold=True)
        ws.append([f"{scope.name} — {plan.number}"])
        ws.append(table.header)
        for cell in ws[3]:
            cell.font = Font(bold=True)
        for row in table.rows:
            ws.append(row)
        ws.column_dimensions["A"].width = 42
    content = layout.workbook_bytes(wb, today)
    response = HttpResponse(content, content_type="application/vnd.openxmlformats-"
                            "officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = f'attachment; filename="bang-theo-doi-{year}.xlsx"'
    return response
