import pytest
from bs4 import BeautifulSoup

from tests.policies.factories import PolicyPageFactory

pytestmark = pytest.mark.django_db


def test_search_finds_a_published_policy_and_is_not_indexed_by_robots(client, site_tree):
    PolicyPageFactory(parent=site_tree["policies"], title="Chỉ thị về công tác dân vận")
    response = client.get("/tim-kiem/", {"q": "dân vận"})
    html = BeautifulSoup(response.content.decode(), "html.parser")
    assert html.find("meta", attrs={"name": "robots"})["content"] == "noindex"
    assert [a.get_text(strip=True) for a in html.select(".results h3 a")] == ["Chỉ thị về công tác dân vận"]


@pytest.mark.parametrize("query", ['dân "vận', "a & b | c", "(đất):*", '"', "!!!"])
def test_quotes_and_operators_never_cause_an_error(client, site_tree, query):
    assert client.get("/tim-kiem/", {"q": query}).status_code == 200
