import pytest

from dienhinh.orgs.models import Role

from ..discovery_helpers import PLAN, YEAR, build
from .conftest import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def seeds(db):
    # A transactional test flushes the seed templates: put them back (idempotent).
    from dienhinh.plans import seeds
    from dienhinh.plans.models import PlanTemplate

    seeds.install(PlanTemplate)


def test_office_opens_overview_and_follows_near_misses(page, make_user, tree, tmp_path):
    build(tree)
    make_user("vanphong", role=Role.STANDING_OFFICE, unit=tree["sct"])
    login(page, "vanphong")
    page.wait_for_url(page.base_url + "/")
    page.click("#nav-discovery-menu")  # the "Phát hiện" menu opens
    page.click("#nav-discovery-overview")
    page.wait_for_selector("#overview-table")
    assert page.locator("h1").inner_text() == "Tổng quan phát hiện điển hình"
    assert page.input_value("#id_scope") == "SCT"  # the office's own agency by default
    page.fill("#id_year", str(YEAR))
    page.click("button:has-text('Xem tổng quan')")
    page.wait_for_url(f"**/discovery/overview/?scope=SCT&year={YEAR}")
    rows = page.locator("tr.overview-row")
    assert rows.count() == 5
    for i in range(5):
        assert rows.nth(i).locator("a.count-all").inner_text() == "7"
    ha_tinh = page.locator(f"tr.overview-row[data-plan='{PLAN}']")
    assert "2021–2025" in ha_tinh.inner_text()
    assert ha_tinh.locator("a.count-pass").inner_text() == "2"
    assert ha_tinh.locator("a.count-eligible").inner_text() == "0"
    near = ha_tinh.locator("a.count-near")
    assert near.inner_text() == "3"
    page.screenshot(path=str(tmp_path / "overview.png"), full_page=True)
    near.click()
    page.wait_for_selector("#discovery-table")
    assert page.input_value("#id_plan") == PLAN
    assert page.input_value("#id_show") == "near"
    assert page.locator("tr.discovery-row").count() == 3
    codes = {page.locator("tr.discovery-row").nth(i).get_attribute("data-code")
             for i in range(3)}
    assert codes == {"P002", "P004", "SCT_QLCN"}
    assert "3 gần đạt" in page.locator("#discovery-summary").inner_text()
    # And back: the discovery screen links to the overview with the same scope and year.
    page.click("#to-overview")
    page.wait_for_selector("#overview-table")
    assert page.input_value("#id_year") == str(YEAR)
    assert not [e for e in page.console_errors if "Content Security Policy" in e]
