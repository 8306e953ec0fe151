"""Thin views over `services`: one URL to see, one POST view per action, each with a form.

Scoping: a unit's report is written by whoever may `write_report` on the unit and read
by them and by whoever may `review_reports` on the plan's agency; who reported, the
agency's roll-up and its report by those who may review. Anything else is the project's
403 page, in Vietnamese.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from dienhinh import policy, workflow
from dienhinh.core.files import login_or_404, serve_private
from dienhinh.orgs.models import Unit
from dienhinh.plans.models import Plan

from . import documents, figures, forms, generate, services
from .models import UnitReport
from .periods import PeriodError, choices, parse_key

OUT_OF_SCOPE = _("Bạn không có quyền xem báo cáo này: đơn vị nằm ngoài phạm vi được giao.")


def _plan_period(plan_pk: int, key: str):
    plan = get_object_or_404(Plan.objects.select_related("agency__subject")
                             .exclude(status=Plan.DRAFT), pk=plan_pk)
    try:
        return plan, parse_key(plan, key)
    except PeriodError as exc:
        raise Http404(str(exc)) from None


def _may_read(user, plan: Plan, unit: Unit) -> bool:
    return policy.can(user, "write_report", unit) or \
        policy.can(user, "review_reports", unit) or services.may_review(user, plan)


def _report(request, pk: int) -> UnitReport:
    report = get_object_or_404(UnitReport.objects.select_related(
        "plan__agency__subject", "unit__subject"), pk=pk)
    if not _may_read(request.user, report.plan, report.unit):
        raise PermissionDenied(OUT_OF_SCOPE)
    return report


def _back(report: UnitReport) -> str:
    return reverse("reports_unit", args=[report.plan_id, report.period.key, report.unit_id])


@login_required
@require_GET
def reports_home(request):
    user = request.user
    plans = services.visible_plans(user)
    chosen = request.GET.get("plan", "")
    plan = next((p for p in plans if str(p.pk) == chosen), plans[0] if plans else None)
    rows = []
    if plan is not None:
        today = timezone.localdate()
        reviewer = services.may_review(user, plan)
        for period in reversed(choices(plan)):
            own = services.own_units(user, plan, period)
            states = services.status_rows(plan, period, today) if reviewer else \
                services.status_rows(plan, period, today, units=own)
            rows.append({"period": period, "own": [r for r in states
                                                   if r.unit.pk in {u.pk for u in own}],
                         "done": sum(r.state.startswith("submitted") for r in states),
                         "late": sum(r.state == "late" for r in states),
                         "total": len(states), "deadline": services.deadline_for(plan, period)})
        board = reviewer or policy.units(user, "view_unit_dashboard").filter(
            path__startswith=plan.agency.path).exists()
        return render(request, "reports/home.html", {
            "plans": plans, "plan": plan, "rows": rows, "reviewer": reviewer, "board": board})
    return render(request, "reports/home.html", {"plans": plans, "plan": None, "rows": []})


@login_required
@require_GET
def report_status(request, plan: int, period: str):
    plan, period = _plan_period(plan, period)
    user = request.user
    if not services.may_review(user, plan):
        own = services.own_units(user, plan, period)
        if own:
            return redirect("reports_unit", plan.pk, period.key, own[0].pk)
        raise PermissionDenied(OUT_OF_SCOPE)
    rows = services.status_rows(plan, period)
    agency_report = UnitReport.objects.filter(plan=plan, unit=plan.agency,
                                              start_year=period.start,
                                              end_year=period.end).first()
    return render(request, "reports/status.html", {
        "plan": plan, "period": period, "rows": rows,
        "done": [r for r in rows if r.state.startswith("submitted")],
        "late": [r for r in rows if r.state == "late"],
        "deadline": services.deadline_for(plan, period), "agency_report": agency_report,
        "periods": choices(plan)})


@login_or_404
@require_GET
def review_file(request, plan: int, period: str, fmt: str):
    """The review report of a scope (the plan's agency by default), generated now from the
    records: the figures, the charts, the scope's own text and who reported."""
    plan, period = _plan_period(plan, period)
    if fmt not in generate.FORMATS:
        raise Http404
    scope = plan.agency
    if request.GET.get("scope", "").isdigit():
        scope = get_object_or_404(Unit.objects.select_related("subject"),
                                  pk=int(request.GET["scope"]))
        if not scope.path.startswith(plan.agency.path):
            raise Http404
    if not (policy.can(request.user, "review_reports", scope)
            or policy.can(request.user, "write_report", scope)):
        raise PermissionDenied(OUT_OF_SCOPE)
    result = generate.render(plan, scope, period, fmt,
                             **services.rollup(plan, scope, period))
    return _download(result.content, result.content_type, result.filename)


def _download(content: bytes, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
@require_GET
def unit_report(request, plan: int, period: str, unit: int):
    plan, period = _plan_period(plan, period)
    unit = get_object_or_404(Unit.objects.select_related("subject"), pk=unit)
    user = request.user
    if not unit.path.startswith(plan.agency.path):
        raise Http404
    if not _may_read(user, plan, unit):
        raise PermissionDenied(OUT_OF_SCOPE)
    report = UnitReport.objects.filter(plan=plan, unit=unit, start_year=period.start,
                                       end_year=period.end).first()
    writer = policy.can(user, "write_report", unit)
    live = figures.compute(plan, unit, period)
    frozen = figures.Figures.from_dict(report.figures) if report and report.figures else None
    form = None
    if report and report.status == UnitReport.DRAFT and writer:
        form = forms.SectionsForm(initial={"version": report.version,
                                           **services.sections_of(report),
                                           "signer_title": report.signer_title,
                                           "signer_name": report.signer_name})
    deadline = services.deadline_for(plan, period)
    return render(request, "reports/unit.html", {
        "plan": plan, "period": period, "unit": unit, "report": report, "writer": writer,
        "form": form, "live": live, "frozen": frozen, "deadline": deadline,
        "columns": figures.columns(), "sections": [
            (label, getattr(report, key)) for key, label in documents.SECTIONS] if report
        else [], "changed": bool(frozen and frozen.total.values != live.total.values),
        "version_form": forms.VersionForm(initial={"version": report.version})
        if report else None})


@login_required
@require_POST
def unit_report_start(request, plan: int, period: str, unit: int):
    plan, period = _plan_period(plan, period)
    unit = get_object_or_404(Unit.objects.select_related("subject"), pk=unit)
    back = reverse("reports_unit", args=[plan.pk, period.key, unit.pk])
    try:
        services.start(request.user, plan, unit, period)
    except (workflow.WorkflowError, PermissionDenied) as exc:
        return workflow.respond(request, exc, back)
    return redirect(back)


@login_required
@require_POST
def unit_report_save(request, pk: int):
    report = _report(request, pk)
    form = forms.SectionsForm(request.POST)
    return workflow.act(request, form, lambda d: services.save(
        request.user, report, d["version"],
        **{k: d[k] for k in (*documents.SECTION_KEYS, *services.SIGNER_KEYS)}),
        back=_back(report), success=_("Đã lưu nội dung báo cáo."))


@login_required
@require_POST
def unit_report_submit(request, pk: int):
    report = _report(request, pk)
    form = forms.VersionForm(request.POST)
    return workflow.act(request, form, lambda d: services.submit(
        request.user, report, d["version"]), back=_back(report),
        success=_("Đã gửi báo cáo. Số liệu và tệp báo cáo đã được lưu như khi gửi."))


@login_or_404
@require_GET
def report_file(request, pk: int):
    """The DOCX as submitted (stored, unchanged) or, for a draft, as it would be now."""
    report = _report(request, pk)
    if report.status == UnitReport.SUBMITTED and report.document:
        return serve_private(request, report.document,
                             f"bao-cao-{report.period.key}-{report.unit.code}.docx".lower())
    try:
        signer = services.signer_of(report, timezone.localdate())
    except workflow.WorkflowError as exc:
        return workflow.respond(request, exc, _back(report))
    result = generate.render(report.plan, report.unit, report.period, "docx",
                             sections=services.sections_of(report), draft=True, signer=signer)
    return _download(result.content, result.content_type, result.filename)


@login_or_404
@require_GET
def report_annex(request, pk: int):
    """The XLSX annex with the submitted (frozen) figures, or today's for a draft."""
    report = _report(request, pk)
    fig = figures.Figures.from_dict(report.figures) if report.figures else None
    result = generate.render(report.plan, report.unit, report.period, "xlsx", fig=fig)
    return _download(result.content, result.content_type, result.filename)
