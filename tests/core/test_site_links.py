"""The footer links the privacy notice, the accessibility statement and "how to comment" on every
page type, and every form that asks for personal data links the privacy notice and "how to
comment" (templates/components/privacy_hint.html); all three read in one query."""

import datetime

import pytest
from bs4 import BeautifulSoup

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from consultations.models import ResponseReport
from core.models import SiteSettings
from tests.consultations.factories import closed_window, open_window
from tests.core.factories import ContentPageFactory
from tests.dialogues.factories import CommitmentTrackerPageFactory, DialoguePageFactory
from tests.policies.factories import PolicyPageFactory
from tests.stories.factories import ModelStoryPageFactory

pytestmark = pytest.mark.django_db

KINDS = [
    "home",
    "consultation index",
    "register",
    "policy",
    "comment form",
    "comments",
    "response report",
    "versions",
    "dialogue index",
    "dialogue",
    "question form",
    "tracker",
    "story index",
    "story",
    "content page",
    "search",
]


@pytest.fixture
def linked(home_page):
    pages = {
        "privacy": ContentPageFactory(parent=home_page, title="Thông báo về bảo vệ dữ liệu cá nhân", slug="du-lieu"),
        "accessibility": ContentPageFactory(parent=home_page, title="Tuyên bố tiếp cận", slug="tiep-can"),
        "how_to_comment": ContentPageFactory(parent=home_page, title="Hướng dẫn góp ý", slug="huong-dan"),
    }
    SiteSettings.objects.update(**{f"{key}_page": page for key, page in pages.items()})
    return pages


@pytest.fixture
def urls(site_tree):
    draft = PolicyPageFactory(parent=site_tree["policies"], **open_window())
    answered = PolicyPageFactory(parent=site_tree["policies"], **closed_window(40))
    ResponseReport.objects.create(page=answered)
    upcoming = DialoguePageFactory(
        parent=site_tree["dialogues"], held_at=timezone.now() + datetime.timedelta(days=5), accepts_questions=True
    )
    tracker = CommitmentTrackerPageFactory(parent=site_tree["home"])
    story = ModelStoryPageFactory(parent=site_tree["stories"])
    guide = ContentPageFactory(parent=site_tree["home"], slug="gioi-thieu")
    return {
        "home": "/",
        "consultation index": site_tree["consultations"].url,
        "register": site_tree["policies"].url,
        "policy": draft.url,
        "comment form": draft.url + "gop-y/",
        "comments": draft.url + "y-kien/",
        "response report": answered.url + "bao-cao/",
        "versions": draft.url + "phien-ban/",
        "dialogue index": site_tree["dialogues"].url,
        "dialogue": upcoming.url,
        "question form": upcoming.url + "cau-hoi/",
        "tracker": tracker.url,
        "story index": site_tree["stories"].url,
        "story": story.url,
        "content page": guide.url,
        "search": "/tim-kiem/?q=dat",
    }


def html_of(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return BeautifulSoup(response.content.decode(), "html.parser")


@pytest.mark.parametrize("kind", KINDS)
def test_every_page_types_footer_links_the_three_pages(client, linked, urls, kind):
    nav = html_of(client, urls[kind]).find("footer").find("nav")
    assert [(a.get_text(strip=True), a["href"]) for a in nav.find_all("a")] == [
        ("Bảo vệ dữ liệu cá nhân", linked["privacy"].url),
        ("Tuyên bố về khả năng tiếp cận", linked["accessibility"].url),
        ("Hướng dẫn góp ý", linked["how_to_comment"].url),
    ]


@pytest.mark.parametrize("kind", ["comment form", "question form"])
def test_forms_asking_for_personal_data_link_the_privacy_notice_and_how_to_comment(client, linked, urls, kind):
    form = html_of(client, urls[kind]).find("form", class_="comment-form")
    hint = form.select_one(".privacy-hint")
    assert [(a.get_text(strip=True), a["href"]) for a in hint.find_all("a")] == [
        ("Bảo vệ dữ liệu cá nhân", linked["privacy"].url),
        ("Hướng dẫn góp ý", linked["how_to_comment"].url),
    ]
    # Said before the box to tick, where the reader decides.
    assert "Dữ liệu được thu thập, mục đích, thời hạn lưu giữ và quyền của bạn" in hint.get_text()
    assert hint.find_next("input", attrs={"name": "consent"}) is not None


def test_a_linked_page_taken_down_or_unset_leaves_the_footer_and_the_forms(client, linked, urls):
    linked["how_to_comment"].unpublish()
    SiteSettings.objects.update(accessibility_page=None)
    html = html_of(client, urls["comment form"])
    assert [a["href"] for a in html.find("footer").find("nav").find_all("a")] == [linked["privacy"].url]
    assert [a["href"] for a in html.select(".privacy-hint a")] == [linked["privacy"].url]
    SiteSettings.objects.update(privacy_page=None)
    html = html_of(client, urls["comment form"])
    assert html.find("footer").find("nav") is None
    assert html.select(".privacy-hint") == []


def test_the_three_links_cost_one_query_together(client, linked, urls, django_assert_num_queries):
    settings_ = SiteSettings.objects.get()
    with django_assert_num_queries(1):
        pages = settings_.linked_pages()
        assert settings_.linked_pages() is pages
    assert {key: page.pk for key, page in pages.items()} == {key: page.pk for key, page in linked.items()}


@pytest.mark.parametrize("kind", ["policy", "comment form", "story", "search"])
def test_links_to_sections_of_the_home_page_cost_no_query_of_their_own(client, home_page, urls, kind):
    # The home page's live children are read with the menu: the footer takes its links from there.
    html_of(client, urls[kind])  # compiled queries and sites settle on the first request
    with CaptureQueriesContext(connection) as without_links:
        html_of(client, urls[kind])
    pages = {
        "privacy": ContentPageFactory(parent=home_page, title="Thông báo về bảo vệ dữ liệu cá nhân", slug="du-lieu"),
        "accessibility": ContentPageFactory(parent=home_page, title="Tuyên bố tiếp cận", slug="tiep-can"),
        "how_to_comment": ContentPageFactory(parent=home_page, title="Hướng dẫn góp ý", slug="huong-dan"),
    }
    SiteSettings.objects.update(**{f"{key}_page": page for key, page in pages.items()})
    with CaptureQueriesContext(connection) as with_links:
        html = html_of(client, urls[kind])
    assert [a["href"] for a in html.find("footer").find("nav").find_all("a")] == [page.url for page in pages.values()]
    assert len(with_links) == len(without_links)
