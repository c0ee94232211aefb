"""The information page editors write (core.ContentPage): the privacy notice, the accessibility
statement, how to comment. What a reader sees of each block, the site's rules quoted as they are
set now, where the page type may go, and search."""

import re

import pytest
from bs4 import BeautifulSoup

from django.utils import timezone

from wagtail.models import Page, PageViewRestriction
from wagtail.test.utils import WagtailPageTestCase

from consultations.models import ConsultationSettings
from core.models import ContentPage, SiteSettings
from dialogues.models import DialogueIndexPage
from home.models import HomePage
from policies.models import PolicyIndexPage
from stories.models import StoryIndexPage
from taxonomy.models import agency_owned_page_models
from tests.core.factories import ContentPageFactory, bullets, callout, heading, paragraph, table

pytestmark = pytest.mark.django_db


def soup(response):
    assert response.status_code == 200
    return BeautifulSoup(response.content.decode(), "html.parser")


@pytest.fixture
def privacy_notice(home_page):
    page = ContentPageFactory(
        parent=home_page,
        title="Thông báo về bảo vệ dữ liệu cá nhân",
        slug="bao-ve-du-lieu-ca-nhan",
        intro="Cổng thu thập gì, để làm gì, giữ bao lâu.",
        body=[
            heading("Chúng tôi thu thập những gì"),
            table(
                "Dữ liệu thu thập khi bạn sử dụng Cổng",
                ["Khi bạn", "Dữ liệu thu thập"],
                [["Góp ý một dự thảo", "Nội dung ý kiến; thư điện tử (không bắt buộc)"]],
            ),
            heading("Lưu giữ trong bao lâu"),
            paragraph("<p>Thư điện tử được xóa sau {contact_retention_days} ngày. Hỏi {site_owner_name}.</p>"),
            bullets("Được biết", "Yêu cầu xóa sau {contact_retention_days} ngày", ordered=True),
            heading("Quyền của bạn"),
            heading("Khiếu nại", level="h3"),
            callout(
                "Đừng ghi số điện thoại vào ý kiến",
                "<p>Nội dung ý kiến sẽ được <b>công khai</b>, thông tin liên hệ giữ {contact_retention_days} ngày.</p>",
            ),
        ],
    )
    page.save_revision().publish()
    page.refresh_from_db()
    return page


def test_a_content_page_shows_every_block_to_the_reader(client, privacy_notice):
    html = soup(client.get(privacy_notice.url))
    assert html.h1.get_text(strip=True) == "Thông báo về bảo vệ dữ liệu cá nhân"
    assert html.select_one("p.lead").get_text(strip=True) == "Cổng thu thập gì, để làm gì, giữ bao lâu."
    # Last updated, as dd/mm/yyyy.
    published = timezone.localtime(privacy_notice.last_published_at)
    assert html.select_one("p.edited time").get_text(strip=True) == published.strftime("%d/%m/%Y")
    # The headings have addresses, listed at the top when there are more than two.
    assert [h.get("id") for h in html.select(".content-body h2")] == [
        "chung-toi-thu-thap-nhung-gi",
        "luu-giu-trong-bao-lau",
        "quyen-cua-ban",
    ]
    assert html.select_one(".content-body h3").get_text(strip=True) == "Khiếu nại"
    contents = html.find("nav", attrs={"aria-labelledby": "page-contents-heading"})
    assert [a["href"] for a in contents.find_all("a")] == [
        "#chung-toi-thu-thap-nhung-gi",
        "#luu-giu-trong-bao-lau",
        "#quyen-cua-ban",
    ]
    # The table says what it shows, and on a phone each cell says its column's heading.
    table_ = html.select_one(".content-body table.stack-table")
    assert table_.caption.get_text(strip=True) == "Dữ liệu thu thập khi bạn sử dụng Cổng"
    assert [th.get_text(strip=True) for th in table_.select("thead th[scope=col]")] == ["Khi bạn", "Dữ liệu thu thập"]
    assert [td["data-label"] for td in table_.select("tbody td")] == ["Khi bạn", "Dữ liệu thu thập"]
    assert html.select_one(".content-body ol").find_all("li")[0].get_text(strip=True) == "Được biết"
    note = html.select_one('.content-body [role="note"]')
    assert note["aria-label"] == "Đừng ghi số điện thoại vào ý kiến"
    assert note.find("b").get_text() == "công khai"
    retention = ConsultationSettings.load().contact_retention_days
    assert f"thông tin liên hệ giữ {retention} ngày" in note.get_text()


def test_the_page_quotes_the_sites_rules_as_they_are_set_now(client, privacy_notice):
    rules = ConsultationSettings.load()
    rules.contact_retention_days = 90
    rules.save()
    text = soup(client.get(privacy_notice.url)).select_one(".content-body").get_text(" ", strip=True)
    assert "Thư điện tử được xóa sau 90 ngày." in text
    assert "Yêu cầu xóa sau 90 ngày" in text
    assert "{" not in text

    rules.contact_retention_days = 60
    rules.save()
    SiteSettings.objects.update(owner_name="Ủy ban nhân dân tỉnh <Hà Tĩnh> & Sở")
    html = soup(client.get(privacy_notice.url))
    text = html.select_one(".content-body").get_text(" ", strip=True)
    assert "Thư điện tử được xóa sau 60 ngày." in text
    # A value is text, never markup.
    assert "Hỏi Ủy ban nhân dân tỉnh <Hà Tĩnh> & Sở." in text


def test_an_unknown_name_in_braces_is_left_as_written(client, home_page):
    page = ContentPageFactory(parent=home_page, body=[paragraph("<p>Công thức {a} và {khong_co}.</p>")])
    assert "Công thức {a} và {khong_co}." in soup(client.get(page.url)).select_one(".content-body").get_text()


def test_a_content_page_lists_its_public_sub_pages(client, home_page):
    guide = ContentPageFactory(parent=home_page, title="Hướng dẫn")
    first = ContentPageFactory(parent=guide, title="Góp ý dự thảo")
    draft = ContentPageFactory(parent=guide, title="Bản nháp", live=False)
    hidden = ContentPageFactory(parent=guide, title="Nội bộ")
    PageViewRestriction.objects.create(page=hidden, restriction_type=PageViewRestriction.LOGIN)
    links = soup(client.get(guide.url)).find("section", attrs={"aria-labelledby": "children-heading"}).find_all("a")
    assert [(a.get_text(strip=True), a["href"]) for a in links] == [(first.title, first.url)]
    assert draft.title and hidden.title


def test_a_content_page_is_found_by_search_with_or_without_diacritics(client, privacy_notice):
    for query in ("quyền của bạn", "quyen cua ban", "dữ liệu thu thập"):
        html = soup(client.get("/tim-kiem/", {"q": query}))
        assert [a.get_text(strip=True) for a in html.select(".results h3 a")] == [privacy_notice.title], query
    # Filtered by its kind, as other kinds are.
    html = soup(client.get("/tim-kiem/", {"q": "dữ liệu", "type": "page"}))
    assert [a.get_text(strip=True) for a in html.select(".results h3 a")] == [privacy_notice.title]


class ContentPageRules(WagtailPageTestCase):
    def test_it_goes_under_the_home_page_and_under_itself_only(self):
        self.assertAllowedParentPageTypes(ContentPage, {HomePage, ContentPage})
        self.assertAllowedSubpageTypes(ContentPage, {ContentPage})
        for section in (PolicyIndexPage, DialogueIndexPage, StoryIndexPage, Page):
            self.assertCanNotCreateAt(section, ContentPage)

    def test_it_belongs_to_the_site_not_to_an_agency(self):
        # Agencies' groups get page permissions on the sections where their pages live; a page
        # type under the home page owned by agencies would hand them the whole site.
        assert ContentPage not in agency_owned_page_models()


def test_an_administrator_opens_a_content_page_with_every_block_in_the_editor(client, admin_user, privacy_notice):
    client.force_login(admin_user)
    response = client.get(f"/admin/pages/{privacy_notice.pk}/edit/")
    assert response.status_code == 200
    # The blocks' definitions are JSON in the page, non-ASCII letters escaped.
    html = re.sub(r"\\u([0-9a-fA-F]{4})", lambda m: chr(int(m.group(1), 16)), response.content.decode())
    # The body's blocks are offered in Vietnamese, the table among them.
    for label in ("Tiêu đề", "Đoạn văn", "Danh sách", "Bảng", "Khung lưu ý"):
        assert label in html, label
    add = client.get(f"/admin/pages/add/core/contentpage/{privacy_notice.get_parent().pk}/")
    assert add.status_code == 200
