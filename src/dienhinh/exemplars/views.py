"""Screens of registration, compiled lists, fostering, nominations and public comment.

Thin views: look the object up inside the user's scope (out of scope is 404), check
the form's shape, call one service function, show its message. Every refusal of a
service (`WorkflowError`, `PermissionDenied`) becomes a Vietnamese message and
changes nothing.
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from dienhinh import policy, workflow
from dienhinh.core.files import login_or_404, serve_private
from dienhinh.orgs import picker, subject_picker
from dienhinh.orgs.models import Subject, Unit
from dienhinh.plans.models import Plan

from . import documents, forms, services
from .models import (
    CommentPeriod,
    CompiledList,
    DossierFile,
    FosteringPlan,
    FosteringReport,
    Nomination,
    PublicComment,
    Registration,
)

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


# -- scope -------------------------------------------------------------------------------
def visible_plans(user):
    """Plans in force whose agency is, or contains, a unit the user may see. Without
    their frozen template texts (12–28 kB each): the lists show a plan's number and
    agency, and a write that needs the rules reads the text of its one plan."""
    plans = (Plan.objects.filter(status=Plan.IN_FORCE).select_related("agency__subject")
             .defer("template_text"))
    return [p for p in plans if plan_visible(user, p)]


def plan_visible(user, plan: Plan) -> bool:
    return policy.overlaps(user, plan.agency.path) or policy.can(user, "view", plan.agency)


def get_plan(user, pk) -> Plan:
    plan = get_object_or_404(Plan.objects.select_related("agency__subject"), pk=pk,
                             status=Plan.IN_FORCE)
    if not plan_visible(user, plan):
        raise Http404
    return plan


def scoped(user, queryset, field: str = "unit"):
    """Objects whose unit the user may see; the rest do not exist for them."""
    return queryset.filter(**{f"{field}__in": policy.units(user)})


def _unit(user, code, action="view") -> Unit:
    unit = policy.units(user, action).select_related("subject").filter(subject__code=code).first()
    if unit is None:
        raise services.WorkflowError(_("Không tìm thấy đơn vị %(code)s trong phạm vi của bạn.") % {"code": code})
    return unit


def _subject(user, code) -> Subject:
    subject = policy.subjects(user).filter(code=code).first()
    if subject is None:
        raise services.WorkflowError(_("Không tìm thấy đối tượng %(code)s trong phạm vi của bạn.") % {"code": code})
    return subject


def _attempt(request, fn, *args, success: str = "", **kwargs):
    """Run a service; a refusal becomes an error message. Returns the result or None."""
    try:
        result = fn(*args, **kwargs)
    except (services.WorkflowError, PermissionDenied) as exc:
        messages.error(request, str(exc) or _("Bạn không có quyền này."))
        return None
    if success:
        messages.success(request, success)
    return result


def _form_errors(request, form):
    for field, errors in form.errors.items():
        label = form.fields[field].label if field in form.fields else ""
        for error in errors:
            messages.error(request, f"{label}: {error}" if label else error)


def _download(content: bytes, mime: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=mime)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


# -- overview ----------------------------------------------------------------------------
@login_required
def home(request):
    year = services.today().year
    plans = visible_plans(request.user)
    rows = []
    for plan in plans:
        y = min(max(year, plan.start_year), plan.end_year)
        rows.append({"plan": plan, "year": y, "years": range(plan.start_year, plan.end_year + 1)})
    return render(request, "exemplars/home.html", {
        "rows": rows,
        "can_appraise": policy.can(request.user, "appraise"),
    })


# -- registration ------------------------------------------------------------------------
def _register_units(user, plan):
    # The same scope as the screen's unit picker (action "register", under the agency).
    return picker.pickable(user, "register", under=plan.agency.code).order_by("path")


def _register_subject(user, plan, code) -> Subject:
    """The subject to register, in the scope of the screen's subject picker (action
    "register", under the plan's agency); that it stands under the registering unit
    is the service's check, with its own message."""
    subject = subject_picker.resolve(user, code, "register", under=plan.agency.code)
    if subject is None:
        raise services.WorkflowError(subject_picker.not_found(code))
    return subject


@login_required
def registrations(request, plan_pk: int, year: int):
    plan = get_plan(request.user, plan_pk)
    t = services.plan_template(plan)
    units = _register_units(request.user, plan)
    if request.method == "POST":
        form = forms.RegisterForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                unit = _unit(request.user, data["unit"], "register")
                subject = _register_subject(request.user, plan, data["subject"])
            except services.WorkflowError as exc:
                messages.error(request, str(exc))
            else:
                done = _attempt(request, services.register, request.user, plan, year, unit,
                                subject, source=data["source"], note=data["note"])
                if done:
                    reg, _checks = done
                    text = _("Đã đăng ký %(name)s.") % {"name": subject.name}
                    if reg.late:
                        text += " " + _("Đăng ký sau hạn: được đánh dấu muộn.")
                    messages.success(request, text)
            return redirect(reverse("exemplars_registrations", args=[plan.pk, year])
                            + f"?unit={data['unit']}")
        _form_errors(request, form)
    chosen = request.GET.get("unit", "").strip()
    unit_error = ""
    if chosen:
        unit = units.filter(subject__code=chosen).first()
        if unit is None:
            unit_error = picker.not_found(chosen)
    else:
        unit = units.first()
    entries = (scoped(request.user, Registration.objects.filter(plan=plan, year=year))
               .select_related("subject", "unit__subject", "compiled_list")
               .select_related("fostering").order_by("unit__path", "subject__sort_key"))
    on = services.today()
    deadline = services.registration_deadline(t, year, services.quarter_of(on, year))
    subject_code = request.GET.get("subject", "").strip()
    subject = subject_error = None
    if subject_code and unit is not None:
        subject = subject_picker.resolve(request.user, subject_code, "register",
                                         under=[plan.agency.code, unit.code])
        if subject is None:
            subject_error = subject_picker.not_found(subject_code)
    return render(request, "exemplars/registrations.html", {
        "plan": plan, "year": year, "unit": unit, "entries": entries,
        "has_units": unit is not None or units.exists(), "unit_error": unit_error,
        "deadline": deadline, "today": on,
        "quotas": services.check_quotas(plan, year, unit) if unit else [],
        "form": forms.RegisterForm(initial={
            "unit": unit.code if unit else chosen, "subject": subject_code,
            "source": request.GET.get("source", Registration.MANUAL)}),
        "subject": subject, "subject_error": subject_error or "",
        "can_compile": policy.can(request.user, "compile_list", plan.agency),
        "years": range(plan.start_year, plan.end_year + 1),
        "can_discover": policy.can(request.user, "discover"),
        **_closed_for_registration(plan, year, on),
    }, status=400 if unit_error else 200)


def _closed_for_registration(plan, year: int, on) -> dict:
    """Why registration is not offered (a plan not in force, a year outside its period
    or a period over) and the plan in force to use instead, if there is one."""
    from dienhinh.orgs.history import current_successor
    from dienhinh.plans.models import Plan

    if plan.status == Plan.IN_FORCE and plan.start_year <= year <= plan.end_year \
            and on.year <= plan.end_year:
        return {}
    if plan.status != Plan.IN_FORCE:
        why = _("Kế hoạch số %(n)s không còn thực hiện (%(s)s): không nhận đăng ký mới.") % {
            "n": plan.number, "s": plan.get_status_display().lower()}
    else:
        why = _("Năm %(y)s nằm ngoài giai đoạn %(a)s–%(b)s của kế hoạch: không nhận đăng ký "
                "mới.") % {"y": year if not plan.start_year <= year <= plan.end_year
                           else on.year, "a": plan.start_year, "b": plan.end_year}
    agency = current_successor(plan.agency) or plan.agency
    current = (Plan.objects.filter(status=Plan.IN_FORCE, agency=agency,
                                   start_year__lte=on.year, end_year__gte=on.year)
               .order_by("-start_year").first())
    return {"closed": why, "current_plan": current, "current_year": on.year}


@login_required
def quota_panel(request, plan_pk: int, year: int):
    """The quota messages of one unit (htmx: refreshed as the officer picks a unit)."""
    plan = get_plan(request.user, plan_pk)
    unit = _register_units(request.user, plan).filter(subject__code=request.GET.get("unit", ""))\
        .first()
    if unit is None:
        raise Http404
    return render(request, "exemplars/_quotas.html", {
        "quotas": services.check_quotas(plan, year, unit), "unit": unit})


@login_required
def candidates(request, plan_pk: int, year: int):
    """The unit's discovery list (passes and near misses), to register from (htmx)."""
    plan = get_plan(request.user, plan_pk)
    unit = _register_units(request.user, plan).filter(subject__code=request.GET.get("unit", ""))\
        .first()
    if unit is None:
        raise Http404
    basis, _at, lookback = services.discovery_basis(plan, year)
    return render(request, "exemplars/_candidates.html", {
        "plan": plan, "year": year, "unit": unit, "lookback": basis if lookback else None,
        "candidates": services.discovery_candidates(plan, year, unit)})


@login_required
@require_POST
def withdraw(request, pk: int):
    reg = get_object_or_404(scoped(request.user, Registration.objects.select_related("unit")),
                            pk=pk)
    return workflow.act(
        request, forms.VersionForm(request.POST),
        lambda d: services.withdraw(request.user, reg, d["version"]),
        back=reverse("exemplars_registrations", args=[reg.plan_id, reg.year]),
        success=_("Đã rút đăng ký."))


# -- compiled list -----------------------------------------------------------------------
def _list_plan(request, plan_pk):
    plan = get_plan(request.user, plan_pk)
    if not policy.can(request.user, "view", plan.agency):
        raise Http404
    return plan


@login_required
@require_POST
def compiled_list_compile(request, plan_pk: int, year: int):
    plan = _list_plan(request, plan_pk)
    return workflow.act(
        request, forms.CompileForm(request.POST),
        lambda d: services.compile_list(request.user, plan, year, **d),
        back=reverse("exemplars_list", args=[plan.pk, year]),
        success=_("Đã tổng hợp danh sách."))


@login_required
@require_POST
def compiled_list_send(request, plan_pk: int, year: int):
    plan = _list_plan(request, plan_pk)
    clist = get_object_or_404(CompiledList, plan=plan, year=year)

    def run(d):
        if not d["confirm"]:
            # Once sent the list cannot change: show what goes, and ask again.
            return render(request, "exemplars/send_confirm.html", {
                "plan": plan, "year": year, "clist": clist, "data": d,
                "count": clist.entries.count()})
        services.send_list(request.user, clist, d["version"], d["sent_to"], d["sent_on"])

    return workflow.act(request, forms.SendForm(request.POST), run,
                        back=reverse("exemplars_list", args=[plan.pk, year]),
                        success=_("Đã ghi nhận gửi danh sách lên cấp trên."))


@login_required
@require_GET
def compiled_list(request, plan_pk: int, year: int):
    plan = _list_plan(request, plan_pk)
    clist = CompiledList.objects.filter(plan=plan, year=year).first()
    pending = Registration.objects.filter(plan=plan, year=year, status=Registration.REGISTERED,
                                          compiled_list__isnull=True).count()
    return render(request, "exemplars/compiled_list.html", {
        "plan": plan, "year": year, "clist": clist,
        "rows": documents.list_rows(clist) if clist else [],
        "list_quotas": services.check_list_quotas(clist) if clist else [],
        "pending": pending,
        "can_compile": policy.can(request.user, "compile_list", plan.agency),
        "compile_form": forms.CompileForm(initial={
            "version": clist.version if clist else None, "number": clist.number if clist else "",
            "place": clist.place if clist else "",
            "signer_title": clist.signer_title if clist else "",
            "signer_name": clist.signer_name if clist else ""}),
        "send_form": forms.SendForm(initial={"version": clist.version if clist else None,
                                             "sent_on": services.today()}),
    })


@login_required
def compiled_list_file(request, plan_pk: int, year: int, fmt: str):
    plan = _list_plan(request, plan_pk)
    clist = get_object_or_404(CompiledList, plan=plan, year=year)
    if fmt not in ("docx", "xlsx"):
        raise Http404
    if fmt == "docx":
        return _download(documents.compiled_list_docx(clist, services.today()), DOCX,
                         f"danh-sach-dang-ky-{year}.docx")
    return _download(documents.compiled_list_xlsx(clist), XLSX, f"danh-sach-dang-ky-{year}.xlsx")


# -- fostering ---------------------------------------------------------------------------
@login_required
@require_POST
def fostering_create(request, pk: int):
    reg = get_object_or_404(scoped(request.user, Registration.objects.select_related("unit")),
                            pk=pk)
    fp = _attempt(request, services.create_fostering, request.user, reg,
                  success=_("Đã lập kế hoạch bồi dưỡng."))
    if fp is not None:
        return redirect("exemplars_fostering", fp.pk)
    existing = FosteringPlan.objects.filter(registration=reg).first()
    if existing:
        return redirect("exemplars_fostering", existing.pk)
    return redirect("exemplars_registrations", reg.plan_id, reg.year)


def _leader(user, code):
    if not code:
        return None
    person = policy.people(user).filter(subject__code=code).first()
    if person is None:
        raise services.WorkflowError(_("Không tìm thấy cá nhân %(code)s.")
                                     % {"code": code})
    return person


def _fostering(user, pk: int) -> FosteringPlan:
    return get_object_or_404(
        scoped(user, FosteringPlan.objects.select_related(
            "registration__unit__subject", "registration__subject", "registration__plan",
            "leader__subject"), "registration__unit"), pk=pk)


def _fostering_action(form_class, success, run_with, files=False):
    """One POST view per action on a fostering plan: the form, the service, the answer."""
    @login_required
    @require_POST
    def view(request, pk: int):
        fp = _fostering(request.user, pk)
        form = form_class(request.POST, request.FILES) if files else form_class(request.POST)
        return workflow.act(request, form, lambda d: run_with(request, fp, d),
                            back=reverse("exemplars_fostering", args=[fp.pk]),
                            success=success)
    return view


def _complete_action(request, fp, d):
    action = get_object_or_404(fp.actions, pk=d["action"])
    services.complete_action(request.user, action)


def _add_note(request, fp, d):
    from django.core.exceptions import ValidationError

    try:
        services.add_note(request.user, fp, d["text"], d["file"])
    except ValidationError as exc:
        raise workflow.GuardFailed(" ".join(exc.messages)) from exc


fostering_update = _fostering_action(
    forms.FosteringForm, gettext_lazy("Đã lưu."),
    lambda r, fp, d: services.update_fostering(r.user, fp, d["version"],
                                               _leader(r.user, d["leader"]), d["goal"]))
fostering_refresh = _fostering_action(
    forms.VersionForm, gettext_lazy("Đã cập nhật tiêu chí còn thiếu."),
    lambda r, fp, d: services.refresh_gaps(r.user, fp, d["version"]))
fostering_add_action = _fostering_action(
    forms.ActionForm, gettext_lazy("Đã thêm việc."),
    lambda r, fp, d: services.add_action(r.user, fp, d["text"], d["due_on"]))
fostering_complete_action = _fostering_action(
    forms.CompleteActionForm, gettext_lazy("Đã đánh dấu hoàn thành."), _complete_action)
fostering_add_note = _fostering_action(forms.NoteForm, gettext_lazy("Đã ghi kết quả."),
                                       _add_note, files=True)
fostering_close = _fostering_action(
    forms.VersionForm, gettext_lazy("Đã kết thúc bồi dưỡng."),
    lambda r, fp, d: services.close_fostering(r.user, fp, d["version"]))


@login_required
@require_GET
def fostering(request, pk: int):
    fp = _fostering(request.user, pk)
    reg = fp.registration
    return render(request, "exemplars/fostering.html", {
        "fp": fp, "reg": reg,
        "gaps": services.reworded(reg.plan, reg.year, fp.gaps) or {},
        "form": forms.FosteringForm(initial={
            "version": fp.version, "leader": fp.leader.code if fp.leader else "",
            "goal": fp.goal}),
        "action_form": forms.ActionForm(), "note_form": forms.NoteForm(),
        "can_edit": policy.can(request.user, "foster", fp.unit) and fp.status == fp.OPEN,
    })


@login_or_404
def fostering_note_file(request, pk: int, note_pk: int):
    fp = get_object_or_404(scoped(request.user, FosteringPlan.objects, "registration__unit"),
                           pk=pk)
    note = get_object_or_404(fp.notes, pk=note_pk)
    if not note.file:
        raise Http404
    return serve_private(request, note.file, note.file_name)


@login_required
def fostering_report(request, plan_pk: int, year: int):
    plan = get_plan(request.user, plan_pk)
    code = request.POST.get("unit") or request.GET.get("unit", "")
    unit = policy.units(request.user).filter(subject__code=code,
                                             path__startswith=plan.agency.path).first()
    if unit is None:
        raise Http404
    plans = list(FosteringPlan.objects.filter(
        registration__plan=plan, registration__year=year, registration__unit=unit)
        .select_related("registration__subject", "leader__subject")
        .prefetch_related("actions", "notes"))
    report = FosteringReport.objects.filter(plan=plan, year=year, unit=unit).first()
    if request.GET.get("format") == "docx":
        return _download(documents.fostering_report_docx(
            plan, year, unit, plans, report.summary if report else "", services.today()),
            DOCX, f"bao-cao-boi-duong-{unit.code}-{year}.docx")
    if request.method == "POST":
        form = forms.ReportForm(request.POST)
        if form.is_valid():
            _attempt(request, services.send_fostering_report, request.user, plan, year, unit,
                     form.cleaned_data["summary"], success=_("Đã gửi báo cáo bồi dưỡng."))
        return redirect(reverse("exemplars_fostering_report", args=[plan.pk, year])
                        + f"?unit={unit.code}")
    t = services.plan_template(plan)
    return render(request, "exemplars/fostering_report.html", {
        "plan": plan, "year": year, "unit": unit, "plans": plans, "report": report,
        "deadline": services.fostering_deadline(t, year),
        "form": forms.ReportForm(initial={"unit": unit.code}),
    })


# -- nominations -------------------------------------------------------------------------
@login_required
def nominations(request):
    plans = visible_plans(request.user)
    if request.method == "POST":
        form = forms.NominationForm(request.POST)
        if form.is_valid():
            d = form.cleaned_data
            plan = next((p for p in plans if p.pk == d["plan"]), None)
            try:
                if plan is None:
                    raise services.WorkflowError(_("Không tìm thấy kế hoạch."))
                unit = _unit(request.user, d["unit"], "nominate")
                subject = _subject(request.user, d["subject"])
            except services.WorkflowError as exc:
                messages.error(request, str(exc))
            else:
                nom = _attempt(request, services.create_nomination, request.user, plan,
                               d["year"], unit, subject, d["level"], d["summary"],
                               success=_("Đã lập hồ sơ đề nghị."))
                if nom is not None:
                    return redirect("exemplars_nomination", nom.pk)
        else:
            _form_errors(request, form)
        return redirect("exemplars_nominations")
    # Only what a row shows (exemplars/nominations.html): the dossier's snapshot is
    # kilobytes a row, and building and filling every column of the nomination, its
    # plan, subject, unit and the unit's subject cost 1.1 ms of CPU for nine rows.
    items = (scoped(request.user, Nomination.objects.all())
             .select_related("subject", "unit__subject")
             .only("year", "status", "level", "subject__name", "unit__subject__name")
             .order_by("-year", "status", "subject__sort_key"))
    status = request.GET.get("status")
    if status in dict(Nomination.STATUS_CHOICES):
        items = items.filter(status=status)
    page = Paginator(items, 50).get_page(request.GET.get("page"))
    return render(request, "exemplars/nominations.html", {
        "items": page.object_list, "page": page, "plans": plans, "status": status,
        "query": urlencode({"status": status}) if status else "",
        "statuses": Nomination.STATUS_CHOICES,
        "form": forms.NominationForm(initial={"year": services.today().year,
                                              "subject": request.GET.get("subject", "")}),
        "can_nominate": policy.can(request.user, "nominate"),
        "can_publish": policy.can(request.user, "appraise"),
        "publish_form": forms.PublishForm(initial={"year": services.today().year}),
        "periods": CommentPeriod.objects.filter(plan__in=plans).order_by("-opens_on")[:20],
    })


def _nomination(user, pk) -> Nomination:
    return get_object_or_404(
        scoped(user, Nomination.objects.select_related("subject", "unit__subject",
                                                       "plan__agency__subject")), pk=pk)


def _profile_name(nom, result) -> str:
    if not result:
        return ""
    profile = services.plan_template(nom.plan).profile_by_id.get(result["profile"])
    return profile.name if profile is not None else ""


@login_required
@require_GET
def nomination(request, pk: int):
    nom = _nomination(request.user, pk)
    appraise_form = forms.AppraiseForm(initial={
        "version": nom.version, "comments": nom.comments,
        **{f"check_{k}": v for k, v in nom.checklist.items()}})
    may_nominate = policy.can(request.user, "nominate", nom.unit)
    may_appraise = policy.can(request.user, "appraise", nom.unit)
    periods = nom.comment_periods.all()
    result = services.shown_evaluation(nom)
    return render(request, "exemplars/nomination.html", {
        "nom": nom, "files": nom.files.all(),
        "result": result,
        "profile_name": _profile_name(nom, result),
        "issues": services.acceptance_issues(nom, shown=True) if may_appraise else [],
        "missing": services.missing_documents(nom),
        "editable": nom.status in services.EDITABLE["nomination"] and may_nominate,
        "may_appraise": may_appraise and nom.status == Nomination.SUBMITTED,
        "edit_form": forms.NominationEditForm(initial={"version": nom.version,
                                                       "level": nom.level,
                                                       "summary": nom.summary}),
        "upload_form": forms.UploadForm(initial={"version": nom.version}),
        "appraise_form": appraise_form,
        "comments_form": forms.CommentsForm(initial={"version": nom.version}),
        "checklist": [(label, nom.checklist.get(key)) for key, label in services.CHECKLIST],
        "periods": periods,
    })


def _nomination_action(form_class, success, run_with, files=False):
    """One POST view per action on a nomination: the form, the service, the answer."""
    @login_required
    @require_POST
    def view(request, pk: int):
        nom = _nomination(request.user, pk)
        form = form_class(request.POST, request.FILES) if files else form_class(request.POST)
        return workflow.act(request, form, lambda d: run_with(request.user, nom, d),
                            back=reverse("exemplars_nomination", args=[nom.pk]),
                            success=success)
    return view


nomination_upload = _nomination_action(
    forms.UploadForm, gettext_lazy("Đã tải tệp lên hồ sơ."),
    lambda u, nom, d: services.add_file(u, nom, d["version"], d["kind"], d["file"]),
    files=True)
nomination_update = _nomination_action(
    forms.NominationEditForm, gettext_lazy("Đã lưu."),
    lambda u, nom, d: services.update_nomination(u, nom, d["version"], d["summary"],
                                                 d["level"]))
nomination_appraise = _nomination_action(
    forms.AppraiseForm, gettext_lazy("Đã lưu kết quả thẩm định."),
    lambda u, nom, d: services.appraise(u, nom, d["version"], forms.checklist_of(d),
                                        d["comments"]))
nomination_refresh = _nomination_action(
    forms.VersionForm, gettext_lazy("Đã cập nhật kết quả đánh giá tiêu chí."),
    lambda u, nom, d: services.refresh_snapshot(u, nom, d["version"]))
nomination_submit = _nomination_action(
    forms.VersionForm, gettext_lazy("Đã gửi hồ sơ để thẩm định."),
    lambda u, nom, d: services.submit(u, nom, d["version"]))
nomination_accept = _nomination_action(
    forms.AcceptForm, gettext_lazy("Hồ sơ được chấp nhận."),
    lambda u, nom, d: services.accept(u, nom, d["version"], d["override_reason"]))
nomination_return = _nomination_action(
    forms.CommentsForm, gettext_lazy("Đã trả lại hồ sơ để bổ sung."),
    lambda u, nom, d: services.return_nomination(u, nom, d["version"], d["comments"]))
nomination_reject = _nomination_action(
    forms.CommentsForm, gettext_lazy("Hồ sơ không được chấp nhận."),
    lambda u, nom, d: services.reject(u, nom, d["version"], d["comments"]))


@login_required
def nomination_report(request, pk: int):
    nom = _nomination(request.user, pk)
    return _download(documents.achievement_report_docx(nom, services.today()), DOCX,
                     f"bao-cao-thanh-tich-{nom.subject.code}-{nom.year}.docx")


@login_or_404
def dossier_file(request, pk: int, file_pk: int):
    nom = _nomination(request.user, pk)
    doc = get_object_or_404(DossierFile, nomination=nom, pk=file_pk)
    return serve_private(request, doc.file, doc.file_name)


# -- public comment ----------------------------------------------------------------------
@login_required
@require_POST
def publish(request):
    form = forms.PublishForm(request.POST)
    if not form.is_valid():
        _form_errors(request, form)
        return redirect("exemplars_nominations")
    d = form.cleaned_data
    plan = _list_plan(request, d["plan"])
    period = _attempt(request, services.publish_for_comment, request.user, plan, d["year"],
                      d["opens_on"], d["closes_on"], d["title"],
                      success=_("Đã công bố danh sách để lấy ý kiến."))
    if period is None:
        return redirect("exemplars_nominations")
    return redirect("exemplars_comments", period.pk)


@login_required
def comments(request, pk: int):
    period = get_object_or_404(CommentPeriod.objects.select_related("plan__agency"), pk=pk)
    if not policy.can(request.user, "view", period.plan.agency):
        raise Http404
    if request.method == "POST":
        comment = get_object_or_404(PublicComment, period=period, pk=request.POST.get("comment")
                                    or 0)
        _attempt(request, services.moderate, request.user, comment, request.POST.get("status"),
                 success=_("Đã cập nhật."))
        return redirect("exemplars_comments", period.pk)
    return render(request, "exemplars/comments.html", {
        "period": period, "comments": period.comments.select_related("nomination__subject"),
        "can_moderate": policy.can(request.user, "appraise", period.plan.agency),
    })


def public_list(request, pk: int):
    """The public page: no login; approved comments only."""
    period = get_object_or_404(CommentPeriod.objects.select_related("plan__agency__subject"),
                               pk=pk)
    form = forms.PublicCommentForm()
    if request.method == "POST":
        form = forms.PublicCommentForm(request.POST)
        if form.is_valid():
            d = form.cleaned_data
            nom = period.nominations.filter(pk=d.get("nomination") or 0).first()
            done = _attempt(request, services.add_public_comment, period, d["name"], d["text"],
                            d["contact"], nom,
                            success=_("Cảm ơn ý kiến của bạn. Ý kiến sẽ được đăng sau khi "
                                      "được xem xét."))
            if done is not None:
                return redirect("exemplars_public", period.pk)
    return render(request, "exemplars/public.html", {
        "period": period, "is_open": services.is_open(period), "form": form,
        "nominees": period.nominations.select_related("subject", "unit__subject")
        .order_by("subject__type", "subject__sort_key"),
        "approved": period.comments.filter(status=PublicComment.APPROVED)
        .select_related("nomination__subject"),
    })


