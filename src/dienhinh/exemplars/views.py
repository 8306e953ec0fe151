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
from django.views.decorators.http import require_POST

from dienhinh import policy
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
    """Plans in force whose agency is, or contains, a unit the user may see."""
    plans = Plan.objects.filter(status=Plan.IN_FORCE).select_related("agency__subject")
    return [p for p in plans if plan_visible(user, p)]


def plan_visible(user, plan: Plan) -> bool:
    return policy.units(user).filter(path__startswith=plan.agency.path).exists() or \
        policy.can(user, "view", plan.agency)


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
        raise services.WorkflowError(_("Không tìm thấy đơn vị %(code)s trong phạm vi của bạn. / "
                                       "Unit not found in your scope.") % {"code": code})
    return unit


def _subject(user, code) -> Subject:
    subject = policy.subjects(user).filter(code=code).first()
    if subject is None:
        raise services.WorkflowError(_("Không tìm thấy đối tượng %(code)s trong phạm vi của bạn. "
                                       "/ Subject not found in your scope.") % {"code": code})
    return subject


def _attempt(request, fn, *args, success: str = "", **kwargs):
    """Run a service; a refusal becomes an error message. Returns the result or None."""
    try:
        result = fn(*args, **kwargs)
    except (services.WorkflowError, PermissionDenied) as exc:
        messages.error(request, str(exc) or _("Bạn không có quyền này. / You may not do this."))
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
    }, status=400 if unit_error else 200)


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
    return render(request, "exemplars/_candidates.html", {
        "plan": plan, "year": year, "unit": unit,
        "candidates": services.discovery_candidates(plan, year, unit)})


@login_required
@require_POST
def withdraw(request, pk: int):
    reg = get_object_or_404(scoped(request.user, Registration.objects.select_related("unit")),
                            pk=pk)
    form = forms.VersionForm(request.POST)
    if form.is_valid():
        _attempt(request, services.withdraw, request.user, reg, form.cleaned_data["version"],
                 success=_("Đã rút đăng ký."))
    else:
        _form_errors(request, form)
    return redirect("exemplars_registrations", reg.plan_id, reg.year)


# -- compiled list -----------------------------------------------------------------------
def _list_plan(request, plan_pk):
    plan = get_plan(request.user, plan_pk)
    if not policy.can(request.user, "view", plan.agency):
        raise Http404
    return plan


@login_required
def compiled_list(request, plan_pk: int, year: int):
    plan = _list_plan(request, plan_pk)
    clist = CompiledList.objects.filter(plan=plan, year=year).first()
    if request.method == "POST":
        op = request.POST.get("op")
        if op == "compile":
            form = forms.CompileForm(request.POST)
            if form.is_valid():
                _attempt(request, services.compile_list, request.user, plan, year,
                         success=_("Đã tổng hợp danh sách."), **form.cleaned_data)
            else:
                _form_errors(request, form)
        elif op == "send" and clist is not None:
            form = forms.SendForm(request.POST)
            if form.is_valid():
                d = form.cleaned_data
                _attempt(request, services.send_list, request.user, clist, d["version"],
                         d["sent_to"], d["sent_on"],
                         success=_("Đã ghi nhận gửi danh sách lên cấp trên."))
            else:
                _form_errors(request, form)
        return redirect("exemplars_list", plan.pk, year)
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
        raise services.WorkflowError(_("Không tìm thấy cá nhân %(code)s. / Person not found.")
                                     % {"code": code})
    return person


@login_required
def fostering(request, pk: int):
    fp = get_object_or_404(
        scoped(request.user, FosteringPlan.objects.select_related(
            "registration__unit__subject", "registration__subject", "registration__plan",
            "leader__subject"), "registration__unit"), pk=pk)
    if request.method == "POST":
        op, user, post = request.POST.get("op"), request.user, request.POST
        if op == "update":
            form = forms.FosteringForm(post)
            if form.is_valid():
                d = form.cleaned_data
                try:
                    leader = _leader(user, d["leader"])
                except services.WorkflowError as exc:
                    messages.error(request, str(exc))
                else:
                    _attempt(request, services.update_fostering, user, fp, d["version"], leader,
                             d["goal"], success=_("Đã lưu."))
            else:
                _form_errors(request, form)
        elif op == "refresh":
            form = forms.VersionForm(post)
            if form.is_valid():
                _attempt(request, services.refresh_gaps, user, fp, form.cleaned_data["version"],
                         success=_("Đã cập nhật tiêu chí còn thiếu."))
        elif op == "add_action":
            form = forms.ActionForm(post)
            if form.is_valid():
                _attempt(request, services.add_action, user, fp, form.cleaned_data["text"],
                         form.cleaned_data["due_on"], success=_("Đã thêm việc."))
            else:
                _form_errors(request, form)
        elif op == "complete_action":
            action = fp.actions.filter(pk=post.get("action") or 0).first()
            if action is None:
                raise Http404
            _attempt(request, services.complete_action, user, action,
                     success=_("Đã đánh dấu hoàn thành."))
        elif op == "add_note":
            form = forms.NoteForm(post, request.FILES)
            if form.is_valid():
                from django.core.exceptions import ValidationError

                try:
                    services.add_note(user, fp, form.cleaned_data["text"],
                                      form.cleaned_data["file"])
                    messages.success(request, _("Đã ghi kết quả."))
                except ValidationError as exc:
                    messages.error(request, " ".join(exc.messages))
                except (services.WorkflowError, PermissionDenied) as exc:
                    messages.error(request, str(exc))
            else:
                _form_errors(request, form)
        elif op == "close":
            form = forms.VersionForm(post)
            if form.is_valid():
                _attempt(request, services.close_fostering, user, fp,
                         form.cleaned_data["version"], success=_("Đã kết thúc bồi dưỡng."))
        return redirect("exemplars_fostering", fp.pk)
    return render(request, "exemplars/fostering.html", {
        "fp": fp, "reg": fp.registration,
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
                    raise services.WorkflowError(_("Không tìm thấy kế hoạch. / Plan not found."))
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
    items = (scoped(request.user, Nomination.objects.all())
             .select_related("subject", "unit__subject", "plan")
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


@login_required
def nomination(request, pk: int):
    nom = _nomination(request.user, pk)
    if request.method == "POST":
        _nomination_post(request, nom)
        return redirect("exemplars_nomination", nom.pk)
    appraise_form = forms.AppraiseForm(initial={
        "version": nom.version, "comments": nom.comments,
        **{f"check_{k}": v for k, v in nom.checklist.items()}})
    may_nominate = policy.can(request.user, "nominate", nom.unit)
    may_appraise = policy.can(request.user, "appraise", nom.unit)
    periods = nom.comment_periods.all()
    return render(request, "exemplars/nomination.html", {
        "nom": nom, "files": nom.files.all(),
        "result": (nom.snapshot or {}).get("result"),
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


def _nomination_post(request, nom):
    op, user, post = request.POST.get("op"), request.user, request.POST
    if op == "upload":
        form = forms.UploadForm(post, request.FILES)
        if not form.is_valid():
            return _form_errors(request, form)
        d = form.cleaned_data
        return _attempt(request, services.add_file, user, nom, d["version"], d["kind"], d["file"],
                        success=_("Đã tải tệp lên hồ sơ."))
    if op == "update":
        form = forms.NominationEditForm(post)
        if not form.is_valid():
            return _form_errors(request, form)
        d = form.cleaned_data
        return _attempt(request, services.update_nomination, user, nom, d["version"],
                        d["summary"], d["level"], success=_("Đã lưu."))
    if op == "appraise":
        form = forms.AppraiseForm(post)
        if not form.is_valid():
            return _form_errors(request, form)
        return _attempt(request, services.appraise, user, nom, form.cleaned_data["version"],
                        form.checklist(), form.cleaned_data["comments"],
                        success=_("Đã lưu kết quả thẩm định."))
    simple = {
        "refresh": (services.refresh_snapshot, _("Đã cập nhật kết quả đánh giá tiêu chí.")),
        "submit": (services.submit, _("Đã gửi hồ sơ để thẩm định.")),
        "accept": (services.accept, _("Hồ sơ được chấp nhận.")),
    }
    with_comments = {
        "return": (services.return_nomination, _("Đã trả lại hồ sơ để bổ sung.")),
        "reject": (services.reject, _("Hồ sơ không được chấp nhận.")),
    }
    if op in simple:
        form = forms.VersionForm(post)
        if not form.is_valid():
            return _form_errors(request, form)
        fn, text = simple[op]
        return _attempt(request, fn, user, nom, form.cleaned_data["version"], success=text)
    if op in with_comments:
        form = forms.CommentsForm(post)
        if not form.is_valid():
            return _form_errors(request, form)
        fn, text = with_comments[op]
        return _attempt(request, fn, user, nom, form.cleaned_data["version"],
                        form.cleaned_data["comments"], success=text)
    messages.error(request, _("Thao tác không hợp lệ. / Unknown operation."))


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


