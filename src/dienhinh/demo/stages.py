"""The demo with the exemplar cycle advanced to a stage, for each of the five seed plans.

    registered  plans in force adopted, four subjects registered per plan (2024)
    fostering   + a fostering plan for each registration
    nominated   + accepted agency-level nominations
    voting      + a council of five, a meeting with the nominations, the ballot open
                  (electronic; the tellers' passphrase is BALLOT_PASSPHRASE, for the
                  demonstration only)
    decided     + every member voted, the ballot closed, the head's decision issued,
                  with rewards in the ledger and certificates (PDF for Hà Tĩnh; the
                  others are rendered when first opened)
    propagated  + what follows the decision (`_propagate`): media items, a good model
                  with adoptions in progress and done, pledges (one due for review), a
                  study visit with a follow-up adoption, a mid-term conference with
                  honourees, invitees and attendance; the agency's portal column and
                  stories (a collective's and a consenting person's published, another
                  person's waiting for consent and review); Ngã Năm's scored year 2024
                  and a block with its pact, votes and ranking (`demo.scoring`); the
                  units' yearly reports of 2024, sent, but one unit late (`demo.reports`)

Deterministic (subjects chosen by code, fixed dates) and idempotent: a stage already
built for a plan is left as it is. Called by `dienhinh demo --stage STAGE`.
"""

from __future__ import annotations

import datetime as dt
import random

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone

from dienhinh.council import services as council
from dienhinh.council.models import Ballot, Council, Meeting
from dienhinh.decisions import certificates, services
from dienhinh.decisions.models import Decision
from dienhinh.demo import clock
from dienhinh.demo import leaders as demo_leaders
from dienhinh.demo import portal as demo_portal
from dienhinh.demo import replication as demo_replication
from dienhinh.demo import reports as demo_reports
from dienhinh.demo import scoring as demo_scoring
from dienhinh.demo.build import PASSWORD
from dienhinh.demo.names import NameMaker
from dienhinh.demo.structure import PLAN_SCOPES
from dienhinh.exemplars import services as exemplars
from dienhinh.exemplars.models import FosteringPlan, Nomination, Registration
from dienhinh.orgs import leaders
from dienhinh.orgs.models import Person, Role, RoleAssignment, Unit
from dienhinh.plans import plan_services
from dienhinh.plans.models import Plan, PlanTemplate

# The demo tellers' passphrase: public, since the demo is; a real council keeps its own.
BALLOT_PASSPHRASE = "kiểm phiếu thử nghiệm"

STAGES = ["registered", "fostering", "nominated", "voting", "decided", "propagated"]
YEAR = 2024
REGISTERED_ON = dt.date(2024, 2, 15)
REGISTERED_NOTE = "Đăng ký xây dựng điển hình (demo)"
HELD_ON = dt.date(2025, 1, 6)
SIGNED_ON = dt.date(2025, 1, 8)
PDF_FOR = {"ha-tinh-sct-2021-2025"}


def _at_least(stage: str, wanted: str) -> bool:
    return STAGES.index(stage) >= STAGES.index(wanted)


def _user(username: str, role: str, unit: Unit, first: str, last: str, hashed: str):
    User = get_user_model()
    user = User.objects.filter(username=username).first()
    if user is None:
        user = User.objects.create(username=username, password=hashed, first_name=first,
                                   last_name=last)
        RoleAssignment.objects.create(user=user, role=role, unit=unit)
    return user


def _office(agency: Unit):
    found = RoleAssignment.objects.filter(role=Role.STANDING_OFFICE, unit=agency).first()
    return found.user if found else None


def _subjects(agency: Unit) -> list[tuple]:
    """Two people and two collectives of the agency, chosen by code: (subject, unit).
    Not the agency's leaders, who sign the decision (a head does not recognise
    themselves), nor a unit that no longer exists."""
    people = (Person.objects.filter(unit__path__startswith=agency.path)
              .exclude(position="agency_leader").exclude(leaderships__unit=agency)
              .select_related("subject", "unit").order_by("subject__code")[:2])
    units = (Unit.objects.filter(path__startswith=agency.path, valid_to__isnull=True)
             .exclude(pk=agency.pk).select_related("subject").order_by("subject__code")[:2])
    return [(p.subject, p.unit) for p in people] + [(u.subject, agency) for u in units]


def _plan(template_id: str, agency: Unit, office) -> Plan:
    """The agency's plan in force, adopted through the plan services like a real one, so
    that it has its tasks, responsible units, deadlines (calendar, reminders) and audit."""
    plan = Plan.objects.filter(template__template_id=template_id, agency=agency).first()
    if plan is None:
        template = PlanTemplate.objects.get(template_id=template_id)
        plan = plan_services.adopt(
            office, template, agency,
            # The symbol is the agency's abbreviation, as on its decisions ("05/KH-SCT").
            f"{template.pk}/KH-{services.profile_of(agency).abbreviation}",
            dt.date(template.start_year, 1, 2), template.name,
            distribution="Cơ quan cấp trên\nCác phòng, đơn vị thuộc cơ quan",
        )
        plan = plan_services.put_in_force(office, plan, plan.version)
    return plan


def _register(plan: Plan, agency: Unit, office) -> list[Registration]:
    # The registrations of this stage only (the scoring demo adds the year's quarterly
    # introductions later; they are not fostered or nominated).
    regs = list(Registration.objects.filter(plan=plan, year=YEAR, note=REGISTERED_NOTE)
                .order_by("pk"))
    if not regs:
        regs = [Registration.objects.create(
            plan=plan, year=YEAR, unit=unit, subject=subject, registered_on=REGISTERED_ON,
            quarter=1, note=REGISTERED_NOTE, by=office)
            for subject, unit in _subjects(agency)]
    return regs


def _foster(regs: list[Registration]) -> None:
    for reg in regs:
        FosteringPlan.objects.get_or_create(registration=reg, defaults={
            "goal": f"Bồi dưỡng {reg.subject.name} trở thành điển hình tiên tiến năm {YEAR}"})


def _nominate(plan: Plan, regs: list[Registration], office) -> list[Nomination]:
    """Accepted nominations with the evaluation the services store and a summary of what
    the ledger holds for 2024 (never a rating the subject did not get). The demo attaches
    no files, so the acceptance records the missing documents as overridden, with a
    reason, as the standing office would have to."""
    noms = []
    for reg in regs:
        nom = Nomination.objects.filter(plan=plan, year=YEAR, subject=reg.subject,
                                        level="agency").first()
        if nom is None:
            nom = Nomination(
                plan=plan, year=YEAR, subject=reg.subject, level="agency", unit=reg.unit,
                status=Nomination.ACCEPTED, by=office, decided_on=timezone.now(),
                summary=exemplars.ledger_summary(reg.subject, YEAR)
                or "Chưa có thành tích năm 2024 trong sổ thành tích.",
                snapshot=exemplars.snapshot_for(plan, reg.subject, YEAR),
                snapshot_on=timezone.now())
            nom.save()
            issues = exemplars.acceptance_issues(nom)
            if issues:
                nom.override_issues = issues
                nom.override_reason = ("Hồ sơ giấy nộp trực tiếp tại Văn phòng, đã được "
                                       "Thường trực kiểm tra (dữ liệu mẫu).")
                nom.override_by = office
                nom.save()
        noms.append(nom)
    return noms


def _council_names(agency: Unit, prefix: str) -> list[str]:
    """The five members' names, which the minutes print under the signatures: the head
    of the agency chairs its council (as its Quy chế usually says), the others are
    invented Vietnamese names (no staff record, so no recusal follows from them)."""
    head = leaders.signer_on(agency, HELD_ON)
    rng = NameMaker(random.Random(f"council-{prefix}"))
    names = [head.name] if head is not None else []
    while len(names) < 5:
        name = rng.person("north" if prefix in ("lc", "ht") else "south")[0]
        if name not in names:
            names.append(name)
    return names


def _meeting(agency: Unit, plan: Plan, office, noms, prefix: str, hashed: str) -> Meeting:
    board = Council.objects.filter(agency=agency).first()
    if board is None:
        board = council.create_council(office, agency,
                                       f"Hội đồng Thi đua – Khen thưởng {agency.name}")
        # The seed plans set no share; the demo agency's council regulation does.
        board = council.set_council_rule(
            office, board, board.version, "all", 1, 2, True, True,
            "Quy chế hoạt động của Hội đồng Thi đua – Khen thưởng (dữ liệu mẫu), Điều 8")
        for n, name in enumerate(_council_names(agency, prefix), 1):
            family_middle, given = name.rsplit(" ", 1)
            member = _user(f"demo_hd_{prefix}_{n}", Role.COUNCIL_MEMBER, agency,
                           family_middle, given, hashed)
            role = {1: "chair", 2: "secretary"}.get(n, "member")
            council.add_member(office, board, member, role, dt.date(2021, 1, 1))
    meeting = board.meetings.filter(plan=plan).order_by("pk").first()  # not today's ones
    if meeting is None:
        meeting = council.create_meeting(office, board, f"Họp xét công nhận điển hình tiên "
                                         f"tiến năm {YEAR}", HELD_ON, "agency", "Hội trường",
                                         plan=plan)
        for nom in noms:
            council.add_item(office, meeting, nom)
        meeting.refresh_from_db()
        meeting = council.set_attendance(office, meeting, meeting.version,
                                         list(council.active_members(board, HELD_ON)))
        with clock.at(HELD_ON, 9):
            council.open_ballot(office, meeting, meeting.version, Ballot.ELECTRONIC,
                                BALLOT_PASSPHRASE)
    return meeting


def _decide(meeting: Meeting, office, head, template_id: str) -> None:
    ballot = meeting.ballot
    if ballot.status == Ballot.OPEN:
        for n, seat in enumerate(council.active_members(meeting.council, HELD_ON)):
            choices = {item.pk: "yes" for item in council.voter_items(ballot, seat)}
            if choices:
                with clock.at(HELD_ON, 9, 10 + n):
                    council.cast_votes(seat.user, ballot, choices)
        with clock.at(HELD_ON, 9, 40):
            council.close_ballot(office, ballot, passphrase=BALLOT_PASSPHRASE)
    if Decision.objects.filter(agency=meeting.council.agency).exists():
        return
    items = list(council.passed_items(meeting).order_by("position"))
    d = services.approve(head, items, f"Về việc công nhận điển hình tiên tiến năm {YEAR}",
                         SIGNED_ON, agency=meeting.council.agency)
    services.publish_decision(office, d)
    for r in d.recognitions.all():
        if template_id in PDF_FOR:
            certificates.generate(r)
        else:
            certificates.certificate_for(r)


def _propagate(template_id: str, plan: Plan, agency: Unit, office) -> None:
    """The `propagated` stage: one builder call per app that works from the decision
    (each idempotent; add a line here rather than branching inside another's)."""
    demo_replication.build(template_id, plan, agency, office)
    demo_portal.publish_stories(template_id, plan, agency, office)
    demo_scoring.build(template_id, plan, agency, office)
    demo_reports.build_reports(template_id, plan, agency, office)


def build(stage: str, log=print, today: dt.date | None = None) -> None:
    """The 2021–2025 history at `stage`, then the current period's live work
    (`dienhinh.demo.current`) on `today`."""
    from dienhinh.demo import current

    # Every unit signs from the first stage on (a demo built before leaders were part
    # of it gets them here).
    demo_leaders.record()
    _history(stage, log)
    current.build(stage, today, log)


def _history(stage: str, log=print) -> None:
    hashed = make_password(PASSWORD)
    for template_id, scope in PLAN_SCOPES.items():
        agency = Unit.objects.get(subject__code=scope)
        prefix = scope.split("-")[0].lower()
        office = _office(agency)
        with transaction.atomic():
            plan = _plan(template_id, agency, office)
            regs = _register(plan, agency, office)
            if _at_least(stage, "fostering"):
                _foster(regs)
            if _at_least(stage, "nominated"):
                noms = _nominate(plan, regs, office)
            if _at_least(stage, "voting"):
                meeting = _meeting(agency, plan, office, noms, prefix, hashed)
            if _at_least(stage, "decided"):
                head = RoleAssignment.objects.filter(role=Role.HEAD, unit=agency).first()
                head = head.user if head else _user(f"demo_giamdoc_{prefix}", Role.HEAD, agency,
                                                   "Thủ trưởng", agency.name[:100], hashed)
                _decide(meeting, office, head, template_id)
            if _at_least(stage, "propagated"):
                _propagate(template_id, plan, agency, office)
        log(f"  … {template_id}: {stage}")
