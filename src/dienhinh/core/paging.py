"""A pager that stops counting: a province-wide list or search need not count a
hundred thousand rows to show the first fifty."""

from django.core.paginator import Paginator
from django.utils.functional import cached_property

COUNT_BOUND = 1000
# Beyond it a page number is "the last page": the count's LIMIT stays a small integer
# (a page number of 18 digits made it overflow SQLite's and PostgreSQL's integers).
MAX_PAGE = 100_000


class BoundedPaginator(Paginator):
    """Counts at most `bound` rows, or up to the page asked for and one page beyond,
    with one `COUNT(*)` over a `LIMIT` subquery. `more` says the count was cut: the
    pager then shows "more" instead of a total."""

    def __init__(self, object_list, per_page, *, page=None, bound=COUNT_BOUND, **kwargs):
        super().__init__(object_list, per_page, **kwargs)
        try:
            wanted = min(max(int(page or 1), 1), MAX_PAGE)
        except (TypeError, ValueError, OverflowError):
            wanted = 1
        self.limit = max(bound, (wanted + 1) * per_page)
        self.more = False

    @cached_property
    def count(self):
        rows = self.object_list
        if hasattr(rows, "query") and not rows.query.distinct:
            # The first N rows in any order are as many as in the list's order: without
            # the ORDER BY the database stops at N matches instead of sorting them all
            # first (a province-wide search for a common name: 42 ms → a few).
            rows = rows.order_by()
        counted = rows[: self.limit + 1].count()
        self.more = counted > self.limit
        return min(counted, self.limit)


def bounded_page(queryset, per_page, page_number, bound=COUNT_BOUND):
    paginator = BoundedPaginator(queryset, per_page, page=page_number, bound=bound)
    page = paginator.get_page(page_number)
    paginator.count  # noqa: B018 — sets `more` before the template reads it
    return page
