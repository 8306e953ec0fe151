"""A unit scores itself and the office verifies, all in the browser (issue 13, item 4).

The ward's officer finds the task on the home page, fills the self-scores, uploads the
required evidence and submits; the standing office finds its task, adjusts one line —
refused without a reason, accepted with one — and sees the ranking."""

import pytest

from dienhinh.scoring import services
from dienhinh.scoring.models import ScoreSheet
from tests.factories.council import PASSWORD
from tests.factories.scoring import PDF, YEAR, scoring_setup

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


def test_unit_scores_itself_and_the_office_verifies(page):
    s = scoring_setup()
    rnd = services.open_round(s["office"], agency=s["town"],
                              scheme_id="nga-nam-gioi-thieu-dien-hinh", year=YEAR,
                              units=[s["p1"], s["p2"]], plan=s["plan"])
    sheet = rnd.sheets.get(unit=s["p1"])

    switch_user(page, "canbo_p1")
    page.locator("li.home-task", has_text="Tự chấm điểm thi đua: UBND Phường 1") \
        .locator("a.task-link").click()
    page.wait_for_url(f"**/scoring/sheets/{sheet.pk}/")
    for criterion, value in (("quarterly_introductions", "40"), ("unit_plan", "20"),
                             ("yearly_report", "18"), ("propagation", "15")):
        page.fill(f'input[name="score_{criterion}"]', value)
    page.click("#save-self")
    page.wait_for_selector("#self-total")
    assert page.inner_text("#self-total").startswith("93 / 100")
    # Submitting without the evidence is refused, naming the criterion.
    page.click("#submit-sheet")
    assert "thiếu minh chứng bắt buộc" in page.content()
    assert "Văn bản giới thiệu gương điển hình" in page.content()
    page.goto(page.base_url + f"/scoring/sheets/{sheet.pk}/")
    for criterion in ("quarterly_introductions", "unit_plan", "yearly_report"):
        row = page.locator(f'tr[data-criterion="{criterion}"]')
        row.locator('input[type="file"]').set_input_files(
            {"name": f"{criterion}.pdf", "mimeType": "application/pdf", "buffer": PDF})
        row.locator("form.evidence-form button").click()
        page.wait_for_selector(f'tr[data-criterion="{criterion}"] a:has-text("{criterion}.pdf")')
    page.click("#submit-sheet")
    page.wait_for_selector("#sheet-status")
    assert page.inner_text("#sheet-status") == "Đã gửi, chờ thẩm định"

    switch_user(page, "noivu")
    page.locator("li.home-task", has_text="Thẩm định bảng điểm: UBND Phường 1") \
        .locator("a.task-link").click()
    page.wait_for_url(f"**/scoring/sheets/{sheet.pk}/")
    page.fill('input[name="score_propagation"]', "10")
    page.click("#verify-sheet")
    body = page.content()
    assert "Tuyên truyền, giới thiệu điển hình" in body and "phải ghi lý do điều chỉnh" in body
    page.goto(page.base_url + f"/scoring/sheets/{sheet.pk}/")
    page.fill('input[name="score_propagation"]', "10")
    page.fill('textarea[name="reason_propagation"]', "Mới có 2 tin bài, chưa có chuyên mục")
    page.click("#verify-sheet")
    page.wait_for_selector("#verified-total")
    assert page.inner_text("#verified-total").startswith("88 / 100")
    assert "Mới có 2 tin bài, chưa có chuyên mục" in page.content()
    page.click(f"text={rnd.name}")
    row = page.locator(f'#ranking tr[data-unit="{s["p1"].pk}"]')
    assert row.locator(".rank").inner_text().startswith("1")
    assert row.locator(".total").inner_text() == "88"
    sheet.refresh_from_db()
    assert sheet.status == ScoreSheet.VERIFIED
    # The two refusals above answer 400 on purpose; nothing else may fail (CSP, scripts).
    assert not [e for e in page.console_errors
                if "favicon" not in e and "status of 400" not in e]
