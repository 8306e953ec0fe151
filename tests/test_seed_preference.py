"""Khánh Hòa's "(ưu tiên những cá nhân được công nhận danh hiệu cao hơn)" orders the
candidates who pass: a higher title first. It changes no verdict (mục II.2.b)."""

import pytest

from dienhinh.discovery.views import build_rows
from dienhinh.exemplars import services as exemplars
from dienhinh.ledger.models import Achievement
from dienhinh.orgs import services as orgs
from dienhinh.plans import preference
from dienhinh.plans import services as plans
from tests.factories.exemplars import adopt

pytestmark = pytest.mark.django_db
PLAN = "khanh-hoa-stnmt-2021-2025"


def add(person, year, code, kind, level=""):
    Achievement.objects.create(subject=person.subject, year=year, kind=kind, code_id=code,
                               level=level, decision_no=f"{code}-{year}-{person.code}")


@pytest.fixture
def staff():
    so = orgs.create_unit("KH_S", "Sở Tài nguyên và Môi trường", "agency")
    div = orgs.create_unit("KH_D", "Phòng Quản lý đất đai", "division", so)
    # Alphabetical order (given name first) would be An, Bình, Cường.
    an = orgs.create_person("KH1", "Nguyễn Văn An", div, "staff")
    binh = orgs.create_person("KH2", "Trần Thị Bình", div, "staff")
    cuong = orgs.create_person("KH3", "Lê Văn Cường", div, "staff")
    titles = {an: "CSTDCS", binh: "CSTD_TQ", cuong: "CSTD_TINH"}
    for person, title in titles.items():
        add(person, 2021, "SANG_KIEN", "initiative", level="co_so")
        for year in (2021, 2022):
            add(person, year, "HTXSNV", "rating")
            add(person, year, "CSTDCS", "title")
        if title != "CSTDCS":
            add(person, 2022, title, "title")
    return so, [an, binh, cuong]


def test_higher_title_comes_first_on_discovery_and_registration(staff):
    so, (an, binh, cuong) = staff
    template = plans.get_template(PLAN)
    results = plans.evaluate_scope(template, so, 2022)
    assert {r.subject: r.quantitative for r in results if r.subject_type == "individual"} \
        == {"KH1": "pass", "KH2": "pass", "KH3": "pass"}
    assert preference.ranks(template, [("KH1", "staff"), ("KH2", "staff"), ("KH3", "staff"),
                                       ("KH_D", "collective")], 2022) == {
        "KH1": 2, "KH2": 0, "KH3": 1}
    rows = [r.code for r in build_rows(template, PLAN, so, 2022, "pass")
            if r.type == "individual"]
    assert rows == ["KH2", "KH3", "KH1"]
    plan = adopt(PLAN, so)
    found = [c.code for c in exemplars.discovery_candidates(plan, 2022, so)
             if c.type == "individual"]
    assert found == ["KH2", "KH3", "KH1"]


def test_a_title_after_the_year_does_not_count(staff):
    so, (an, binh, cuong) = staff
    add(an, 2024, "CSTD_TQ", "title")
    template = plans.get_template(PLAN)
    assert preference.ranks(template, [("KH1", "staff")], 2022) == {"KH1": 2}
    assert preference.ranks(template, [("KH1", "staff")], 2024) == {"KH1": 0}


def test_prefer_names_known_codes():
    from dienhinh.criteria.template import validate_template
    from dienhinh.plans import seeds

    text = seeds.seed_text(PLAN).replace("order: [CSTD_TQ, CSTD_TINH, CSTDCS]",
                                         "order: [CSTD_TQ, KHONG_CO]")
    errors = validate_template(text)
    # the leader's and the staff's profiles share the order (a YAML anchor)
    assert [e.path for e in errors] == ["$.profiles[1].prefer.order",
                                        "$.profiles[2].prefer.order"]
    assert "KHONG_CO" in errors[0].reason
