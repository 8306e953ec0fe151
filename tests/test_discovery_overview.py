"""Discovery overview across plans (/discovery/overview/): counts per plan, one ledger
read for all of them, permissions and bad input."""

import datetime as dt
from unittest import mock
from urllib.parse import parse_qs, urlsplit

import pytest

from dienhinh.discovery import services
from dienhinh.discovery.overview import default_year
from dienhinh.orgs.models import Role
from dienhinh.plans import services as engine
from dienhinh.plans import services as plan_services

from .discovery_helpers import PLAN, YEAR, build

URL = "/discovery/overview/"


@pytest.fixture
def ledger(tree):
    return build(tree)


@pytest.fixture
def reviewer(make_user, ledger):
    return make_user("vanphong", role=Role.STANDING_OFFICE, unit=ledger["sct"])


@pytest.fixture
def office(client, reviewer):
    client.force_login(reviewer)
    return client


def attest_all(reviewer, person):
    template = engine.get_template(PLAN)
    result = engine.explain_subject(template, person.subject, YEAR)
    for criterion in services.pending_criteria(template.profile_by_id[result.profile]):
        services.attest(reviewer, person.subject, PLAN, YEAR, criterion, note="Tốt")


def lines_by_plan(response):
    return {line.plan.id: line for line in response.context["lines"]}


def test_counts_match_evaluate_scope_for_every_plan(office, reviewer, ledger):
    attest_all(reviewer, ledger["hong"])  # P001 passes: now eligible too
    response = office.get(URL, {"scope": "SCT", "year": YEAR})
    assert response.status_code == 200
    lines = lines_by_plan(response)
    choices = engine.plan_choices()
    assert len(choices) == 5 and set(lines) == {p.id for p in choices}
    scope = ledger["sct"]
    for choice in choices:
        line = lines[choice.id]
        assert line.in_period  # every seed plan covers 2024
        results = plan_services.evaluate_scope(choice.id, scope, YEAR)
        assert line.evaluated == len(results)
        assert line.passes == sum(r.quantitative == "pass" for r in results)
        assert line.near == sum(r.near_miss for r in results)
    ha_tinh = lines[PLAN]
    assert (ha_tinh.evaluated, ha_tinh.passes, ha_tinh.near, ha_tinh.eligible) == (7, 2, 3, 1)
    # Each count links to the discovery screen filtered the same way, with as many rows.
    for show, count in (("all", ha_tinh.evaluated), ("pass", ha_tinh.passes),
                        ("near", ha_tinh.near), ("eligible", ha_tinh.eligible)):
        url = ha_tinh.urls[show]
        query = parse_qs(urlsplit(url).query)
        assert query == {"plan": [PLAN], "scope": ["SCT"], "year": [str(YEAR)], "show": [show]}
        listed = office.get(url)
        assert listed.status_code == 200 and listed.context["total"] == count
    body = response.content.decode()
    assert "Tổng quan phát hiện điển hình" in body and ha_tinh.urls["near"].replace(
        "&", "&amp;") in body


def test_all_plans_are_evaluated_with_one_ledger_read(office):
    real = plan_services.load_store
    with mock.patch.object(plan_services, "load_store", wraps=real) as spy:
        response = office.get(URL, {"scope": "SCT", "year": YEAR})
    assert response.status_code == 200
    assert spy.call_count == 1
    pairs = spy.call_args.args[0]
    assert sorted(t.id for t, _year in pairs) == sorted(p.id for p in engine.plan_choices())
    assert lines_by_plan(response)[PLAN].passes == 2  # the spied read really ran


def test_plan_outside_its_period_is_listed_not_evaluated(office):
    with mock.patch.object(plan_services, "load_store", wraps=plan_services.load_store) as spy:
        response = office.get(URL, {"scope": "SCT", "year": 2021})
    assert response.status_code == 200
    outside = [line for line in response.context["lines"] if not line.in_period]
    assert outside and all(line.plan.start > 2021 for line in outside)
    assert {line.plan.id for line in outside}.isdisjoint(
        t.id for t, _year in spy.call_args.args[0])
    assert "ngoài giai đoạn" in response.content.decode()
    # A year no plan covers: every plan listed, nothing read.
    with mock.patch.object(plan_services, "load_store", wraps=plan_services.load_store) as spy:
        response = office.get(URL, {"scope": "SCT", "year": 2030})
    assert response.status_code == 200 and spy.call_count == 0
    assert not any(line.in_period for line in response.context["lines"])


def test_defaults_scope_and_year(office):
    response = office.get(URL)
    assert response.status_code == 200
    assert response.context["scope"].code == "SCT"
    assert response.context["year"] == default_year(engine.plan_choices())
    assert default_year(engine.plan_choices(), dt.date(2026, 3, 1)) == 2025
    assert default_year(engine.plan_choices(), dt.date(2019, 3, 1)) == 2021
    assert default_year(engine.plan_choices(), dt.date(2023, 3, 1)) == 2023


def test_bad_input(office):
    response = office.get(URL, {"scope": "SCT", "year": "hai-nghin"})
    assert response.status_code == 400
    assert "Năm phải là số" in response.content.decode()
    response = office.get(URL, {"scope": "SCT", "year": 1800})
    assert response.status_code == 400
    assert "Năm không hợp lệ" in response.context["error"]
    response = office.get(URL, {"scope": "KHONG_CO", "year": YEAR})
    assert response.status_code == 404
    assert "Không tìm thấy đơn vị" in response.context["error"]


def test_permissions(client, make_user, ledger):
    client.force_login(make_user("canbo", role=Role.UNIT_OFFICER, unit=ledger["sct"]))
    assert client.get(URL, {"scope": "SCT", "year": YEAR}).status_code == 403
    client.logout()
    client.force_login(make_user("snv", role=Role.STANDING_OFFICE, unit=ledger["other"]))
    response = client.get(URL, {"scope": "SCT", "year": YEAR})
    assert response.status_code == 404  # SCT is outside this office's scope
    assert "Không tìm thấy đơn vị" in response.content.decode()
    assert client.get(URL, {"scope": "SNV", "year": YEAR}).status_code == 200
    client.logout()
    client.force_login(make_user("giamdoc", role=Role.HEAD, unit=ledger["sct"]))
    assert client.get(URL, {"scope": "SCT", "year": YEAR}).status_code == 200
    client.logout()
    assert client.get(URL).status_code == 302  # to the login page


def test_linked_from_discovery_navigation_and_home(office):
    body = office.get("/discovery/", {"plan": PLAN, "scope": "SCT", "year": YEAR}).content.decode()
    assert f'href="{URL}?scope=SCT&amp;year={YEAR}"' in body
    assert 'id="nav-discovery-overview"' in body
    home = office.get("/").content.decode()
    assert f'href="{URL}"' in home and "Tổng quan phát hiện điển hình" in home
