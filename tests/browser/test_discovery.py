import io

import pytest
from openpyxl import load_workbook

from dienhinh.orgs.models import Role

from ..discovery_helpers import PLAN, YEAR, build
from .conftest import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def seeds(db):
    # A transactional test flushes the tables the data migration filled: put the five
    # seed templates back (idempotent).
    from dienhinh.plans import seeds
    from dienhinh.plans.models import PlanTemplate

    seeds.install(PlanTemplate)


def test_office_discovers_explains_and_exports(page, make_user, tree, tmp_path):
    build(tree)
    make_user("vanphong", role=Role.STANDING_OFFICE, unit=tree["sct"])
    login(page, "vanphong")
    page.wait_for_url(page.base_url + "/")
    page.click("#nav-discovery-menu")  # the "Phát hiện" menu
    page.click("#nav-discovery")
    page.select_option("#id_plan", PLAN)
    page.fill("#id_scope", "SCT")
    page.fill("#id_year", str(YEAR))
    page.click("button:has-text('Xem kết quả')")
    page.wait_for_selector("#discovery-table")
    rows = page.locator("tr.discovery-row")
    assert rows.count() == 5
    summary = page.locator("#discovery-summary").inner_text()
    assert "2 đạt" in summary and "3 gần đạt" in summary
    near = page.locator("tr.discovery-row[data-code='SCT_QLCN']")
    assert "Gần đạt" in near.inner_text() and "kỷ luật" in near.inner_text()
    # The explanation opens below the row (htmx) and closes again.
    hong = page.locator("tr.discovery-row[data-code='P001']")
    hong.locator("button.explain-toggle").click()
    box = page.locator("#explain-2")
    box.locator(".explain-met").first.wait_for()
    assert "căn cứ" in box.inner_text() and "Chờ xác nhận" in box.inner_text()
    page.screenshot(path=str(tmp_path / "discovery.png"), full_page=True)
    hong.locator("button.explain-toggle").click()
    page.wait_for_function("document.getElementById('explain-2').innerHTML.trim() === ''")
    with page.expect_download() as info:
        page.click("#export-xlsx")
    download = info.value
    assert download.suggested_filename == f"phat-hien-{PLAN}-SCT-{YEAR}.xlsx"
    ws = load_workbook(io.BytesIO(open(download.path(), "rb").read())).active
    values = [[c.value for c in row] for row in ws.iter_rows()]
    header = next(i for i, row in enumerate(values) if row[0] == "STT")
    assert {row[1] for row in values[header + 1:]} == {"P001", "SCT_VP", "P002", "P004",
                                                       "SCT_QLCN"}
    assert not [e for e in page.console_errors if "Content Security Policy" in e]


def test_bad_year_is_a_vietnamese_message(page, make_user, tree):
    make_user("vanphong", role=Role.STANDING_OFFICE, unit=tree["sct"])
    login(page, "vanphong")
    page.wait_for_url(page.base_url + "/")
    page.goto(page.base_url + f"/discovery/?plan={PLAN}&scope=SCT&year=2031")
    assert "ngoài giai đoạn" in page.locator("#discovery-error").inner_text()
