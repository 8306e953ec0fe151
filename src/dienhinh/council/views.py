"""Screens of the council: members, meetings, reading room, voting, minutes, and the
public receipt check.

Thin views: find the object among those the user may see (else 404), check the form's
shape, call one service, show its message. A refusal (`CouncilError`,
`PermissionDenied`) becomes a Vietnamese message and changes nothing.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.debug import sensitive_post_parameters, sensitive_variables
from django.views.decorators.http import require_GET, require_POST

from dienhinh import policy, workflow
from dienhinh.core.files import login_or_404, serve_private
from dienhinh.exemplars import services as exemplar_services
from dienhinh.exemplars.models import DossierFile, Nomination
from dienhinh.plans.models import Plan

from . import documents, forms, services
from .models import (
    CHOICES,
    AgendaItem,
    Ballot,
    Council,
    CouncilMember,
    ItemResult,
    Meeting,
    Recusal,
)


def _attempt(request, fn, *args, success=""):
    try:
        result = fn(*args)
    except (services.CouncilError, PermissionDenied) as exc:
        messages.error(request, str(exc) or _("Bạn không có quyền."))
        return None
    if success:
        messages.success(request, success)
    return result


def _form_errors(request, form):
    for field, errors in form.errors.items():
        label = form.fields[field].label if field in form.fields else ""
        for error in errors:
            messages.error(request, f"{label}: {error}" if label else error)


def visible_councils(user):
    return services.visible_councils(user).select_related("agency__subject").order_by("name",
                                                                                     "id")


def _council(user, pk) -> Council:
    council = get_object_or_404(Council.objects.select_related("agency__subject"), pk=pk)
    if not services.may_view(user, council):
        raise Http404
    return council


def _meeting(user, pk) -> Meeting:
    meeting = get_object_or_404(Meeting.objects.select_related("council__agency__subject",
                                                               "plan"), pk=pk)
    if not services.may_view(user, meeting.council, meeting.held_on):
        raise Http404
    return meeting


# -- councils and members ---------------------------------------------------------------
@login_required
def home(request):
    if request.method == "POST":
        form = forms.CouncilForm(request.POST)
        if not form.is_valid():
            _form_errors(request, form)
            return redirect("council_home")
        d = form.cleaned_data
        agency = policy.units(request.user, "manage_council").filter(
            subject__code=d["agency"].strip()).first()
        if agency is None:
            messages.error(request, _("Không tìm thấy cơ quan trong phạm vi của bạn."))
            return redirect("council_home")
        council = _attempt(request, services.create_council, request.user, agency, d["name"],
                           d["quorum_num"], d["quorum_den"], success=_("Đã lập Hội đồng."))
        return redirect("council_detail", council.pk) if council else redirect("council_home")
    councils = visible_councils(request.user)
    seats = (CouncilMember.objects.filter(user=request.user)
             .values_list("council_id", flat=True))
    open_meetings = (Meeting.objects.filter(council_id__in=list(seats), status=Meeting.VOTING)
                     .select_related("council"))
    return render(request, "council/home.html", {
        "councils": councils, "open_meetings": open_meetings,
        "may_create": policy.can(request.user, "manage_council"),
        "form": forms.CouncilForm(),
    })


@login_required
@require_GET
def council_detail(request, pk: int):
    council = _council(request.user, pk)
    may_manage = policy.can(request.user, "manage_council", council)
    may_members = policy.can(request.user, "manage_council", council.agency)
    members = council.members.select_related("user", "person__subject", "person__unit__subject")
    return render(request, "council/council.html", {
        "council": council, "members": members, "meetings": council.meetings.select_related("plan"),
        "may_manage": may_manage, "may_members": may_members,
        "member_form": forms.MemberForm(),
        "meeting_form": forms.MeetingForm(plans=_plans(council)),
        "council_rule": services.council_rule_words(council),
        "council_rule_form": forms.CouncilRuleForm(initial={
            "version": council.version, "denominator": council.pass_denominator or "all",
            "num": council.pass_num, "den": council.pass_den, "strict": council.pass_strict,
            "written": council.pass_written, "source": council.pass_source}),
    })


def _plans(council: Council):
    """The plans in force of the council's agency: a meeting considers one of them."""
    return Plan.objects.filter(agency=council.agency, status=Plan.IN_FORCE).order_by(
        "-issued_on", "number")


def _managed_council(request, pk: int, *, members: bool = False) -> Council:
    """The council, when the user may run it (members: change its composition)."""
    council = _council(request.user, pk)
    target = council.agency if members else council
    if not policy.can(request.user, "manage_council", target):
        raise Http404
    return council


@login_required
@require_POST
def member_add(request, pk: int):
    council = _managed_council(request, pk, members=True)

    def run(d):
        user = get_user_model().objects.filter(username=d["username"].strip(),
                                               is_active=True).first()
        if user is None:
            raise workflow.GuardFailed(_("Không tìm thấy tài khoản %(name)s.")
                                       % {"name": d["username"]})
        person = None
        if d["person"].strip():
            person = policy.people(request.user).filter(subject__code=d["person"].strip()
                                                        ).first()
            if person is None:
                raise workflow.GuardFailed(_("Không tìm thấy cá nhân trong phạm vi của bạn."))
        services.add_member(request.user, council, user, d["role"], d["term_from"],
                            d["term_to"], person)

    return workflow.act(request, forms.MemberForm(request.POST), run,
                        back=reverse("council_detail", args=[council.pk]),
                        success=_("Đã thêm thành viên Hội đồng."))


@login_required
@require_POST
def member_end_term(request, pk: int):
    council = _managed_council(request, pk, members=True)

    def run(d):
        member = get_object_or_404(CouncilMember, council=council, pk=d["member"])
        services.end_term(request.user, member, d["on"])

    return workflow.act(request, forms.EndTermForm(request.POST), run,
                        back=reverse("council_detail", args=[council.pk]),
                        success=_("Đã ghi ngày kết thúc nhiệm kỳ."))


@login_required
@require_POST
def council_pass_rule(request, pk: int):
    """The agency's passing share for its council, with its source (used where the plan
    names none)."""
    council = _managed_council(request, pk, members=True)

    def run(d):
        services.set_council_rule(request.user, council, d["version"], d["denominator"],
                                  d["num"], d["den"], d["strict"], d["written"], d["source"])

    return workflow.act(request, forms.CouncilRuleForm(request.POST), run,
                        back=reverse("council_detail", args=[council.pk]),
                        success=_("Đã lưu tỷ lệ phiếu của cơ quan."))


@login_required
@require_POST
def meeting_create(request, pk: int):
    council = _managed_council(request, pk)
    created = {}

    def run(d):
        created["meeting"] = services.create_meeting(
            request.user, council, d["title"], d["held_on"], d["level"], d["place"],
            plan=d["plan"])
        return redirect("council_meeting", created["meeting"].pk)

    response = workflow.act(request, forms.MeetingForm(request.POST, plans=_plans(council)),
                            run, back=reverse("council_detail", args=[council.pk]))
    if created:
        messages.success(request, _("Đã lập cuộc họp."))
    return response


# -- the meeting ------------------------------------------------------------------------
def _candidates(meeting: Meeting):
    """Accepted nominations of the meeting's plan, the council's agency and the meeting's
    level, not yet on an agenda that is open or passed."""
    taken = AgendaItem.objects.filter(meeting__status__in=[Meeting.PLANNED, Meeting.VOTING]) \
        .values("nomination_id")
    passed = services.passed_items().values("nomination_id")
    noms = Nomination.objects.filter(status=Nomination.ACCEPTED, level=meeting.level,
                                     unit__path__startswith=meeting.council.agency.path)
    if meeting.plan_id is not None:
        noms = noms.filter(plan_id=meeting.plan_id)
    return (noms
            .exclude(pk__in=taken).exclude(pk__in=passed)
            .select_related("subject", "unit__subject", "plan")
            .order_by("year", "subject__type", "subject__sort_key"))


@login_required
@require_GET
def meeting(request, pk: int):
    meeting = _meeting(request.user, pk)
    may_manage = policy.can(request.user, "manage_council", meeting)
    ballot = Ballot.objects.filter(meeting=meeting).first()
    members = list(services.active_members(meeting.council, meeting.held_on))
    present = set(meeting.attendance.values_list("member_id", flat=True))
    items = list(meeting.items.select_related("nomination__subject", "nomination__unit__subject"))
    recusals = {}
    for r in Recusal.objects.filter(item__meeting=meeting).select_related(
            "member__user", "member__person__subject"):
        recusals.setdefault(r.item_id, []).append(r)
    results = {r.item_id: r for r in ItemResult.objects.filter(item__meeting=meeting)} \
        if ballot and ballot.status == Ballot.CLOSED else {}
    counted = ({c.item_id: c for c in ballot.paper_counts.all()}
               if ballot and ballot.mode == Ballot.PAPER else {})
    turnout = services.turnout(ballot) if ballot else {}
    rows = [{"item": i, "recusals": recusals.get(i.pk, []), "result": results.get(i.pk),
             "turnout": turnout.get(i.pk, 0), "paper": counted.get(i.pk)} for i in items]
    return render(request, "council/meeting.html", {
        "meeting": meeting, "ballot": ballot, "rows": rows, "may_manage": may_manage,
        "members": [(m, m.pk in present) for m in members],
        "present_count": len(present), "members_count": len(members),
        "rule_text": services.rule_text(ballot or meeting),
        "rule_source": services.rule_source(meeting),
        "problems": services.opening_problems(meeting) if meeting.status == Meeting.PLANNED
        else [],
        "candidates": _candidates(meeting) if may_manage and meeting.status == Meeting.PLANNED
        else [],
        "rule_form": forms.RuleForm(initial={
            "version": meeting.version, "denominator": meeting.rule_denominator,
            "num": meeting.rule_num, "den": meeting.rule_den, "strict": meeting.rule_strict,
            "written": meeting.rule_written}),
        "open_form": forms.OpenBallotForm(initial={"version": meeting.version}),
        "not_voted": services.not_voted(ballot) if ballot else 0,
        "close_form": forms.CloseBallotForm(initial={"version": meeting.version}),
        "is_member": services.member_of(request.user, meeting.council, meeting.held_on)
        is not None,
    })


def _managed_meeting(request, pk: int) -> Meeting:
    meeting = _meeting(request.user, pk)
    if not policy.can(request.user, "manage_council", meeting):
        raise Http404
    return meeting


def _meeting_action(form_class, success, run_with, **form_kwargs):
    """One POST view per action on a meeting: the form, the service, the answer."""
    @login_required
    @require_POST
    def view(request, pk: int):
        meeting = _managed_meeting(request, pk)
        extra = {k: f(meeting) for k, f in form_kwargs.items()}
        form = form_class(request.POST, **extra)
        return workflow.act(request, form, lambda d: run_with(request, meeting, d),
                            back=reverse("council_meeting", args=[meeting.pk]),
                            success=success)
    return view


def _add_item(request, meeting, d):
    nom = _candidates(meeting).filter(pk=d["nomination"]).first()
    if nom is None:
        raise Http404
    services.add_item(request.user, meeting, nom, d["version"])


def _remove_item(request, meeting, d):
    item = get_object_or_404(AgendaItem, meeting=meeting, pk=d["item"])
    services.remove_item(request.user, item, d["version"])


def _recusal(request, meeting, d):
    item = get_object_or_404(AgendaItem, meeting=meeting, pk=d["item"])
    member = get_object_or_404(CouncilMember, council=meeting.council, pk=d["member"] or 0)
    services.declare_recusal(request.user, item, d["reason"], member)


def _paper(request, meeting, d):
    ballot = get_object_or_404(Ballot, meeting=meeting)
    item = get_object_or_404(AgendaItem, meeting=meeting, pk=d["item"])
    services.enter_paper_count(request.user, ballot, item, d["issued"], d["valid"], d["yes"],
                               d["no"], d["abstain"])


@sensitive_variables("d")
def _open(request, meeting, d):
    services.open_ballot(request.user, meeting, d["version"], d["mode"], d["passphrase"])


@sensitive_variables("d")
def _close(request, meeting, d):
    ballot = get_object_or_404(Ballot, meeting=meeting)
    missing = services.not_voted(ballot)
    if missing and not d["confirm"]:
        # Closing counts the ballot for good: ask again, saying how many are missing. The
        # passphrase is asked again there too, never echoed back into the page.
        return render(request, "council/close_confirm.html", {
            "meeting": meeting, "ballot": ballot, "missing": missing,
            "version": d["version"], "close_form": forms.CloseBallotForm()})
    services.close_ballot(request.user, ballot, d["version"], d["passphrase"])


item_add = _meeting_action(forms.AddItemForm, gettext_lazy("Đã đưa hồ sơ vào chương trình họp."),
                           _add_item)
item_remove = _meeting_action(forms.ItemForm, gettext_lazy("Đã bỏ khỏi chương trình."), _remove_item)
attendance = _meeting_action(
    forms.AttendanceForm, gettext_lazy("Đã ghi danh sách có mặt."),
    lambda r, m, d: services.set_attendance(r.user, m, d["version"], d["present"]),
    members=lambda m: services.active_members(m.council, m.held_on))
recusal = _meeting_action(forms.RecusalForm, gettext_lazy("Đã ghi việc không tham gia biểu quyết."),
                          _recusal)
rule = _meeting_action(
    forms.RuleForm, gettext_lazy("Đã lưu quy tắc."),
    lambda r, m, d: services.set_rule(r.user, m, d["version"], d["denominator"], d["num"],
                                      d["den"], d["strict"], d["written"], d["source"]))
# The tellers' passphrase stays out of error reports (DEBUG pages, mails to ADMINS).
ballot_open = sensitive_post_parameters("passphrase", "passphrase_again")(_meeting_action(
    forms.OpenBallotForm, gettext_lazy("Đã mở bỏ phiếu."), _open))
paper_count = _meeting_action(forms.PaperCountForm, gettext_lazy("Đã ghi kết quả kiểm phiếu giấy."),
                              _paper)
ballot_close = sensitive_post_parameters("passphrase")(_meeting_action(
    forms.CloseBallotForm, gettext_lazy("Đã kết thúc bỏ phiếu và công bố kết quả."), _close))


# -- reading room ---------------------------------------------------------------------------
def _reader(user, pk) -> Meeting:
    """Members of the council and those who run it read the dossiers."""
    meeting = _meeting(user, pk)
    if not (services.member_of(user, meeting.council, meeting.held_on)
            or policy.can(user, "manage_council", meeting)):
        raise Http404
    return meeting


@login_required
def reading_room(request, pk: int):
    meeting = _reader(request.user, pk)
    # The approved comments counted with the items: a count per dossier grew with the agenda.
    items = meeting.items.select_related("nomination__subject", "nomination__unit__subject",
                                         "nomination__plan").prefetch_related(
        "nomination__files").annotate(approved_comments=Count(
            "nomination__public_comments",
            filter=Q(nomination__public_comments__status="approved")))
    rows = []
    for item in items:
        nom = item.nomination
        rows.append({"item": item, "nom": nom, "files": list(nom.files.all()),
                     "result": exemplar_services.evaluation(nom),
                     "comments": item.approved_comments,
                     "may_open": policy.can(request.user, "view", nom.unit)})
    return render(request, "council/reading_room.html", {"meeting": meeting, "rows": rows})


@login_or_404
def dossier_file(request, pk: int, item_pk: int, file_pk: int):
    meeting = _reader(request.user, pk)
    item = get_object_or_404(AgendaItem, meeting=meeting, pk=item_pk)
    doc = get_object_or_404(DossierFile, nomination_id=item.nomination_id, pk=file_pk)
    return serve_private(request, doc.file, doc.file_name)


# -- voting ----------------------------------------------------------------------------
@login_required
def vote(request, pk: int):
    meeting = get_object_or_404(Meeting.objects.select_related("council__agency"), pk=pk)
    member = services.member_of(request.user, meeting.council, meeting.held_on)
    if member is None:
        raise Http404
    ballot = Ballot.objects.filter(meeting=meeting).first()
    if request.method == "POST":
        if ballot is None:
            raise Http404
        choices = {key[len("item_"):]: value for key, value in request.POST.items()
                   if key.startswith("item_") and key[len("item_"):].isdigit()}
        code = _attempt(request, services.cast_votes, request.user, ballot, choices)
        if code:
            # The receipt is shown once, in this answer, and stored nowhere.
            return render(request, "council/receipt.html", {
                "meeting": meeting, "code": code, "count": len(choices)})
        return redirect("council_vote", meeting.pk)
    recused = {r.item_id: r for r in Recusal.objects.filter(item__meeting=meeting,
                                                            member=member)}
    items = services.voter_items(ballot, member) if ballot else []
    return render(request, "council/vote.html", {
        "meeting": meeting, "ballot": ballot, "member": member, "items": items,
        "recused": recused, "choices": CHOICES,
        "all_items": meeting.items.select_related("nomination__subject"),
    })


@login_required
@require_POST
def recuse(request, pk: int):
    """A member declares, for one item, that they will not vote on it."""
    meeting = get_object_or_404(Meeting.objects.select_related("council__agency"), pk=pk)
    if services.member_of(request.user, meeting.council, meeting.held_on) is None:
        raise Http404

    def run(d):
        item = get_object_or_404(AgendaItem, meeting=meeting, pk=d["item"])
        services.declare_recusal(request.user, item, d["reason"])

    return workflow.act(request, forms.RecusalForm(request.POST), run,
                        back=reverse("council_vote", args=[meeting.pk]),
                        success=_("Đã ghi: bạn không tham gia biểu quyết nội dung này."))


# -- public ----------------------------------------------------------------------------
def verify(request):
    form = forms.VerifyForm(request.GET or None)
    found = None
    checked = False
    if form.is_valid():
        checked = True
        found = services.verify_receipt(form.cleaned_data["code"])
    return render(request, "council/verify.html", {"form": form, "found": found,
                                                   "checked": checked})


def public_ballot(request, pk: int):
    """After close: the tally, its hash and the lines it covers, for anyone to check."""
    ballot = get_object_or_404(Ballot.objects.select_related("meeting__council__agency"),
                               pk=pk, status=Ballot.CLOSED)
    return render(request, "council/public_ballot.html", {
        "ballot": ballot, "meeting": ballot.meeting, "lines": services.tally_lines(ballot),
        "rows": documents.result_rows(ballot), "header": documents.HEADER,
        "rule_text": services.rule_text(ballot),
        "rule_source": services.rule_source(ballot),
    })
