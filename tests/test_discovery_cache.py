"""Discovery's results are evaluated once and reused across pages and exports, and a
cached result is replaced after a change to the ledger, the people or the template."""

import pytest
from django.core.cache import cache

from dienhinh.discovery import cache as discovery_cache
from dienhinh.ledger import state
from dienhinh.orgs.models import Role
from dienhinh.plans import services as evaluation
from dienhinh.plans.models import PlanTemplate

from .discovery_helpers import PLAN, YEAR, add, build

# Results are cached only outside a transaction (see ledger.state.cacheable), as the
# web requests run: these tests commit like them.
pytestmark = pytest.mark.django_db(transaction=True)
URL = "/discovery/"


@pytest.fixture
def ledger(tree):
    cache.clear()
    return build(tree)


@pytest.fixture
def office(client, make_user, ledger):
    client.force_login(make_user("vanphong", role=Role.STANDING_OFFICE, unit=ledger["sct"]))
    return client


@pytest.fixture
def evaluations(monkeypatch):
    """Counts the engine's evaluations behind the cache."""
    calls = []
    real = evaluation.evaluate_scope

    def counting(template, scope, year):
        calls.append((template.id, scope.pk, year))
        return real(template, scope, year)

    monkeypatch.setattr(evaluation, "evaluate_scope", counting)
    return calls


def passes(response):
    return {r.code for r in response.context["page"].object_list if r.quantitative == "pass"}


PARAMS = {"plan": PLAN, "scope": "SCT", "year": YEAR}


def test_pages_and_export_reuse_one_evaluation(office, evaluations):
    office.get(URL, PARAMS)
    office.get(URL, {**PARAMS, "page": 2})
    office.get(URL, {**PARAMS, "show": "pass"})
    response = office.get("/discovery/export.xlsx", PARAMS)
    assert response.status_code == 200
    assert len(evaluations) == 1


def test_a_ledger_change_replaces_the_cached_result(office, ledger, evaluations):
    before = passes(office.get(URL, PARAMS))
    assert "P004" not in before
    # P004 lacked one Bằng khen UBND tỉnh: the record makes them pass.
    version = state.version()
    add(ledger["cuc"], 2023, "BANG_KHEN", "commendation", "UBND_TINH")
    assert state.version() > version
    after = passes(office.get(URL, PARAMS))
    assert "P004" in after
    assert len(evaluations) == 2


def test_a_deleted_record_and_a_moved_person_replace_it_too(office, ledger, evaluations):
    assert "P001" in passes(office.get(URL, PARAMS))
    ledger["hong"].subject.achievements.filter(year=2023).delete()
    assert "P001" not in passes(office.get(URL, PARAMS))
    # A bulk update (no signals, as imports do) raises the version as well.
    from dienhinh.ledger.models import Achievement
    version = state.version()
    Achievement.objects.filter(subject=ledger["hong"].subject).update(decision_no="X")
    assert state.version() > version
    office.get(URL, PARAMS)
    assert len(evaluations) == 3


def test_a_template_change_replaces_the_cached_result(office, evaluations):
    office.get(URL, PARAMS)
    row = PlanTemplate.objects.get(template_id=PLAN)
    key_before = discovery_cache.key(PLAN, _scope(), YEAR)
    row.text = row.text + "\n# sửa mẫu\n"
    row.save()
    assert discovery_cache.key(PLAN, _scope(), YEAR) != key_before
    office.get(URL, PARAMS)
    assert len(evaluations) == 2


def _scope():
    from dienhinh.orgs.models import Unit
    return Unit.objects.get(subject__code="SCT")


def test_nothing_is_cached_inside_a_transaction(office, evaluations):
    from django.db import transaction

    with transaction.atomic():
        office.get(URL, PARAMS)
        office.get(URL, PARAMS)
    assert len(evaluations) == 2
