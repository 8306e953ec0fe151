"""Each role starts at its home page on the demo built today and finishes its task in at
most three clicks: the unit officer registers a candidate, the standing office decides
on a dossier, a council member votes on a phone, the head signs the draft decision."""

import pytest
from django.contrib.auth import get_user_model

from dienhinh.council.models import Ballot, BallotParticipation
from dienhinh.decisions.models import Decision
from dienhinh.exemplars.models import Nomination, Registration

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "dienhinh-demo"


@pytest.fixture
def demo(db):
    # A transactional test flushes what the data migrations installed: put it back.
    from dienhinh.catalogue import seed
    from dienhinh.catalogue.models import AchievementCode, InitiativeLevel, Issuer
    from dienhinh.decisions import rules
    from dienhinh.demo import build
    from dienhinh.demo import stages as demo_stages
    from dienhinh.plans import seeds
    from dienhinh.plans.models import PlanTemplate

    seed.install(AchievementCode, Issuer, InitiativeLevel)
    seeds.install(PlanTemplate)
    rules.install()
    build.DemoBuilder().build()
    demo_stages.build("decided", log=lambda _: None)


class Clicks:
    """Counts the clicks a person makes from the home page."""

    def __init__(self, page):
        self.page, self.count = page, 0

    def click(self, selector):
        self.count += 1
        self.page.locator(selector).first.click()


def start(browser, live_server, username, phone=False):
    size = {"width": 390, "height": 844} if phone else {"width": 1280, "height": 900}
    context = browser.new_context(locale="vi-VN", viewport=size)
    page = context.new_page()
    page.set_default_timeout(20000)
    page.goto(live_server.url + "/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("main button[type=submit]")  # not the language switch in the header
    page.wait_for_url(live_server.url + "/")
    assert page.locator("#home-tasks").is_visible()
    return context, page, Clicks(page)


def test_every_role_finishes_its_task_within_three_clicks_of_home(demo, browser,
                                                                  live_server):
    # The head: the draft waiting for the signature is the first task.
    context, page, clicks = start(browser, live_server, "demo_giamdoc_ht")
    clicks.click(".home-task[data-kind=sign] .task-link")  # the preview, dated today
    assert page.locator("#preview-number").is_visible()
    clicks.click("#id_confirm")  # "I have read the preview"
    clicks.click("#issue-confirm")
    page.wait_for_load_state()
    assert Decision.objects.filter(agency__subject__code="HT-SCT", plan__start_year=2026,
                                   status=Decision.ISSUED).exists()
    assert clicks.count <= 3
    context.close()

    # A council member, on a phone: the open ballot.
    context, page, clicks = start(browser, live_server, "demo_hd_ht_1", phone=True)
    ballot = Ballot.objects.get(status=Ballot.OPEN, meeting__plan__start_year=2026,
                                meeting__council__agency__subject__code="HT-SCT")
    clicks.click(".home-task[data-kind=ballot] .task-link")
    clicks.click("#vote-form label[for$='-yes']")
    clicks.click("#vote-submit")
    page.wait_for_load_state()
    member = get_user_model().objects.get(username="demo_hd_ht_1")
    assert BallotParticipation.objects.filter(ballot=ballot, member__user=member).exists()
    assert clicks.count <= 3
    context.close()

    # The standing office: a dossier to appraise, returned with a comment.
    context, page, clicks = start(browser, live_server, "demo_thuongtruc_ht")
    waiting = Nomination.objects.filter(status=Nomination.SUBMITTED,
                                        plan__agency__subject__code="HT-SCT").count()
    clicks.click(".home-task[data-kind=appraise] .task-link")
    page.fill("#id_decision_comments", "Bổ sung báo cáo thành tích có xác nhận của đơn vị")
    clicks.click("#return-dossier")
    page.wait_for_load_state()
    assert Nomination.objects.filter(status=Nomination.SUBMITTED,
                                     plan__agency__subject__code="HT-SCT").count() == waiting - 1
    assert Nomination.objects.filter(status=Nomination.RETURNED).count() == 1
    assert clicks.count <= 3
    context.close()

    # The unit officer: this year's registration, from the discovery list.
    context, page, clicks = start(browser, live_server, "demo_canbo_ht")
    before = Registration.objects.filter(unit__subject__code="HT-SCT-QLCN").count()
    clicks.click(".home-task[data-kind=register] .task-link")
    clicks.click("#discovery-details summary")
    page.locator(".candidate-row").first.wait_for()
    clicks.click(".candidate-row button")
    page.wait_for_load_state()
    regs = Registration.objects.filter(unit__subject__code="HT-SCT-QLCN")
    assert regs.count() == before + 1
    assert regs.latest("pk").source == Registration.DISCOVERY
    assert clicks.count <= 3
    context.close()
