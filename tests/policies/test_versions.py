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


def two_versions(site_tree, old_html, new_html):
    policy = PolicyPageFactory(parent=site_tree["policies"], text=[section("article", "2", "Đối tượng", "")])
    block_id = policy.text[0].id
    for html in (old_html, new_html):
        policy.text = [
            {
                "type": "section",
                "id": block_id,
                "value": {"kind": "article", "number": "2", "heading": "Đối tượng", "text": html},
            }
        ]
        policy.save_revision().publish()
    return policy


def test_the_comparison_keeps_paragraphs_apart(client, site_tree):
    """Issue #10, item 21: not "được hiến.2. Hộ nghèo" run together."""
    policy = two_versions(
        site_tree,
        "<p>1. Hộ gia đình có đất được hiến.</p><p>2. Hộ nghèo được hỗ trợ.</p>",
        "<p>1. Hộ gia đình có đất được hiến.</p><p>2. Hộ nghèo và cận nghèo được hỗ trợ.</p><p>3. Mới.</p>",
    )
    diff = BeautifulSoup(client.get(policy.url + "phien-ban/", {"tu": 1, "den": 2}).content.decode(), "html.parser")
    paragraphs = [" ".join(p.get_text(" ").split()) for p in diff.select(".diff--changed p")]
    assert paragraphs == [
        "1. Hộ gia đình có đất được hiến.",
        "2. Hộ nghèo và cận nghèo được hỗ trợ.",
        "3. Mới.",
    ]
    inserted = [i.get_text() for i in diff.select(".diff--changed ins")]
    assert sorted(inserted[0].split()) == ["cận", "nghèo", "và"] and inserted[1:] == ["3. Mới."]
    assert not diff.select(".diff--changed del")


def test_a_very_long_section_is_compared_paragraph_by_paragraph_or_replaced_whole(client, site_tree):
    """A 10,000-word section: paragraphs that did not change are matched cheaply; one changed
    paragraph too long to compare word by word is shown replaced whole (bounded cost)."""
    long_paragraph = " ".join(f"từ{n}" for n in range(10_000))
    policy = two_versions(
        site_tree,
        f"<p>Mở đầu.</p><p>{long_paragraph}</p>",
        f"<p>Mở đầu.</p><p>{long_paragraph.replace('từ5000', 'chữ5000')}</p>",
    )
    response = client.get(policy.url + "phien-ban/", {"tu": 1, "den": 2})
    assert response.status_code == 200
    diff = BeautifulSoup(response.content.decode(), "html.parser")
    assert [len(d.get_text().split()) for d in diff.select(".diff--changed del")] == [10_000]
    assert [len(i.get_text().split()) for i in diff.select(".diff--changed ins")] == [10_000]
    assert diff.select(".diff--changed p")[0].get_text(strip=True) == "Mở đầu."
