"""The rules of the council, its meetings and the secret ballot.

For the decisions app (and anyone else who needs to know what the council passed):

    item_result(item: AgendaItem) -> Result | None
        the published result of one agenda item; None while its ballot is not closed.
        Result(passed, members_total, present, recused, issued, valid, yes, no, abstain,
               denominator, rule, item_id, nomination_id)
    passed_items(meeting: Meeting | None = None) -> QuerySet[AgendaItem]
        agenda items whose ballot is closed and which passed (of one meeting, or all);
        `.nomination` of each is the nomination the council approved.
    nomination_passed(nomination) -> bool
        True when some closed ballot passed this nomination.

Transitions (one function each; permission, audit and notification inside one
transaction; a refusal raises `CouncilError` with a Vietnamese / English message and
changes nothing):

    create_council(actor, agency, name, quorum_num=2, quorum_den=3) -> Council
    add_member(actor, council, user, role, term_from, term_to=None, person=None)
    end_term(actor, member, on)
    create_meeting(actor, council, title, held_on, level, place="", *, plan) -> Meeting
        plan: a plan in force of the council's agency; the rule is `plan_rule(plan, level)`
    set_rule(actor, meeting, version, denominator, num, den, strict, written) -> Meeting
    add_item(actor, meeting, nomination) -> AgendaItem / remove_item(actor, item)
    set_attendance(actor, meeting, version, members) -> Meeting
    declare_recusal(actor, item, reason, member=None) -> Recusal
    open_ballot(actor, meeting, version, mode, passphrase="") -> Ballot   planned → voting
        passphrase: the tellers' (electronic mode); only the public key it gives is kept
    cast_votes(actor, ballot, choices: {item_id: "yes"|"no"|"abstain"}) -> receipt code
    enter_paper_count(actor, ballot, item, issued, valid, yes, no, abstain=0)
    close_ballot(actor, ballot, version=CURRENT, passphrase="") -> Ballot  voting → closed
        passphrase: the tellers' again; it opens the sealed votes, in memory only

Threshold arithmetic is exact: an item passes when `yes * den >= num * denominator`
("at least", e.g. 2/3) or `yes * den > num * denominator` ("more than", e.g. more than
1/2), with the denominator the rule names: all members, members present (recused
ones left out, absent members who voted in writing added when the rule allows), or
valid ballots. No floating point anywhere.

Secrecy: `cast_votes` writes the member's participation rows and one sealed box (the
choices and the receipt tag, encrypted for the tellers' public key) in one transaction,
under a lock on the ballot row, and nothing with a time. `close_ballot` opens the boxes
with the tellers' passphrase, writes the choices as `CountedVote` rows in the order
(item, choice), destroys the boxes and rewrites the participations in the order (item,
member); after the commit the database pages are rewritten (`scrub_storage`). Nothing
computes or shows a count of choices before the close. See docs/architecture.md,
"Secret ballot".
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import logging
import secrets
from dataclasses import dataclass

import yaml
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import DatabaseError, IntegrityError, connection, transaction
from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, gettext_noop
from django.views.decorators.debug import sensitive_variables

from dienhinh import policy, workflow
from dienhinh.audit.services import record as audit
from dienhinh.core import plain
from dienhinh.core.i18n import system_language
from dienhinh.criteria.template import parse_text
from dienhinh.exemplars.models import Nomination
from dienhinh.orgs.models import LEADER_POSITIONS, Person, Subject
from dienhinh.plans.models import Plan

from . import sealing, signals
from .models import (
    ABSTAIN,
    ALL_MEMBERS,
    BALLOT_TRANSITIONS,
    CHOICES,
    MEETING_TRANSITIONS,
    NO,
    PRESENT,
    VALID,
    YES,
    AgendaItem,
    Attendance,
    Ballot,
    BallotParticipation,
    Council,
    CouncilMember,
    CountedReceipt,
    CountedVote,
    ItemResult,
    Meeting,
    PaperCount,
    Recusal,
    SealedVote,
)

logger = logging.getLogger(__name__)

# object kind -> transition -> (states it may start from, state it ends in).
# Each model's transitions are declared beside it in models.py.
TRANSITIONS: dict[str, workflow.Transitions] = {
    "meeting": MEETING_TRANSITIONS,
    "ballot": BALLOT_TRANSITIONS,
}
TRANSITION_LABELS = {"create": gettext_lazy("lập"), "open_ballot": gettext_lazy("mở bỏ phiếu"), "close_ballot": gettext_lazy("kết thúc "
                     "bỏ phiếu"), "open": gettext_lazy("mở bỏ phiếu"), "close": gettext_lazy("kết thúc bỏ phiếu")}

LEVELS = {"agency", "province", "ministry"}
# Placeholder values of a meeting whose rule is pending (never shown, never counted:
# the ballot does not open until the standing office sets the rule).
_PENDING_VALUES = (ALL_MEMBERS, 1, 2, True, True)
MANAGING_ROLES = {CouncilMember.CHAIR, CouncilMember.VICE_CHAIR, CouncilMember.SECRETARY}


class CouncilError(workflow.WorkflowError):
    """A refused change; the message is for the user and nothing was changed."""


# The workflow core's own (see `dienhinh.workflow`), under the names callers import.
ForbiddenTransition = workflow.ForbiddenTransition
StaleVersion = workflow.StaleVersion


class QuorumNotMet(CouncilError):
    pass


class NotAMember(CouncilError):
    pass


class AlreadyVoted(CouncilError):
    status = 409


class BallotClosed(CouncilError):
    status = 409


class Recused(CouncilError):
    pass


class CountsDoNotAddUp(CouncilError):
    pass


class WrongPassphrase(CouncilError):
    pass


# -- helpers -----------------------------------------------------------------------------
def _notify(users, subject: str, body: str = "", url: str = "") -> None:
    from dienhinh.notifications.services import notify

    notify(users, subject, body, url)


def _check_transition(kind: str, name: str, status) -> str:
    return workflow.check(TRANSITIONS[kind], name, status, label=TRANSITION_LABELS[name],
                          model=Meeting if kind == "meeting" else Ballot)


def _lock(obj, version):
    """The row locked, at the version the user saw: a missing one is refused too."""
    return workflow.lock(obj, version)


def _bump(obj, **changes):
    return workflow.bump(obj, **changes)


def active_members(council: Council, on: dt.date) -> QuerySet[CouncilMember]:
    """Members whose term covers the date."""
    return (council.members.filter(term_from__lte=on)
            .filter(Q(term_to__isnull=True) | Q(term_to__gte=on))
            .select_related("user", "person__subject"))


def member_of(user, council: Council, on: dt.date) -> CouncilMember | None:
    if not getattr(user, "is_authenticated", False):
        return None
    return active_members(council, on).filter(user=user).first()


def may_view(user, council: Council, on: dt.date | None = None) -> bool:
    return (policy.can(user, "view_council", council.agency)
            or member_of(user, council, on or timezone.localdate()) is not None)


def visible_councils(user) -> QuerySet[Council]:
    """Councils whose agency the user may view council work in, or where the user sits."""
    if not getattr(user, "is_authenticated", False):
        return Council.objects.none()
    agencies = policy.units(user, "view_council")
    seats = CouncilMember.objects.filter(user=user).values("council_id")
    return Council.objects.filter(Q(agency__in=agencies) | Q(pk__in=seats))


def _require_manage(user, council: Council, on: dt.date | None = None) -> None:
    target = Meeting(council=council, held_on=on) if on else council
    if not policy.can(user, "manage_council", target):
        raise workflow.NotAllowed(_("Bạn không có quyền điều hành Hội đồng này."))


def _require_open_meeting(meeting: Meeting) -> None:
    if meeting.status != Meeting.PLANNED:
        raise ForbiddenTransition(_("Cuộc họp đã mở bỏ phiếu: không thay đổi được chương trình, "
                                    "thành phần hay quy tắc."))


def _user_list(members) -> list:
    return [m.user for m in members]


# -- council and members -----------------------------------------------------------------
def create_council(actor, agency, name: str, quorum_num: int = 2, quorum_den: int = 3
                   ) -> Council:
    if not policy.can(actor, "manage_council", agency):
        raise PermissionDenied(_("Bạn không có quyền lập Hội đồng của cơ quan này."))
    _check_fraction(quorum_num, quorum_den, allow_zero=True)
    with transaction.atomic():
        council = Council.objects.create(agency=agency, name=name.strip(),
                                         quorum_num=quorum_num, quorum_den=quorum_den)
        audit(actor, "council.council.create", council, None,
              {"agency": agency.code, "name": council.name,
               "quorum": f"{quorum_num}/{quorum_den}"})
    return council


def _check_fraction(num, den, allow_zero=False) -> None:
    if den is None or num is None or den <= 0 or num < (0 if allow_zero else 1) or num > den:
        raise CouncilError(_("Tỷ lệ phải là phân số từ 0 đến 1, ví dụ 2/3."))


def add_member(actor, council: Council, user, role: str, term_from: dt.date,
               term_to: dt.date | None = None, person: Person | None = None) -> CouncilMember:
    if not policy.can(actor, "manage_council", council.agency):
        raise PermissionDenied(_("Bạn không có quyền thay đổi thành phần Hội đồng."))
    if role not in dict(CouncilMember.ROLE_CHOICES):
        raise CouncilError(_("Chức danh không hợp lệ."))
    if term_to is not None and term_to < term_from:
        raise CouncilError(_("Nhiệm kỳ kết thúc trước khi bắt đầu."))
    with transaction.atomic():
        overlapping = council.members.filter(user=user).filter(
            Q(term_to__isnull=True) | Q(term_to__gte=term_from))
        if term_to is not None:
            overlapping = overlapping.filter(term_from__lte=term_to)
        if overlapping.exists():
            raise CouncilError(_("%(user)s đã là thành viên Hội đồng trong nhiệm kỳ này.") % {"user": user.username})
        member = CouncilMember.objects.create(council=council, user=user, person=person,
                                              role=role, term_from=term_from, term_to=term_to)
        audit(actor, "council.member.add", council, None,
              {"member": member.pk, "user": user.username, "role": role,
               "person": person.code if person else "", "term_from": term_from,
               "term_to": term_to})
    return member


def end_term(actor, member: CouncilMember, on: dt.date) -> CouncilMember:
    if not policy.can(actor, "manage_council", member.council.agency):
        raise PermissionDenied(_("Bạn không có quyền thay đổi thành phần Hội đồng."))
    if on < member.term_from:
        raise CouncilError(_("Ngày kết thúc trước ngày bắt đầu nhiệm kỳ."))
    with transaction.atomic():
        before = member.term_to
        member.term_to = on
        member.save(update_fields=["term_to"])
        audit(actor, "council.member.end_term", member.council, {"term_to": before},
              {"member": member.pk, "term_to": on})
    return member


_SEAT_SQL = "SELECT 1 FROM {table} WHERE user_id = %s LIMIT 1"


def has_seat(user) -> bool:
    """Whether the user sits on a council (in any term), read once per user object like
    the policy's roles: the menu and the home page's ballots both ask on every page."""
    if not getattr(user, "is_authenticated", False):
        return False
    cached = getattr(user, "_dienhinh_council_seat", None)
    if cached is None:
        cached = plain.scalar(CouncilMember, _SEAT_SQL, [user.pk]) is not None
        user._dienhinh_council_seat = cached
    return cached


# -- meetings, rule, agenda, attendance, recusal -----------------------------------------
def plan_rule(plan, level: str, council: Council | None = None) -> tuple[tuple | None, str]:
    """The passing rule of a meeting as (denominator, num, den, strict, written) and where
    it comes from in words: the plan's rule for the level (its template's
    `ballot_rules`), else the share the agency set for its council with its source. The
    law fixes no share, so when both are silent the values are None and the source says
    "do cơ quan quy định": the standing office sets the rule before the ballot opens."""
    rules = {}
    if plan is not None:
        try:
            rules = (parse_text(plan.template_text) or {}).get("ballot_rules") or {}
        except (ValueError, yaml.YAMLError, AttributeError):
            rules = {}
    rule = rules.get(level) if isinstance(rules, dict) else None
    if rule:
        try:
            num, den = (int(x) for x in str(rule["share"]).split("/"))
            values = (rule["denominator"], num, den, bool(rule.get("strict", False)),
                      bool(rule.get("written", True)))
            _check_fraction(num, den)
            if values[0] not in (ALL_MEMBERS, PRESENT, VALID):
                raise CouncilError(values[0])
        except (KeyError, ValueError, CouncilError):
            rule = None
    if rule:
        source = _("Kế hoạch số %(number)s") % {"number": plan.number}
        if rule.get("section"):
            source += f", {rule['section']}"
        if rule.get("note"):
            source += f": {rule['note']}"
        return values, source
    if council is not None and council.pass_num and council.pass_den and \
            council.pass_denominator:
        return ((council.pass_denominator, council.pass_num, council.pass_den,
                 council.pass_strict, council.pass_written), council.pass_source)
    return None, pending_source()


def pending_source() -> str:
    return _("Do cơ quan quy định: kế hoạch và cơ quan chưa quy định tỷ lệ phiếu; thường "
             "trực Hội đồng nhập tỷ lệ kèm căn cứ (ví dụ Quy chế hoạt động của Hội đồng) "
             "trước khi mở bỏ phiếu")


def set_council_rule(actor, council: Council, version, denominator: str, num: int, den: int,
                     strict: bool, written: bool, source: str) -> Council:
    """The agency's own passing share for its council's ballots, with its source (the
    council's regulation); meetings created afterwards take it when their plan is silent."""
    if not policy.can(actor, "manage_council", council.agency):
        raise PermissionDenied(_("Bạn không có quyền thay đổi Hội đồng này."))
    if denominator not in (ALL_MEMBERS, PRESENT, VALID):
        raise CouncilError(_("Cách tính tỷ lệ không hợp lệ."))
    _check_fraction(num, den)
    source = (source or "").strip()
    if not source:
        raise CouncilError(_("Hãy ghi căn cứ của tỷ lệ phiếu, ví dụ “Quy chế hoạt động của "
                             "Hội đồng, Điều 8”."))
    with transaction.atomic():
        fresh = Council.objects.select_for_update().get(pk=council.pk)
        if version is not None and int(version) != fresh.version:
            raise StaleVersion(_("Hội đồng đã được người khác thay đổi, vui lòng tải lại."))
        with system_language():
            before = {"rule": council_rule_words(fresh), "source": fresh.pass_source}
        fresh.pass_denominator, fresh.pass_num, fresh.pass_den = denominator, num, den
        fresh.pass_strict, fresh.pass_written = bool(strict), bool(written)
        fresh.pass_source = source[:300]
        fresh.version += 1
        fresh.save()
        with system_language():
            after = {"rule": council_rule_words(fresh), "source": fresh.pass_source}
        audit(actor, "council.council.set_rule", fresh, before, after)
    return fresh


def council_rule_words(council: Council) -> str:
    """The agency's share in words, or "do cơ quan quy định" when it has set none."""
    if not (council.pass_num and council.pass_den and council.pass_denominator):
        return _("Do cơ quan quy định (chưa nhập)")
    return rule_words(council.pass_denominator, council.pass_num, council.pass_den,
                      council.pass_strict, council.pass_written)


def create_meeting(actor, council: Council, title: str, held_on: dt.date, level: str,
                   place: str = "", *, plan: Plan | None) -> Meeting:
    """A meeting on the nominations of `plan` (a plan in force of the council's agency);
    its rule is the plan's rule for the level, else the agency's share (`plan_rule`)."""
    _require_manage(actor, council, held_on)
    if level not in LEVELS:
        raise CouncilError(_("Cấp công nhận không hợp lệ."))
    if plan is None:
        raise CouncilError(_("Hãy chọn kế hoạch mà cuộc họp xét hồ sơ."))
    if plan.agency_id != council.agency_id or plan.status != Plan.IN_FORCE:
        raise CouncilError(_("Kế hoạch %(number)s không phải kế hoạch đang thực hiện của cơ quan "
                             "có Hội đồng.") % {"number": plan.number})
    with system_language():  # the source is stored: in the system's language
        values, source = plan_rule(plan, level, council)
    (denominator, num, den, strict, written) = values or _PENDING_VALUES
    with transaction.atomic():
        _check_transition("meeting", "create", None)
        meeting = Meeting.objects.create(
            council=council, plan=plan, title=title.strip(), held_on=held_on, level=level,
            place=place.strip(), rule_denominator=denominator, rule_num=num, rule_den=den,
            rule_strict=strict, rule_written=written, rule_source=source,
            rule_pending=values is None, by=actor)
        audit(actor, "council.meeting.create", meeting, None,
              {"council": council.pk, "plan": plan.number, "title": meeting.title,
               "held_on": held_on, "level": level, "rule": rule_of(meeting),
               "rule_source": source})
    return meeting


def set_rule(actor, meeting: Meeting, version, denominator: str, num: int, den: int,
             strict: bool, written: bool, source: str = "") -> Meeting:
    """The standing office sets or adjusts the rule before the ballot opens. `source`
    names where the share comes from (e.g. the council's regulation); it is required
    when neither the plan nor the agency sets a share. The meeting's source then says
    so, and names the rule it departs from."""
    _require_manage(actor, meeting.council, meeting.held_on)
    if denominator not in (ALL_MEMBERS, PRESENT, VALID):
        raise CouncilError(_("Cách tính tỷ lệ không hợp lệ."))
    _check_fraction(num, den)
    source = (source or "").strip()
    with transaction.atomic():
        meeting = _lock(meeting, version)
        _require_open_meeting(meeting)
        before = rule_of(meeting)
        new = (denominator, num, den, bool(strict), bool(written))
        with system_language():  # the source is stored: in the system's language
            base, base_source = plan_rule(meeting.plan, meeting.level, meeting.council)
            words = rule_words(*base) if base is not None else ""
            # inside a sentence: only its first letter lowered ("Hội đồng" stays)
            base_words = words[:1].lower() + words[1:]
        if base is None:
            if not source:
                raise CouncilError(_("Kế hoạch và cơ quan chưa quy định tỷ lệ phiếu: hãy ghi "
                                     "căn cứ của tỷ lệ, ví dụ “Quy chế hoạt động của Hội "
                                     "đồng, Điều 8”."))
            text = source
        elif new == tuple(base) and not source:
            text = base_source
        else:
            with system_language():
                text = _("Điều chỉnh cho cuộc họp này%(by)s (quy tắc gốc: %(rule)s — "
                         "%(source)s)") % {"by": f" ({source})" if source else "",
                                          "rule": base_words, "source": base_source}
        _bump(meeting, rule_denominator=denominator, rule_num=num, rule_den=den,
              rule_strict=bool(strict), rule_written=bool(written), rule_source=text[:600],
              rule_pending=False)
        audit(actor, "council.meeting.set_rule", meeting, {"rule": before},
              {"rule": rule_of(meeting), "rule_source": meeting.rule_source})
    return meeting


def _auto_recusals(item: AgendaItem, members) -> list[Recusal]:
    """The nominee, or a leader of the nominated unit, does not vote on the item."""
    subject = item.nomination.subject
    made = []
    for member in members:
        person = member.person
        if person is None:
            continue
        reason = ""
        if subject.type == Subject.INDIVIDUAL and person.pk == subject.pk:
            reason = _("Là người được đề nghị")
        elif (subject.type == Subject.COLLECTIVE and person.position in LEADER_POSITIONS
              and person.unit_id == subject.pk):
            reason = _("Là lãnh đạo đơn vị được đề nghị")
        if reason:
            recusal, created = Recusal.objects.get_or_create(
                item=item, member=member, defaults={"kind": Recusal.AUTO, "reason": reason})
            if created:
                made.append(recusal)
    return made


def add_item(actor, meeting: Meeting, nomination: Nomination,
             version=workflow.CURRENT) -> AgendaItem:
    """Put an accepted nomination of the council's agency and the meeting's level on
    the agenda; recusals of the nominee and the nominated unit's heads follow."""
    _require_manage(actor, meeting.council, meeting.held_on)
    with transaction.atomic():
        meeting = _lock(meeting, version)
        _require_open_meeting(meeting)
        nomination = Nomination.objects.select_related("subject", "plan__agency", "unit").get(
            pk=nomination.pk)
        if nomination.status != Nomination.ACCEPTED:
            raise CouncilError(_("Chỉ đưa ra Hội đồng hồ sơ đã được chấp nhận sau thẩm định."))
        if not nomination.unit.path.startswith(meeting.council.agency.path):
            raise CouncilError(_("Hồ sơ không thuộc cơ quan của Hội đồng."))
        if meeting.plan_id is not None and nomination.plan_id != meeting.plan_id:
            raise CouncilError(_("Hồ sơ của %(name)s thuộc kế hoạch %(other)s, không thuộc kế "
                                 "hoạch %(plan)s của cuộc họp.")
                               % {"name": nomination.subject.name,
                                  "other": nomination.plan.number,
                                  "plan": meeting.plan.number})
        if nomination.level != meeting.level:
            raise CouncilError(_("Hồ sơ đề nghị ở cấp khác với cấp của cuộc họp."))
        if AgendaItem.objects.filter(nomination=nomination).filter(
                Q(meeting__status__in=[Meeting.PLANNED, Meeting.VOTING])
                | Q(result__passed=True)).exists():
            raise CouncilError(_("Hồ sơ của %(name)s đã có trong chương trình một cuộc họp khác "
                                 "hoặc đã được thông qua.")
                               % {"name": nomination.subject.name})
        position = meeting.items.count() + 1
        item = AgendaItem.objects.create(meeting=meeting, nomination=nomination,
                                         position=position)
        recused = _auto_recusals(item, active_members(meeting.council, meeting.held_on))
        _bump(meeting)
        audit(actor, "council.meeting.add_item", meeting, None,
              {"item": item.pk, "nomination": nomination.pk,
               "subject": nomination.subject.code,
               "recused": [r.member_id for r in recused]})
    return item


def remove_item(actor, item: AgendaItem, version=workflow.CURRENT) -> None:
    meeting = item.meeting
    _require_manage(actor, meeting.council, meeting.held_on)
    with transaction.atomic():
        meeting = _lock(meeting, version)
        _require_open_meeting(meeting)
        nomination_id = item.nomination_id
        item.recusals.all().delete()
        item.delete()
        for position, other in enumerate(meeting.items.order_by("position", "id"), 1):
            if other.position != position:
                other.position = position
                other.save(update_fields=["position"])
        _bump(meeting)
        audit(actor, "council.meeting.remove_item", meeting, {"nomination": nomination_id},
              None)


def set_attendance(actor, meeting: Meeting, version, members) -> Meeting:
    """Record who is present (the secretary, at the start of the meeting)."""
    _require_manage(actor, meeting.council, meeting.held_on)
    with transaction.atomic():
        meeting = _lock(meeting, version)
        _require_open_meeting(meeting)
        allowed = set(active_members(meeting.council, meeting.held_on)
                      .values_list("pk", flat=True))
        wanted = {m.pk if hasattr(m, "pk") else int(m) for m in members}
        if not wanted <= allowed:
            raise NotAMember(_("Chỉ ghi có mặt cho thành viên Hội đồng trong nhiệm kỳ."))
        before = sorted(meeting.attendance.values_list("member_id", flat=True))
        meeting.attendance.exclude(member_id__in=wanted).delete()
        Attendance.objects.bulk_create(
            [Attendance(meeting=meeting, member_id=pk) for pk in sorted(wanted - set(before))])
        _bump(meeting)
        audit(actor, "council.meeting.attendance", meeting, {"present": before},
              {"present": sorted(wanted)})
    return meeting


def declare_recusal(actor, item: AgendaItem, reason: str = "",
                    member: CouncilMember | None = None) -> Recusal:
    """A member declares that they will not vote on an item (or the secretary records
    it for a member). Once the member has voted on the item it is too late."""
    meeting = item.meeting
    own = member_of(actor, meeting.council, meeting.held_on)
    if member is None or (own is not None and member.pk == own.pk):
        if own is None:
            raise NotAMember(_("Bạn không phải thành viên Hội đồng này."))
        member = own
    else:
        _require_manage(actor, meeting.council, meeting.held_on)
        if member.council_id != meeting.council_id:
            raise NotAMember(_("Người này không phải thành viên Hội đồng."))
    with transaction.atomic():
        meeting = _lock(meeting, workflow.CURRENT)
        if meeting.status == Meeting.CLOSED:
            raise BallotClosed(_("Cuộc bỏ phiếu đã kết thúc."))
        if BallotParticipation.objects.filter(item=item, member=member).exists():
            raise AlreadyVoted(_("Thành viên đã bỏ phiếu cho nội dung này, không thể xin rút."))
        recusal, created = Recusal.objects.get_or_create(
            item=item, member=member,
            defaults={"kind": Recusal.DECLARED, "reason": reason.strip()[:500]})
        if created:
            audit(actor, "council.item.recusal", meeting, None,
                  {"item": item.pk, "member": member.pk, "reason": recusal.reason})
    return recusal


# -- the ballot ------------------------------------------------------------------------
def rule_of(obj) -> dict:
    return {"denominator": obj.rule_denominator, "num": obj.rule_num, "den": obj.rule_den,
            "strict": obj.rule_strict, "written": obj.rule_written}


def rule_text(obj) -> str:
    """"Trên 1/2 tổng số thành viên Hội đồng", "Từ 2/3 số thành viên có mặt trở lên" …,
    or "Do cơ quan quy định" while a meeting waits for the standing office's rule."""
    if getattr(obj, "rule_pending", False):
        return _("Do cơ quan quy định (thường trực chưa nhập tỷ lệ)")
    return rule_words(obj.rule_denominator, obj.rule_num, obj.rule_den, obj.rule_strict,
                      obj.rule_written)


# The rule in words, whole sentences so that each reads right in the reader's language.
RULE_WORDS = {
    (ALL_MEMBERS, True): gettext_noop("Trên %(share)s tổng số thành viên Hội đồng"),
    (ALL_MEMBERS, False): gettext_noop("Từ %(share)s tổng số thành viên Hội đồng trở lên"),
    (PRESENT, True): gettext_noop("Trên %(share)s số thành viên có mặt"),
    (PRESENT, False): gettext_noop("Từ %(share)s số thành viên có mặt trở lên"),
    (VALID, True): gettext_noop("Trên %(share)s số phiếu hợp lệ"),
    (VALID, False): gettext_noop("Từ %(share)s số phiếu hợp lệ trở lên"),
}
WRITTEN_VOTES = gettext_noop(" (tính cả phiếu bằng văn bản của thành viên vắng mặt)")


def rule_words(denominator: str, num: int, den: int, strict: bool, written: bool) -> str:
    text = _(RULE_WORDS[denominator, bool(strict)]) % {"share": f"{num}/{den}"}
    return text + _(WRITTEN_VOTES) if written else text


def rule_source(obj) -> str:
    """Where a meeting's (or ballot's) rule came from: the plan and its section, the
    agency's setting, the standing office's entry, or an adjustment at the meeting."""
    meeting = obj.meeting if isinstance(obj, Ballot) else obj
    return meeting.rule_source or _("Không ghi nhận (cuộc họp lập trước khi quy tắc được lấy "
                                    "từ kế hoạch)")


def quorum_met(present: int, total: int, council: Council) -> bool:
    return total > 0 and present * council.quorum_den >= council.quorum_num * total


def opening_problems(meeting: Meeting) -> list[str]:
    """The checklist that must be empty before a ballot opens."""
    problems = []
    members = list(active_members(meeting.council, meeting.held_on))
    present = meeting.attendance.filter(member__in=members).count()
    council = meeting.council
    if not members:
        problems.append(_("Hội đồng chưa có thành viên trong nhiệm kỳ."))
    elif not quorum_met(present, len(members), council):
        problems.append(_("Chưa đủ số thành viên có mặt: %(present)s/%(total)s, cần từ "
                          "%(num)s/%(den)s trở lên.")
                        % {"present": present, "total": len(members),
                           "num": council.quorum_num, "den": council.quorum_den})
    if meeting.rule_pending:
        problems.append(_("Chưa có tỷ lệ phiếu để được công nhận: kế hoạch và cơ quan chưa "
                          "quy định, thường trực Hội đồng cần nhập tỷ lệ kèm căn cứ."))
    items = list(meeting.items.select_related("nomination__subject"))
    if not items:
        problems.append(_("Chương trình họp chưa có hồ sơ nào."))
    for item in items:
        if item.nomination.status != Nomination.ACCEPTED:
            problems.append(_("Hồ sơ %(name)s không còn ở trạng thái được chấp nhận.")
                            % {"name": item.nomination.subject.name})
    return problems


def _kdf_limits() -> tuple[int, int]:
    return sealing.KDF_LIMITS[getattr(settings, "BALLOT_KDF", "moderate")]


# Error reports (DEBUG pages, mails to ADMINS) show local variables: not these.
@sensitive_variables("passphrase", "key")
def open_ballot(actor, meeting: Meeting, version, mode: str, passphrase: str = "") -> Ballot:
    """Open the ballot. Electronic mode takes the tellers' passphrase: the ballot keeps
    the public key it gives (and the salt), never the passphrase or the private key."""
    _require_manage(actor, meeting.council, meeting.held_on)
    if mode not in (Ballot.ELECTRONIC, Ballot.PAPER):
        raise CouncilError(_("Hình thức bỏ phiếu không hợp lệ."))
    if version is not workflow.CURRENT:
        # A missing or garbled version is refused as such, before the slow derivation.
        workflow.parse_version(version)
    keys = {}
    if mode == Ballot.ELECTRONIC:
        if len(passphrase or "") < sealing.MIN_PASSPHRASE:
            raise CouncilError(_("Cụm mật khẩu của ban kiểm phiếu phải có ít nhất %(n)s ký tự; "
                                 "nên dùng vài từ mà chỉ ban kiểm phiếu biết.")
                               % {"n": sealing.MIN_PASSPHRASE})
        ops, mem = _kdf_limits()
        salt = sealing.new_salt()
        # Derived before the transaction: Argon2id takes a moment and holds no lock.
        key = sealing.private_key(passphrase, salt, ops, mem)
        keys = {"public_key": sealing.public_key_hex(key), "kdf_salt": salt, "kdf_ops": ops,
                "kdf_mem": mem}
        del key
    with transaction.atomic():
        meeting = _lock(meeting, version)
        end = _check_transition("meeting", "open_ballot", meeting.status)
        _check_transition("ballot", "open", None)
        members = list(active_members(meeting.council, meeting.held_on))
        for item in meeting.items.select_related("nomination__subject"):
            _auto_recusals(item, members)
        problems = opening_problems(meeting)
        if problems:
            raise QuorumNotMet(" ".join(problems))
        present = meeting.attendance.filter(member__in=members).count()
        ballot = Ballot.objects.create(
            meeting=meeting, mode=mode, status=Ballot.OPEN, members_total=len(members),
            present_total=present, opened_at=timezone.now(), **keys, **{
                f"rule_{k}": v for k, v in rule_of(meeting).items()})
        _bump(meeting, status=end)
        audit(actor, "council.ballot.open", ballot, {"status": Meeting.PLANNED},
              {"status": end, "mode": mode, "rule": rule_of(ballot),
               "members_total": len(members), "present": present,
               "public_key": ballot.public_key})
        if mode == Ballot.ELECTRONIC:
            with system_language():
                _notify(_user_list(members),
                        _("Mời bỏ phiếu kín: %(title)s") % {"title": meeting.title},
                        url=reverse("council_vote", args=[meeting.pk]))
    return ballot


def _present_ids(ballot: Ballot) -> set[int]:
    return set(Attendance.objects.filter(meeting_id=ballot.meeting_id)
               .values_list("member_id", flat=True))


def voter_items(ballot: Ballot, member: CouncilMember) -> list[AgendaItem]:
    """The items this member may still vote on electronically."""
    if ballot.status != Ballot.OPEN or ballot.mode != Ballot.ELECTRONIC:
        return []
    if member.pk not in _present_ids(ballot) and not ballot.rule_written:
        return []
    recused = set(Recusal.objects.filter(item__meeting_id=ballot.meeting_id, member=member)
                  .values_list("item_id", flat=True))
    done = set(BallotParticipation.objects.filter(ballot=ballot, member=member)
               .values_list("item_id", flat=True))
    return [item for item in ballot.meeting.items.select_related("nomination__subject")
            if item.pk not in recused and item.pk not in done]


def new_receipt(ballot: Ballot) -> str:
    """"12-ABCD-EFGH-…": the ballot number and 80 random bits, base32."""
    token = base64.b32encode(secrets.token_bytes(10)).decode("ascii")
    return f"{ballot.pk}-" + "-".join(token[i:i + 4] for i in range(0, 16, 4))


def normalise_receipt(code: str) -> tuple[int, str] | None:
    code = (code or "").strip().upper().replace(" ", "")
    head, sep, rest = code.partition("-")
    token = rest.replace("-", "")
    if not sep or not head.isdigit() or len(token) != 16:
        return None
    return int(head), f"{head}-" + "-".join(token[i:i + 4] for i in range(0, 16, 4))


def receipt_tag(code: str) -> str:
    """What the database keeps of a receipt code: its hash, beside the sealed box while
    the ballot is open and among the counted receipts after. No choice is ever stored
    with it."""
    return hashlib.sha256(f"receipt:{code}".encode("ascii")).hexdigest()


def legacy_receipt_hash(code: str, item_id: int) -> str:
    """The per-item receipt hash of ballots closed before votes were sealed."""
    return hashlib.sha256(f"{code}:{item_id}".encode("ascii")).hexdigest()


@sensitive_variables("choices", "code", "tag")
def cast_votes(actor, ballot: Ballot, choices: dict) -> str:
    """Record one member's secret votes, item by item; returns the receipt code, which
    is stored nowhere (the vote rows keep only its hash)."""
    if not choices:
        raise CouncilError(_("Hãy chọn ý kiến cho ít nhất một nội dung."))
    choices = {int(k): v for k, v in choices.items()}
    if any(v not in dict(CHOICES) for v in choices.values()):
        raise CouncilError(_("Ý kiến không hợp lệ."))
    try:
        with transaction.atomic():
            # The ballot row lock serialises voters and the closing: no vote lands after it.
            ballot = Ballot.objects.select_for_update().select_related("meeting__council").get(
                pk=ballot.pk)
            meeting = ballot.meeting
            if ballot.status != Ballot.OPEN:
                raise BallotClosed(_("Cuộc bỏ phiếu đã kết thúc, phiếu không được ghi nhận."))
            if ballot.mode != Ballot.ELECTRONIC:
                raise CouncilError(_("Cuộc bỏ phiếu này dùng phiếu giấy."))
            if not ballot.public_key:
                raise CouncilError(_("Cuộc bỏ phiếu được mở trước khi phiếu được niêm phong; "
                                     "hãy kết thúc và bỏ phiếu lại."))
            member = member_of(actor, meeting.council, meeting.held_on)
            if member is None:
                raise NotAMember(_("Bạn không phải thành viên Hội đồng này, phiếu không được ghi "
                                   "nhận."))
            if member.pk not in _present_ids(ballot) and not ballot.rule_written:
                raise NotAMember(_("Bạn không có mặt tại cuộc họp và quy tắc không cho phép phiếu "
                                   "bằng văn bản."))
            items = {i.pk: i for i in meeting.items.filter(pk__in=list(choices))}
            if len(items) != len(choices):
                raise CouncilError(_("Nội dung không thuộc cuộc họp này."))
            if Recusal.objects.filter(item_id__in=list(choices), member=member).exists():
                raise Recused(_("Bạn không tham gia biểu quyết nội dung này (đã rút hoặc thuộc "
                                "diện không biểu quyết); phiếu không được ghi nhận."))
            if BallotParticipation.objects.filter(ballot=ballot, member=member,
                                                  item_id__in=list(choices)).exists():
                raise AlreadyVoted(_("Bạn đã bỏ phiếu cho nội dung này; mỗi thành viên chỉ bỏ một "
                                     "phiếu."))
            code = new_receipt(ballot)
            tag = receipt_tag(code)
            BallotParticipation.objects.bulk_create(
                [BallotParticipation(ballot=ballot, item_id=item_id, member=member)
                 for item_id in sorted(choices)])
            # Only ciphertext: the server that seals cannot open it again.
            SealedVote.objects.create(ballot=ballot, receipt_tag=tag, sealed=sealing.seal(
                ballot.public_key, choices, tag, meeting.items.count()))
            # No audit entry per vote: its time and member would give the order of voting.
            # The close records the participants, sorted.
    except IntegrityError as exc:
        raise AlreadyVoted(_("Bạn đã bỏ phiếu cho nội dung này; mỗi thành viên chỉ bỏ một phiếu.")) from exc
    return code


def turnout(ballot: Ballot, voted_items=None) -> dict[int, int]:
    """How many members have voted on each item (who took part is not secret; what they
    chose is, and is not counted before close). `voted_items`: the item of each
    participation, when the caller has read them with a page of meetings."""
    counts = {item.pk: 0 for item in ballot.meeting.items.all()}
    if voted_items is None:
        voted_items = BallotParticipation.objects.filter(ballot=ballot).values_list(
            "item_id", flat=True)
    for item_id in voted_items:
        counts[item_id] = counts.get(item_id, 0) + 1
    return counts


def _eligible(ballot: Ballot, item: AgendaItem, members: list[int], present: set[int]):
    recused = set(Recusal.objects.filter(item=item).values_list("member_id", flat=True))
    present_voters = [m for m in members if m in present and m not in recused]
    absent_voters = [m for m in members if m not in present and m not in recused]
    return recused, present_voters, absent_voters


def enter_paper_count(actor, ballot: Ballot, item: AgendaItem, issued: int, valid: int,
                      yes: int, no: int, abstain: int = 0) -> PaperCount:
    """The secretary enters the count of the paper ballots of one item."""
    meeting = ballot.meeting
    _require_manage(actor, meeting.council, meeting.held_on)
    numbers = [issued, valid, yes, no, abstain]
    if any(n is None or int(n) < 0 for n in numbers):
        raise CountsDoNotAddUp(_("Số phiếu phải là số nguyên không âm."))
    issued, valid, yes, no, abstain = (int(n) for n in numbers)
    if valid > issued:
        raise CountsDoNotAddUp(_("Số phiếu hợp lệ (%(valid)s) lớn hơn số phiếu phát ra "
                                 "(%(issued)s).")
                               % {"valid": valid, "issued": issued})
    if yes + no + abstain != valid:
        raise CountsDoNotAddUp(_("Số phiếu đồng ý, không đồng ý và không biểu quyết (%(sum)s) "
                                 "không bằng số phiếu hợp lệ (%(valid)s).")
                               % {"sum": yes + no + abstain, "valid": valid})
    with transaction.atomic():
        ballot = Ballot.objects.select_for_update().get(pk=ballot.pk)
        if ballot.status != Ballot.OPEN:
            raise BallotClosed(_("Cuộc bỏ phiếu đã kết thúc."))
        if ballot.mode != Ballot.PAPER:
            raise CouncilError(_("Cuộc bỏ phiếu này là bỏ phiếu điện tử."))
        if item.meeting_id != ballot.meeting_id:
            raise CouncilError(_("Nội dung không thuộc cuộc họp này."))
        members = list(active_members(meeting.council, meeting.held_on)
                       .values_list("pk", flat=True))
        _recused, present_voters, absent_voters = _eligible(ballot, item, members,
                                                            _present_ids(ballot))
        most = len(present_voters) + (len(absent_voters) if ballot.rule_written else 0)
        if issued > most:
            raise CountsDoNotAddUp(_("Số phiếu phát ra (%(issued)s) nhiều hơn số thành viên được "
                                     "biểu quyết (%(most)s).") % {"issued": issued, "most": most})
        count, _created = PaperCount.objects.update_or_create(
            ballot=ballot, item=item,
            defaults={"issued": issued, "valid": valid, "yes": yes, "no": no,
                      "abstain": abstain, "by": actor})
        audit(actor, "council.ballot.paper_count", ballot, None,
              {"item": item.pk, "issued": issued, "valid": valid, "yes": yes, "no": no,
               "abstain": abstain})
    return count


def passes(yes: int, denominator: int, num: int, den: int, strict: bool) -> bool:
    """Exact: yes/denominator ≥ num/den (or > when strict), in integers."""
    if denominator <= 0:
        return False
    return yes * den > num * denominator if strict else yes * den >= num * denominator


def _count_item(ballot: Ballot, item: AgendaItem, members: list[int], present: set[int],
                votes: dict, participants: dict) -> ItemResult:
    recused, present_voters, _absent = _eligible(ballot, item, members, present)
    if ballot.mode == Ballot.PAPER:
        paper = PaperCount.objects.get(ballot=ballot, item=item)
        issued, valid, yes, no, abstain = (paper.issued, paper.valid, paper.yes, paper.no,
                                           paper.abstain)
        written = max(0, issued - len(present_voters)) if ballot.rule_written else 0
    else:
        mine = votes.get(item.pk, {})
        yes, no, abstain = mine.get(YES, 0), mine.get(NO, 0), mine.get(ABSTAIN, 0)
        valid = issued = yes + no + abstain
        written = len([m for m in participants.get(item.pk, ()) if m not in present])
    denominator = {ALL_MEMBERS: ballot.members_total,
                   PRESENT: len(present_voters) + written,
                   VALID: valid}[ballot.rule_denominator]
    return ItemResult(
        ballot=ballot, item=item, members_total=ballot.members_total,
        present=ballot.present_total, recused=len(recused), issued=issued, valid=valid,
        yes=yes, no=no, abstain=abstain, denominator=denominator,
        passed=passes(yes, denominator, ballot.rule_num, ballot.rule_den, ballot.rule_strict))


def tally_lines(ballot: Ballot) -> list[str]:
    """What the published hash covers, sorted: one line per counted vote (item, choice)
    in electronic mode — nothing tied to a receipt, so no voter can point at a line — and
    one line per item count in paper mode."""
    if ballot.mode == Ballot.PAPER:
        return sorted(f"{c.item_id}:issued={c.issued}:valid={c.valid}:yes={c.yes}:no={c.no}:"
                      f"abstain={c.abstain}" for c in PaperCount.objects.filter(ballot=ballot))
    return sorted(f"{item_id}:{choice}" for item_id, choice in
                  CountedVote.objects.filter(ballot=ballot).values_list("item_id", "choice"))


def tally_hash(lines: list[str]) -> str:
    return hashlib.sha256("\n".join(lines).encode("ascii")).hexdigest()


@sensitive_variables("passphrase", "key")
def _tellers_key(ballot: Ballot, passphrase: str):
    """The private key, in memory, when the passphrase gives the ballot's public key."""
    key = sealing.private_key(passphrase or "", ballot.kdf_salt, ballot.kdf_ops,
                              ballot.kdf_mem)
    if not secrets.compare_digest(sealing.public_key_hex(key), ballot.public_key):
        raise WrongPassphrase(_("Cụm mật khẩu của ban kiểm phiếu không đúng; chưa kiểm phiếu, "
                                "cuộc bỏ phiếu vẫn đang mở."))
    return key


@sensitive_variables("key", "choices", "counted")
def _open_sealed(ballot: Ballot, key, items: set[int]) -> tuple[list, list[str]]:
    """The choices [(item id, choice)] and the receipt tags of every sealed submission."""
    counted, tags = [], []
    for tag, box in SealedVote.objects.filter(ballot=ballot).values_list("receipt_tag",
                                                                         "sealed"):
        try:
            inner_tag, choices = sealing.open_box(key, box)
        except sealing.CannotOpen as exc:
            raise CouncilError(_("Có phiếu niêm phong không mở được bằng khóa của ban kiểm "
                                 "phiếu; chưa kiểm phiếu.")) from exc
        if inner_tag != tag or not set(choices) <= items or any(
                c not in dict(CHOICES) for c in choices.values()):
            raise CouncilError(_("Có phiếu niêm phong không khớp với cuộc bỏ phiếu; chưa kiểm "
                                 "phiếu."))
        counted.extend(choices.items())
        tags.append(tag)
    return counted, tags


@sensitive_variables("passphrase", "key")
def close_ballot(actor, ballot: Ballot, version=workflow.CURRENT,
                 passphrase: str = "") -> Ballot:
    """Close the ballot, count it once, publish every item's result and the hash.

    Electronic mode: the tellers' passphrase opens the sealed votes in memory; their
    choices become `CountedVote` rows in the order (item, choice) — a function of the
    tally, not of who voted when — the boxes are destroyed, the participations
    rewritten in the order (item, member), and after the commit the pages that held
    them are rewritten (`scrub_storage`). A wrong passphrase changes nothing."""
    meeting = ballot.meeting
    _require_manage(actor, meeting.council, meeting.held_on)
    if version is not workflow.CURRENT:
        # A missing or garbled version is refused as such, before the slow derivation.
        workflow.parse_version(version)
    key = None
    if ballot.mode == Ballot.ELECTRONIC and ballot.public_key and ballot.status == Ballot.OPEN:
        # Before the transaction: Argon2id takes a moment and must hold no lock.
        key = _tellers_key(ballot, passphrase)
    with transaction.atomic():
        ballot = Ballot.objects.select_for_update().get(pk=ballot.pk)
        end = _check_transition("ballot", "close", ballot.status)
        meeting = _lock(ballot.meeting, version)
        meeting_end = _check_transition("meeting", "close_ballot", meeting.status)
        items = list(meeting.items.select_related("nomination__subject"))
        if ballot.mode == Ballot.PAPER:
            counted = set(PaperCount.objects.filter(ballot=ballot).values_list("item_id",
                                                                               flat=True))
            missing = [i.nomination.subject.name for i in items if i.pk not in counted]
            if missing:
                raise CountsDoNotAddUp(_("Chưa nhập kết quả kiểm phiếu giấy cho: %(names)s.")
                                       % {"names": ", ".join(missing)})
        members = list(active_members(meeting.council, meeting.held_on)
                       .values_list("pk", flat=True))
        present = _present_ids(ballot)
        participations = sorted(BallotParticipation.objects.filter(ballot=ballot).values_list(
            "item_id", "member_id"))
        participants: dict[int, list[int]] = {}
        for item_id, member_id in participations:
            participants.setdefault(item_id, []).append(member_id)
        if key is not None:
            _write_counted(ballot, key, {i.pk for i in items}, participants, participations)
        del key
        votes: dict[int, dict[str, int]] = {}
        for item_id, choice in CountedVote.objects.filter(ballot=ballot).values_list(
                "item_id", "choice"):
            votes.setdefault(item_id, {}).setdefault(choice, 0)
            votes[item_id][choice] += 1
        results = [_count_item(ballot, item, members, present, votes, participants)
                   for item in items]
        ItemResult.objects.bulk_create(results)
        digest = tally_hash(tally_lines(ballot))
        ballot.status, ballot.closed_at, ballot.tally_hash = end, timezone.now(), digest
        ballot.save(update_fields=["status", "closed_at", "tally_hash"])
        # The minutes are made once, at the close, and kept as issued (with their SHA-256):
        # later renames of members or nominees never change them (decisions/freeze.py).
        signals.ballot_closed.send(sender=Ballot, ballot=ballot)
        _bump(meeting, status=meeting_end)
        # Who took part, sorted: the one place the audit log names the voters, with the
        # time of the close, never of a vote.
        audit(actor, "council.ballot.close", ballot, {"status": Ballot.OPEN},
              {"status": end, "tally_hash": digest,
               "participants": {item_id: ids for item_id, ids in participants.items()},
               "results": {r.item_id: {"yes": r.yes, "valid": r.valid,
                                       "denominator": r.denominator, "passed": r.passed}
                           for r in results}})
        with system_language():
            _notify(_user_list(active_members(meeting.council, meeting.held_on)),
                    _("Đã kết thúc bỏ phiếu: %(title)s") % {"title": meeting.title},
                    url=reverse("council_meeting", args=[meeting.pk]))
        if ballot.mode == Ballot.ELECTRONIC and connection.vendor == "sqlite":
            transaction.on_commit(scrub_storage)
    return ballot


def _write_counted(ballot: Ballot, key, items: set[int], participants: dict,
                   participations: list) -> None:
    counted, tags = _open_sealed(ballot, key, items)
    per_item: dict[int, int] = {}
    for item_id, _choice in counted:
        per_item[item_id] = per_item.get(item_id, 0) + 1
    if per_item != {i: len(m) for i, m in participants.items()}:
        raise CouncilError(_("Số phiếu niêm phong không khớp với số thành viên đã bỏ phiếu; "
                             "chưa kiểm phiếu."))
    if connection.vendor == "sqlite":
        # Deleted cells are overwritten with zeros, not just unlinked.
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA secure_delete = ON")
    # Sorted: the rows and their physical order follow from the tally alone.
    CountedVote.objects.bulk_create(
        [CountedVote(ballot=ballot, item_id=item_id, choice=choice)
         for item_id, choice in sorted(counted)])
    CountedReceipt.objects.bulk_create(
        [CountedReceipt(ballot=ballot, receipt_tag=tag) for tag in sorted(tags)])
    if connection.vendor == "postgresql":
        _rewrite_postgresql(ballot)
        return
    SealedVote.objects.filter(ballot=ballot).delete()
    # The participations were stored in the order members voted: write them again in
    # the order (item, member), under new random keys.
    BallotParticipation.objects.filter(ballot=ballot).delete()
    BallotParticipation.objects.bulk_create(
        [BallotParticipation(ballot=ballot, item_id=item_id, member_id=member_id)
         for item_id, member_id in participations])


def _rewrite_postgresql(ballot: Ballot) -> None:
    """PostgreSQL keeps a deleted row's bytes until a vacuum, and a VACUUM FULL keeps
    them too while any transaction of the cluster is older than the delete. TRUNCATE
    gives the two tables new files (the old ones are unlinked at the commit): the boxes
    of other open ballots and every participation are written again, the latter in the
    order (ballot, item, member) under new keys. The lock keeps voters out meanwhile."""
    with connection.cursor() as cursor:
        cursor.execute("LOCK TABLE council_sealedvote, council_ballotparticipation "
                       "IN ACCESS EXCLUSIVE MODE")
        # Deferred foreign-key checks of rows written earlier in the transaction must run
        # first: neither TRUNCATE nor ALTER TABLE works while they are pending.
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        boxes = sorted(SealedVote.objects.exclude(ballot=ballot).values_list(
            "id", "ballot_id", "receipt_tag", "sealed"))
        rows = sorted(BallotParticipation.objects.values_list("ballot_id", "item_id",
                                                              "member_id"))
        cursor.execute("TRUNCATE council_sealedvote, council_ballotparticipation")
        SealedVote.objects.bulk_create(
            [SealedVote(id=pk, ballot_id=b, receipt_tag=tag, sealed=bytes(box))
             for pk, b, tag, box in boxes])
        # Participations of closed ballots are written again too: the guard that allows
        # them only while their ballot is open steps aside inside this transaction.
        cursor.execute("ALTER TABLE council_ballotparticipation "
                       "DISABLE TRIGGER council_participation_only_open")
        BallotParticipation.objects.bulk_create(
            [BallotParticipation(ballot_id=b, item_id=i, member_id=m) for b, i, m in rows])
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute("ALTER TABLE council_ballotparticipation "
                       "ENABLE TRIGGER council_participation_only_open")
        cursor.execute("SET CONSTRAINTS ALL DEFERRED")


SCRUBBED_TABLES = ("council_sealedvote", "council_ballotparticipation")


def scrub_storage() -> bool:
    """Rewrite the pages that held sealed votes and participations in voting order.

    SQLite: with `secure_delete` the deleted cells are already zeros; `VACUUM` rebuilds
    the file (no free page keeps old bytes) and a TRUNCATE checkpoint empties the
    write-ahead log. PostgreSQL: the close has already rewritten the two tables
    (`_rewrite_postgresql`); here `VACUUM FULL` only compacts them. Must run outside a
    transaction (the close calls it on commit).
    Returns False, and logs a warning with no ballot data, when it could not finish
    (another connection held the file): run `dienhinh ballot scrub` then."""
    try:
        with connection.cursor() as cursor:
            if connection.vendor == "sqlite":
                cursor.execute("PRAGMA secure_delete = ON")
                cursor.execute("VACUUM")
                cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")
                busy = cursor.fetchone()[0]
                if busy:
                    logger.warning("ballot storage: the write-ahead log is still in use; "
                                   "run `dienhinh ballot scrub` again")
                    return False
            elif connection.vendor == "postgresql":
                # The close already gave both tables new files (`_rewrite_postgresql`);
                # this only compacts them when run by hand.
                for table in SCRUBBED_TABLES:
                    cursor.execute(f"VACUUM FULL {table}")
    except DatabaseError:
        logger.warning("ballot storage: the pages could not be rewritten; run `dienhinh "
                       "ballot scrub`", exc_info=True)
        return False
    return True


# -- results, for the minutes and for the decisions app -----------------------------------
@dataclass(frozen=True)
class Result:
    item_id: int
    nomination_id: int
    passed: bool
    members_total: int
    present: int
    recused: int
    issued: int
    valid: int
    yes: int
    no: int
    abstain: int
    denominator: int
    rule: str


def _result(r: ItemResult) -> Result:
    return Result(item_id=r.item_id, nomination_id=r.item.nomination_id, passed=r.passed,
                  members_total=r.members_total, present=r.present, recused=r.recused,
                  issued=r.issued, valid=r.valid, yes=r.yes, no=r.no, abstain=r.abstain,
                  denominator=r.denominator, rule=rule_text(r.ballot))


def item_result(item: AgendaItem) -> Result | None:
    r = ItemResult.objects.select_related("ballot", "item").filter(
        item=item, ballot__status=Ballot.CLOSED).first()
    return _result(r) if r else None


def passed_items(meeting: Meeting | None = None) -> QuerySet[AgendaItem]:
    qs = AgendaItem.objects.filter(result__passed=True,
                                   result__ballot__status=Ballot.CLOSED)
    if meeting is not None:
        qs = qs.filter(meeting=meeting)
    return qs.select_related("nomination__subject", "meeting")


def nomination_passed(nomination: Nomination) -> bool:
    return passed_items().filter(nomination=nomination).exists()


def verify_receipt(code: str) -> dict | None:
    """What the public may learn from a receipt: that the submission was recorded and,
    after the close, counted — never a choice, nor anything a voter could show to prove
    one. None when the code is malformed or unknown."""
    parsed = normalise_receipt(code)
    if parsed is None:
        return None
    ballot_id, code = parsed
    ballot = Ballot.objects.select_related("meeting").filter(pk=ballot_id).first()
    if ballot is None:
        return None
    tags = [receipt_tag(code)] + [legacy_receipt_hash(code, i) for i in
                                  ballot.meeting.items.values_list("pk", flat=True)]
    if CountedReceipt.objects.filter(ballot=ballot, receipt_tag__in=tags).exists():
        return {"ballot": ballot, "counted": True, "closed": True}
    if SealedVote.objects.filter(ballot=ballot, receipt_tag__in=tags).exists():
        return {"ballot": ballot, "counted": False, "closed": False}
    return None


def not_voted(ballot: Ballot) -> int:
    """How many members who may still vote on some item have not done so — asked before
    closing an electronic ballot (who they are is not shown: only the count)."""
    if ballot.status != Ballot.OPEN or ballot.mode != Ballot.ELECTRONIC:
        return 0
    meeting = ballot.meeting
    return sum(1 for member in active_members(meeting.council, meeting.held_on)
               if voter_items(ballot, member))
