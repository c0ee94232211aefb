"""Every format of a search (JSON, CSV, Atom) answers with the results the page shows for the
same address, in the same order, and costs no more than the page (issue #16, item 3): the same
page of results, no more queries than the page, and none per result."""

import csv
import datetime
import io
import xml.etree.ElementTree as ET
from urllib.parse import parse_qs, urlencode, urlsplit

import pytest
from bs4 import BeautifulSoup

from core.http import public_url
from search.views import PAGE_SIZE
from tests.policies.factories import PolicyPageFactory
from tests.query_counts import queries_for
from tests.stories.factories import ModelStoryPageFactory

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"
QUERY = "hiến đất"
MATCHES = PAGE_SIZE + 7


@pytest.fixture
def archive(site_tree):
    """More matches than a page holds, of two types, whose relevance order (the phrase in the
    title or only in the summary) is not their date order."""
    pages = []
    for n in range(MATCHES):
        title = f"Nghị quyết hỗ trợ hiến đất số {n}" if n % 3 else f"Kế hoạch làm đường thôn số {n}"
        issued_on = datetime.date(2000 + n % 9, 1 + n % 12, 1 + n)
        pages.append(
            PolicyPageFactory(
                parent=site_tree["policies"], title=title, summary="Về việc hiến đất làm đường.", issued_on=issued_on
            )
        )
    pages.append(ModelStoryPageFactory(parent=site_tree["stories"], title="Cả thôn cùng hiến đất mở đường"))
    return pages


def search_url(fmt=None, **params):
    return "/tim-kiem/?" + urlencode({"q": QUERY, **params, **({"format": fmt} if fmt else {})})


def page_results(client, **params):
    """(title, absolute address) of each result the search page lists, in its order."""
    html = BeautifulSoup(client.get(search_url(**params)).content.decode(), "html.parser")
    return [(a.get_text(strip=True), public_url(a["href"])) for a in html.select(".results h3 a")]


def json_answer(client, **params):
    response = client.get(search_url("json", **params))
    assert response["Content-Type"].startswith("application/json")
    return response.json()


def json_results(client, **params):
    return [(r["title"], r["url"]) for r in json_answer(client, **params)["results"]]


def csv_results(client, **params):
    response = client.get(search_url("csv", **params))
    assert response["Content-Type"].startswith("text/csv")
    return [(row["title"], row["url"]) for row in csv.DictReader(io.StringIO(response.content.decode("utf-8-sig")))]


def atom_results(client, **params):
    response = client.get(search_url("atom", **params), headers={"accept": "application/atom+xml"})
    assert response["Content-Type"].startswith("application/atom+xml")
    entries = ET.fromstring(response.content).iter(f"{ATOM}entry")
    return [(entry.find(f"{ATOM}title").text, entry.find(f"{ATOM}link").get("href")) for entry in entries]


@pytest.mark.parametrize("order", ["relevance", "date"])
def test_json_and_csv_give_the_results_of_the_page_page_by_page(client, archive, order):
    first, second = page_results(client, order=order), page_results(client, order=order, page=2)
    assert len(first) == PAGE_SIZE and len(second) == MATCHES + 1 - PAGE_SIZE
    for page, shown in ((1, first), (2, second)):
        assert json_results(client, order=order, page=page) == shown
        assert csv_results(client, order=order, page=page) == shown
    # Together the pages hold every match once.
    assert len(set(first + second)) == MATCHES + 1


def test_json_says_how_many_match_and_links_the_pages_around(client, archive):
    data = json_answer(client)
    assert data["query"] == QUERY
    assert data["total"] == MATCHES + 1 and data["approximate"] is False
    assert (data["page"], data["pages"], data["count"]) == (1, 2, PAGE_SIZE)
    assert data["previous"] is None
    # The next page, at the site's public address, is the page's second page.
    address = urlsplit(data["next"])
    assert public_url(address.path) == f"{address.scheme}://{address.netloc}{address.path}"
    second = client.get(f"{address.path}?{address.query}").json()
    assert [(r["title"], r["url"]) for r in second["results"]] == page_results(client, page=2)
    assert second["next"] is None
    assert parse_qs(urlsplit(second["previous"]).query) == {"q": [QUERY], "format": ["json"], "page": ["1"]}


def test_a_feed_holds_the_newest_page_the_page_shows_newest_first(client, archive):
    newest = page_results(client, order="date")
    assert atom_results(client) == newest
    # Whatever order the address asks for: a feed follows what is new.
    assert atom_results(client, order="relevance") == newest
    # A person opening the feed in a browser is shown the same entries.
    html = BeautifulSoup(
        client.get(search_url("atom"), headers={"accept": "text/html"}).content.decode(), "html.parser"
    )
    assert [a.get_text(strip=True) for a in html.select("main .card__title a")] == [title for title, _ in newest]


def test_the_page_links_each_format_to_the_results_it_shows(client, archive):
    html = BeautifulSoup(client.get(search_url(page=2)).content.decode(), "html.parser")
    links = {a.get_text(strip=True): a["href"] for a in html.select(".inline-links a")}
    shown = page_results(client, page=2)
    assert [(r["title"], r["url"]) for r in client.get("/tim-kiem/" + links["JSON"]).json()["results"]] == shown
    # The feed follows the search itself, from its newest page, wherever it was found.
    assert "page=" not in links["Nguồn tin Atom"]
    assert html.find("link", attrs={"type": "application/atom+xml"})["href"] == links["Nguồn tin Atom"]


@pytest.mark.parametrize(
    "params",
    [{}, {"page": 2}, {"order": "date"}, {"type": "policy", "date_from": "2003-01-01"}],
    ids=["relevance", "second page", "newest first", "filtered"],
)
def test_no_format_makes_more_queries_than_the_page(client, archive, params):
    page = len(queries_for(client, search_url(**params)))
    for fmt in ("json", "csv", "atom"):
        assert len(queries_for(client, search_url(fmt, **params))) <= page, fmt


def test_a_format_makes_no_query_per_result(client, archive):
    """The same queries for one match as for a full page of them."""
    for fmt in ("json", "csv", "atom"):
        one = queries_for(client, "/tim-kiem/?" + urlencode({"q": "cùng", "format": fmt}))
        many = queries_for(client, search_url(fmt))
        assert len(one) == len(many), fmt
