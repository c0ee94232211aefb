import pytest
from bs4 import BeautifulSoup

from tests.policies.factories import PolicyPageFactory, section

pytestmark = pytest.mark.django_db


def test_published_revisions_are_versions_and_any_two_compare_by_section(client, site_tree):
    policy = PolicyPageFactory(
        parent=site_tree["policies"],
        text=[section("article", "1", "Mức hỗ trợ", "Hỗ trợ 50.000 đồng mỗi mét vuông.")],
    )
    policy.save_revision().publish()
    policy.text = [
        {
            "type": "section",
            "id": policy.text[0].id,
            "value": {
                "kind": "article",
                "number": "1",
                "heading": "Mức hỗ trợ",
                "text": "<p>Hỗ trợ 70.000 đồng mỗi mét vuông.</p>",
            },
        },
        {
            "type": "section",
            "value": {"kind": "article", "number": "2", "heading": "Hiệu lực", "text": "<p>Từ 2027.</p>"},
        },
    ]
    policy.save_revision().publish()

    html = BeautifulSoup(client.get(policy.url + "phien-ban/").content.decode(), "html.parser")
    assert [li.get_text(" ", strip=True).split(" ")[0] for li in html.select("ol.versions li")] == ["v1", "v2"]

    diff = BeautifulSoup(client.get(policy.url + "phien-ban/", {"tu": 1, "den": 2}).content.decode(), "html.parser")
    changed = diff.find(class_="diff--changed")
    assert [d.get_text() for d in changed.find_all("del")] == ["50.000"]
    assert [i.get_text() for i in changed.find_all("ins")] == ["70.000"]
    assert "Điều 2. Hiệu lực" in diff.find(class_="diff--added").get_text()
    assert client.get(policy.url + "phien-ban/", {"tu": 1, "den": 9}).status_code == 404
