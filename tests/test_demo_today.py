"""The demo is live on the day it is built: the five 2021–2025 plans are closed history
and each successor agency has a plan in force for the day's year with work open at
every stage — a registration, dossiers to appraise, an open ballot, a draft to sign."""

import datetime as dt
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.utils import timezone

from dienhinh.council.models import Ballot
from dienhinh.decisions.models import Decision
from dienhinh.demo import build
from dienhinh.demo import stages as demo_stages
from dienhinh.demo.structure import PLAN_SCOPES
from dienhinh.exemplars import services as exemplars
from dienhinh.exemplars.models import FosteringPlan, Nomination, Registration
from dienhinh.orgs.models import Person, Role, RoleAssignment
from dienhinh.plans.models import Plan

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module", autouse=True)
def demo(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        build.DemoBuilder().build()
        yield
        build.reset()
        get_user_model().objects.filter(username__startswith="demo_").delete()


def live_work(day: dt.date) -> None:
    history = Plan.objects.filter(template__template_id__in=PLAN_SCOPES)
    assert history.count() == 5 and set(history.values_list("status", flat=True)) == {
        Plan.CLOSED}
    current = Plan.objects.filter(status=Plan.IN_FORCE)
    assert current.count() == 5
    for plan in current.select_related("agency__subject"):
        assert plan.agency.code in PLAN_SCOPES.values()
        assert plan.start_year <= day.year <= plan.end_year, plan
        # registration is open: the plan is in force for the year, a unit may register
        assert Registration.objects.filter(plan=plan, year=day.year,
                                           status=Registration.REGISTERED).count() >= 2
        assert FosteringPlan.objects.filter(registration__plan=plan,
                                            status=FosteringPlan.OPEN).exists()
        # dossiers wait for the standing office
        assert Nomination.objects.filter(plan=plan, year=day.year,
                                         status=Nomination.SUBMITTED).count() == 2
        # a ballot is open today
        ballot = Ballot.objects.get(meeting__plan=plan, status=Ballot.OPEN)
        assert ballot.meeting.held_on == day
        # a draft waits for the head's signature
        draft = Decision.objects.get(plan=plan, status=Decision.DRAFT)
        assert draft.recognitions.count() == 2 and draft.year == day.year


@pytest.mark.parametrize("day", [dt.date(2026, 3, 1), dt.date(2027, 12, 15)],
                         ids=["1-3-2026", "15-12-2027"])
def test_the_demo_built_on_a_day_has_live_work_at_every_stage(day):
    demo_stages.build("decided", log=lambda _: None, today=day)
    live_work(day)
    if day.year == 2027:  # the 2026 work stays as it was: not rebuilt, not doubled
        assert Decision.objects.filter(status=Decision.DRAFT).count() == 5


def test_the_demo_built_today_from_the_command_is_live_and_a_unit_can_register():
    day = timezone.localdate()
    out = StringIO()
    call_command("demo", "--stage", "decided", stdout=out)
    live_work(day)
    assert "2026-2030" in out.getvalue()
    # Building again changes nothing.
    counts = (Registration.objects.count(), Nomination.objects.count(),
              Decision.objects.count(), Ballot.objects.count())
    demo_stages.build("decided", log=lambda _: None)
    assert counts == (Registration.objects.count(), Nomination.objects.count(),
                      Decision.objects.count(), Ballot.objects.count())
    # The unit officer of Hà Tĩnh registers a candidate today on the plan in force.
    officer = RoleAssignment.objects.get(user__username="demo_canbo_ht").user
    unit = RoleAssignment.objects.get(user=officer).unit
    plan = Plan.objects.get(status=Plan.IN_FORCE, agency__subject__code="HT-SCT")
    person = Person.objects.filter(unit=unit).exclude(
        subject__registrations__plan=plan).order_by("subject__code").first()
    reg, _quotas = exemplars.register(officer, plan, day.year, unit, person.subject, on=day)
    assert reg.plan == plan and reg.year == day.year
    assert RoleAssignment.objects.filter(role=Role.HEAD, unit=plan.agency).exists()
