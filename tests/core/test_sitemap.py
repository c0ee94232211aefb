"""/sitemap.xml and /robots.txt (issue #14 item 4): the sitemap lists every live page anyone may
read, at the site's public https address, and no page that is private or not published; robots
keep out of the admin and the search results and find the sitemap."""

import xml.etree.ElementTree as ET

import pytest

from django.utils import timezone

from wagtail.models import Page, PageViewRestriction, Site

from consultations.models import ResponseReport
from tests.consultations.factories import closed_window, open_window
from tests.core.factories import ContentPageFactory
from tests.dialogues.factories import DialoguePageFactory
from tests.pagecache import HIT, MISS, fetch, warm
from tests.policies.factories import PolicyPageFactory
from tests.stories.factories import ModelStoryPageFactory

pytestmark = pytest.mark.django_db

PUBLIC = "https://thamvan.hatinh.gov.vn"
NS = {"sm": "http://www.sitemaps.org/schemas/sitemap/0.9"}


@pytest.fixture(autouse=True)
def public_url(settings):
    settings.PUBLIC_URL = PUBLIC


def listed(client):
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/xml")
    root = ET.fromstring(response.content)
    return [loc.text for loc in root.findall("sm:url/sm:loc", NS)]


@pytest.fixture
def tree(site_tree):
    """Pages of every kind: public, a draft never published, one unpublished, and a section
    behind a password with a page in it."""
    home = site_tree["home"]
    guide = ContentPageFactory(parent=home, slug="huong-dan-gop-y")
    ContentPageFactory(parent=guide, slug="gop-y-bang-dien-thoai")
    policy = PolicyPageFactory(parent=site_tree["policies"])
    dialogue = DialoguePageFactory(parent=site_tree["dialogues"])
    story = ModelStoryPageFactory(parent=site_tree["stories"])
    never_published = PolicyPageFactory(parent=site_tree["policies"], live=False)
    withdrawn = ContentPageFactory(parent=home, slug="trang-da-go")
    withdrawn.unpublish()
    internal = ContentPageFactory(parent=home, slug="noi-bo")
    inside = ContentPageFactory(parent=internal, slug="tai-lieu-noi-bo")
    PageViewRestriction.objects.create(page=internal, restriction_type=PageViewRestriction.PASSWORD, password="x")
    return {
        "public": [policy, dialogue, story, guide],
        "not public": [never_published, withdrawn, internal, inside],
    }


def test_the_sitemap_lists_every_live_public_page_and_nothing_else(client, tree):
    site = Site.objects.get(is_default_site=True)
    readable = Page.objects.live().public().descendant_of(site.root_page, inclusive=True)
    expected = {PUBLIC + page.specific.url for page in readable}
    locations = listed(client)
    assert len(locations) == len(set(locations))
    assert set(locations) == expected
    for page in tree["public"]:
        assert PUBLIC + page.url in locations
    for page in tree["not public"]:
        assert not any(page.url in location for location in locations), page.url
    # Whatever host the crawler asked for, the addresses are the site's public https ones.
    assert listed(client.__class__(HTTP_HOST="localhost")) == locations
    assert all(location.startswith(PUBLIC + "/") for location in locations)


def test_a_draft_brings_its_published_comments_and_its_response_report(client, site_tree):
    open_draft = PolicyPageFactory(parent=site_tree["policies"], slug="du-thao-mo", **open_window())
    answered = PolicyPageFactory(parent=site_tree["policies"], slug="du-thao-da-tra-loi", **closed_window(40))
    report = ResponseReport.objects.create(page=answered)
    upcoming = PolicyPageFactory(
        parent=site_tree["policies"],
        slug="du-thao-sap-mo",
        consultation_opens_at=timezone.now() + timezone.timedelta(days=3),
        consultation_closes_at=timezone.now() + timezone.timedelta(days=40),
    )
    locations = listed(client)
    assert PUBLIC + open_draft.url + "y-kien/" in locations
    assert PUBLIC + open_draft.url + "bao-cao/" not in locations
    assert PUBLIC + answered.url + "y-kien/" in locations
    assert PUBLIC + answered.url + "bao-cao/" in locations
    # Nothing to read there yet.
    assert [location for location in locations if upcoming.url in location] == [PUBLIC + upcoming.url]
    for location in (PUBLIC + answered.url + "bao-cao/", PUBLIC + open_draft.url + "y-kien/"):
        assert client.get(location.removeprefix(PUBLIC)).status_code == 200
    root = ET.fromstring(client.get("/sitemap.xml").content)
    lastmod = {url.find("sm:loc", NS).text: url.find("sm:lastmod", NS) for url in root.findall("sm:url", NS)}
    # The day it was published where the province is (Asia/Ho_Chi_Minh), as the site writes dates.
    assert lastmod[PUBLIC + answered.url + "bao-cao/"].text == timezone.localdate(report.published_at).isoformat()


def test_the_sitemap_costs_the_same_queries_for_few_drafts_or_many(client, site_tree, django_assert_max_num_queries):
    def add(n):
        for _ in range(n):
            page = PolicyPageFactory(parent=site_tree["policies"], **closed_window(40))
            ResponseReport.objects.create(page=page)

    add(2)
    client.get("/sitemap.xml")
    with django_assert_max_num_queries(50) as few:
        client.get("/sitemap.xml")
    add(10)
    with django_assert_max_num_queries(50) as many:
        assert len(listed(client)) >= 12 * 3
    assert len(many.captured_queries) == len(few.captured_queries)


def test_robots_txt_keeps_crawlers_out_of_the_admin_and_search_and_names_the_sitemap(client, site_tree):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    rules = [line for line in response.content.decode().splitlines() if line and not line.startswith("#")]
    assert rules == [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /tim-kiem/",
        "Allow: /",
        f"Sitemap: {PUBLIC}/sitemap.xml",
    ]


def test_the_sitemap_is_cached_and_a_page_published_refreshes_it(
    page_cache, site_tree, django_capture_on_commit_callbacks
):
    # Below a section, not directly under the home page: publishing there changes no menu, so
    # the site's shell (and robots.txt with it) stays cached.
    section = ContentPageFactory(parent=site_tree["home"], slug="gioi-thieu")
    warm("/sitemap.xml", "/robots.txt")
    page = ContentPageFactory(parent=section, slug="trang-moi", live=False)
    assert fetch("/sitemap.xml")[0] == HIT
    with django_capture_on_commit_callbacks(execute=True):
        page.save_revision().publish()
    state, response = fetch("/sitemap.xml")
    assert state == MISS
    assert PUBLIC + page.url in response.content.decode()
    # robots.txt does not list pages: it stays cached.
    assert fetch("/robots.txt")[0] == HIT
    # Put behind a password, it leaves the sitemap at once.
    warm("/sitemap.xml")
    with django_capture_on_commit_callbacks(execute=True):
        PageViewRestriction.objects.create(page=page, restriction_type=PageViewRestriction.PASSWORD, password="x")
    state, response = fetch("/sitemap.xml")
    assert state == MISS
    assert page.url not in response.content.decode()
