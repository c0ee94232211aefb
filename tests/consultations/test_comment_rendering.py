"""Published comments are written out in Python (consultations.rendering) for speed: what a
citizen typed still reaches the page as text, never as markup, with its paragraphs, its answer
and how it reached the agency."""

import datetime

import pytest
from bs4 import BeautifulSoup

from consultations.models import Comment
from tests.consultations.factories import CommentFactory

pytestmark = pytest.mark.django_db


def test_what_people_typed_is_shown_as_text_with_its_paragraphs(client, open_draft):
    third = open_draft.section_by_anchor("dieu-3")
    CommentFactory(
        page=open_draft,
        section_id=third.block_id,
        display_name='<b>Hùng</b> "Nam"',
        show_name=True,
        body="<script>alert(1)</script> Mức hỗ trợ & thời hạn\n\nĐoạn hai\ndòng hai",
        response_outcome=Comment.Outcome.PARTLY,
        response_text="Tiếp thu <em>một phần</em>.",
    )
    for url in (open_draft.url, open_draft.url + "y-kien/"):
        content = client.get(url).content.decode()
        assert "<script>alert(1)</script>" not in content
        assert "&lt;script&gt;alert(1)&lt;/script&gt; Mức hỗ trợ &amp; thời hạn" in content
        assert "<b>Hùng</b>" not in content
        comment = BeautifulSoup(content, "html.parser").select_one("li.comment")
        assert comment.bdi.get_text() == '<b>Hùng</b> "Nam"'
        paragraphs = comment.select(".comment__body p")
        assert [p.get_text() for p in paragraphs] == [
            "<script>alert(1)</script> Mức hỗ trợ & thời hạn",
            "Đoạn haidòng hai",
        ]
        assert paragraphs[1].br is not None
        answer = comment.select_one(".response--partly")
        assert answer.select_one(".response__meta").get_text(" ", strip=True).endswith("Tiếp thu một phần")
        assert "Tiếp thu <em>một phần</em>." in answer.get_text()


def test_a_letter_says_how_and_when_it_was_received(client, open_draft):
    CommentFactory(
        page=open_draft,
        channel=Comment.Channel.LETTER,
        received_on=datetime.date(2026, 3, 5),
        body="Ý kiến gửi bằng thư",
    )
    html = BeautifulSoup(client.get(open_draft.url + "y-kien/").content.decode(), "html.parser")
    channel = html.select_one("li.comment .comment__channel")
    assert channel.time["datetime"] == "2026-03-05"
    assert channel.time.get_text() == "05/03/2026"
