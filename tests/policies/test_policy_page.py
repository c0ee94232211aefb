import datetime

import pytest
from bs4 import BeautifulSoup

from tests.policies.factories import PolicyPageFactory, section
from tests.taxonomy.factories import AgencyFactory, DocumentTypeFactory

pytestmark = pytest.mark.django_db


def test_policy_page_shows_its_facts_with_vietnamese_dates(client, site_tree):
    policy = PolicyPageFactory(
        parent=site_tree["policies"],
        title="Chỉ thị về tăng cường công tác dân vận",
        document_number="33-CT/TU",
        document_type=DocumentTypeFactory(name="Chỉ thị"),
        issued_on=datetime.date(2023, 6, 6),
        issuing_agency=AgencyFactory(name="Ban Thường vụ Tỉnh ủy Hà Tĩnh"),
    )
    response = client.get(policy.url)
    assert response.status_code == 200
    html = BeautifulSoup(response.content.decode(), "html.parser")
    assert html.h1.get_text(strip=True) == "Chỉ thị về tăng cường công tác dân vận"
    text = html.get_text(" ", strip=True)
    assert "Chỉ thị số 33-CT/TU" in text
    assert "06/06/2023" in text
    assert "Ban Thường vụ Tỉnh ủy Hà Tĩnh" in text


def test_each_section_can_be_linked_to_from_the_contents(client, site_tree):
    policy = PolicyPageFactory(
        parent=site_tree["policies"],
        text=[
            section("chapter", "I", "Quy định chung"),
            section("article", "1", "Phạm vi điều chỉnh", "Nghị quyết này quy định mức hỗ trợ."),
            section("article", "2", "Đối tượng áp dụng", "Hộ gia đình, cá nhân."),
            section("article", "3", "Nguyên tắc hỗ trợ", "Hoàn toàn tự nguyện."),
        ],
    )
    html = BeautifulSoup(client.get(policy.url).content.decode(), "html.parser")
    article = html.find("section", id="dieu-3")
    assert article.find("h3").get_text(" ", strip=True) == "Điều 3. Nguyên tắc hỗ trợ"
    assert "Hoàn toàn tự nguyện." in article.get_text()
    toc_links = [a["href"] for a in html.find("nav", class_="toc").find_all("a")]
    assert toc_links == ["#chuong-i", "#dieu-1", "#dieu-2", "#dieu-3"]


def test_unpublished_draft_is_not_public(client, site_tree):
    policy = PolicyPageFactory(parent=site_tree["policies"], live=False)
    assert client.get(f"/van-ban/{policy.slug}/").status_code == 404
