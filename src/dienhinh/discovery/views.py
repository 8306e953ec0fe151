"""The discovery screen, its XLSX export, one subject's explanation and attestations.

Views are thin: the plans app's engine decides who passes, `services` keeps the
attestations, `dienhinh.policy` decides who sees what. Bad input (unknown plan,
unknown or out-of-scope unit, a year outside the plan's period) answers a page with
a clear Vietnamese message, never a 500.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from dienhinh import policy
from dienhinh.core.files import login_or_404, serve_private
from dienhinh.core.i18n import system_language
from dienhinh.orgs.models import Subject, Unit
from dienhinh.plans import preference
from dienhinh.plans import services as evaluation

from . import cache, export, services
from . import overview as overview_mod
from . import standing as standing_mod
from .forms import AttestForm, DiscoveryForm, OverviewForm, WithdrawForm
from .models import Attestation
from .standing import QUANTITATIVE_LABELS, subject_standing

PAGE_SIZE = 50
TYPE_LABELS = {"individual": gettext_lazy("Cá nhân"), "collective": gettext_lazy("Tập thể")}


@dataclass
class Row:
    """One subject on the discovery screen (and in its export)."""

    subject_id: int
    code: str
    name: str
    type: str
    unit_name: str
    unit_path: str
    sort_key: str
    profile_id: str
    profile_name: str
    quantitative: str
    near_miss: bool
    met: list
    unmet: list
    pending: list = field(default_factory=list)  # of services.PendingCriterion
    attested: dict = field(default_factory=dict)
    eligible: bool = False

    @property
    def type_label(self):
        return str(TYPE_LABELS.get(self.type, self.type))

    @property
    def quantitative_label(self):
        return str(QUANTITATIVE_LABELS.get(self.quantitative, self.quantitative))

    @property
    def pending_lines(self):
        lines = []
        for c in self.pending:
            a = self.attested.get(c.key)
            status = (_("đã xác nhận %(date)s") % {
                "date": timezone.localtime(a.at).strftime("%d/%m/%Y")} if a
                else _("chưa xác nhận"))
            lines.append(_("Chờ xác nhận: %(text)s — %(status)s") % {
                "text": c.text, "status": status})
        return lines

    @property
    def attested_count(self):
        return sum(1 for c in self.pending if c.key in self.attested)


def _require_discover(user):
    if not policy.can(user, "discover"):
        raise PermissionDenied(_("Chỉ thường trực Hội đồng TĐKT và thủ trưởng được phát hiện điển "
                                 "hình."))


class BadInput(Exception):
    def __init__(self, message, status=400):
        super().__init__(message)
        self.message, self.status = message, status


def _scope_unit(user, code: str) -> Unit:
    unit = (
        policy.units(user, "discover").select_related("subject")
        .filter(subject__code=code).first()
    )
    if unit is None:
        # Unknown and out of scope look alike: "not found".
        raise BadInput(
            _("Không tìm thấy đơn vị “%(code)s” trong phạm vi của bạn.") % {"code": code}, status=404)
    return unit


class PlanError(Exception):
    """An unknown plan, worded for the user."""


def _template(plan_id: str):
    try:
        return evaluation.get_template(plan_id)
    except evaluation.UnknownPlan as exc:
        raise PlanError(_("Không có kế hoạch “%(id)s”.") % {"id": plan_id}) from exc


def _resolve(user, data):
    """(template, scope unit, year) from a valid form, or BadInput."""
    try:
        template = _template(data["plan"])
    except PlanError as exc:
        raise BadInput(str(exc)) from exc
    scope = _scope_unit(user, data["scope"])
    year = data["year"]
    return in_period_or_lookback(template, year, data.get("lookback")), scope, year


def in_period_or_lookback(template, year: int, years: int | None = None):
    """The template for `year`: itself inside its period; before the period, the same
    criteria read over the years before it (discovery when registration happens, in
    the period's first months). After the period: BadInput."""
    if template.start <= year <= template.end:
        return template
    if year < template.start:
        try:
            return evaluation.lookback(template, year, years)
        except ValueError:
            pass
    raise BadInput(
        _("Năm %(year)s ngoài giai đoạn %(start)s–%(end)s của kế hoạch.")
        % {"year": year, "start": template.start, "end": template.end})


def lookback_label(original, used) -> str:
    """"Nhìn lại 2021–2025, trước giai đoạn 2026–2030" when a look-back is used."""
    if used is original or (used.start, used.end) == (original.start, original.end):
        return ""
    return _("Nhìn lại các năm %(a)s–%(b)s, trước giai đoạn %(s)s–%(e)s của kế hoạch: "
             "chỉ để phát hiện, việc công nhận vẫn xét trong giai đoạn kế hoạch.") % {
        "a": used.start, "b": used.end, "s": original.start, "e": original.end}


def build_rows(template, plan_id: str, scope: Unit, year: int, show: str,
               unit: Unit | None = None, profile: str = "") -> list[Row]:
    """Evaluate the scope (set-based engine) and keep the rows asked for."""
    results = cache.evaluate(template, plan_id, scope, year)
    if profile:
        results = [r for r in results if r.profile == profile]
    if show in ("pass", "candidates"):
        wanted = {"pass"} if show == "pass" else {"pass", "near"}
        results = [r for r in results
                   if ("pass" in wanted and r.quantitative == "pass")
                   or ("near" in wanted and r.near_miss)]
    elif show == "near":
        results = [r for r in results if r.near_miss]
    by_code = {r.subject: r for r in results}
    info = _subject_info(list(by_code))
    profiles = template.profile_by_id
    # Once per profile, not per row: a province has 100,000 rows and a handful of profiles.
    pending_of = {pid: services.pending_criteria(p) for pid, p in profiles.items()}
    attested = services.in_force(plan_id, year, None)
    rows = []
    for code, r in by_code.items():
        s = info.get(code)
        if s is None:
            continue
        if unit is not None and not s["unit_path"].startswith(unit.path):
            continue
        profile_obj = profiles.get(r.profile)
        pending = pending_of.get(r.profile, [])
        done = attested.get(s["id"], {})
        row = Row(
            subject_id=s["id"], code=code, name=s["name"], type=r.subject_type,
            unit_name=s["unit_name"], unit_path=s["unit_path"], sort_key=s["sort_key"],
            profile_id=r.profile, profile_name=profile_obj.name if profile_obj else r.profile,
            quantitative=r.quantitative, near_miss=r.near_miss, met=r.met, unmet=r.unmet,
            pending=pending, attested=done,
            eligible=services.is_eligible(r.quantitative, pending, done),
        )
        rows.append(row)
    if show == "eligible":
        rows = [r for r in rows if r.eligible]
    order = {"pass": 0, "fail": 1, "none": 2}
    # The plan's own priority among candidates (a profile's `prefer`: higher titles first).
    prefer = preference.ranks(template, [(r.code, r.profile_id) for r in rows
                                         if r.quantitative == "pass" or r.near_miss], year)
    rows.sort(key=lambda r: (order.get(r.quantitative, 3), not r.near_miss,
                             r.type != "collective", prefer.get(r.code, 0), r.sort_key, r.code))
    return rows


def _subject_info(codes: list[str]) -> dict[str, dict]:
    """Names, own units and sort keys of the subjects, in a few queries."""
    info: dict[str, dict] = {}
    chunk = 5000
    for i in range(0, len(codes), chunk):
        part = codes[i:i + chunk]
        for row in Subject.objects.filter(code__in=part).values(
            "id", "code", "name", "type", "sort_key", "unit__path",
            "person__unit__path", "person__unit__subject__name",
        ):
            collective = row["type"] == Subject.COLLECTIVE
            info[row["code"]] = {
                "id": row["id"], "name": row["name"], "sort_key": row["sort_key"],
                "unit_path": (row["unit__path"] if collective else row["person__unit__path"]) or "",
                "unit_name": row["name"] if collective else row["person__unit__subject__name"],
            }
    return info


def _query_without_page(request) -> str:
    params = request.GET.copy()
    params.pop("page", None)
    return params.urlencode()


@login_required
def discovery(request):
    user = request.user
    _require_discover(user)
    plans = evaluation.plan_choices_for_user(user)  # the plans of the user's own agencies
    form = DiscoveryForm(request.GET or None, plans=plans)
    context = {"form": form, "plans": plans, "overview_url": _overview_url(request.GET)}
    status = 200
    if request.GET and form.is_valid():
        data = form.cleaned_data
        try:
            template, scope, year = _resolve(user, data)  # an unknown plan: 400
            if data["plan"] not in {p.id for p in plans}:
                raise BadInput(_("Kế hoạch này không phải kế hoạch của cơ quan, đơn vị đồng "
                                 "chí phụ trách; hãy chọn trong danh sách."), status=404)
            unit = _scope_unit(user, data["unit"]) if data["unit"] else None
            if unit is not None and not unit.path.startswith(scope.path):
                raise BadInput(_("Đơn vị lọc phải thuộc phạm vi đã chọn."))
            context.update({"scope": scope, "filter_unit": unit})
            if data["profile"] and data["profile"] not in template.profile_by_id:
                raise BadInput(_("Không có nhóm tiêu chí “%(p)s” trong kế hoạch.") % {"p": data["profile"]})
        except BadInput as exc:
            context["error"] = exc.message
            status = exc.status
        else:
            rows = build_rows(template, data["plan"], scope, year, data["show"], unit,
                              data["profile"])
            page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
            original = evaluation.get_template(data["plan"])
            context.update({
                "lookback": lookback_label(original, template),
                "lookback_query": (f"?lookback={data['lookback']}"
                                   if data.get("lookback") else ""),
                "template": template, "scope": scope, "year": year, "page": page,
                "rows": page.object_list, "total": len(rows),
                "passes": sum(1 for r in rows if r.quantitative == "pass"),
                "near": sum(1 for r in rows if r.near_miss),
                "eligible": sum(1 for r in rows if r.eligible),
                "query": _query_without_page(request),
                "export_url": reverse("discovery_export") + "?" + _query_without_page(request),
                "profiles": template.profiles, "plan_id": data["plan"],
            })
    elif request.GET:
        status = 400
    return render(request, "discovery/discovery.html", context, status=status)


def _overview_url(params) -> str:
    """The overview, keeping the scope and year the discovery screen was given."""
    kept = {k: params[k].strip() for k in ("scope", "year") if params.get(k, "").strip()}
    return reverse("discovery_overview") + ("?" + urlencode(kept) if kept else "")


@login_required
def overview(request):
    """Tổng quan phát hiện điển hình: every plan template over one scope and year,
    evaluated together (one ledger read), each count linking to the discovery screen."""
    user = request.user
    _require_discover(user)
    plans = evaluation.plan_choices()
    form = OverviewForm(request.GET)
    context = {"form": form, "plans": plans}
    if not form.is_valid():
        context["error"] = " ".join(str(e) for errors in form.errors.values() for e in errors)
        return render(request, "discovery/overview.html", context, status=400)
    data = form.cleaned_data
    year = data["year"] if data["year"] is not None else overview_mod.default_year(plans)
    context["year"] = year
    try:
        if data["scope"]:
            scope = _scope_unit(user, data["scope"])
        else:
            scope = _default_scope(user)
            if scope is None:
                raise BadInput(_("Bạn chưa có đơn vị nào để phát hiện điển hình."), status=404)
    except BadInput as exc:
        context["error"] = exc.message
        return render(request, "discovery/overview.html", context, status=exc.status)
    lines = overview_mod.overview(plans, scope, year)
    for line in lines:
        if line.in_period:
            base = {"plan": line.plan.id, "scope": scope.code, "year": year}
            line.urls = {show: reverse("discovery") + "?" + urlencode({**base, "show": show})
                         for show in ("all", "pass", "near", "eligible")}
    context.update({"scope": scope, "lines": lines})
    return render(request, "discovery/overview.html", context)


def _default_scope(user) -> Unit | None:
    """The highest unit the user may discover in (the overview's starting scope)."""
    return (policy.units(user, "discover")
            .filter(valid_to__isnull=True, kind__in=["agency", "division", "commune",
                                                     "service_unit"])
            .select_related("subject").order_by("path").first())


@login_required
def discovery_export(request):
    user = request.user
    _require_discover(user)
    if not policy.can(user, "export"):
        raise PermissionDenied(_("Bạn không có quyền xuất dữ liệu."))
    form = DiscoveryForm(request.GET or None, plans=evaluation.plan_choices())
    if not form.is_valid():
        return HttpResponse(_("Tham số không hợp lệ."), status=400,
                            content_type="text/plain; charset=utf-8")
    data = form.cleaned_data
    try:
        template, scope, year = _resolve(user, data)
        unit = _scope_unit(user, data["unit"]) if data["unit"] else None
    except BadInput as exc:
        return HttpResponse(exc.message, status=exc.status, content_type="text/plain; charset=utf-8")
    # The workbook's headers are Vietnamese: its explanations and labels are too, whoever
    # exports it (one language in one file).
    with system_language():
        rows = build_rows(template, data["plan"], scope, year, data["show"], unit,
                          data["profile"])
        show_label = dict(DiscoveryForm.base_fields["show"].choices).get(data["show"], "")
        title = [
            f"Kết quả phát hiện điển hình — {template.name}",
            f"Phạm vi: {scope.name} ({scope.code}); năm {year}; hiển thị: {show_label}",
            f"Xuất ngày {timezone.localdate().strftime('%d/%m/%Y')} bởi {user.get_username()}",
        ]
        body = export.workbook_bytes(title, rows)
    response = HttpResponse(
        body, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    filename = f"phat-hien-{data['plan']}-{scope.code}-{year}.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


# ---------------------------------------------------------------- one subject

def _visible_subject(user, code: str, action: str = "view") -> Subject:
    return get_object_or_404(
        policy.subjects(user, action).select_related("unit", "person__unit__subject"), code=code
    )


def _template_for(template, year: int, years: str | None):
    try:
        n = int(years) if years else None
    except ValueError:
        n = None
    try:
        return in_period_or_lookback(template, year, n)
    except BadInput as exc:
        raise Http404(exc.message) from exc


@login_required
def explain_row(request, plan: str, year: int, code: str):
    """htmx: one subject's explanation, with evidence and attestation status."""
    user = request.user
    _require_discover(user)
    subject = _visible_subject(user, code, "discover")
    try:
        template = _template(plan)
    except PlanError as exc:
        return HttpResponse(str(exc), status=404, content_type="text/plain; charset=utf-8")
    template = _template_for(template, year, request.GET.get("lookback"))
    standing = subject_standing(template, plan, subject, year)
    return render(request, "discovery/_explain.html", {
        "s": standing, "subject": subject,
        "can_attest": policy.can(user, "discover", subject),
    })


@login_or_404
def attestation_file(request, pk: int):
    """The file attached to an attestation, for those who may attest the subject."""
    attestation = get_object_or_404(
        Attestation.objects.exclude(file=""), pk=pk,
        subject__in=policy.subjects(request.user, "discover"),
    )
    return serve_private(request, attestation.file, attestation.file_name)


@login_required
@require_http_methods(["GET", "POST"])
def attestations(request, plan: str, year: int, code: str):
    """Attest the pending criteria of one subject for a plan and year, or withdraw."""
    user = request.user
    subject = _visible_subject(user, code)
    if not policy.can(user, "discover", subject):
        raise PermissionDenied(_("Bạn không có quyền xác nhận tiêu chí."))
    try:
        template = _template(plan)
    except PlanError as exc:
        raise Http404(str(exc)) from exc
    template = _template_for(template, year, request.GET.get("lookback"))
    standing = subject_standing(template, plan, subject, year)
    if standing is None:
        raise Http404(_("Đối tượng không thuộc nhóm nào của kế hoạch."))
    pending = {c.key: c for c, _a in standing["pending"]}
    attest_form, withdraw_form, status = AttestForm(), WithdrawForm(), 200
    if request.method == "POST":
        if "withdraw" in request.POST:
            withdraw_form = WithdrawForm(request.POST)
            if withdraw_form.is_valid():
                target = get_object_or_404(
                    Attestation, pk=withdraw_form.cleaned_data["attestation"], subject=subject,
                    plan=plan, year=year,
                )
                try:
                    services.withdraw(user, target, withdraw_form.cleaned_data["note"])
                except ValidationError as exc:
                    withdraw_form.add_error(None, exc)
                else:
                    messages.success(request, _("Đã rút xác nhận."))
                    return redirect(request.path)
        else:
            attest_form = AttestForm(request.POST, request.FILES)
            if attest_form.is_valid():
                criterion = pending.get(attest_form.cleaned_data["criterion"])
                if criterion is None:
                    attest_form.add_error(None, _("Tiêu chí không thuộc kế hoạch này."))
                else:
                    try:
                        services.attest(user, subject, plan, year, criterion,
                                        attest_form.cleaned_data["note"],
                                        attest_form.cleaned_data.get("file"))
                    except ValidationError as exc:
                        attest_form.add_error(None, exc)
                    else:
                        messages.success(request, _("Đã xác nhận tiêu chí."))
                        return redirect(request.path)
        status = 400
    return render(request, "discovery/attestations.html", {
        "s": standing, "subject": subject, "attest_form": attest_form,
        "withdraw_form": withdraw_form, "forms": [attest_form, withdraw_form], "history": services.history(plan, year, subject),
        "can_attest": True,
    }, status=status)


def discovery_url(plan: str, scope: str, year: int) -> str:
    return reverse("discovery") + "?" + urlencode({"plan": plan, "scope": scope, "year": year})


@login_required
def standing(request, code: str):
    """htmx: the subject's standing against every plan covering a year."""
    user = request.user
    subject = _visible_subject(user, code)
    choices = evaluation.plan_choices_for(subject)  # only the plans that apply to it
    default = standing_mod.default_year(choices)
    try:
        year = int(request.GET.get("year", default))
    except ValueError:
        year = default
    note = ""
    if "year" not in request.GET and default != timezone.localdate().year:
        note = _("Năm %(now)s không thuộc giai đoạn kế hoạch nào; hiển thị năm %(year)s.") % {
            "now": timezone.localdate().year, "year": default}
    return render(request, "discovery/_standing.html", {
        "subject": subject, "year": year, "note": note,
        "years": standing_mod.year_span(choices),
        "entries": standing_mod.standings(subject, year, choices),
        "url": reverse("subject_standing", kwargs={"code": code}),
        "can_attest": policy.can(user, "discover", subject),
    })
