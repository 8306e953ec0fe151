"""Irreversible acts are confirmed and previewed, in the browser.

The standing office closes a ballot while one member has not voted: the screen says so
(by count) and asks again; nothing is closed until the office confirms. The head then
drafts the decision, reads its preview — the number it will take, the signing date, the
total bonus and the document's text, marked as a draft — and signs it."""

import pytest

from dienhinh.council import services as council
from dienhinh.council.models import Ballot
from dienhinh.decisions import rules
from dienhinh.decisions.models import Decision
from dienhinh.orgs.models import Role
from tests.factories.council import PASSPHRASE, PASSWORD, council_setup, user

from .conftest import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def seeds(db):
    # A transactional test flushes the tables the data migrations filled.
    from dienhinh.plans import seeds
    from dienhinh.plans.models import PlanTemplate

    seeds.install(PlanTemplate)
    rules.install()


def switch_user(page, username):
    page.context.clear_cookies()
    login(page, username, PASSWORD)
    page.wait_for_url(page.base_url + "/")


def test_close_asks_again_then_the_head_previews_and_issues(page):
    s = council_setup(members=5)
    meeting = s["meeting"]
    council.add_item(s["office"], meeting, s["noms"]["hoa"])
    meeting.refresh_from_db()
    meeting = council.set_attendance(s["office"], meeting, meeting.version, s["members"])
    ballot = council.open_ballot(s["office"], meeting, meeting.version, Ballot.ELECTRONIC,
                                 PASSPHRASE)
    for seat in s["members"][:4]:  # tv5 has not voted
        council.cast_votes(seat.user, ballot, {i.pk: "yes" for i in
                                               council.voter_items(ballot, seat)})
    user("giamdoc", Role.HEAD, s["so"])

    # 1. Closing with a member missing: told how many, asked again, nothing closed.
    login(page, "vanphong", PASSWORD)
    page.goto(page.base_url + f"/council/meetings/{meeting.pk}/")
    assert "1 thành viên chưa bỏ phiếu" in page.inner_text("#not-voted")
    page.fill("#id_close_passphrase", PASSPHRASE)
    page.click("#close-ballot")
    page.wait_for_selector("#close-warning")
    assert "Còn 1 thành viên chưa bỏ phiếu" in page.inner_text("#close-warning")
    assert Ballot.objects.get().status == Ballot.OPEN
    # The passphrase is asked again, not carried in the page.
    assert page.input_value("#id_close_passphrase") == ""
    page.fill("#id_close_passphrase", PASSPHRASE)
    page.check("#id_confirm")
    page.click("#close-confirm")
    page.wait_for_selector("td.result")
    assert "Đạt" in page.inner_text("td.result")
    assert Ballot.objects.get().status == Ballot.CLOSED

    # 2. The head drafts, previews (number, date, total, text) and only then signs.
    switch_user(page, "giamdoc")
    page.goto(page.base_url + f"/decisions/new/{meeting.pk}/")
    page.fill("#id_signed_on", "08/01/2025")
    page.click("#approve-submit")
    page.wait_for_selector("#preview-number")
    d = Decision.objects.get()
    assert d.status == Decision.DRAFT and d.number == ""
    assert page.inner_text("#preview-number") == "01/QĐ-SLĐTBXH"
    assert page.inner_text("#preview-date") == "08/01/2025"
    total = page.inner_text("#preview-total")
    assert total.endswith(" đ") and total != "0 đ"
    text = page.inner_text("#preview-text")
    assert "DỰ THẢO" in text and "Nguyễn Thị Hoa" in text
    # The draft's text leaves the number blank (the layout's draft): the symbol only.
    assert "/QĐ-SLĐTBXH" in text and "01/QĐ-SLĐTBXH" not in text
    # The draft's own page reads as a draft, with the total computed already.
    page.goto(page.base_url + f"/decisions/{d.pk}/")
    assert page.inner_text("#decision-status") == "Dự thảo"
    assert "Còn hiệu lực" not in page.inner_text("#recognition-table")
    assert page.inner_text("#decision-total").startswith(total)
    page.fill("#issue-form input[name=signed_on]", "08/01/2025")
    page.click("#issue-submit")
    page.wait_for_selector("#issue-confirm")
    page.check("#id_confirm")
    page.click("#issue-confirm")
    page.wait_for_selector("#decision-number")
    assert page.inner_text("#decision-number") == "Quyết định số 01/QĐ-SLĐTBXH"
    assert page.inner_text("#decision-total") == total
    d.refresh_from_db()
    assert d.status == Decision.ISSUED and d.signed_on.isoformat() == "2025-01-08"
    assert page.console_errors == []
