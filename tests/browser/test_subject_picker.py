"""The subject picker in a browser: on the registration screen the officer changes the
unit, types part of a person's name without diacritics, gets only that unit's people
(the unit picker's code travels with the request), picks one and registers her."""

import pytest
from playwright.sync_api import expect

from dienhinh.exemplars.models import Registration
from dienhinh.orgs.models import Role
from tests.factories.exemplars import lao_cai

from .conftest import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def seeds(db):
    # A transactional test flushes the tables the data migration filled.
    from dienhinh.plans import seeds
    from dienhinh.plans.models import PlanTemplate

    seeds.install(PlanTemplate)


def test_pick_a_person_of_the_chosen_unit(page, make_user, settings):
    settings.EXEMPLARS_TODAY = "2024-01-15"
    lc = lao_cai()
    make_user("canbo", role=Role.UNIT_OFFICER, unit=lc["so"])
    login(page, "canbo")
    page.wait_for_url(page.base_url + "/")
    page.goto(page.base_url + f"/exemplars/plans/{lc['plan'].pk}/2024/registrations/")
    page.fill("#id_unit", "LC_BTXH")
    field = page.locator("#id_subject")
    field.press_sequentially("thi", delay=30)
    # Only the people of the unit the unit picker holds: Mai, not Hoa (LC_LDVL).
    expect(page.locator("#id_subject-options option")).to_have_count(1)
    option = page.locator("#id_subject-options option[value='LC003']")
    assert "Phạm Thị Mai (LC003) · Phòng Bảo trợ xã hội" in option.inner_text()
    page.fill("#id_unit", "LC_LDVL")
    field.fill("")
    field.press_sequentially("nguyen", delay=30)
    expect(page.locator("#id_subject-options option[value='LC001']")).to_have_count(1)
    expect(page.locator("#id_subject-options option")).to_have_count(1)
    # Headless Chromium draws no datalist popup: picking puts the option's value in.
    field.fill(page.locator("#id_subject-options option").get_attribute("value"))
    page.click("#register-submit")
    page.wait_for_selector("tr.registration-row[data-code='LC001']")
    assert Registration.objects.get().unit.code == "LC_LDVL"
    assert page.console_errors == []
