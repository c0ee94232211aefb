"""The search as an Atom feed: valid for a feed reader (checked by feedparser, a maintained
feed library), newest first, and readable by a person who opens its address in a browser."""

import datetime
from urllib.parse import urlencode

import feedparser
import pytest
from bs4 import BeautifulSoup

from tests.policies.factories import PolicyPageFactory

pytestmark = pytest.mark.django_db

# What a browser asks for when a person opens a link, and what feedparser asks for.
BROWSER_ACCEPT = "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8"
READER_ACCEPT = feedparser.http.ACCEPT_HEADER
QUERY = {"q": "hiến đất", "format": "atom"}
FEED_PATH = "/tim-kiem/?" + urlencode(QUERY)


@pytest.fixture
def drafts(site_tree):
    """Three matches whose relevance order (the title says it twice) is not their date order."""
    make = lambda title, year: PolicyPageFactory(  # noqa: E731
        parent=site_tree["policies"], title=title, summary="Về đất đai.", issued_on=datetime.date(year, 5, 1)
    )
    return [
        make("Hiến đất, hiến đất làm đường thôn", 2019),
        make("Nghị quyết hỗ trợ hiến đất năm 2026", 2026),
        make("Kế hoạch vận động hiến đất 2023", 2023),
    ]


def read_feed(client, **headers):
    response = client.get(FEED_PATH, headers={"accept": READER_ACCEPT, **headers})
    assert response["Content-Type"].startswith("application/atom+xml")
    return response, feedparser.parse(response.content)


def test_a_feed_reader_gets_a_valid_feed_with_author_self_link_and_newest_first(client, drafts):
    response, feed = read_feed(client)
    assert not feed.bozo, feed.get("bozo_exception")
    assert feed.version == "atom10"
    # RFC 4287: a feed without an author on the feed or on every entry is invalid.
    assert feed.feed.author == "Ủy ban nhân dân tỉnh Hà Tĩnh"
    self_links = [link.href for link in feed.feed.links if link.rel == "self"]
    assert self_links == ["http://testserver" + FEED_PATH]
    alternate = [link.href for link in feed.feed.links if link.rel == "alternate"]
    assert alternate == ["http://testserver/tim-kiem/?" + urlencode({"q": "hiến đất"})]
    assert [entry.title for entry in feed.entries] == [
        "Nghị quyết hỗ trợ hiến đất năm 2026",
        "Kế hoạch vận động hiến đất 2023",
        "Hiến đất, hiến đất làm đường thôn",
    ]
    published = [entry.published_parsed for entry in feed.entries]
    assert published == sorted(published, reverse=True)
    assert all(entry.updated_parsed for entry in feed.entries)
    assert response["Vary"] and "Accept" in response["Vary"]


def test_an_entry_keeps_its_id_when_its_page_is_renamed_and_moved(client, drafts):
    _, before = read_feed(client)
    draft = drafts[1]
    draft.title, draft.slug = "Nghị quyết hỗ trợ hiến đất (sửa đổi)", "nghi-quyet-sua-doi"
    draft.save_revision().publish()
    _, after = read_feed(client)
    entry = next(entry for entry in after.entries if entry.title == draft.title)
    assert entry.id == before.entries[0].id
    assert entry.link.endswith("/nghi-quyet-sua-doi/")
    assert len({entry.id for entry in after.entries}) == 3


def test_a_feed_reader_that_accepts_anything_gets_the_feed(client, drafts):
    _, feed = read_feed(client, accept="*/*")
    assert not feed.bozo and len(feed.entries) == 3


def test_a_person_opening_the_feed_in_a_browser_gets_a_page_saying_how_to_follow_it(client, drafts):
    response = client.get(FEED_PATH, headers={"accept": BROWSER_ACCEPT})
    assert response["Content-Type"].startswith("text/html")
    assert "Accept" in response["Vary"]
    html = BeautifulSoup(response.content.decode(), "html.parser")
    assert html.find("meta", attrs={"name": "robots"})["content"] == "noindex"
    # The address to paste into a feed reader, and the feed announced for reader extensions.
    assert html.select_one("main input[readonly]")["value"] == "http://testserver" + FEED_PATH
    assert html.find("link", attrs={"type": "application/atom+xml"})["href"] == "http://testserver" + FEED_PATH
    titles = [a.get_text(strip=True) for a in html.select("main .card__title a")]
    assert titles[0] == "Nghị quyết hỗ trợ hiến đất năm 2026" and len(titles) == 3
    assert html.select_one("main time").get_text() == "01/05/2026"


def test_the_search_page_links_to_its_feed(client, drafts):
    html = BeautifulSoup(client.get("/tim-kiem/", {"q": "hiến đất"}).content.decode(), "html.parser")
    feed_link = html.select_one(".inline-links a[href$='format=atom']")
    assert feed_link is not None
    assert html.find("link", attrs={"rel": "alternate", "type": "application/atom+xml"})["href"] == feed_link["href"]
