"""From the head's decision to the public portal and back, all in the browser
(issue 12, "Shown by"), and the accessibility of the portal's pages (axe-core through
Playwright, `axe-playwright-python`: its axe.min.js is in the package, no CDN).

The head issues the decision → the editor finds the notification and drafts the
story from it, records the person's consent and sends it for review → the standing
office publishes → an anonymous reader finds it on the portal, by a search without
diacritics, in the Atom feed, the sitemap and the open data → the person withdraws
consent → it is gone from all of them."""

import json

import pytest

from dienhinh.decisions import rules
from dienhinh.decisions.models import Decision
from dienhinh.orgs.models import Role
from dienhinh.portal.models import Story
from tests.factories.council import PASSWORD, user
from tests.factories.decisions import passed_setup

from .conftest import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def seeds(db):
    # A transactional test flushes the tables the data migrations filled.
    from dienhinh.plans import seeds
    from dienhinh.plans.models import PlanTemplate

    seeds.install(PlanTemplate)
    rules.install()


def serious_violations(page) -> list:
    """Serious or critical accessibility violations of the page (axe-core)."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    return [(v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3])
            for v in results.response["violations"] if v["impact"] in ("serious", "critical")]


def switch_user(page, username):
    page.context.clear_cookies()
    login(page, username, PASSWORD)
    page.wait_for_url(page.base_url + "/")


def public_view(browser, base: str, story_path: str) -> dict[str, bool]:
    """What an anonymous reader on a phone finds of Hoa's story."""
    context = browser.new_context(locale="vi-VN", viewport={"width": 390, "height": 844},
                                  is_mobile=True)
    reader = context.new_page()
    found = {}
    reader.goto(base + "/portal/")
    found["home"] = reader.locator(f'a[href="{story_path}"]').count() > 0
    found["page"] = reader.goto(base + story_path).status == 200
    reader.goto(base + "/portal/")
    reader.fill("#home-q", "nguyen thi hoa")
    reader.press("#home-q", "Enter")
    reader.wait_for_url("**/portal/search/?q=nguyen*")
    found["search"] = reader.locator(f'a[href="{story_path}"]').count() > 0
    found["feed"] = story_path in context.request.get(base + "/portal/feed/").text()
    found["sitemap"] = story_path in context.request.get(base + "/sitemap.xml").text()
    rows = json.loads(context.request.get(base + "/portal/exemplars.json").text())
    found["open_data"] = any(r["name"] == "Nguyễn Thị Hoa" for r in rows)
    context.close()
    return found


def test_decision_to_portal_and_consent_withdrawn(page, browser, live_server):
    s = passed_setup()
    user("bientap", Role.EDITOR, s["so"])

    # 1. The head approves the list and signs the decision.
    login(page, "giamdoc", PASSWORD)
    page.wait_for_url(page.base_url + "/")
    page.click("#nav-decisions")
    page.click(f"#approve-meeting-{s['meeting'].pk}")
    page.fill("#id_signed_on", "08/01/2025")
    page.click("#approve-submit")
    page.wait_for_selector("#preview-number")
    page.check("#id_confirm")
    page.click("#issue-confirm")
    page.wait_for_selector("#decision-number")
    d = Decision.objects.get()
    assert d.status == Decision.ISSUED

    # 2. The editor is told, and drafts Hoa's story from the decision.
    switch_user(page, "bientap")
    page.goto(page.base_url + "/notifications/")
    note = page.locator("text=mời soạn bài giới thiệu").first
    assert d.number in note.inner_text()
    note.click()
    page.wait_for_url("**/editorial/**")
    hoa = d.recognitions.get(subject=s["hoa"].subject)
    page.click(f"#draft-{hoa.pk}")
    page.wait_for_selector("#story-form")
    assert "Nguyễn Thị Hoa" in page.input_value("#id_title")
    assert d.number in page.input_value("#id_body")
    # The rich-text editor replaces the textarea: the drafted text is in it; a bold
    # phrase and a list are made with the toolbar, by mouse and by keyboard.
    editor = page.locator("#story-body-editor")
    assert editor.is_visible() and not page.locator("#id_body").is_visible()
    assert d.number in editor.inner_text()
    editor.click()
    # The caret at the end of the drafted text before typing on: a click lands where it
    # lands, and on a busy machine Ctrl+End could run before the editor had the focus.
    page.evaluate("""() => {
        const area = document.querySelector('#story-body-editor');
        area.focus();
        const range = document.createRange();
        range.selectNodeContents(area);
        range.collapse(false);
        getSelection().removeAllRanges();
        getSelection().addRange(range);
    }""")
    page.keyboard.press("Control+End")
    page.keyboard.press("Enter")
    page.keyboard.press("Alt+F10")  # to the toolbar, then along it with the arrow keys
    assert page.evaluate("document.activeElement.id") == "rte-bold"
    for _ in range(3):
        page.keyboard.press("ArrowRight")
    assert page.evaluate("document.activeElement.id") == "rte-list"
    page.keyboard.press("Enter")
    assert page.get_attribute("#rte-list", "aria-pressed") == "true"
    page.keyboard.type("Tư vấn việc làm cho lao động nông thôn")
    page.keyboard.press("Enter")
    page.keyboard.type("Giới thiệu việc làm tại một đầu mối")
    page.keyboard.press("Enter")
    page.keyboard.press("Enter")  # an empty item ends the list
    page.keyboard.type("Gương sáng của ngành")
    page.keyboard.press("Shift+Home")
    page.click("#rte-bold")
    assert page.get_attribute("#rte-bold", "aria-pressed") == "true"
    # a script pasted or typed is kept as text by the editor and removed by the server
    page.evaluate(r"""() => {
        const area = document.querySelector('#story-body-editor');
        area.insertAdjacentHTML('beforeend', '<script>window.hacked = 1<\/script>');
        area.dispatchEvent(new Event('input'));
    }""")
    page.click("#story-save")
    page.wait_for_selector(".alert-success")
    story = Story.objects.get(subject=s["hoa"].subject)
    assert "<strong>Gương sáng của ngành</strong>" in story.body
    assert ("<ul><li>Tư vấn việc làm cho lao động nông thôn</li>"
            "<li>Giới thiệu việc làm tại một đầu mối</li></ul>") in story.body
    assert "script" not in story.body and "hacked" not in story.body
    assert d.number in story.body  # the drafted text is kept
    assert serious_violations(page) == []  # the editor's screen, toolbar included
    # her consent, recorded from the signed form (Nghị định 13/2023/NĐ-CP, Điều 11)
    for scope in ("story", "name"):
        page.select_option("#consent-scope", scope)
        page.fill("#consent-evidence", "Phiếu đồng ý ký ngày 10/01/2025")
        page.click("#consent-add")
        page.wait_for_selector(".alert-success")
    page.click("#story-submit")
    page.wait_for_selector(".alert-success")
    assert page.inner_text("#story-status") == "Chờ duyệt"
    story = Story.objects.get(subject=s["hoa"].subject)
    path = f"/portal/stories/{story.pk}/"
    assert public_view(browser, live_server.url, path) == dict.fromkeys(
        ["home", "page", "search", "feed", "sitemap"], False) | {"open_data": True}

    # 3. The standing office publishes.
    switch_user(page, "vanphong")
    page.goto(page.base_url + "/editorial/")
    page.click(f"a[href='/editorial/stories/{story.pk}/']")
    page.click("#story-publish")
    page.wait_for_selector(".alert-success")
    assert page.inner_text("#story-status") == "Đã đăng"

    # 4. On the portal, found without diacritics, in the feed, the sitemap, open data;
    # the bold phrase and the list as the editor made them.
    assert public_view(browser, live_server.url, path) == dict.fromkeys(
        ["home", "page", "search", "feed", "sitemap", "open_data"], True)
    page.goto(page.base_url + path)
    assert page.inner_text(".story-body strong") == "Gương sáng của ngành"
    assert page.locator(".story-body ul > li").all_inner_texts() == [
        "Tư vấn việc làm cho lao động nông thôn", "Giới thiệu việc làm tại một đầu mối"]

    # 5. She withdraws her consent to the name: gone from all of them at once.
    switch_user(page, "bientap")
    page.goto(page.base_url + f"/editorial/stories/{story.pk}/")
    page.fill("#withdraw-name >> xpath=preceding-sibling::input[@name='evidence']",
              "Đơn xin rút lại ngày 15/01/2025")
    page.click("#withdraw-name")
    page.wait_for_selector(".alert-success")
    assert public_view(browser, live_server.url, path) == dict.fromkeys(
        ["home", "page", "search", "feed", "sitemap", "open_data"], False)
    assert page.console_errors == []


def test_portal_pages_have_no_serious_accessibility_violation(browser, live_server):
    from axe_playwright_python.sync_playwright import Axe

    from dienhinh.portal import services
    from tests.factories.replication import replication_setup

    s = replication_setup()
    column = services.create_column(s["office"], agency=s["so"], title="Gương sáng",
                                    slug="guong-sang")
    rec = s["decision"].recognitions.get(subject=s["ldvl"].subject)
    story = services.draft_story(s["editor"], rec, column)
    story = services.submit_story(story, s["editor"], story.version)
    story = services.publish_story(story, s["office"], story.version)
    axe = Axe()
    pages = ["/portal/", f"/portal/stories/{story.pk}/", "/portal/search/?q=viec+lam",
             "/portal/columns/guong-sang/", f"/portal/models/{s['model'].pk}/"]
    for viewport in ({"width": 1280, "height": 900}, {"width": 390, "height": 844}):
        context = browser.new_context(locale="vi-VN", viewport=viewport)
        reader = context.new_page()
        for path in pages:
            assert reader.goto(live_server.url + path).status == 200, path
            results = axe.run(reader)
            bad = [(v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3])
                   for v in results.response["violations"]
                   if v["impact"] in ("serious", "critical")]
            assert bad == [], (path, viewport, bad)
        context.close()
