"""A NUL in a query parameter is dropped before any view reads it: PostgreSQL text cannot
hold one, and lists and searches filtered on it answered 500 there."""

import pytest

from dienhinh.orgs.models import Role

from .discovery_helpers import build

pytestmark = pytest.mark.django_db

PARAMS = ("q", "unit", "status", "year", "scope", "plan", "page", "kind", "position",
          "field", "level", "agency", "subject")


@pytest.fixture
def office(client, make_user, tree):
    ledger = build(tree)
    client.force_login(make_user("vanphong", role=Role.STANDING_OFFICE, unit=ledger["sct"]))
    return client


@pytest.mark.parametrize("path", ["/people/", "/search/", "/units/", "/exemplars/",
                                  "/decisions/", "/notifications/", "/calendar/",
                                  "/portal/search/"])
@pytest.mark.parametrize("value", ["\x00", "Nguy\x00ễn"])
def test_a_nul_in_any_parameter_is_not_an_error(office, path, value):
    response = office.get(path, {p: value for p in PARAMS})
    assert response.status_code < 500, response.status_code


def test_the_search_reads_the_query_without_the_nul(office):
    with_nul = office.get("/search/", {"q": "Nguy\x00ễn"})
    without = office.get("/search/", {"q": "Nguyễn"})
    assert with_nul.status_code == 200
    assert with_nul.context["q"] == without.context["q"] == "Nguyễn"
