"""Issue #11: the comment form quotes the part of the draft being commented on, above the comment
box, and another part can be chosen and shown without JavaScript."""

import pytest
from bs4 import BeautifulSoup

from consultations.models import Comment
from tests.consultations.factories import comment_post_data, open_window
from tests.policies.factories import PolicyPageFactory, section

pytestmark = pytest.mark.django_db


def page_of(response):
    return BeautifulSoup(response.content.decode(), "html.parser")


def quote_of(html):
    return html.select_one("form.comment-form details.disclosure")


def test_the_chosen_article_is_quoted_open_above_the_comment_box(client, open_draft):
    html = page_of(client.get(open_draft.url + "gop-y/", {"muc": "dieu-3"}))
    quote = quote_of(html)
    assert "Điều 3. Nguyên tắc hỗ trợ" in quote.summary.get_text()
    assert quote.select_one(".disclosure__body").get_text(strip=True) == "Hoàn toàn tự nguyện."
    assert quote.has_attr("open"), "a short article costs a few lines: shown open"
    # In reading order: which part, its text, then the comment box.
    order = html.select("form.comment-form select, form.comment-form details, textarea")
    assert [tag.name for tag in order][:3] == ["select", "details", "textarea"]


def test_no_quote_when_commenting_on_the_draft_as_a_whole(client, open_draft):
    assert quote_of(page_of(client.get(open_draft.url + "gop-y/"))) is None


def test_a_long_article_is_quoted_closed_so_the_comment_box_stays_near_the_top(client, site_tree):
    long_text = " ".join(["Hộ gia đình tự nguyện hiến đất được hỗ trợ theo quy định."] * 12)
    policy = PolicyPageFactory(
        parent=site_tree["policies"],
        text=[section("article", "1", "Mức hỗ trợ", long_text)],
        **open_window(),
    )
    quote = quote_of(page_of(client.get(policy.url + "gop-y/", {"muc": "dieu-1"})))
    assert "Điều 1. Mức hỗ trợ" in quote.summary.get_text()
    assert not quote.has_attr("open")
    assert long_text in quote.get_text(" ", strip=True)


def test_the_quote_is_the_text_as_the_policy_page_renders_it(client, site_tree):
    """Markup in the text is the policy page's (rich text, sanitised on input); a heading typed
    with angle brackets is shown as typed, never as markup."""
    policy = PolicyPageFactory(
        parent=site_tree["policies"],
        text=[
            (
                "section",
                {
                    "kind": "article",
                    "number": "2",
                    "heading": "Mức <b>hỗ trợ</b>",
                    "text": "<p>Không quá <b>5 triệu</b> đồng &lt;mỗi hộ&gt;</p>",
                },
            )
        ],
        **open_window(),
    )
    quote = quote_of(page_of(client.get(policy.url + "gop-y/", {"muc": "dieu-2"})))
    on_page = page_of(client.get(policy.url)).find("section", id="dieu-2")
    assert quote.select_one(".disclosure__body p") == on_page.find("p")
    assert quote.select_one(".disclosure__body b").get_text() == "5 triệu"
    assert "Mức <b>hỗ trợ</b>" in quote.summary.get_text()
    assert quote.summary.find("b") is None


def test_without_javascript_another_part_is_shown_and_nothing_typed_is_lost(client, open_draft):
    """Choose Điều 1 in the list, press "show its text": the same form, quoting Điều 1."""
    html = page_of(client.get(open_draft.url + "gop-y/", {"muc": "dieu-3"}))
    show = html.select_one("form.comment-form button[name=show_section]")
    assert show is not None
    data = comment_post_data(section="dieu-1", body="Tôi muốn góp ý phạm vi.", show_section=show["value"])
    response = client.post(open_draft.url + "gop-y/", data)
    assert response.status_code == 200
    html = page_of(response)
    assert "Điều 1. Phạm vi điều chỉnh" in quote_of(html).summary.get_text()
    assert html.find("select", attrs={"name": "section"}).find("option", selected=True)["value"] == "dieu-1"
    assert html.find("textarea", attrs={"name": "body"}).get_text().strip() == "Tôi muốn góp ý phạm vi."
    assert html.find("input", attrs={"name": "display_name"})["value"] == data["display_name"]
    assert html.find(class_="error-summary") is None
    assert not Comment.objects.exists()


def test_pressing_enter_sends_the_comment_rather_than_showing_a_part(client, open_draft):
    """A browser presses a form's first submit button on Enter: that one sends."""
    html = page_of(client.get(open_draft.url + "gop-y/", {"muc": "dieu-3"}))
    first = html.select_one("form.comment-form button[type=submit]")
    assert not first.has_attr("name")
    assert html.select("form.comment-form button[type=submit]")[-1].get_text(strip=True) == first.get_text(strip=True)
