"""A page of a registry list in two steps: the keys of the page, then its rows.

A list's queryset carries joins (``select_related``) and correlated subqueries (a pair's last meeting, a
mentor's load). Sorted and cut to a page in one query, SQLite computes those subqueries for every row of
the table before it sorts — 19,000 pairs for 50 shown — and both databases sort wide rows. Here the
page's primary keys come first from a narrow query (only the filters and the ordering, which indexes can
serve), and the rows with their annotations are fetched for those keys only: one query more, whatever the
number of rows.
"""

from django.core.paginator import Paginator
from django.db.models import QuerySet


def rows_by_keys(page_qs: QuerySet) -> list:
    """The rows of a sliced queryset (``qs[a:b]``), fetched by their keys in the same order."""
    keys = list(page_qs.prefetch_related(None).values_list("pk", flat=True))
    if not keys:
        return []
    rows = page_qs._chain()
    rows.query.clear_limits()
    found = {obj.pk: obj for obj in rows.filter(pk__in=keys).order_by()}
    return [found[key] for key in keys if key in found]


class KeysFirstPaginator(Paginator):
    """django-tables2 paginator whose page rows are fetched by :func:`rows_by_keys`."""

    def page(self, number):
        page = super().page(number)
        rows = page.object_list  # django-tables2 BoundRows over the sliced queryset
        data = getattr(rows, "data", None)
        if isinstance(data, QuerySet) and data.query.is_sliced:
            rows.data = rows_by_keys(data)
        return page
