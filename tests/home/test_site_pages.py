"""The pages a public site owes its readers, in the demo (issue #14 item 4): a privacy notice, an
accessibility statement and "how to comment", linked from every page's footer; the privacy
notice quotes the retention rule and whom to ask as they are set. (Every page type's footer and
the forms' links, without the demo: tests/core/test_site_links.py.)"""

import pytest
from bs4 import BeautifulSoup

from django.core.management import call_command

from wagtail.models import Page

from consultations.models import ConsultationSettings
from core.models import ContentPage, SiteSettings
from policies.models import PolicyPage

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(root_page):
    call_command("load_demo")
    return SiteSettings.objects.get()


def soup(response):
    assert response.status_code == 200, response
    return BeautifulSoup(response.content.decode(), "html.parser")


def footer_links(html):
    nav = html.find("footer").find("nav")
    return [(a.get_text(strip=True), a["href"]) for a in nav.find_all("a")] if nav else []


def test_the_demo_links_its_three_pages_from_the_footer_of_every_page(client, demo):
    privacy, accessibility, how_to = demo.privacy_page, demo.accessibility_page, demo.how_to_comment_page
    assert [page.title for page in (privacy, accessibility, how_to)] == [
        "Thông báo về bảo vệ dữ liệu cá nhân",
        "Tuyên bố về khả năng tiếp cận",
        "Hướng dẫn góp ý",
    ]
    assert all(page.specific_class is ContentPage and page.live for page in (privacy, accessibility, how_to))
    expected = [
        ("Bảo vệ dữ liệu cá nhân", privacy.url),
        ("Tuyên bố về khả năng tiếp cận", accessibility.url),
        ("Hướng dẫn góp ý", how_to.url),
    ]
    urls = [page.url for page in Page.objects.live().public().specific().exclude(depth=1)]
    assert len(urls) > 20
    # And the pages beside them that readers use: the forms, the comments, a report, search.
    draft = next(p for p in PolicyPage.objects.live() if p.consultation and p.consultation.is_open)
    answered = next(p for p in PolicyPage.objects.live() if p.report)
    urls += [draft.url + "gop-y/", draft.url + "y-kien/", answered.url + "bao-cao/", "/tim-kiem/?q=dat"]
    for url in urls:
        assert footer_links(soup(client.get(url))) == expected, url
    # Each of the three reads whole: every name in braces became the setting it names.
    for page in (privacy, accessibility, how_to):
        assert "{" not in soup(client.get(page.url)).find("main").get_text(), page.title


def test_the_demo_privacy_notice_says_how_long_and_whom_to_ask_from_the_settings(client, demo):
    rules = ConsultationSettings.load()
    text = soup(client.get(demo.privacy_page.url)).find("main").get_text(" ", strip=True)
    assert f"được xóa tự động sau {rules.contact_retention_days} ngày kể từ ngày cơ quan soạn thảo công bố" in text
    assert "Luật Bảo vệ dữ liệu cá nhân số 91/2025/QH15" in text
    for right in ("Được biết", "rút lại sự đồng ý", "Yêu cầu chỉnh sửa", "Yêu cầu xóa", "Phản đối", "Khiếu nại"):
        assert right in text
    assert f"gửi yêu cầu đến {demo.owner_name}: thư điện tử {demo.email}, điện thoại {demo.phone}" in text
    assert "{" not in text
    # Set otherwise in the admin, the notice says so on the next visit.
    rules.contact_retention_days = 45
    rules.save()
    text = soup(client.get(demo.privacy_page.url)).find("main").get_text(" ", strip=True)
    assert "được xóa tự động sau 45 ngày" in text
