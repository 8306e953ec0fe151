"""A good model spreads, in the browser (issue 12, items 4–5, "Shown by"): the
division's officer picks its unit with the picker and registers the adoption, records
progress; the standing office sees it on the model's page and the dashboard, is told on
the home page of the pledge due for review and reviews it, and downloads the invitation
of the conference as DOCX."""

import datetime as dt
import io

import pytest
from docx import Document

from dienhinh.replication import services
from dienhinh.replication.models import Adoption, Pledge
from tests.factories.council import PASSWORD
from tests.factories.replication import replication_setup

from .conftest import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def seeds(db):
    # A transactional test flushes the tables the data migrations filled.
    from dienhinh.plans import seeds
    from dienhinh.plans.models import PlanTemplate

    seeds.install(PlanTemplate)


def switch_user(page, username):
    page.context.clear_cookies()
    login(page, username, PASSWORD)
    page.wait_for_url(page.base_url + "/")


def test_an_adoption_reaches_the_model_page_and_the_pledge_is_reviewed(page):
    s = replication_setup()
    pledge = services.create_pledge(
        s["office"], person=s["mai"], exemplar=s["hoa"].subject,
        content="Học tập cách tư vấn việc làm", pledged_on=dt.date(2025, 4, 1),
        review_due=dt.date(2025, 12, 31))
    conf = services.create_conference(
        s["office"], agency=s["so"], kind="mid_term", title="Hội nghị sơ kết",
        held_on=dt.date(2025, 5, 15), venue="Hội trường Sở", number="25/GM-SLĐTBXH",
        place="Lào Cai", signer_title="GIÁM ĐỐC", signer_name="Vũ Văn Thắng")
    services.add_honouree(conf, s["office"], conf.version, subject=s["hoa"].subject)

    switch_user(page, "canbo_btxh")
    page.click("#nav-replication")
    page.click("#replication-tabs >> text=Mô hình hay")
    page.click("#model-table >> text=Một cửa việc làm")
    page.click("#adopt-link")
    picker = page.locator("#id_unit")
    picker.fill("bao tro")  # without diacritics: the picker finds the division
    page.wait_for_selector("#id_unit-options option", state="attached")
    picker.fill(page.locator("#id_unit-options option").first.get_attribute("value"))
    page.fill("#id_target", "Tư vấn việc làm tại một đầu mối")
    page.fill("#id_target_value", "120")
    page.fill("#id_started_on", "01/04/2025")
    page.click("#form-submit")
    page.wait_for_selector("#progress-form")
    adoption = Adoption.objects.get(unit=s["btxh"])
    page.fill("#progress-form input[name=on]", "02/05/2025")
    page.fill("#progress-form input[name=note]", "Bố trí một đầu mối")
    page.fill("#progress-form input[name=percent]", "40")
    page.click("#progress-form button[type=submit]")
    page.wait_for_selector("#progress-table >> text=Bố trí một đầu mối")
    assert page.inner_text("#adoption-status") == "Đang triển khai"

    switch_user(page, "vanphong")
    task = page.locator("li.home-task", has_text="Phạm Thị Mai")
    task.locator("a").first.click()
    page.wait_for_url(f"**/replication/pledges/{pledge.pk}/")
    page.select_option("#review-form select[name=outcome]", "achieved")
    page.fill("#review-form input[name=reviewed_on]", "31/12/2025")
    page.click("#review-form button[type=submit]")
    page.wait_for_selector("#pledge-status >> text=Hoàn thành")
    assert Pledge.objects.get().status == "reviewed"

    page.goto(page.base_url + f"/replication/models/{s['model'].pk}/")
    row = page.locator("#spread-table tr.spread-row")
    assert "Phòng Bảo trợ xã hội" in row.inner_text()
    assert "02/05/2025 — 40%" in row.inner_text()
    page.goto(page.base_url + "/replication/")
    assert "Một cửa việc làm" in page.inner_text("#spread-summary")

    page.goto(page.base_url + f"/replication/conferences/{conf.pk}/")
    with page.expect_download() as download:
        page.click("#invitation-docx")
    doc = Document(io.BytesIO(open(download.value.path(), "rb").read()))
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "GIẤY MỜI" in text and "Nguyễn Thị Hoa" in text
    assert adoption.progress.count() == 1
    assert page.console_errors == []
