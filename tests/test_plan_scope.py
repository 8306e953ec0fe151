"""Plans are those of the user's own agencies and of the person's: the discovery plan
picker lists the plans of the user's agencies by number and agency, another agency's
plan answers a Vietnamese message, and a person's page compares only against the plans
that apply to that person."""

import pytest

from dienhinh.orgs.models import Role
from tests.factories.exemplars import adopt, lao_cai

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_agencies(make_user, client):
    lc = lao_cai()
    ht_plan = adopt("ha-tinh-sct-2021-2025", lc["other"], "08/KH-SCT")
    office = make_user("vp_ht", role=Role.STANDING_OFFICE, unit=lc["other"])
    client.force_login(office)
    return {**lc, "ht_plan": ht_plan, "office": office}


def test_the_plan_picker_lists_the_users_agencies_plans_by_number_and_agency(client,
                                                                            two_agencies):
    page = client.get("/discovery/")
    plans = page.context["plans"]
    assert [p.id for p in plans] == ["ha-tinh-sct-2021-2025"]
    html = page.content.decode()
    assert "Kế hoạch số 08/KH-SCT — Sở Công Thương tỉnh Hà Tĩnh" in html
    assert "lao-cai-sldtbxh" not in html  # neither the other plan nor a slug
    # another agency's plan, typed into the address: a Vietnamese message, not a 403
    other = client.get("/discovery/", {"plan": "lao-cai-sldtbxh-qpan-2022-2025",
                                       "scope": "HT_SCT", "year": 2024})
    assert other.status_code == 404
    assert "không phải kế hoạch của cơ quan" in other.context["error"]


def test_a_persons_page_compares_only_against_the_plans_that_apply(client, two_agencies):
    html = client.get("/discovery/standing/HT001/?year=2024").content.decode()
    assert "Kế hoạch số 08/KH-SCT — Sở Công Thương tỉnh Hà Tĩnh" in html
    assert 'data-plan="ha-tinh-sct-2021-2025"' in html
    assert 'data-plan="lao-cai-sldtbxh-qpan-2022-2025"' not in html
    assert 'data-plan="binh-phuoc-sldtbxh-2021-2025"' not in html


def test_the_choices_are_read_in_one_query_with_all_they_show(two_agencies,
                                                              django_assert_num_queries):
    """The choices read only the columns they show (not the plans' template texts): one
    query, and no column read afterwards row by row."""
    from dienhinh import policy
    from dienhinh.orgs.models import Person
    from dienhinh.plans import services as evaluation
    from dienhinh.plans.services import PlanChoice

    office, plan = two_agencies["office"], two_agencies["ht_plan"]
    expected = [PlanChoice(plan.template.template_id, plan.template.name, plan.start_year,
                           plan.end_year, "Kế hoạch số 08/KH-SCT — Sở Công Thương tỉnh Hà Tĩnh")]
    policy.roles(office)  # read once per user object
    with django_assert_num_queries(1):
        assert evaluation.plan_choices_for_user(office) == expected
    person = Person.objects.select_related("unit").get(subject__code="HT001")
    with django_assert_num_queries(1):
        assert evaluation.plan_choices_for(person) == expected
