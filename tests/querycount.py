"""Query-count helpers: a page must run the same number of queries whatever the number of rows."""

from django.db import connection
from django.test.utils import CaptureQueriesContext


def count_queries(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return len(ctx.captured_queries)


def assert_constant_queries(client, url, grow, *, times=2):
    """Count the queries of ``url``, call ``grow()`` (which adds rows), count again: the counts must match."""
    before = count_queries(client, url)
    for _ in range(times):
        grow()
    after = count_queries(client, url)
    assert before == after, f"{url}: {before} запросов до добавления строк, {after} после"
    return after
