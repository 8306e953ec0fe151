"""No code reaches a person, on every screen a role can reach (issue 10, point 4).

The demo is built at its last stage, then each role's pages are crawled from the home
page by following the links of each page (GET, same site, no downloads), in Vietnamese
and in English. The text a person reads — not attribute values, where codes belong
(`<option value="SO">`) — must hold no catalogue code (levels, issuers, ratings, titles,
commendations) and no plan template id: those are shown by their names, and a plan by
its number and agency.
"""

from __future__ import annotations

import re
from collections import deque
from html.parser import HTMLParser
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import Client

from dienhinh.catalogue import codes
from dienhinh.demo import build
from dienhinh.plans.models import PlanTemplate

pytestmark = pytest.mark.django_db

# Where a crawl does not go: files, actions reached by GET that only redirect, the admin
# (an administrator's tool that shows raw codes by design), the API and the language switch.
SKIP = re.compile(r"^/(admin|api|i18n|static|media|accounts/logout|logout)/|"
                  r"\.(docx|xlsx|csv|pdf|zip|ics|json|xml|atom)(\?|$)|/(export|download|"
                  r"feed|ical|calendar\.ics|template\.xlsx)/?(\?|$)|[?&](format|export)=")
MAX_PAGES = 120


class _Text(HTMLParser):
    """The text of a page as a person reads it: no tags, no attributes, no scripts, and no
    text area's content (a form's value, like an input's: the plan template editor's
    YAML is written in the rule language, codes included)."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.links: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style", "template", "textarea"):
            self._skip += 1
        if tag == "a":
            href = dict(attrs).get("href") or ""
            if href.startswith("/") and not href.startswith("//"):
                self.links.append(href.split("#")[0])

    def handle_endtag(self, tag):
        if tag in ("script", "style", "template", "textarea") and self._skip:
            self._skip -= 1

    def handle_data(self, data):
        if not self._skip:
            self.parts.append(data)


def _codes() -> set[str]:
    """Titles, commendations, ratings, disciplines, indicators, issuers and initiative
    levels. "TW" is left out: the law's own wording "cấp Trung ương (TW)" is quoted."""
    found = set(codes.ACHIEVEMENT_CODES) | set(codes.ISSUERS) | set(codes.INITIATIVE_LEVELS)
    return {c for c in found if c != "TW"}


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        build.DemoBuilder().build()
        call_command("demo", "--stage", "propagated", stdout=StringIO())
        yield
        # The stages' records refer to the organisation: start the next module afresh
        # (the catalogue and the seed templates come back with the flush's post_migrate).
        call_command("flush", "--no-input", verbosity=0)


def crawl(client: Client, start: str = "/") -> dict[str, str]:
    """path -> visible text of every page reached from `start`."""
    seen, pages, queue = {start}, {}, deque([start])
    while queue and len(pages) < MAX_PAGES:
        path = queue.popleft()
        response = client.get(path)
        if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
            continue
        parser = _Text()
        parser.feed(response.content.decode())
        pages[path] = " ".join(" ".join(parser.parts).split())
        for link in parser.links:
            if link not in seen and not SKIP.search(link):
                seen.add(link)
                queue.append(link)
    return pages


def leaks(pages: dict[str, str], forbidden: set[str]) -> list[str]:
    pattern = re.compile(r"(?<![\w-])(" + "|".join(sorted(map(re.escape, forbidden),
                                                          key=len, reverse=True)) + r")(?![\w-])")
    found = []
    for path, text in pages.items():
        for match in pattern.finditer(text):
            context = text[max(0, match.start() - 40):match.end() + 40]
            found.append(f"{path}: {match.group(1)} in “{context}”")
    return found


@pytest.mark.parametrize("username", ["demo_thuongtruc_ht", "demo_canbo_ht", "demo_giamdoc_ht",
                                      "demo_hoidong_ht"])
@pytest.mark.parametrize("language", ["vi", "en"])
def test_no_catalogue_code_or_plan_id_on_any_page_a_role_reaches(demo, username, language):
    user = get_user_model().objects.filter(username=username).first()
    if user is None:  # the demo names its users by role and agency
        pytest.fail(f"no demo user {username}: "
                    f"{list(get_user_model().objects.values_list('username', flat=True))}")
    client = Client()
    client.force_login(user)
    if language == "en":
        client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    pages = crawl(client)
    assert len(pages) > 15, list(pages)  # the crawl really went through the screens
    forbidden = _codes() | set(PlanTemplate.objects.values_list("template_id", flat=True))
    assert leaks(pages, forbidden) == []
