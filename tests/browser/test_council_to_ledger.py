"""From the council meeting to the ledger, all in the browser.

The standing office sets up a meeting on the agency's plan (the rule comes from the
plan), puts an accepted nomination on the agenda, records attendance and opens an
electronic secret ballot; four members vote, each on their own phone-sized browser;
the fifth, the nominee herself, is recused; the item passes, the minutes are
generated and a receipt checks out publicly. The head approves the list, the decision
gets its number and its DOCX; the standing office generates the certificates with the
batch progress; the exemplar's page shows the recognition in her timeline and the
certificate's public page says it is valid."""

import io
import zipfile

import pytest
from docx import Document

from dienhinh.council.models import Ballot, BallotParticipation, Meeting, Recusal, SealedVote
from dienhinh.decisions import rules
from dienhinh.decisions.models import Decision
from dienhinh.orgs.models import Role
from tests.factories.council import (
    COUNCIL_RULE_SOURCE,
    PASSPHRASE,
    PASSWORD,
    council_setup,
    user,
)

from .conftest import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def seeds(db):
    # A transactional test flushes the tables the data migrations filled.
    from dienhinh.plans import seeds
    from dienhinh.plans.models import PlanTemplate

    seeds.install(PlanTemplate)
    rules.install()


def phone(browser, live_server, username):
    context = browser.new_context(locale="vi-VN", viewport={"width": 390, "height": 844},
                                  is_mobile=True, has_touch=True)
    page = context.new_page()
    page.set_default_timeout(15000)
    page.base_url = live_server.url
    login(page, username, PASSWORD)
    page.wait_for_url(page.base_url + "/")
    return page


def switch_user(page, username):
    page.context.clear_cookies()
    login(page, username, PASSWORD)
    page.wait_for_url(page.base_url + "/")


def test_council_vote_to_decision_certificates_and_ledger(page, browser, live_server,
                                                          tmp_path):
    s = council_setup(members=5)
    s["meeting"].delete()  # the meeting is set up on the screen below
    seat = s["members"][4]
    seat.person = s["hoa"]  # the fifth member is the nominee: she does not vote
    seat.save()
    user("giamdoc", Role.HEAD, s["so"])
    nomination = s["noms"]["hoa"]

    # 1. The standing office sets up the meeting on the plan and prepares the ballot.
    login(page, "vanphong", PASSWORD)
    page.wait_for_url(page.base_url + "/")
    page.click("#nav-council")
    page.click(f"text={s['council'].name}")
    page.select_option("#id_plan", str(s["plan"].pk))
    page.fill("#id_title", "Họp xét công nhận điển hình tiên tiến năm 2024")
    page.fill("#id_held_on", "06/01/2025")
    page.fill("#id_place", "Lào Cai")
    page.select_option("#id_level", "agency")
    page.click("#meeting-submit")
    page.wait_for_selector("#meeting-plan")
    meeting = Meeting.objects.get()
    assert meeting.plan == s["plan"]
    assert "Trên 1/2 tổng số thành viên Hội đồng" in page.inner_text("#rule")
    assert COUNCIL_RULE_SOURCE in page.inner_text("#rule-source")
    page.select_option("#id_nomination", str(nomination.pk))
    page.click("#add-item-submit")
    page.wait_for_selector("tr.agenda-row[data-code='LC001']")
    assert "Tự động" in page.locator("tr.agenda-row .recusals").inner_text()
    for box in page.locator("#attendance-form input[type=checkbox]").all():
        box.check()
    page.click("#attendance-submit")
    page.wait_for_selector("text=Đủ điều kiện mở bỏ phiếu.")
    page.select_option("#id_mode", "electronic")
    # The tellers set their passphrase; only the public key it gives is stored.
    page.fill("#id_passphrase", PASSPHRASE)
    page.fill("#id_passphrase_again", PASSPHRASE)
    page.click("#open-ballot")
    page.wait_for_selector("#meeting-status >> text=Đang bỏ phiếu")
    assert Recusal.objects.filter(member=seat, kind="auto").count() == 1

    # 2. Four members vote on their phones; the recused fifth has nothing to vote on.
    receipts = []
    for n, choice in ((1, "yes"), (2, "yes"), (3, "yes"), (4, "no")):
        member_page = phone(browser, live_server, f"tv{n}")
        member_page.goto(live_server.url + "/council/")
        member_page.click(".vote-link")
        member_page.wait_for_selector("#vote-form")
        member_page.click(f"label[for$='-{choice}']")
        member_page.click("#vote-submit")
        receipts.append(member_page.locator("#receipt-code").inner_text().strip())
        member_page.context.close()
    recused_page = phone(browser, live_server, "tv5")
    recused_page.goto(live_server.url + f"/council/meetings/{meeting.pk}/vote/")
    assert recused_page.locator("#vote-form").count() == 0
    assert "Nguyễn Thị Hoa" in recused_page.locator("#my-recusals").inner_text()
    recused_page.context.close()
    # Four participations and four sealed boxes, nothing in the clear.
    assert BallotParticipation.objects.count() == 4 and SealedVote.objects.count() == 4

    # 3. The meeting page shows turnout only; the office closes, counts, gets the minutes.
    page.reload()
    assert page.locator(".turnout").inner_text() == "4"
    assert page.locator("td.result").count() == 0
    page.fill("#id_close_passphrase", PASSPHRASE)
    page.click("#close-ballot")
    page.wait_for_selector("td.result")
    assert not SealedVote.objects.exists()
    assert "Đạt" in page.locator("td.result").inner_text()  # 3 of 5 > 1/2
    ballot = Ballot.objects.get()
    assert ballot.status == "closed"
    assert ballot.tally_hash in page.locator("#tally-hash").inner_text()
    with page.expect_download() as info:
        page.click("#minutes-link")
    doc = Document(io.BytesIO(info.value.path().read_bytes()))
    text = "\n".join(p.text for p in doc.paragraphs)
    cells = "\n".join(c.text for t in doc.tables for r in t.rows for c in r.cells)
    assert "BIÊN BẢN KIỂM PHIẾU" in text and ballot.tally_hash in text
    assert "Tổng số thành viên Hội đồng: 5; có mặt: 5; vắng mặt: 0." in text
    assert f"(căn cứ: {COUNCIL_RULE_SOURCE})" in text
    assert "Nguyễn Thị Hoa" in cells and "3 (60,00%)" in cells
    page.goto(live_server.url + "/public/ballots/verify/")
    page.fill("#id_code", receipts[0])
    page.click("#verify-submit")
    assert "phiếu đã được kiểm" in page.locator("#verify-result").inner_text()

    # 4. The head approves the list: the decision gets its number and its DOCX.
    switch_user(page, "giamdoc")
    page.click("#nav-decisions")
    page.click(f"#approve-meeting-{meeting.pk}")
    assert page.locator("text=Nguyễn Thị Hoa").count() == 1
    page.fill("#id_signed_on", "08/01/2025")
    page.click("#approve-submit")
    # The preview: the number it will take, the date, the total; then the head signs.
    page.wait_for_selector("#preview-number")
    assert page.inner_text("#preview-number") == "01/QĐ-SLĐTBXH"
    assert page.inner_text("#preview-date") == "08/01/2025"
    assert Decision.objects.get().status == Decision.DRAFT
    page.check("#id_confirm")
    page.click("#issue-confirm")
    page.wait_for_selector("#decision-number")
    assert page.inner_text("#decision-number") == "Quyết định số 01/QĐ-SLĐTBXH"
    d = Decision.objects.get()
    assert d.status == Decision.ISSUED and d.recognitions.count() == 1
    assert page.inner_text("#decision-total").endswith("đ")
    with page.expect_download() as info:
        page.click("#decision-docx")
    decision_doc = Document(io.BytesIO(info.value.path().read_bytes()))
    words = "\n".join([p.text for p in decision_doc.paragraphs]
                      + [c.text for t in decision_doc.tables for r in t.rows for c in r.cells])
    assert "01/QĐ-SLĐTBXH" in words and "Nguyễn Thị Hoa" in words

    # 5. The standing office generates the certificates, watching the batch progress.
    switch_user(page, "vanphong")
    page.goto(page.base_url + f"/decisions/{d.pk}/")
    page.click("#certificates-submit")
    page.wait_for_selector("#batch-zip")  # the progress bar reached 100 %
    assert "1/1" in page.inner_text("#progress")
    with page.expect_download() as info:
        page.click("#batch-zip")
    with open(info.value.path(), "rb") as fh:
        archive = zipfile.ZipFile(io.BytesIO(fh.read()))
    assert archive.namelist() == ["001-LC001.pdf"]
    assert archive.read("001-LC001.pdf").startswith(b"%PDF")

    # 6. The exemplar's page shows the recognition in her timeline.
    page.goto(page.base_url + "/people/LC001/")
    timeline = page.inner_text("#person-timeline")
    assert "01/QĐ-SLĐTBXH" in timeline and "2024" in timeline
    page.screenshot(path=str(tmp_path / "ledger.png"), full_page=True)
    token = d.recognitions.get().certificate.token
    page.context.clear_cookies()
    page.goto(page.base_url + f"/verify/{token}/")
    assert "Giấy công nhận hợp lệ, còn hiệu lực." in page.inner_text("#verify-status")
    # (the browser's own /favicon.ico request is a 404 the project does not serve)
    assert not [e for e in page.console_errors if "Content Security Policy" in e]
