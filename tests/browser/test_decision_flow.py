"""After a passed ballot (set up through the council services), the head approves the
list in the browser, the decision gets its number, the standing office generates the
certificates with a progress bar, and the exemplar's reward appears in the ledger."""

import io
import zipfile

import pytest

from dienhinh.council.testing import PASSWORD
from dienhinh.decisions import rules
from dienhinh.decisions.models import Decision
from dienhinh.decisions.testing import passed_setup

from .conftest import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def seeds(db):
    # A transactional test flushes the tables the data migrations filled.
    from dienhinh.plans import seeds
    from dienhinh.plans.models import PlanTemplate

    seeds.install(PlanTemplate)
    rules.install()


def test_head_approves_certificates_are_generated_and_the_ledger_shows_it(page):
    s = passed_setup()
    login(page, "giamdoc", PASSWORD)
    page.wait_for_url(page.base_url + "/")
    page.click("#nav-decisions")
    page.click(f"#approve-meeting-{s['meeting'].pk}")
    assert page.locator("text=Nguyễn Thị Hoa").count() == 1
    page.fill("#id_signed_on", "08/01/2025")
    page.click("#approve-submit")
    page.wait_for_selector("#decision-number")
    assert page.inner_text("#decision-number") == "Quyết định số 1/QĐ-SLĐTBXH"
    assert "2.106.000 đ" in page.inner_text("#decision-total")
    d = Decision.objects.get()
    assert d.status == Decision.ISSUED and d.recognitions.count() == 2

    page.context.clear_cookies()
    login(page, "vanphong", PASSWORD)
    page.wait_for_url(page.base_url + "/")
    page.goto(page.base_url + f"/decisions/{d.pk}/")
    page.click("#certificates-submit")
    page.wait_for_selector("#batch-zip")  # the progress bar reached 100 %
    assert "2/2" in page.inner_text("#progress")
    with page.expect_download() as info:
        page.click("#batch-zip")
    with open(info.value.path(), "rb") as fh:
        names = zipfile.ZipFile(io.BytesIO(fh.read())).namelist()
    assert names == ["001-LC001.pdf", "002-LC_LDVL.pdf"]

    page.goto(page.base_url + "/people/LC001/")
    body = page.inner_text("body")
    assert "1/QĐ-SLĐTBXH" in body
    token = d.recognitions.get(subject__code="LC001").certificate.token
    page.context.clear_cookies()
    page.goto(page.base_url + f"/verify/{token}/")
    assert "Giấy công nhận hợp lệ, còn hiệu lực." in page.inner_text("#verify-status")
    # (the browser's own /favicon.ico request is a 404 the project does not serve)
    assert not [e for e in page.console_errors if "Content Security Policy" in e]
