"""Thin views over `services`: one URL per screen, one POST view per action, each with a
form. Objects out of the user's scope are answered as "not found" (the project's 404
page); a refused action answers with the Vietnamese reason (400/403/409)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.db.models.functions import ExtractYear
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from dienhinh import policy, workflow
from dienhinh.core.files import download_name, serve_private
from dienhinh.plans.models import Plan

from . import documents, forms, services
from .models import (
    Adoption,
    Conference,
    GoodModel,
    MediaItem,
    Pledge,
    StudyVisit,
)

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _scoped(user, qs, field="agency"):
    return qs.filter(**{f"{field}__in": policy.units(user).values("pk")})


def _models(user):
    """Models of the agencies in scope and of the agencies above the user's units (a
    division adopts the models its department offers)."""
    return GoodModel.objects.filter(Q(agency__in=policy.units(user).values("pk"))
                                    | Q(agency__in=policy.units_above(user).values("pk")))


def _get(request, qs, pk, field="agency"):
    obj = get_object_or_404(qs, pk=pk)
    if not policy.can(request.user, "view", getattr(obj, field)):
        raise Http404
    return obj


def _form_page(request, form, run, *, title: str, back: str, submit: str = "",
               extra: dict | None = None):
    """A create or edit page: GET shows the form; POST runs the service and redirects,
    or shows the form again with the input kept and the reason (400/403/409)."""
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                obj = run(form.cleaned_data)
            except (workflow.WorkflowError, PermissionDenied) as exc:
                form.add_error(None, str(exc) or _("Bạn không có quyền thực hiện thao tác này."))
                status = workflow.status_of(exc)
            else:
                messages.success(request, _("Đã lưu."))
                return redirect(obj)
        else:
            status = 400
    return render(request, "replication/form.html", {
        "form": form, "title": title, "back": back, "submit": submit or _("Lưu"),
        **(extra or {})}, status=status)


def _action(load, form_class, run, *, success: str, back, form_kwargs=None):
    """One POST view per action: load the object (scoped), validate, run, answer."""
    @login_required
    @require_POST
    def view(request, pk: int):
        obj = load(request, pk)
        kwargs = form_kwargs(request, obj) if form_kwargs else {}
        form = form_class(request.POST, **kwargs)
        return workflow.act(request, form, lambda data: run(request, obj, data),
                            back=back(obj), success=success)
    return view


def _item_action(load, form_class, run, *, success: str, back, form_kwargs=None):
    """One POST view per action on a part of an object (a programme line, an invitee):
    the object is loaded in the user's scope, the part is named by `item` and checked by
    the service under the object's lock."""
    @login_required
    @require_POST
    def view(request, pk: int, item: int):
        obj = load(request, pk)
        kwargs = form_kwargs(request, obj) if form_kwargs else {}
        form = form_class(request.POST, **kwargs)
        return workflow.act(request, form, lambda data: run(request, obj, item, data),
                            back=back(obj), success=success)
    return view


# -- home ----------------------------------------------------------------------------------------
def _spread_rows(models):
    """(model, units now, [units per year]) for a list of models, and the years."""
    counts = services.adoption_counts(GoodModel.objects.filter(pk__in=[m.pk for m in models]))
    years = sorted({y for per in counts.values() for y in per})
    return [(m, [counts.get(m.pk, {}).get(y, 0) for y in years]) for m in models], years


@login_required
@require_GET
def replication_home(request):
    """The agency's dashboard: the counts, and where its models have spread, by year."""
    user = request.user
    today = timezone.localdate()
    models = list(_scoped(user, GoodModel.objects).select_related("owner")
                  .annotate(units=Count("adoptions__unit", distinct=True,
                                        filter=~Q(adoptions__status=Adoption.ABANDONED)))
                  .order_by("-units", "title", "pk")[:20])
    rows, years = _spread_rows(models)
    return render(request, "replication/home.html", {
        "rows": rows, "years": years,
        "models": _scoped(user, GoodModel.objects).count(),
        "media": _scoped(user, MediaItem.objects).count(),
        "adoptions": _scoped(user, Adoption.objects, "unit").exclude(
            status=Adoption.ABANDONED).count(),
        "pledges": _scoped(user, Pledge.objects, "unit").count(),
        "due": services.pledges_due(user, today).count(),
        "to_evaluate": services.adoptions_to_evaluate(user, today).count(),
        "visits": _scoped(user, StudyVisit.objects).count(),
        "conferences": _scoped(user, Conference.objects).count(),
    })


# -- media log -----------------------------------------------------------------------------------
@login_required
@require_GET
def media_list(request):
    items = (_scoped(request.user, MediaItem.objects)
             .select_related("agency__subject", "plan")
             .prefetch_related("exemplars", "good_models"))
    year = request.GET.get("year", "")
    if year.isdigit():
        items = items.filter(published_on__year=int(year))
    kind = request.GET.get("kind", "")
    if kind in MediaItem.Outlet.values:
        items = items.filter(outlet_kind=kind)
    plans = Plan.objects.filter(pk__in=_scoped(request.user, MediaItem.objects)
                                .values("plan")).select_related("agency__subject") \
        .order_by("-start_year", "title")
    plan = request.GET.get("plan", "")
    if plan.isdigit():
        items = items.filter(plan_id=int(plan))
    return render(request, "replication/media_list.html", {
        "items": items[:200], "year": year, "kind": kind, "kinds": MediaItem.Outlet.choices,
        "plan": plan, "plans": plans, "counts": _media_counts(items),
        "may_log": policy.can(request.user, "manage_media")})


def _media_counts(items):
    """Items per year and outlet kind (the figures the reports count), of the rows
    shown: the user's scope and the filters."""
    kinds = MediaItem.Outlet.choices
    table: dict[int, dict[str, int]] = {}
    for row in (items.annotate(y=ExtractYear("published_on")).values("y", "outlet_kind")
                .annotate(n=Count("pk")).order_by()):
        table.setdefault(row["y"], {})[row["outlet_kind"]] = row["n"]
    return {"kinds": kinds, "rows": [
        (y, [table[y].get(k, 0) for k, _label in kinds], sum(table[y].values()))
        for y in sorted(table)]}


@login_required
@require_http_methods(["GET", "POST"])
def media_new(request):
    if not policy.can(request.user, "manage_media"):
        raise PermissionDenied
    form = forms.MediaForm(request.POST or None, request.FILES or None, user=request.user)

    def run(data):
        return services.log_media(
            request.user, agency=data["agency"], outlet_kind=data["outlet_kind"],
            outlet_name=data["outlet_name"], published_on=data["published_on"],
            title=data["title"], link=data["link"], plan=data["plan"],
            exemplars=list(data["exemplars"]), good_models=list(data["good_models"]),
            upload=data["file"])
    return _form_page(request, form, run, title=_("Ghi nhận tin, bài tuyên truyền"),
                      back=reverse("media_list"), extra={"multipart": True})


@login_required
@require_http_methods(["GET", "POST"])
def media_edit(request, pk: int):
    item = _get(request, MediaItem.objects.select_related("agency__subject"), pk)
    if not policy.can(request.user, "manage_media", item):
        raise Http404
    initial = {"outlet_kind": item.outlet_kind, "outlet_name": item.outlet_name,
               "published_on": item.published_on, "title": item.title, "link": item.link,
               "plan": item.plan_id, "exemplars": list(item.exemplars.all()),
               "good_models": list(item.good_models.all()), "version": item.version}
    form = forms.MediaEditForm(request.POST or None, initial=initial, user=request.user)

    def run(data):
        return services.update_media(
            item, request.user, data["version"], outlet_kind=data["outlet_kind"],
            outlet_name=data["outlet_name"], published_on=data["published_on"],
            title=data["title"], link=data["link"], plan=data["plan"],
            exemplars=list(data["exemplars"]), good_models=list(data["good_models"]))
    return _form_page(request, form, run, title=_("Sửa tin, bài: %(t)s") % {"t": item.title},
                      back=reverse("media_list"))


@login_required
@require_GET
def media_file(request, pk: int):
    item = _get(request, MediaItem.objects, pk)
    if not item.file:
        raise Http404
    return serve_private(request, item.file, item.file_name)


# -- good models and adoptions -----------------------------------------------------------------
@login_required
@require_GET
def model_list(request):
    models = list(_models(request.user)
                  .select_related("agency__subject", "owner")
                  .annotate(units=Count("adoptions__unit", distinct=True,
                                        filter=~Q(adoptions__status=Adoption.ABANDONED))))
    rows, years = _spread_rows(models)
    return render(request, "replication/model_list.html", {
        "rows": rows, "years": years,
        "may_create": policy.can(request.user, "manage_replication")})


@login_required
@require_http_methods(["GET", "POST"])
def model_new(request):
    if not policy.can(request.user, "manage_replication"):
        raise PermissionDenied
    form = forms.GoodModelForm(request.POST or None, user=request.user)

    def run(data):
        return services.create_model(request.user, agency=data["agency"], title=data["title"],
                                     owner=data["exemplar"], summary=data["summary"],
                                     field=data["field"], plan=data["plan"])
    return _form_page(request, form, run, title=_("Mô hình hay, cách làm hiệu quả mới"),
                      back=reverse("model_list"))


def _model(request, pk) -> GoodModel:
    return get_object_or_404(_models(request.user).select_related(
        "agency__subject", "owner", "recognition__decision", "plan"), pk=pk)


@login_required
@require_GET
def model_detail(request, pk: int):
    model = _model(request, pk)
    counts = services.adoption_counts(GoodModel.objects.filter(pk=model.pk)).get(model.pk, {})
    return render(request, "replication/model_detail.html", {
        "model": model, "spread": services.spread(model),
        "per_year": sorted(counts.items()),
        "media": model.media_items.order_by("-published_on")[:20],
        "may_adopt": policy.can(request.user, "adopt_model")})


@login_required
@require_http_methods(["GET", "POST"])
def model_adopt(request, pk: int):
    model = _model(request, pk)
    if not policy.can(request.user, "adopt_model"):
        raise PermissionDenied
    form = forms.AdoptionForm(request.POST or None, user=request.user, model=model)

    def run(data):
        return services.register_adoption(
            request.user, model=model, unit=data["unit"], target=data["target"],
            started_on=data["started_on"], study_visit=data["study_visit"],
            learned_from=data["learned_from"], target_value=data["target_value"],
            target_measure=data["target_measure"])
    return _form_page(request, form, run,
                      title=_("Đăng ký áp dụng mô hình “%(t)s”") % {"t": model.title},
                      back=reverse("model_detail", args=[model.pk]))


def _adoption(request, pk) -> Adoption:
    a = get_object_or_404(Adoption.objects.select_related(
        "model__agency", "model__owner", "unit__subject", "learned_from", "study_visit__host"),
        pk=pk)
    # the adopting unit and the agency that keeps the model both follow it
    if not (policy.can(request.user, "view", a.unit)
            or policy.can(request.user, "view", a.model.agency)):
        raise Http404
    return a


@login_required
@require_GET
def adoption_detail(request, pk: int):
    a = _adoption(request, pk)
    open_ = a.status in (Adoption.REGISTERED, Adoption.IN_PROGRESS)
    may = open_ and policy.can(request.user, "adopt_model", a)
    today = timezone.localdate()
    return render(request, "replication/adoption_detail.html", {
        "a": a, "progress": a.progress.all(), "may_act": may,
        "progress_form": forms.ProgressForm(initial={"version": a.version, "on": today}),
        "evaluate_form": forms.EvaluateForm(initial={"version": a.version,
                                                     "evaluated_on": today}),
        "abandon_form": forms.AbandonForm(initial={"version": a.version})})


def _back_adoption(a):
    return reverse("adoption_detail", args=[a.pk])


adoption_progress = _action(
    _adoption, forms.ProgressForm,
    lambda request, a, d: services.record_progress(a, request.user, d["version"], on=d["on"],
                                                   note=d["note"], percent=d["percent"]),
    success=_("Đã ghi tiến độ."), back=_back_adoption)
adoption_evaluate = _action(
    _adoption, forms.EvaluateForm,
    lambda request, a, d: services.evaluate_adoption(
        a, request.user, d["version"], rating=d["rating"], result=d["result"],
        evaluated_on=d["evaluated_on"]),
    success=_("Đã đánh giá kết quả áp dụng."), back=_back_adoption)
adoption_abandon = _action(
    _adoption, forms.AbandonForm,
    lambda request, a, d: services.abandon_adoption(a, request.user, d["version"],
                                                    reason=d["reason"]),
    success=_("Đã dừng áp dụng."), back=_back_adoption)


# -- pledges -------------------------------------------------------------------------------------
@login_required
@require_GET
def pledge_list(request):
    today = timezone.localdate()
    pledges = (_scoped(request.user, Pledge.objects, "unit")
               .select_related("unit__subject", "person__subject", "exemplar"))
    status = request.GET.get("status", "")
    if status in Pledge.Status.values:
        pledges = pledges.filter(status=status)
    return render(request, "replication/pledge_list.html", {
        "pledges": pledges[:300], "today": today, "status": status,
        "statuses": Pledge.Status.choices,
        "may_pledge": policy.can(request.user, "adopt_model")})


@login_required
@require_http_methods(["GET", "POST"])
def pledge_new(request):
    if not policy.can(request.user, "adopt_model"):
        raise PermissionDenied
    form = forms.PledgeForm(request.POST or None, user=request.user)

    def run(data):
        return services.create_pledge(
            request.user, unit=data["unit"], person=data["person"], exemplar=data["exemplar"],
            content=data["content"], pledged_on=data["pledged_on"],
            review_due=data["review_due"], plan=data["plan"])
    return _form_page(request, form, run, title=_("Đăng ký thi đua cùng điển hình"),
                      back=reverse("pledge_list"))


def _pledge(request, pk) -> Pledge:
    return _get(request, Pledge.objects.select_related(
        "unit__subject", "person__subject", "exemplar", "recognition__decision", "plan"),
        pk, "unit")


@login_required
@require_GET
def pledge_detail(request, pk: int):
    p = _pledge(request, pk)
    today = timezone.localdate()
    return render(request, "replication/pledge_detail.html", {
        "p": p, "today": today,
        "may_review": p.status == Pledge.OPEN and policy.can(request.user, "review_pledge", p),
        "may_withdraw": p.status == Pledge.OPEN and policy.can(request.user, "adopt_model", p),
        "review_form": forms.ReviewPledgeForm(initial={"version": p.version,
                                                       "reviewed_on": today}),
        "version_form": forms.VersionForm(initial={"version": p.version})})


def _back_pledge(p):
    return reverse("pledge_detail", args=[p.pk])


pledge_review = _action(
    _pledge, forms.ReviewPledgeForm,
    lambda request, p, d: services.review_pledge(p, request.user, d["version"],
                                                 outcome=d["outcome"], note=d["note"],
                                                 reviewed_on=d["reviewed_on"]),
    success=_("Đã đánh giá việc thực hiện đăng ký."), back=_back_pledge)
pledge_withdraw = _action(
    _pledge, forms.VersionForm,
    lambda request, p, d: services.withdraw_pledge(p, request.user, d["version"]),
    success=_("Đã rút đăng ký."), back=_back_pledge)


# -- study visits --------------------------------------------------------------------------------
@login_required
@require_GET
def visit_list(request):
    visits = (_scoped(request.user, StudyVisit.objects)
              .select_related("agency__subject", "host")
              .prefetch_related("visiting_units__subject")
              .annotate(follow_up_count=Count("follow_ups")))
    return render(request, "replication/visit_list.html", {
        "visits": visits[:200], "may_create": policy.can(request.user, "manage_replication")})


@login_required
@require_http_methods(["GET", "POST"])
def visit_new(request):
    if not policy.can(request.user, "manage_replication"):
        raise PermissionDenied
    form = forms.VisitForm(request.POST or None, user=request.user)

    def run(data):
        return services.record_visit(
            request.user, agency=data["agency"], host=data["exemplar"],
            visiting_units=data["visiting_units"], visited_on=data["visited_on"],
            participants=data["participants"], lessons=data["lessons"], plan=data["plan"])
    return _form_page(request, form, run, title=_("Chuyến tham quan, học tập kinh nghiệm"),
                      back=reverse("visit_list"))


def _visit(request, pk) -> StudyVisit:
    return _get(request, StudyVisit.objects.select_related("agency__subject", "host", "plan"),
                pk)


@login_required
@require_GET
def visit_detail(request, pk: int):
    v = _visit(request, pk)
    return render(request, "replication/visit_detail.html", {
        "v": v, "units": v.visiting_units.select_related("subject").order_by("subject__sort_key"),
        "follow_ups": v.follow_ups.select_related("model", "unit__subject"),
        "may_edit": policy.can(request.user, "manage_replication", v),
        "edit_form": forms.VisitEditForm(initial={"version": v.version, "lessons": v.lessons,
                                                  "participants": v.participants,
                                                  "visited_on": v.visited_on}),
        "unit_form": forms.VisitUnitForm(initial={"version": v.version}, user=request.user)})


def _back_visit(v):
    return reverse("visit_detail", args=[v.pk])


visit_update = _action(
    _visit, forms.VisitEditForm,
    lambda request, v, d: services.update_visit(v, request.user, d["version"],
                                                lessons=d["lessons"],
                                                participants=d["participants"],
                                                visited_on=d["visited_on"]),
    success=_("Đã lưu."), back=_back_visit)
visit_unit_add = _action(
    _visit, forms.VisitUnitForm,
    lambda request, v, d: services.add_visiting_unit(v, request.user, d["version"],
                                                     unit=d["unit"]),
    success=_("Đã thêm đơn vị tham gia."), back=_back_visit,
    form_kwargs=lambda request, v: {"user": request.user})


def _visiting_unit(v, item: int):
    unit = v.visiting_units.select_related("subject").filter(pk=item).first()
    if unit is None:
        raise workflow.GuardFailed(_("Đơn vị này không có trong danh sách đơn vị tham gia."))
    return unit


visit_unit_remove = _item_action(
    _visit, forms.VersionForm,
    lambda request, v, item, d: services.remove_visiting_unit(
        v, request.user, d["version"], unit=_visiting_unit(v, item)),
    success=_("Đã bỏ đơn vị khỏi chuyến tham quan."), back=_back_visit)


# -- conferences ---------------------------------------------------------------------------------
@login_required
@require_GET
def conference_list(request):
    confs = (_scoped(request.user, Conference.objects).select_related("agency__subject", "plan")
             .annotate(honouree_count=Count("honourees", distinct=True)))
    return render(request, "replication/conference_list.html", {
        "conferences": confs[:200],
        "may_create": policy.can(request.user, "manage_replication")})


@login_required
@require_http_methods(["GET", "POST"])
def conference_new(request):
    if not policy.can(request.user, "manage_replication"):
        raise PermissionDenied
    form = forms.ConferenceForm(request.POST or None, user=request.user)

    def run(data):
        return services.create_conference(
            request.user, agency=data["agency"], kind=data["kind"], title=data["title"],
            held_on=data["held_on"], venue=data["venue"], plan=data["plan"],
            starts_at=data["starts_at"], number=data["number"], place=data["place"],
            signer_title=data["signer_title"], signer_name=data["signer_name"])
    return _form_page(request, form, run, title=_("Hội nghị điển hình tiên tiến mới"),
                      back=reverse("conference_list"))


def _conference(request, pk) -> Conference:
    return _get(request, Conference.objects.select_related("agency__subject", "plan"), pk)


@login_required
@require_http_methods(["GET", "POST"])
def conference_edit(request, pk: int):
    c = _conference(request, pk)
    if not policy.can(request.user, "manage_replication", c):
        raise Http404
    initial = {"version": c.version, "kind": c.kind, "title": c.title, "held_on": c.held_on,
               "starts_at": c.starts_at, "venue": c.venue, "plan": c.plan_id,
               "number": c.number, "place": c.place, "signer_title": c.signer_title,
               "signer_name": c.signer_name}
    form = forms.ConferenceEditForm(request.POST or None, initial=initial, user=request.user)

    def run(data):
        return services.update_conference(
            c, request.user, data["version"], kind=data["kind"], title=data["title"],
            held_on=data["held_on"], venue=data["venue"], plan=data["plan"],
            starts_at=data["starts_at"], number=data["number"], place=data["place"],
            signer_title=data["signer_title"], signer_name=data["signer_name"])
    return _form_page(request, form, run, title=_("Sửa hội nghị: %(t)s") % {"t": c.title},
                      back=reverse("conference_detail", args=[c.pk]))


@login_required
@require_GET
def conference_detail(request, pk: int):
    c = _conference(request, pk)
    invitees = list(c.invitees.select_related("invited_unit__subject"))
    v = {"version": c.version}
    honourees = list(c.honourees.select_related("recognition__subject",
                                                "recognition__decision"))
    programme = list(c.programme.select_related("honouree__recognition__subject"))
    may_edit = policy.can(request.user, "manage_replication", c)
    # Each line's own edit form (ids made unique per line; the names stay the action's).
    editing = may_edit and c.status == Conference.Status.PLANNED
    if editing:
        for h in honourees:
            h.form = forms.HonoureeEditForm(initial={**v, "speaks": h.speaks,
                                                     "topic": h.topic},
                                            auto_id=f"id_h{h.pk}_%s")
        for i in programme:
            i.form = forms.ProgrammeEditForm(initial={
                **v, "title": i.title, "starts_at": i.starts_at, "presenter": i.presenter,
                "position": i.position}, auto_id=f"id_p{i.pk}_%s")
        for i in invitees:
            i.form = forms.InviteForm(initial={
                **v, "unit": i.invited_unit if i.invited_unit_id else "",
                "name": i.name}, user=request.user, auto_id=f"id_i{i.pk}_%s")
    return render(request, "replication/conference_detail.html", {
        "c": c, "invitees": invitees, "honourees": honourees, "programme": programme,
        "may_edit": may_edit, "editing": editing,
        "honouree_form": forms.HonoureeForm(initial=v, user=request.user),
        "programme_form": forms.ProgrammeForm(initial=v),
        "invite_form": forms.InviteForm(initial=v, user=request.user),
        "outcome_form": forms.OutcomeForm(invitees=invitees, initial={
            **v, "attendance": c.attendance, "conclusions": c.conclusions,
            "present": [i.pk for i in invitees if i.attended]})})


def _back_conf(c):
    return reverse("conference_detail", args=[c.pk])


def _user_kwargs(request, obj):
    return {"user": request.user}


conference_honour = _action(
    _conference, forms.HonoureeForm,
    lambda request, c, d: services.add_honouree(c, request.user, d["version"],
                                                subject=d["exemplar"], speaks=d["speaks"],
                                                topic=d["topic"]),
    success=_("Đã thêm điển hình được tôn vinh."), back=_back_conf, form_kwargs=_user_kwargs)
conference_programme = _action(
    _conference, forms.ProgrammeForm,
    lambda request, c, d: services.add_programme_item(c, request.user, d["version"],
                                                      title=d["title"],
                                                      starts_at=d["starts_at"],
                                                      presenter=d["presenter"]),
    success=_("Đã thêm mục chương trình."), back=_back_conf)
conference_invite = _action(
    _conference, forms.InviteForm,
    lambda request, c, d: services.invite(c, request.user, d["version"], unit=d["unit"],
                                          name=d["name"]),
    success=_("Đã thêm vào danh sách mời."), back=_back_conf, form_kwargs=_user_kwargs)
conference_honouree_edit = _item_action(
    _conference, forms.HonoureeEditForm,
    lambda request, c, item, d: services.update_honouree(
        c, request.user, d["version"], honouree=item, speaks=d["speaks"], topic=d["topic"]),
    success=_("Đã sửa danh sách tôn vinh."), back=_back_conf)
conference_honouree_remove = _item_action(
    _conference, forms.VersionForm,
    lambda request, c, item, d: services.remove_honouree(c, request.user, d["version"],
                                                         honouree=item),
    success=_("Đã bỏ điển hình khỏi danh sách tôn vinh."), back=_back_conf)
conference_programme_edit = _item_action(
    _conference, forms.ProgrammeEditForm,
    lambda request, c, item, d: services.update_programme_item(
        c, request.user, d["version"], item=item, title=d["title"], starts_at=d["starts_at"],
        presenter=d["presenter"], position=d["position"]),
    success=_("Đã sửa mục chương trình."), back=_back_conf)
conference_programme_remove = _item_action(
    _conference, forms.VersionForm,
    lambda request, c, item, d: services.remove_programme_item(c, request.user, d["version"],
                                                               item=item),
    success=_("Đã xóa mục chương trình."), back=_back_conf)
conference_invitee_edit = _item_action(
    _conference, forms.InviteForm,
    lambda request, c, item, d: services.update_invitee(c, request.user, d["version"],
                                                        invitee=item, unit=d["unit"],
                                                        name=d["name"]),
    success=_("Đã sửa danh sách mời."), back=_back_conf, form_kwargs=_user_kwargs)
conference_invitee_remove = _item_action(
    _conference, forms.VersionForm,
    lambda request, c, item, d: services.remove_invitee(c, request.user, d["version"],
                                                        invitee=item),
    success=_("Đã bỏ đại biểu khỏi danh sách mời."), back=_back_conf)
conference_outcome = _action(
    _conference, forms.OutcomeForm,
    lambda request, c, d: services.record_outcome(c, request.user, d["version"],
                                                  attendance=d["attendance"],
                                                  conclusions=d["conclusions"],
                                                  present_ids=d["present"]),
    success=_("Đã ghi kết quả hội nghị."), back=_back_conf,
    form_kwargs=lambda request, c: {"invitees": list(c.invitees.all())})


def _docx(data: bytes, name: str) -> HttpResponse:
    response = HttpResponse(data, content_type=DOCX)
    response["Content-Disposition"] = f'attachment; filename="{download_name(name, "docx")}"'
    return response


@login_required
@require_GET
def conference_invitation_docx(request, pk: int):
    c = _conference(request, pk)
    return _docx(documents.invitation_docx(c), f"giay-moi-hoi-nghi-{c.pk}")


@login_required
@require_GET
def conference_programme_docx(request, pk: int):
    c = _conference(request, pk)
    return _docx(documents.programme_docx(c), f"chuong-trinh-hoi-nghi-{c.pk}")
