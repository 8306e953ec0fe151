"""The header's menu is rendered once per language, role set and council seat
(`home.navigation`): the kept HTML must be what the template renders for that user, and
a role or a seat granted shows in the menu at the next request."""

import datetime as dt
import re

import pytest
from django.template import engines
from django.test import RequestFactory

from dienhinh.council import services as council
from dienhinh.home import navigation
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
        '{% include "includes/nav_items.html" %}').render({"user": account}, request)


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

