"""Thin views over `services`: one URL to see, one POST view per action, each with a form.

Scoping: a round is seen by whoever may see its agency (the office) and by the units it
scores (their own sheet; the ranking once published); a sheet by its unit and by the
office of the round's agency; a block or cluster by whoever may see its agency or one of
its members. Anything else is "not found" (404), as in the other apps.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from dienhinh import policy, workflow
from dienhinh.core.files import login_or_404, serve_private
from dienhinh.core.vietnamese import text_sort_key
from dienhinh.orgs.models import Unit
from dienhinh.plans.models import Plan

from . import export, forms, schemes, services
from .models import EmulationGroup, Evidence, GroupYear, Round, ScoreSheet


def _name_sorted(units):
    return sorted(units, key=lambda u: (text_sort_key(u.subject.name), u.pk))


def _unit_choices(units):
    return [(u.pk, u.subject.name) for u in _name_sorted(units)]


def _units(pks) -> list[Unit]:
    return list(Unit.objects.filter(pk__in=pks).select_related("subject"))


def _round(request, pk) -> Round:
    rnd = get_object_or_404(Round.objects.select_related("agency__subject", "group", "plan"),
                            pk=pk)
    user = request.user
    if policy.can(user, "view", rnd.agency):
        return rnd
    if rnd.sheets.filter(unit__in=policy.units(user, "view").values("pk")).exists():
        return rnd
    raise Http404


def _sheet(request, pk) -> ScoreSheet:
    sheet = get_object_or_404(ScoreSheet.objects.select_related(
        "round__agency__subject", "round__group", "unit__subject"), pk=pk)
    if not (policy.can(request.user, "view", sheet.unit)
            or policy.can(request.user, "verify_score", sheet.round.agency)):
        raise Http404
    return sheet


def _group(request, pk) -> EmulationGroup:
    g = get_object_or_404(EmulationGroup.objects.select_related("agency__subject"), pk=pk)
    if policy.can(request.user, "view", g.agency) or g.memberships.filter(
            unit__in=policy.units(request.user, "view").values("pk")).exists():
        return g
    raise Http404


def _agencies(user, action):
    """Units where the user may open rounds or groups: those where they hold a role that
    allows it (an agency, or a ward or commune since 2025); any agency for a superuser."""
    if user.is_superuser:
        units = Unit.objects.filter(kind__in=("agency", "commune"))
    else:
        units = Unit.objects.filter(role_assignments__user=user,
                                    role_assignments__role__in=policy.ACTIONS[action])
    units = units.filter(valid_to__isnull=True).distinct().select_related("subject")
    return _unit_choices(units[:200])


def _plans(user):
    plans = Plan.objects.filter(status=Plan.IN_FORCE,
                                agency__in=policy.units(user, "view").values("pk")) \
        .select_related("agency__subject").order_by("-start_year", "number")[:100]
    return [(p.pk, f"{p.number} — {p.title}") for p in plans]


# -- the home of scoring ------------------------------------------------------------------------
@login_required
@require_GET
def scoring_home(request):
    user = request.user
    rounds = list(services.visible_rounds(user).order_by("-year", "name", "id")[:100])
    groups = EmulationGroup.objects.filter(
        Q(agency__in=policy.units(user, "view").values("pk"))
        | Q(memberships__unit__in=policy.units(user, "view").values("pk"))).distinct() \
        .select_related("agency__subject")[:100]
    may_open = policy.can(user, "verify_score")
    agencies = _agencies(user, "verify_score") if may_open else []
    agency_pk = request.GET.get("agency")
    agency = next((pk for pk, _n in agencies if str(pk) == agency_pk), None) or \
        (agencies[0][0] if agencies else None)
    units = []
    if agency:
        units = _unit_choices(Unit.objects.filter(parent_id=agency, valid_to__isnull=True)
                              .select_related("subject"))
    form = forms.OpenRoundForm(
        initial={"agency": agency, "year": timezone.localdate().year,
                 "units": [pk for pk, _n in units]},
        agencies=agencies, schemes=[(sc.id, sc.name) for sc in schemes.shipped()],
        plans=_plans(user), units=units)
    return render(request, "scoring/home.html", {
        "rounds": rounds, "groups": groups, "form": form if agencies else None,
        "to_submit": services.sheets_to_submit(user)[:20],
        "to_verify": services.sheets_to_verify(user)[:20],
        "may_manage_groups": policy.can(user, "manage_groups"),
        "schemes": schemes.shipped()})


@login_required
@require_POST
def round_new(request):
    user = request.user
    agencies = _agencies(user, "verify_score") + _agencies(user, "manage_groups")
    agency_pk = request.POST.get("agency")
    units = []
    if agency_pk and agency_pk.isdigit():
        units = _unit_choices(Unit.objects.filter(parent_id=int(agency_pk))
                              .select_related("subject"))
    form = forms.OpenRoundForm(request.POST, agencies=agencies,
                               schemes=[(i, i) for i in schemes.shipped_ids()],
                               plans=_plans(user), units=units)

    def run(d):
        plan = Plan.objects.get(pk=d["plan"]) if d["plan"] else None
        group = _group(request, d["group"]) if d["group"] else None
        rnd = services.open_round(user, agency=Unit.objects.get(pk=d["agency"]),
                                  scheme_id=d["scheme"], year=d["year"],
                                  units=_units(d["units"]), plan=plan, name=d["name"],
                                  due_on=d["due_on"], group=group)
        return redirect("scoring_round", rnd.pk)

    return workflow.act(request, form, run, back=reverse("scoring_home"),
                        success=_("Đã mở đợt chấm điểm"))


# -- a round -----------------------------------------------------------------------------------------
@login_required
@require_GET
def round_detail(request, pk: int):
    rnd = _round(request, pk)
    user = request.user
    office = policy.can(user, "verify_score", rnd.agency)
    own_units = policy.units(user, "score_unit").values("pk")
    own = list(rnd.sheets.filter(unit__in=own_units).select_related("unit__subject"))
    rows = services.result(rnd) if (office or rnd.status == Round.CLOSED) else []
    members = _unit_choices(u for u in _units(rnd.sheets.values("unit_id")))
    voters = []
    if rnd.group_id and rnd.status == Round.OPEN:
        voted = set(rnd.votes.values_list("voter_id", flat=True))
        voters = _unit_choices(u for u in _units(rnd.sheets.values("unit_id"))
                               if u.pk not in voted and policy.can(user, "score_unit", u))
    scheme = rnd.scheme
    return render(request, "scoring/round.html", {
        "round": rnd, "scheme": scheme, "rows": rows, "office": office, "own": own,
        "sheets": rnd.sheets.select_related("unit__subject") if office else [],
        "version_form": forms.VersionForm(initial={"version": rnd.version}),
        "propose_form": forms.ProposeForm(plans=_plans(user)) if office else None,
        "vote_form": forms.VoteForm(voters=voters, members=members) if voters else None,
        "vote_limit": scheme.proposals[0].top if scheme.proposals else 1,
        "votes": rnd.votes.select_related("voter__subject").prefetch_related(
            "chosen__subject") if rnd.group_id else []})


@login_required
@require_GET
def round_ranking_xlsx(request, pk: int):
    """The ranking as XLSX: for the office at any time, for the scored units once the
    result is published (as the screen shows it)."""
    rnd = _round(request, pk)
    if not (policy.can(request.user, "verify_score", rnd.agency) or rnd.status == Round.CLOSED):
        raise Http404
    response = HttpResponse(export.ranking_workbook(rnd, timezone.localdate()),
                            content_type=export.XLSX)
    response["Content-Disposition"] = f'attachment; filename="{export.filename(rnd)}"'
    return response


@login_required
@require_POST
def round_close(request, pk: int):
    rnd = _round(request, pk)
    form = forms.VersionForm(request.POST)
    return workflow.act(request, form, lambda d: services.close_round(request.user, rnd,
                                                                      d["version"]),
                        back=reverse("scoring_round", args=[rnd.pk]),
                        success=_("Đã công bố kết quả chấm điểm"))


@login_required
@require_POST
def round_propose(request, pk: int):
    rnd = _round(request, pk)
    form = forms.ProposeForm(request.POST, plans=_plans(request.user))

    def run(d):
        plan = Plan.objects.get(pk=d["plan"]) if d["plan"] else None
        made = services.propose(request.user, rnd, plan)
        if not made:
            raise workflow.GuardFailed(_("Không có đơn vị nào cần lập thêm hồ sơ đề nghị."))

    return workflow.act(request, form, run, back=reverse("scoring_round", args=[rnd.pk]),
                        success=_("Đã lập hồ sơ đề nghị cho các đơn vị dẫn đầu"))


@login_required
@require_POST
def round_vote(request, pk: int):
    rnd = _round(request, pk)
    members = _unit_choices(_units(rnd.sheets.values("unit_id")))
    form = forms.VoteForm(request.POST, voters=members, members=members)

    def run(d):
        voter = Unit.objects.select_related("subject").get(pk=d["voter"])
        services.cast_vote(request.user, rnd, voter, _units(d["chosen"]))

    return workflow.act(request, form, run, back=reverse("scoring_round", args=[rnd.pk]),
                        success=_("Đã ghi phiếu bình xét"))


# -- a sheet -------------------------------------------------------------------------------------------
@login_required
@require_GET
def sheet_detail(request, pk: int):
    sheet = _sheet(request, pk)
    user = request.user
    scheme = sheet.round.scheme
    lines = {ln.criterion: ln for ln in sheet.lines.prefetch_related("evidence")}
    rows = [{"c": c, "line": lines[c.id], "files": list(lines[c.id].evidence.all())}
            for c in scheme.criteria]
    may_score = sheet.status == ScoreSheet.DRAFT and policy.can(user, "score_unit", sheet.unit)
    may_verify = sheet.status == ScoreSheet.SUBMITTED and \
        policy.can(user, "verify_score", sheet.round.agency)
    return render(request, "scoring/sheet.html", {
        "sheet": sheet, "round": sheet.round, "scheme": scheme, "rows": rows,
        "may_score": may_score, "may_verify": may_verify,
        "problems": services.sheet_problems(sheet) if may_score else [],
        "self_total": services.weighted_total(scheme, {k: v.self_score for k, v in lines.items()}),
        "verified_total": services.weighted_total(scheme, {k: v.verified_score
                                                      for k, v in lines.items()})
        if sheet.status == ScoreSheet.VERIFIED else None,
        "auto": services.auto_scores(sheet.round, sheet.unit) if may_score or may_verify
        else {}})


@login_required
@require_POST
def sheet_self(request, pk: int):
    sheet = _sheet(request, pk)
    form = forms.SelfScoreForm(request.POST, criteria=sheet.round.scheme.criteria)
    return workflow.act(
        request, form, lambda d: services.save_self_scores(request.user, sheet, d["version"],
                                                           form.scores()),
        back=reverse("scoring_sheet", args=[sheet.pk]), success=_("Đã lưu điểm tự chấm"))


@login_required
@require_POST
def sheet_evidence(request, pk: int):
    sheet = _sheet(request, pk)
    form = forms.EvidenceForm(request.POST, request.FILES)
    return workflow.act(
        request, form, lambda d: services.add_evidence(request.user, sheet, d["version"],
                                                       d["criterion"], d["file"]),
        back=reverse("scoring_sheet", args=[sheet.pk]), success=_("Đã thêm minh chứng"))


@login_or_404
@require_GET
def evidence_file(request, pk: int):
    ev = get_object_or_404(Evidence.objects.select_related("line__sheet"), pk=pk)
    _sheet(request, ev.line.sheet_id)
    return serve_private(request, ev.file, ev.file_name)


@login_required
@require_POST
def sheet_submit(request, pk: int):
    sheet = _sheet(request, pk)
    form = forms.VersionForm(request.POST)
    return workflow.act(
        request, form, lambda d: services.submit_sheet(request.user, sheet, d["version"]),
        back=reverse("scoring_sheet", args=[sheet.pk]),
        success=_("Đã gửi bảng điểm để thẩm định"))


@login_required
@require_POST
def sheet_verify(request, pk: int):
    sheet = _sheet(request, pk)
    form = forms.VerifyForm(request.POST, criteria=sheet.round.scheme.criteria)
    return workflow.act(
        request, form, lambda d: services.verify_sheet(request.user, sheet, d["version"],
                                                       form.scores()),
        back=reverse("scoring_sheet", args=[sheet.pk]), success=_("Đã thẩm định bảng điểm"))


@login_required
@require_POST
def sheet_return(request, pk: int):
    sheet = _sheet(request, pk)
    form = forms.ReturnForm(request.POST)
    return workflow.act(
        request, form, lambda d: services.return_sheet(request.user, sheet, d["version"],
                                                       d["reason"]),
        back=reverse("scoring_sheet", args=[sheet.pk]),
        success=_("Đã trả lại bảng điểm cho đơn vị"))


# -- blocks and clusters ----------------------------------------------------------------------------
@login_required
@require_POST
def group_new(request):
    form = forms.GroupForm(request.POST, agencies=_agencies(request.user, "manage_groups"),
                           kinds=EmulationGroup.Kind.choices)

    def run(d):
        g = services.create_group(request.user, agency=Unit.objects.get(pk=d["agency"]),
                                  kind=d["kind"], name=d["name"], note=d["note"])
        return redirect("scoring_group", g.pk)

    return workflow.act(request, form, run, back=reverse("scoring_home"),
                        success=_("Đã lập khối, cụm thi đua"))


def _candidate_units(g: EmulationGroup):
    """Units that may join: below the organising agency, two levels deep."""
    return Unit.objects.filter(Q(parent=g.agency) | Q(parent__parent=g.agency),
                               valid_to__isnull=True).select_related("subject")


def _year(request) -> int:
    value = request.GET.get("year", "")
    if value.isdigit() and 1945 <= int(value) <= 2100:
        return int(value)
    return timezone.localdate().year


@login_required
@require_GET
def group_detail(request, pk: int):
    g = _group(request, pk)
    year = _year(request)
    members = services.members(g, year)
    gy = GroupYear.objects.filter(group=g, year=year).select_related(
        "lead__subject", "deputy__subject").prefetch_related("targets").first()
    manage = policy.can(request.user, "manage_groups", g.agency)
    years = sorted(set(g.memberships.values_list("year", flat=True)) | {year}, reverse=True)
    member_choices = [(u.pk, u.subject.name) for u in members]
    return render(request, "scoring/group.html", {
        "group": g, "year": year, "years": years, "members": members, "gy": gy,
        "manage": manage, "next_lead": services.next_lead(g, year),
        "rounds": g.rounds.order_by("-year"),
        "members_form": forms.MembersForm(
            initial={"version": g.version, "year": year, "units": [u.pk for u in members]},
            units=_unit_choices(_candidate_units(g))) if manage else None,
        "lead_form": forms.LeadForm(initial={"version": g.version, "year": year},
                                    members=member_choices)
        if manage and members else None,
        "pact_form": forms.PactForm(initial={
            "version": gy.version, "signed_on": gy.pact_signed_on,
            "targets": "\n".join(f"{t.text} | {t.measure}" if t.measure else t.text
                                 for t in gy.targets.all())}) if manage and gy else None,
        "round_form": forms.OpenRoundForm(
            initial={"agency": g.agency_id, "year": year, "scheme": "chung-khoi-cum-thi-dua",
                     "group": g.pk},
            agencies=[(g.agency_id, g.agency.subject.name)],
            schemes=[(sc.id, sc.name) for sc in schemes.shipped()], plans=[])
        if manage and members else None})


@login_required
@require_POST
def group_members(request, pk: int):
    g = _group(request, pk)
    form = forms.MembersForm(request.POST, units=_unit_choices(_candidate_units(g)))

    def run(d):
        services.set_members(request.user, g, d["version"], d["year"], _units(d["units"]))
        return redirect(f"{reverse('scoring_group', args=[g.pk])}?year={d['year']}")

    return workflow.act(request, form, run, back=reverse("scoring_group", args=[g.pk]),
                        success=_("Đã lưu danh sách thành viên"))


@login_required
@require_POST
def group_lead(request, pk: int):
    g = _group(request, pk)
    form = forms.LeadForm(request.POST, members=_unit_choices(_candidate_units(g)))

    def run(d):
        pick = {u.pk: u for u in _units([d["lead"], d["deputy"]])}
        services.set_lead(request.user, g, d["version"], d["year"], pick.get(d["lead"]),
                          pick.get(d["deputy"]))
        return redirect(f"{reverse('scoring_group', args=[g.pk])}?year={d['year']}")

    return workflow.act(request, form, run, back=reverse("scoring_group", args=[g.pk]),
                        success=_("Đã cử đơn vị trưởng khối, cụm"))


@login_required
@require_POST
def group_pact(request, pk: int):
    gy = get_object_or_404(GroupYear.objects.select_related("group"), pk=pk)
    _group(request, gy.group_id)
    form = forms.PactForm(request.POST, request.FILES)
    back = f"{reverse('scoring_group', args=[gy.group_id])}?year={gy.year}"

    def run(d):
        services.record_pact(request.user, gy, d["version"], signed_on=d["signed_on"],
                             targets=form.target_list(), uploaded=d["file"])

    return workflow.act(request, form, run, back=back, success=_("Đã lưu giao ước thi đua"))


@login_or_404
@require_GET
def pact_file(request, pk: int):
    gy = get_object_or_404(GroupYear, pk=pk)
    _group(request, gy.group_id)
    if not gy.pact_file:
        raise Http404
    return serve_private(request, gy.pact_file, gy.pact_file_name)
