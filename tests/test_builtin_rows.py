"""Built-in rows (contract catalogue, seed plan templates) are always present and current."""

import pytest
from django.core.management import call_command

from dienhinh.catalogue import codes
from dienhinh.catalogue.models import AchievementCode, InitiativeLevel, Issuer
from dienhinh.plans import seeds
from dienhinh.plans.models import PlanTemplate


def _counts():
    return (AchievementCode.objects.filter(builtin=True).count(), Issuer.objects.count(),
            InitiativeLevel.objects.count(), PlanTemplate.objects.filter(builtin=True).count())


EXPECTED = (len(codes.ACHIEVEMENT_CODES), len(codes.ISSUERS), len(codes.INITIATIVE_LEVELS), 5)


@pytest.mark.django_db(transaction=True)
def test_flush_of_a_transactional_test_reinstalls_the_builtin_rows():
    call_command("flush", interactive=False, verbosity=0)
    assert _counts() == EXPECTED


@pytest.mark.django_db
def test_migrate_again_repairs_drift_and_changes_nothing_else():
    AchievementCode.objects.filter(code="LDTT").update(name="sai")
    PlanTemplate.objects.filter(template_id=seeds.SEED_IDS[0]).update(text="cũ")
    before = dict(PlanTemplate.objects.values_list("template_id", "updated_at"))
    call_command("migrate", verbosity=0)
    assert AchievementCode.objects.get(code="LDTT").name == "Lao động tiên tiến"
    assert PlanTemplate.objects.get(template_id=seeds.SEED_IDS[0]).text == seeds.seed_text(
        seeds.SEED_IDS[0])
    # a second migrate writes nothing
    after_first = dict(PlanTemplate.objects.values_list("template_id", "updated_at"))
    call_command("migrate", verbosity=0)
    assert dict(PlanTemplate.objects.values_list("template_id", "updated_at")) == after_first
    assert after_first[seeds.SEED_IDS[1]] == before[seeds.SEED_IDS[1]]
    assert _counts() == EXPECTED
