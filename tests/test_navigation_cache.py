"""The header's menu is rendered once per language, role set and council seat, the header
around it once per language and kind of user, the head's static links once
(`home.navigation`): the kept HTML must be what the templates render for that user and
that request, a role or a seat granted shows in the menu at the next request, and the
request's own values (search text, name, unread count, address, CSRF token) are the
request's."""

import datetime as dt
import re

import pytest
from django.template import engines
from django.test import RequestFactory

from dienhinh import policy
from dienhinh.council import services as council
from dienhinh.home import navigation
from dienhinh.notifications import services as notifications
from dienhinh.orgs.models import Role, RoleAssignment
from tests.factories.council import user
from tests.factories.exemplars import lao_cai

pytestmark = pytest.mark.django_db


def menu(client, account) -> str:
    client.force_login(account)
    html = client.get("/notifications/").content.decode()
    return re.search(r'<ul class="navbar-nav me-auto">(.*?)</ul>\s*<form', html, re.S).group(1)


def fresh(account) -> str:
    """The template rendered now, without the kept copy."""
    request = RequestFactory().get("/")
    request.user = account
    return engines["django"].from_string(
        '{% include "includes/nav_items.html" %}').render({
            "user": account, "nav_can_import": policy.can(account, "import"),
            "nav_can_export": policy.can(account, "export"),
            "nav_can_report_tt02": policy.can(account, "report_tt02")}, request)


@pytest.mark.parametrize("role", [Role.UNIT_OFFICER, Role.STANDING_OFFICE, Role.HEAD,
                                  Role.EDITOR, Role.COUNCIL_MEMBER, Role.ADMINISTRATOR])
def test_the_kept_menu_is_the_rendered_menu(client, role):
    lc = lao_cai()
    navigation._rendered.clear()
    first = user("a1", role, lc["so"])
    second = user("a2", role, lc["ldvl"])  # same roles elsewhere: the same menu
    assert menu(client, first).strip() == fresh(first).strip()
    assert menu(client, second).strip() == fresh(second).strip()
    assert len(navigation._rendered) == 1


def test_a_role_or_a_seat_granted_shows_at_the_next_request(client):
    lc = lao_cai()
    officer = user("canbo", Role.UNIT_OFFICER, lc["ldvl"])
    before = menu(client, officer)
    assert 'id="nav-decisions"' not in before and 'id="nav-council"' not in before
    RoleAssignment.objects.create(user=officer, role=Role.HEAD, unit=lc["so"])
    assert 'id="nav-decisions"' in menu(client, officer)

    member = user("tv", Role.UNIT_OFFICER, lc["vp"])
    assert 'id="nav-council"' not in menu(client, member)
    office = user("vanphong", Role.STANDING_OFFICE, lc["so"])
    body = council.create_council(office, lc["so"], "Hội đồng Thi đua – Khen thưởng Sở")
    council.add_member(office, body, member, "member", dt.date(2021, 1, 1))
    assert 'id="nav-council"' in menu(client, member)


def test_each_language_has_its_menu(client):
    lc = lao_cai()
    officer = user("canbo", Role.UNIT_OFFICER, lc["ldvl"])
    assert "Sổ thành tích" in menu(client, officer)
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    english = menu(client, officer)
    assert "Sổ thành tích" not in english and "Ledger" in english



TOKEN = re.compile(r'(name="csrfmiddlewaretoken" value="|"X-CSRFToken": ")([A-Za-z0-9]+)')


def header(html: str) -> str:
    return re.search(r"<nav class=\"navbar.*?</nav>", html, re.S).group(0)


def fresh_header(account, url: str) -> str:
    """The header's template rendered now for this user and address, nothing kept."""
    request = RequestFactory().get(url)
    request.user = account
    signed_in = account.is_authenticated
    values = {
        "user": account, "header_user": signed_in,
        "header_admin": signed_in and account.is_staff,
        "header_menu": fresh(account) if signed_in else "",
        "header_q": request.GET.get("q") or "",
        "header_name": (account.get_full_name() or account.username) if signed_in else "",
        "header_unread": notifications.unread_count(account) if signed_in else 0,
        "header_path": request.get_full_path(),
    }
    return engines["django"].from_string(
        '{% include "includes/page_header.html" %}').render(values, request)


def masked(html: str) -> str:
    return TOKEN.sub(r"\1-", html)


URL = "/notifications/?q=%3Cb%3E%22Tr%E1%BA%A7n%22+%26+%27x%27&page=1"


def test_the_kept_header_is_the_rendered_header_for_each_kind_of_user(client):
    from django.contrib.auth.models import AnonymousUser

    lc = lao_cai()
    navigation._headers.clear()
    officer = user("canbo", Role.UNIT_OFFICER, lc["ldvl"], first_name="Văn <An>",
                   last_name='"Lê" & Co')
    staff = user("quantri", Role.ADMINISTRATOR, lc["so"], is_staff=True)
    reader = user("docgia", Role.UNIT_OFFICER, lc["vp"])
    for _ in range(3):
        notifications.notify([reader], "Hạn đăng ký", email=False)
    pages = {}
    for account in (officer, staff, reader):
        client.force_login(account)
        for _ in range(2):  # the first fills the kept copy, the second uses it
            html = client.get(URL).content.decode()
            assert masked(header(html)) == masked(header(fresh_header(account, URL)).strip())
        pages[account.username] = header(html)
    client.logout()
    login = client.get("/login/?next=/%3Cx%3E").content.decode()
    assert masked(header(login)) == masked(
        header(fresh_header(AnonymousUser(), "/login/?next=/%3Cx%3E")))
    # Three kinds of signed-in users (plain, staff, with unread notifications), one other.
    assert len(navigation._headers) == 4

    officer_page, staff_page, reader_page = pages["canbo"], pages["quantri"], pages["docgia"]
    assert 'value="&lt;b&gt;&quot;Trần&quot; &amp; &#x27;x&#x27;"' in officer_page
    assert "Văn &lt;An&gt; &quot;Lê&quot; &amp; Co" in officer_page
    assert 'title="docgia"' in reader_page and ">docgia</h6>" in reader_page
    assert 'id="unread-badge">3<' in reader_page and "(3 chưa đọc)" in reader_page
    assert "unread-badge" not in officer_page and "unread-badge" not in staff_page
    assert 'href="/admin/"' in staff_page and 'href="/admin/"' not in officer_page
    assert 'id="nav-decisions"' in staff_page and 'id="nav-decisions"' not in officer_page
    assert ('name="next" value="/notifications/?q=%3Cb%3E%22Tr%E1%BA%A7n%22+%26+%27x%27'
            '&amp;page=1"') in officer_page


def test_each_request_has_its_own_csrf_token_and_it_is_accepted():
    from django.test import Client

    lc = lao_cai()
    officer = user("canbo", Role.UNIT_OFFICER, lc["ldvl"])
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(officer)
    seen = []
    for _ in range(2):
        html = browser.get("/notifications/").content.decode()
        tokens = {token for _prefix, token in TOKEN.findall(html)}
        # One token per request, the same in the header's two forms and htmx's headers.
        assert len(tokens) == 1 and len(TOKEN.findall(html)) == 3
        seen.append(tokens.pop())
    assert seen[0] != seen[1]
    refused = browser.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert refused.status_code == 403
    answer = browser.post("/i18n/setlang/", {"language": "en", "next": "/",
                                             "csrfmiddlewaretoken": seen[1]})
    assert answer.status_code == 302


def test_the_unread_count_is_read_at_each_request(client):
    lc = lao_cai()
    officer = user("canbo", Role.UNIT_OFFICER, lc["ldvl"])
    client.force_login(officer)
    assert "unread-badge" not in client.get("/exemplars/").content.decode()
    notifications.notify([officer], "Một", email=False)
    assert 'id="unread-badge">1<' in client.get("/exemplars/").content.decode()
    notifications.notify([officer], "Hai", email=False)
    assert 'id="unread-badge">2<' in client.get("/exemplars/").content.decode()
    notifications.mark_read(officer)
    assert "unread-badge" not in client.get("/exemplars/").content.decode()


def test_the_head_links_are_the_static_files():
    from django.templatetags.static import static

    html = engines["django"].from_string('{% load navigation %}{% head_links %}').render({})
    for name in ("bootstrap/css/bootstrap.min.css", "dienhinh/css/app.css",
                 "django_htmx/htmx-2.min.js", "dienhinh/js/app.js"):
        assert static(name) in html
