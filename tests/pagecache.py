"""Helpers for the page cache's tests (core.pagecache): what a reader's browser gets."""

from django.test import Client

HIT, MISS, STALE, BYPASS = "HIT", "MISS", "STALE", "BYPASS"


def reader():
    """A reader's browser: no login, no cookies."""
    return Client(raise_request_exception=False)


def fetch(url, client=None):
    """GET `url` as an anonymous reader: (X-Cache, response)."""
    response = (client or reader()).get(url)
    return response.get("X-Cache"), response


def warm(*urls):
    """Fill the cache with these pages; each is a HIT the second time."""
    for url in urls:
        first, response = fetch(url)
        assert response.status_code == 200, url
        assert first in (MISS, HIT), (url, first)
        assert fetch(url)[0] == HIT, url


def states(*urls):
    return [fetch(url)[0] for url in urls]
