import datetime as dt

import pytest

from dienhinh.discovery import services, standing
from dienhinh.orgs.models import Role
from dienhinh.plans.services import PlanChoice, get_template

from .discovery_helpers import PLAN, YEAR, build


@pytest.fixture
def ledger(tree):
    return build(tree)


def test_person_and_unit_pages_carry_the_standing_slot(client, make_user, ledger):
    client.force_login(make_user("vanphong", role=Role.STANDING_OFFICE, unit=ledger["sct"]))
    page = client.get("/people/P001/").content.decode()
    assert 'id="plan-standing"' in page and 'hx-get="/discovery/standing/P001/"' in page
    page = client.get("/units/SCT_VP/").content.decode()
    assert 'hx-get="/discovery/standing/SCT_VP/"' in page


def test_standing_against_every_plan_covering_the_year(client, make_user, ledger):
    client.force_login(make_user("vanphong", role=Role.STANDING_OFFICE, unit=ledger["sct"]))
    response = client.get("/discovery/standing/P001/", {"year": YEAR})
    assert response.status_code == 200
    entries = {e["plan"].id: e for e in response.context["entries"]}
    # Every seed covers 2024 (Lào Cai starts in 2022).
    assert len(entries) == 5
    ha_tinh = entries[PLAN]["s"]
    assert ha_tinh["result"].quantitative == "pass" and not ha_tinh["eligible"]
    body = response.content.decode()
    assert "Đạt theo sổ thành tích" in body and "Chờ xác nhận" in body
    assert "Xác nhận tiêu chí chờ xác nhận" in body  # the office may attest
    # Attested: eligibility shows on the standing too.
    t = get_template(PLAN)
    for c in services.pending_criteria(t.profile_by_id["staff"]):
        services.attest(response.wsgi_request.user, ledger["hong"].subject, PLAN, YEAR, c,
                        note="Đạt")
    body = client.get("/discovery/standing/P001/", {"year": YEAR}).content.decode()
    assert "Đủ điều kiện" in body and "Chưa đủ điều kiện" not in body.split(PLAN)[1][:3000]
    # 2021: Lào Cai's plan (2022–2025) does not cover it.
    early = client.get("/discovery/standing/P001/", {"year": 2021}).context["entries"]
    assert "lao-cai-sldtbxh-qpan-2022-2025" not in {e["plan"].id for e in early}


def test_standing_visibility(client, make_user, ledger):
    officer = make_user("canbo", role=Role.UNIT_OFFICER, unit=ledger["vp"])
    client.force_login(officer)
    response = client.get("/discovery/standing/P001/", {"year": YEAR})
    assert response.status_code == 200  # anyone who sees the person sees the standing
    assert "Xác nhận tiêu chí chờ xác nhận" not in response.content.decode()
    assert client.get("/discovery/standing/P002/").status_code == 404  # other division
    assert client.get("/discovery/standing/P003/").status_code == 404


def test_default_year_falls_back_to_the_last_covered_year():
    plans = [PlanChoice("a", "A", 2021, 2025), PlanChoice("b", "B", 2022, 2025)]
    assert standing.default_year(plans, dt.date(2024, 5, 1)) == 2024
    assert standing.default_year(plans, dt.date(2026, 11, 21)) == 2025
    assert standing.default_year([], dt.date(2026, 1, 1)) == 2026
