"""The shell every public page shares: Vietnamese, skip link, landmarks, navigation, footer."""

import pytest
from bs4 import BeautifulSoup

from django.template.loader import render_to_string

pytestmark = pytest.mark.django_db


def soup(response):
    return BeautifulSoup(response.content.decode(), "html.parser")


def test_home_page_is_in_vietnamese_with_skip_link_and_landmarks(client, site_tree):
    response = client.get("/")
    assert response.status_code == 200
    html = soup(response)
    assert html.html["lang"] == "vi"
    skip = html.find("a", class_="skip-link")
    assert skip["href"] == "#main" and skip.get_text(strip=True) == "Chuyển đến nội dung chính"
    assert html.find("main", id="main") is not None
    assert html.find("header") is not None and html.find("footer") is not None
    assert html.find("form", role="search") is not None


def test_main_navigation_lists_the_sections_then_search(client, site_tree):
    html = soup(client.get("/"))
    nav = html.find("nav", attrs={"aria-label": "Điều hướng chính"})
    labels = [a.get_text(strip=True) for a in nav.find_all("a")]
    assert labels == ["Lấy ý kiến dự thảo", "Văn bản", "Đối thoại", "Dân vận khéo", "Tìm kiếm"]


def test_navigation_marks_the_current_section(client, site_tree):
    html = soup(client.get("/van-ban/"))
    current = html.find("nav", attrs={"aria-label": "Điều hướng chính"}).find("a", attrs={"aria-current": "page"})
    assert current.get_text(strip=True) == "Văn bản"


def test_header_and_footer_come_from_site_settings(client, site_tree):
    html = soup(client.get("/"))
    assert html.find(class_="site-name").get_text(strip=True) == "Cổng lấy ý kiến tỉnh Hà Tĩnh"
    footer = html.find("footer").get_text(" ", strip=True)
    assert "Số 01 đường Nguyễn Tất Thành" in footer
    assert "0239 3855 000" in footer
    assert "lay-y-kien@hatinh.gov.vn" in footer


def test_missing_page_gets_a_vietnamese_404(client, site_tree):
    response = client.get("/khong-ton-tai/")
    assert response.status_code == 404
    html = soup(response)
    assert html.h1.get_text(strip=True) == "Không tìm thấy trang"
    assert html.find("meta", attrs={"name": "robots"})["content"] == "noindex"


def test_server_error_page_is_vietnamese_and_needs_no_context():
    html = BeautifulSoup(render_to_string("500.html"), "html.parser")
    assert html.html["lang"] == "vi"
    assert html.h1.get_text(strip=True) == "Đã có lỗi xảy ra"
    # It looks like the site (the browser's bare serif page was the reader's only sign of it).
    assert html.find("link", rel="stylesheet")["href"].endswith("css/site.css")
    assert "container" in html.main["class"]


def test_site_stays_vietnamese_when_the_browser_asks_for_english(client, site_tree):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    html = soup(response)
    assert html.html["lang"] == "vi"
    assert html.find("a", class_="skip-link").get_text(strip=True) == "Chuyển đến nội dung chính"
