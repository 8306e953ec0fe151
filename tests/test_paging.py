"""The bounded pager counts at most its bound, without sorting what it counts."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from dienhinh.core.paging import BoundedPaginator
from dienhinh.orgs import services
from dienhinh.orgs.models import Person

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("bound, count, more", [(3, 3, True), (5, 5, False), (10, 5, False)])
def test_counts_up_to_the_bound_without_an_order(tree, bound, count, more):
    for i in range(2):  # three people in the tree already, five in all
        services.create_person(f"PG{i}", f"Lê Thị Trang {i}", tree["qlcn"], "staff")
    people = Person.objects.order_by("subject__sort_key", "pk")
    pager = BoundedPaginator(people, 1, page=1, bound=bound)
    with CaptureQueriesContext(connection) as ctx:
        assert pager.count == count
    assert pager.more is more
    [sql] = [q["sql"] for q in ctx.captured_queries]
    assert "ORDER BY" not in sql.upper()
    # the page itself keeps the list's order
    assert [p.subject.name for p in pager.page(1)] == [people.first().subject.name]
