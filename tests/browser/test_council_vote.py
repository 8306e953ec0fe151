"""A council of five meets in a browser: the standing office puts an accepted
nomination on the agenda, records attendance and opens an electronic secret ballot;
four members vote, each on their own (phone-sized) browser; the fifth, head of the
nominated unit, is recused; the item passes and the minutes are generated."""

import io

import pytest
from docx import Document

from dienhinh.council.models import Ballot, BallotParticipation, Recusal, Vote
from dienhinh.council.testing import PASSWORD, council_setup

from .conftest import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def seeds(db):
    # A transactional test flushes the tables the data migration filled.
    from dienhinh.plans import seeds
    from dienhinh.plans.models import PlanTemplate

    seeds.install(PlanTemplate)


def phone(browser, live_server, username):
    context = browser.new_context(locale="vi-VN", viewport={"width": 390, "height": 844},
                                  is_mobile=True, has_touch=True)
    page = context.new_page()
    page.set_default_timeout(15000)
    page.base_url = live_server.url
    login(page, username, PASSWORD)
    page.wait_for_url(page.base_url + "/")
    return page


def test_council_of_five_votes_one_recused_item_passes(page, browser, live_server, tmp_path):
    s = council_setup(members=5)
    seat = s["members"][4]
    seat.person = s["dung"]  # Lê Văn Dũng leads the nominated Phòng Lao động – Việc làm
    seat.save()
    meeting = s["meeting"]

    # 1. The standing office prepares the meeting.
    login(page, "vanphong", PASSWORD)
    page.wait_for_url(page.base_url + "/")
    page.click("#nav-council")
    page.click(f"text={s['council'].name}")
    page.click(f"text={meeting.title}")
    page.select_option("#id_nomination", str(s["noms"]["ldvl"].pk))
    page.click("#add-item-submit")
    page.wait_for_selector("tr.agenda-row[data-code='LC_LDVL']")
    assert "Tự động" in page.locator("tr.agenda-row .recusals").inner_text()
    for box in page.locator("#attendance-form input[type=checkbox]").all():
        box.check()
    page.click("#attendance-submit")
    page.wait_for_selector("text=Đủ điều kiện mở bỏ phiếu.")
    page.select_option("#id_mode", "electronic")
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
    assert "Phòng Lao động – Việc làm" in recused_page.locator("#my-recusals").inner_text()
    recused_page.context.close()
    assert BallotParticipation.objects.count() == 4 and Vote.objects.count() == 4

    # 3. The meeting page shows turnout only; the office closes and counts.
    page.reload()
    assert page.locator(".turnout").inner_text() == "4"
    assert page.locator("td.result").count() == 0
    page.click("#close-ballot")
    page.wait_for_selector("td.result")
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
    assert "Phòng Lao động – Việc làm" in cells and "3 (60,00%)" in cells

    # 4. Each receipt checks out on the public page.
    page.goto(live_server.url + "/public/ballots/verify/")
    page.fill("#id_code", receipts[0])
    page.click("#verify-submit")
    assert "phiếu đã được kiểm" in page.locator("#verify-result").inner_text()
    page.screenshot(path=str(tmp_path / "verified.png"), full_page=True)
    assert not [e for e in page.console_errors if "Content Security Policy" in e]
