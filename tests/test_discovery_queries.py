"""The discovery list costs the same number of queries for 1 and for 3 passing subjects:
the ledger is read in bulk through the evaluation adapter, not once per row."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from dienhinh.orgs import services as org
from dienhinh.orgs.models import Role

from .discovery_helpers import PLAN, YEAR, add

URL = "/discovery/"


@pytest.fixture
def office(client, make_user, tree):
    client.force_login(make_user("vanphong", role=Role.STANDING_OFFICE, unit=tree["sct"]))
    return client


def add_passing(tree, i):
    """A staff member with two Bằng khen of the province: passes the Hà Tĩnh plan."""
    person = org.create_person(f"Q{i:03d}", f"Lê Văn Đạt {i}", tree["vp"], "staff")
    for year in (2021, 2023):
        add(person, year, "BANG_KHEN", "commendation", "UBND_TINH")


@pytest.mark.parametrize("show", ["all", "pass"])
def test_discovery_list_queries_do_not_grow_with_the_rows(office, tree, show,
                                                          django_assert_num_queries):
    params = {"plan": PLAN, "scope": "SCT", "year": YEAR, "show": show}
    add_passing(tree, 0)
    with CaptureQueriesContext(connection) as queries:
        response = office.get(URL, params)
    assert response.status_code == 200 and "Q000" in response.content.decode()
    one = len(queries)
    add_passing(tree, 1)
    add_passing(tree, 2)
    with django_assert_num_queries(one):
        response = office.get(URL, params)
    page = response.content.decode()
    assert all(f"Q{i:03d}" in page for i in range(3))
