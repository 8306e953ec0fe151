"""The unit picker in a browser: on the person list, the officer types part of a unit's
name without diacritics, picks the suggestion htmx brought, filters, and sees only that
unit's people."""

import pytest
from playwright.sync_api import expect

from dienhinh.orgs import services
from dienhinh.orgs.models import Role

from .conftest import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_pick_a_unit_by_its_name_without_diacritics(page, make_user, tree):
    services.create_person("P010", "Lý Thị Quỳnh", tree["qlcn"], "staff")
    make_user("canbo", Role.UNIT_OFFICER, tree["sct"])
    login(page, "canbo")
    page.wait_for_url(page.base_url + "/")
    page.goto(page.base_url + "/people/")
    assert "Nguyễn Thị Hồng" in page.inner_text("table")
    field = page.locator("#f-unit")
    field.press_sequentially("quan ly cong", delay=30)
    # htmx filled the datalist with the matching unit of the officer's scope.
    expect(page.locator("#f-unit-options option")).to_have_count(1)
    option = page.locator("#f-unit-options option[value='SCT_QLCN']")
    assert "Phòng Quản lý công nghiệp (SCT_QLCN)" in option.inner_text()
    # Pick the suggestion. Headless Chromium draws no native datalist popup that the
    # keyboard could reach, so do what picking does: the option's value (the code)
    # replaces the typed text.
    field.fill(option.get_attribute("value"))
    assert field.input_value() == "SCT_QLCN"
    page.click("button[type=submit]:has-text('Lọc')")
    page.wait_for_url("**/people/?unit=SCT_QLCN*")
    table = page.inner_text("table")
    assert "Trần Văn An" in table and "Lý Thị Quỳnh" in table
    assert "Nguyễn Thị Hồng" not in table and "Đặng Văn Bình" not in table
    assert "Đang chọn: Phòng Quản lý công nghiệp (SCT_QLCN)" in page.inner_text("#f-unit-current")
    assert page.console_errors == []
