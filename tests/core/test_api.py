"""Wagtail's read-only API: never a 500, whatever is typed into `?search=`."""

import pytest

from tests.policies.factories import PolicyPageFactory

pytestmark = pytest.mark.django_db

HOSTILE_SEARCHES = [
    "đất\x00đai",
    '"dân vận',
    'dân "vận" "',
    "\x01\x02\x1b[31m",
    "dân\u202evận",
    "\ufeff",
    "a" * 5000,
    "' OR 1=1 --",
    "(((((",
    "đất:*&|!",
]


@pytest.mark.parametrize("query", HOSTILE_SEARCHES)
def test_the_api_search_answers_every_query_without_an_error(client, site_tree, query):
    PolicyPageFactory(parent=site_tree["policies"], title="Chỉ thị về công tác dân vận đất đai")
    response = client.get("/api/v2/pages/", {"search": query})
    assert response.status_code in (200, 400), response.content[:300]
    assert response["Content-Type"].startswith("application/json")


def test_the_api_search_still_finds_what_is_asked_once_control_characters_are_dropped(client, site_tree):
    PolicyPageFactory(parent=site_tree["policies"], title="Chỉ thị về công tác dân vận")
    answer = client.get("/api/v2/pages/", {"search": "dân\x00 vận", "type": "policies.PolicyPage"})
    titles = [item["title"] for item in answer.json()["items"]]
    assert titles == ["Chỉ thị về công tác dân vận"]
