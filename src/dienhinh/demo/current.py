"""The demo's current period: the five 2021–2025 plans closed as history and, for each
successor agency, a 2026–2030 plan (rolled over by `exemplars.rollover`) with live work at
every stage of the cycle on the day the demo is built.

    build(stage, today, log)      called by `dienhinh demo --stage STAGE [--today DATE]`

Dates are computed from `today` (the day the demo is built, injectable so that a test
can build it on 1 March 2026, 15 December 2027 or today): the plan in force covers
today's year, and, as far as the stage goes,

    registered   two subjects registered for this year (registration stays open: a
                 unit may register more; after the deadline it is marked late)
    fostering    + a fostering plan for each
    nominated    + two dossiers sent to the standing office, waiting for appraisal
    voting       + a council meeting today with an accepted dossier, ballot open
    decided      + a meeting a week ago whose ballot closed, and the draft decision
                 waiting for the head's signature

Subjects are chosen by code after those the 2021–2025 stage uses, so two builds on the
same day give the same data; a part already built is left as it is.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from dienhinh.council import services as council
from dienhinh.council.models import Ballot, Council, Meeting
from dienhinh.decisions import services as decisions
from dienhinh.decisions.models import Decision
from dienhinh.demo.stages import BALLOT_PASSPHRASE, STAGES
from dienhinh.demo.structure import PLAN_SCOPES
from dienhinh.exemplars import rollover
from dienhinh.exemplars.models import FosteringPlan, Nomination, Registration
from dienhinh.exemplars.services import ledger_summary, snapshot_for
from dienhinh.orgs.models import Person, Role, RoleAssignment, Unit
from dienhinh.plans import plan_services
from dienhinh.plans.models import Plan

USED_BY_HISTORY = 2  # the 2021–2025 stage takes the first two people of each agency


def _at_least(stage: str, wanted: str) -> bool:
    return STAGES.index(stage) >= STAGES.index(wanted)


def _office(agency: Unit):
    found = RoleAssignment.objects.filter(role=Role.STANDING_OFFICE, unit=agency).first()
    return found.user if found else None


def _head(agency: Unit):
    found = RoleAssignment.objects.filter(role=Role.HEAD, unit=agency).first()
    return found.user if found else None


def current_plan(old: Plan, office, today: dt.date) -> Plan:
    """The plan in force for today's year, rolled over from `old` as often as needed;
    every earlier plan is closed (read-only history)."""
    plan = old
    while True:
        nxt = (Plan.objects.filter(parent_reference__contains=f"Kế hoạch số {plan.number} ",
                                   agency=rollover.successor_agency(plan))
               .order_by("start_year").first())
        if nxt is None and plan.end_year < max(today.year, 2026):
            start, _end = rollover.next_period(plan.start_year, plan.end_year)
            issued_on = min(dt.date(start, 1, 15), today) if today.year >= start \
                else dt.date(start, 1, 15)
            abbreviation = decisions.profile_of(plan.agency).abbreviation
            number = f"{plan.template.pk * 10 + start % 10}/KH-{abbreviation}"
            nxt, _carried = rollover.roll_over(office, plan, number, issued_on)
        if plan.status == Plan.IN_FORCE and nxt is not None:
            plan_services.close_plan(office, plan, plan.version)
        if nxt is None:
            return plan
        plan = nxt


def _people(agency: Unit, skip: int, count: int) -> list[Person]:
    # Not the agency's leaders: they sign what the office prepares for these people.
    return list(Person.objects.filter(unit__path__startswith=agency.path,
                                      unit__valid_to__isnull=True)
                .exclude(position="agency_leader").exclude(leaderships__unit=agency)
                .select_related("subject", "unit").order_by("subject__code")[skip:skip + count])


def _nominations(plan: Plan, year: int, people, status: str, office):
    """The dossiers state only what the ledger holds for the year (often nothing yet in
    the first months of the year), never a claim of their own."""
    noms = []
    for p in people:
        summary = ledger_summary(p.subject, year) or (
            _("Chưa có thành tích năm %(year)s trong sổ thành tích.") % {"year": year})
        nom = Nomination.objects.filter(plan=plan, year=year, subject=p.subject,
                                        level="agency").first()
        if nom is None:
            nom = Nomination.objects.create(
                plan=plan, year=year, unit=p.unit, subject=p.subject, level="agency",
                status=status, by=office, summary=summary,
                snapshot=snapshot_for(plan, p.subject, year), snapshot_on=timezone.now(),
                submitted_on=timezone.now())
        noms.append(nom)
    return noms


def _meeting(board: Council, plan: Plan, office, noms, held_on: dt.date, title: str
             ) -> Meeting:
    meeting = board.meetings.filter(plan=plan, title=title).first()
    if meeting is None:
        meeting = council.create_meeting(office, board, title, held_on, "agency",
                                         "Phòng họp trực tuyến", plan=plan)
        for nom in noms:
            council.add_item(office, meeting, nom)
        meeting.refresh_from_db()
        meeting = council.set_attendance(office, meeting, meeting.version,
                                         list(council.active_members(board, held_on)))
        council.open_ballot(office, meeting, meeting.version, Ballot.ELECTRONIC,
                            BALLOT_PASSPHRASE)
    return meeting


def _draft(meeting: Meeting, office, plan: Plan, year: int) -> None:
    ballot = meeting.ballot
    if ballot.status == Ballot.OPEN:
        for seat in council.active_members(meeting.council, meeting.held_on):
            choices = {item.pk: "yes" for item in council.voter_items(ballot, seat)}
            if choices:
                council.cast_votes(seat.user, ballot, choices)
        council.close_ballot(office, ballot, passphrase=BALLOT_PASSPHRASE)
    if Decision.objects.filter(plan=plan, status=Decision.DRAFT).exists():
        return
    items = list(council.passed_items(meeting))
    if items:
        decisions.draft_decision(office, meeting.council.agency, items,
                                 f"Về việc công nhận điển hình tiên tiến năm {year}",
                                 year=year, plan=plan, on=meeting.held_on)


def build(stage: str, today: dt.date | None = None, log=print) -> None:
    today = today or timezone.localdate()
    for template_id, scope in PLAN_SCOPES.items():
        agency = Unit.objects.get(subject__code=scope)
        office = _office(agency)
        old = Plan.objects.get(template__template_id=template_id, agency=agency)
        with transaction.atomic():
            plan = current_plan(old, office, today)
            year = min(max(today.year, plan.start_year), plan.end_year)
            people = _people(agency, USED_BY_HISTORY, 8)
            registered_on = max(dt.date(year, 1, 2), min(today, dt.date(year, 1, 20)))
            for p in people[:2]:
                reg = Registration.objects.filter(plan=plan, year=year,
                                                  subject=p.subject).first()
                if reg is None:
                    reg = Registration.objects.create(
                        plan=plan, year=year, unit=p.unit, subject=p.subject,
                        registered_on=registered_on, quarter=(registered_on.month - 1) // 3 + 1,
                        note="Đăng ký xây dựng điển hình (demo)", by=office)
                if _at_least(stage, "fostering"):
                    FosteringPlan.objects.get_or_create(registration=reg, defaults={
                        "goal": f"Bồi dưỡng {p.subject.name} trở thành điển hình tiên tiến "
                                f"năm {year}"})
            if _at_least(stage, "nominated"):
                _nominations(plan, year, people[2:4], Nomination.SUBMITTED, office)
            board = Council.objects.filter(agency=agency).first()
            if _at_least(stage, "voting") and board is not None:
                # one dossier on today's ballot: a member votes in three clicks
                noms = _nominations(plan, year, people[4:5], Nomination.ACCEPTED, office)
                _meeting(board, plan, office, noms, today,
                         f"Họp xét điển hình tiên tiến năm {year} (đợt 2)")
            if _at_least(stage, "decided") and board is not None:
                noms = _nominations(plan, year, people[6:8], Nomination.ACCEPTED, office)
                held = max(dt.date(year, 1, 2), today - dt.timedelta(days=7))
                meeting = _meeting(board, plan, office, noms, held,
                                   f"Họp xét điển hình tiên tiến năm {year} (đợt 1)")
                _draft(meeting, office, plan, year)
        log(f"  … {plan.template.template_id} ({plan.number}): {stage}, năm {year}")
