"""`dienhinh demo --stage …`: the cycle advanced for each of the five seed plans, every
stage building on the one before, deterministic and idempotent."""

from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from dienhinh.council.models import Ballot, Meeting
from dienhinh.decisions.models import Certificate, Decision, Recognition
from dienhinh.demo import build
from dienhinh.demo import stages as demo_stages
from dienhinh.demo.structure import PLAN_SCOPES
from dienhinh.exemplars.models import FosteringPlan, Nomination, Registration
from dienhinh.ledger.models import Achievement
from dienhinh.plans.models import Plan

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module", autouse=True)
def demo(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        build.DemoBuilder().build()
        yield
        build.reset()
        get_user_model().objects.filter(username__startswith="demo_").delete()


# The 2021–2025 plans (history); the 2026–2030 ones are checked in test_demo_today.
OLD = {"plan__template__template_id__in": list(PLAN_SCOPES)}


def test_registered_stage_adopts_plans_and_registers_only():
    demo_stages.build("registered", log=lambda _: None)
    assert Plan.objects.filter(status=Plan.CLOSED, **{k[6:]: v for k, v in OLD.items()}
                               ).count() == 5
    assert Plan.objects.filter(status=Plan.IN_FORCE, start_year=2026).count() == 5
    assert Registration.objects.filter(**OLD).count() == 20
    assert Registration.objects.exclude(**OLD).count() == 10  # two per plan in force
    assert not FosteringPlan.objects.exists() and not Nomination.objects.exists()


def test_voting_then_decided_with_rewards_certificates_and_ledger():
    demo_stages.build("voting", log=lambda _: None)
    # the old plans' candidates still being fostered were carried over to 2026–2030
    assert FosteringPlan.objects.filter(**{f"registration__{k}": v for k, v in OLD.items()},
                                        status=FosteringPlan.CLOSED).count() == 20
    assert Nomination.objects.filter(status=Nomination.ACCEPTED, **OLD).count() == 20
    assert Ballot.objects.filter(status=Ballot.OPEN, meeting__plan__end_year=2025
                                 ).count() == 5
    assert Meeting.objects.filter(status=Meeting.VOTING, plan__end_year=2025).count() == 5
    assert not Decision.objects.exists()
    chosen = sorted(Registration.objects.filter(**OLD).values_list("subject__code",
                                                                    flat=True))

    out = StringIO()
    call_command("demo", "--stage", "decided", stdout=out)
    assert "ha-tinh-sct-2021-2025: decided" in out.getvalue()
    assert Ballot.objects.filter(status=Ballot.CLOSED, meeting__plan__end_year=2025
                                 ).count() == 5
    numbers = sorted(Decision.objects.filter(status=Decision.ISSUED).values_list(
        "number", flat=True))
    # two Sở Nội vụ (Lào Cai, Đồng Nai): each agency has its own sequence
    assert numbers == ["01/QĐ-SCT", "01/QĐ-SNNMT", "01/QĐ-SNV", "01/QĐ-SNV", "01/QĐ-UBND"]
    assert Recognition.objects.filter(decision__status=Decision.ISSUED).count() == 20
    assert Achievement.objects.filter(code_id="GIAY_KHEN", decision_no="01/QĐ-SCT",
                                      issuer="SO").count() == 4
    commune = Decision.objects.get(number="01/QĐ-UBND")
    assert commune.reward_issuer == "UBND_XA"
    assert Certificate.objects.count() == 20  # drafts have none
    assert Certificate.objects.exclude(file="").filter(
        recognition__decision__number="01/QĐ-SCT").count() == 4
    # Running it again changes nothing; the same subjects were chosen.
    demo_stages.build("decided", log=lambda _: None)
    assert Decision.objects.filter(status=Decision.ISSUED).count() == 5
    assert Recognition.objects.filter(decision__status=Decision.ISSUED).count() == 20
    assert sorted(Registration.objects.filter(**OLD).values_list("subject__code", flat=True)
                  ) == chosen
    assert set(PLAN_SCOPES) == set(Plan.objects.filter(end_year=2025).values_list(
        "template__template_id", flat=True))
