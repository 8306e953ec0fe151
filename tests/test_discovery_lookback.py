"""Discovery when registration happens: in March of a period's first year the period has
no records yet, so discovery looks back over the years before it (labelled, the number
of years settable, the plan's length by default); recognition keeps the plan's window."""

import datetime as dt

import pytest

from dienhinh.exemplars import rollover, services
from dienhinh.ledger.models import Achievement
from dienhinh.orgs.models import Role
from tests.factories.exemplars import lao_cai

pytestmark = pytest.mark.django_db


def add(person, year, code, kind):
    Achievement.objects.create(subject=person.subject, year=year, kind=kind, code_id=code,
                               decision_no=f"{code}-{year}-{person.subject.code}")


@pytest.fixture
def period(make_user):
    lc = lao_cai()
    office = make_user("vp", role=Role.STANDING_OFFICE, unit=lc["so"])
    officer = make_user("cb", role=Role.UNIT_OFFICER, unit=lc["ldvl"])
    # Hoa: HTXSNV and CSTĐCS in 2024 and 2025, the last two years of the old period.
    for year in (2024, 2025):
        add(lc["hoa"], year, "HTXSNV", "rating")
        add(lc["hoa"], year, "CSTDCS", "title")
    plan, _ = rollover.roll_over(office, lc["plan"], "02/KH-SLĐTBXH", dt.date(2026, 1, 15))
    return {**lc, "office": office, "officer": officer, "new": plan}


def test_in_the_first_year_the_candidates_look_back_over_the_years_before(period, client):
    plan = period["new"]
    basis, at, lookback = services.discovery_basis(plan, 2026)
    assert lookback and at == 2025 and (basis.start, basis.end) == (2021, 2025)
    found = {c.code: c for c in services.discovery_candidates(plan, 2026, period["ldvl"])}
    assert found["LC001"].quantitative == "pass"
    client.force_login(period["officer"])
    panel = client.get(f"/exemplars/plans/{plan.pk}/2026/candidates/?unit=LC_LDVL")
    html = panel.content.decode()
    assert panel.status_code == 200 and "Nguyễn Thị Hoa" in html
    assert "nhìn lại các năm 2021–2025" in html
    # From the second year the period's own records count, nothing is borrowed.
    assert services.discovery_basis(plan, 2027)[2] is False
    assert "LC001" not in {c.code for c in services.discovery_candidates(
        plan, 2027, period["ldvl"])}


def test_recognition_keeps_the_plans_window(period):
    plan = period["new"]
    reg, _ = services.register(period["officer"], plan, 2026, period["ldvl"],
                               period["hoa"].subject, on=dt.date(2026, 3, 1))
    assert reg.plan == plan
    nom = services.create_nomination(period["officer"], plan, 2026, period["ldvl"],
                                     period["hoa"].subject, "agency")
    # judged on 2026 alone (the plan's window): the 2024–2025 records do not count
    assert nom.snapshot["result"]["quantitative"] == "fail"


def test_the_discovery_screen_looks_back_when_asked_for_a_year_before_the_period(period,
                                                                                client):
    client.force_login(period["office"])
    base = {"plan": "lao-cai-sldtbxh-qpan-2026-2030", "scope": "LC_SLD", "show": "pass"}
    page = client.get("/discovery/", {**base, "year": 2025})
    assert page.status_code == 200
    html = page.content.decode()
    assert "Nhìn lại các năm 2021–2025, trước giai đoạn 2026–2030" in html
    assert [r.code for r in page.context["rows"]] == ["LC001"]
    # two years only: 2024–2025, Hoa still passes (two consecutive CSTĐCS)
    page = client.get("/discovery/", {**base, "year": 2025, "lookback": 2})
    assert "Nhìn lại các năm 2024–2025" in page.content.decode()
    assert [r.code for r in page.context["rows"]] == ["LC001"]
    # one year: the two consecutive CSTĐCS cannot be seen, nobody passes
    page = client.get("/discovery/", {**base, "year": 2025, "lookback": 1})
    assert page.context["rows"] == []
    # the explanation follows the same look-back
    explain = client.get("/discovery/lao-cai-sldtbxh-qpan-2026-2030/2025/LC001/explain/"
                         "?lookback=2")
    assert explain.status_code == 200 and "Chiến sĩ thi đua cơ sở" in explain.content.decode()
    assert client.get("/discovery/lao-cai-sldtbxh-qpan-2026-2030/2031/LC001/explain/"
                      ).status_code == 404
    # after the period: a clear message, not a look-back
    page = client.get("/discovery/", {**base, "year": 2031})
    assert page.status_code == 400 and "ngoài giai đoạn 2026–2030" in page.context["error"]
