"""Counting the queries of one public request, as a running server makes them.

Each count is of a fresh request by an anonymous reader after one earlier request to the same
address: what is warm is what stays warm on a running server between requests — Wagtail's
site root paths (kept in the cache framework), the renditions of images (made once, then read),
Django's content types. Nothing the page reads from its own tables is carried over: the site,
its settings, the menu and the page itself are read again on every request.
"""

from django.db import connection
from django.test.utils import CaptureQueriesContext


def queries_for(client, url):
    """The SQL of a second, warm request to `url` (see the module docstring), checking it is served."""
    assert client.get(url).status_code == 200
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return [query["sql"] for query in queries.captured_queries]


def reads_of(sqls, table):
    """How many of these queries read `table` (named in their FROM or a JOIN)."""
    return sum(1 for sql in sqls if f'FROM "{table}"' in sql or f'JOIN "{table}"' in sql)
