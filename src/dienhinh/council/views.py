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
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from dienhinh import policy
from dienhinh.core.files import login_or_404, serve_private
from dienhinh.exemplars.models import DossierFile, Nomination
from dienhinh.plans.models import Plan

from . import documents, forms, services
from .models import (
    AgendaItem,
    Ballot,
    Council,
    CouncilMember,
    ItemResult,
    Meeting,
    Recusal,
    Vote,
)

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _attempt(request, fn, *args, success=""):
    try:
        result = fn(*args)
    except (services.CouncilError, PermissionDenied) as exc:
        messages.error(request, str(exc) or _("Bạn không có quyền. / Not allowed."))
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
            messages.error(request, _("Không tìm thấy cơ quan trong phạm vi của bạn. / Agency "
                                      "not found in your scope."))
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
def council_detail(request, pk: int):
    council = _council(request.user, pk)
    may_manage = services.may_manage(request.user, council)
    may_members = policy.can(request.user, "manage_council", council.agency)
    if request.method == "POST":
        op = request.POST.get("op")
        if op == "member" and may_members:
            _add_member(request, council)
        elif op == "end_term" and may_members:
            member = get_object_or_404(CouncilMember, council=council,
                                       pk=request.POST.get("member"))
            form = forms.MemberForm(data={"term_from": request.POST.get("on")})
            form.is_valid()
            on = form.cleaned_data.get("term_from")
            if on is None:
                messages.error(request, _("Ngày không hợp lệ. / Invalid date."))
            else:
                _attempt(request, services.end_term, request.user, member, on,
                         success=_("Đã ghi ngày kết thúc nhiệm kỳ."))
        elif op == "meeting" and may_manage:
            form = forms.MeetingForm(request.POST, plans=_plans(council))
            if form.is_valid():
                d = form.cleaned_data
                meeting = _attempt(request, lambda: services.create_meeting(
                    request.user, council, d["title"], d["held_on"], d["level"], d["place"],
                    plan=d["plan"]), success=_("Đã lập cuộc họp."))
                if meeting:
                    return redirect("council_meeting", meeting.pk)
            else:
                _form_errors(request, form)
        else:
            raise Http404
        return redirect("council_detail", council.pk)
    members = council.members.select_related("user", "person__subject", "person__unit__subject")
    return render(request, "council/council.html", {
        "council": council, "members": members, "meetings": council.meetings.select_related("plan"),
        "may_manage": may_manage, "may_members": may_members,
        "member_form": forms.MemberForm(),
        "meeting_form": forms.MeetingForm(plans=_plans(council)),
    })


def _plans(council: Council):
    """The plans in force of the council's agency: a meeting considers one of them."""
    return Plan.objects.filter(agency=council.agency, status=Plan.IN_FORCE).order_by(
        "-issued_on", "number")


def _add_member(request, council):
    form = forms.MemberForm(request.POST)
    if not form.is_valid():
        _form_errors(request, form)
        return
    d = form.cleaned_data
    user = get_user_model().objects.filter(username=d["username"].strip(), is_active=True).first()
    if user is None:
        messages.error(request, _("Không tìm thấy tài khoản. / User not found."))
        return
    person = None
    if d["person"].strip():
        person = policy.people(request.user).filter(subject__code=d["person"].strip()).first()
        if person is None:
            messages.error(request, _("Không tìm thấy cá nhân trong phạm vi của bạn. / Person "
                                      "not found in your scope."))
            return
    _attempt(request, services.add_member, request.user, council, user, d["role"],
             d["term_from"], d["term_to"], person, success=_("Đã thêm thành viên Hội đồng."))


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
def meeting(request, pk: int):
    meeting = _meeting(request.user, pk)
    may_manage = services.may_manage(request.user, meeting.council, meeting.held_on)
    if request.method == "POST":
        if not may_manage:
            raise Http404
        _meeting_post(request, meeting)
        return redirect("council_meeting", meeting.pk)
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
        "is_member": services.member_of(request.user, meeting.council, meeting.held_on)
        is not None,
    })


def _meeting_post(request, meeting: Meeting):
    op, user, post = request.POST.get("op"), request.user, request.POST
    if op == "add_item":
        nom = _candidates(meeting).filter(pk=post.get("nomination")).first()
        if nom is None:
            messages.error(request, _("Không tìm thấy hồ sơ phù hợp. / Nomination not found."))
            return
        _attempt(request, services.add_item, user, meeting, nom,
                 success=_("Đã đưa hồ sơ vào chương trình họp."))
    elif op == "remove_item":
        item = get_object_or_404(AgendaItem, meeting=meeting, pk=post.get("item"))
        _attempt(request, services.remove_item, user, item, success=_("Đã bỏ khỏi chương trình."))
    elif op == "attendance":
        _attempt(request, services.set_attendance, user, meeting, post.get("version"),
                 [int(x) for x in post.getlist("present") if x.isdigit()],
                 success=_("Đã ghi danh sách có mặt."))
    elif op == "recusal":
        item = get_object_or_404(AgendaItem, meeting=meeting, pk=post.get("item"))
        member = get_object_or_404(CouncilMember, council=meeting.council, pk=post.get("member"))
        _attempt(request, services.declare_recusal, user, item, post.get("reason", ""), member,
                 success=_("Đã ghi việc không tham gia biểu quyết."))
    elif op == "rule":
        form = forms.RuleForm(post)
        if not form.is_valid():
            _form_errors(request, form)
            return
        d = form.cleaned_data
        _attempt(request, services.set_rule, user, meeting, d["version"], d["denominator"],
                 d["num"], d["den"], d["strict"], d["written"], success=_("Đã lưu quy tắc."))
    elif op == "open":
        form = forms.OpenBallotForm(post)
        if not form.is_valid():
            _form_errors(request, form)
            return
        _attempt(request, services.open_ballot, user, meeting, form.cleaned_data["version"],
                 form.cleaned_data["mode"], success=_("Đã mở bỏ phiếu."))
    elif op == "paper":
        form = forms.PaperCountForm(post)
        if not form.is_valid():
            _form_errors(request, form)
            return
        d = form.cleaned_data
        ballot = get_object_or_404(Ballot, meeting=meeting)
        item = get_object_or_404(AgendaItem, meeting=meeting, pk=d["item"])
        _attempt(request, services.enter_paper_count, user, ballot, item, d["issued"],
                 d["valid"], d["yes"], d["no"], d["abstain"],
                 success=_("Đã ghi kết quả kiểm phiếu giấy."))
    elif op == "close":
        ballot = get_object_or_404(Ballot, meeting=meeting)
        _attempt(request, services.close_ballot, user, ballot,
                 success=_("Đã kết thúc bỏ phiếu và công bố kết quả."))
    else:
        raise Http404


# -- reading room ---------------------------------------------------------------------------
def _reader(user, pk) -> Meeting:
    """Members of the council and those who run it read the dossiers."""
    meeting = _meeting(user, pk)
    if not (services.member_of(user, meeting.council, meeting.held_on)
            or services.may_manage(user, meeting.council, meeting.held_on)):
        raise Http404
    return meeting


@login_required
def reading_room(request, pk: int):
    meeting = _reader(request.user, pk)
    items = meeting.items.select_related("nomination__subject", "nomination__unit__subject",
                                         "nomination__plan").prefetch_related(
        "nomination__files")
    rows = []
    for item in items:
        nom = item.nomination
        approved = nom.public_comments.filter(status="approved").count()
        rows.append({"item": item, "nom": nom, "files": list(nom.files.all()),
                     "result": (nom.snapshot or {}).get("result"), "comments": approved,
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
        op = request.POST.get("op", "vote")
        if op == "recuse":
            item = get_object_or_404(AgendaItem, meeting=meeting, pk=request.POST.get("item"))
            _attempt(request, services.declare_recusal, request.user, item,
                     request.POST.get("reason", ""),
                     success=_("Đã ghi: bạn không tham gia biểu quyết nội dung này."))
            return redirect("council_vote", meeting.pk)
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
        "recused": recused, "choices": Vote.CHOICES,
        "all_items": meeting.items.select_related("nomination__subject"),
    })


@login_required
def minutes(request, pk: int):
    meeting = _meeting(request.user, pk)
    ballot = get_object_or_404(Ballot, meeting=meeting, status=Ballot.CLOSED)
    response = HttpResponse(documents.minutes_docx(ballot), content_type=DOCX)
    response["Content-Disposition"] = f'attachment; filename="bien-ban-kiem-phieu-{pk}.docx"'
    return response


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
