import pytest
from bs4 import BeautifulSoup

from consultations.models import Comment
from tests.consultations.factories import CommentFactory

pytestmark = pytest.mark.django_db


def test_a_section_shows_its_first_comments_and_links_to_all_of_them(client, open_draft):
    third = open_draft.section_by_anchor("dieu-3")
    comments = CommentFactory.create_batch(5, page=open_draft, section_id=third.block_id)
    CommentFactory(page=open_draft, section_id=third.block_id, state=Comment.State.PENDING, body="Chưa duyệt")
    html = BeautifulSoup(client.get(open_draft.url).content.decode(), "html.parser")
    section = html.find("section", id="dieu-3")
    shown = [li["id"] for li in section.select("li.comment")]
    assert shown == [f"y-kien-{c.pk}" for c in comments[:3]]
    link = section.find("a", string=lambda s: s and "Xem tất cả 5 ý kiến" in s)
    assert link["href"].endswith("y-kien/?muc=dieu-3")

    listing = BeautifulSoup(client.get(link["href"]).content.decode(), "html.parser")
    assert [li["id"] for li in listing.select("li.comment")] == [f"y-kien-{c.pk}" for c in comments]
    assert "Chưa duyệt" not in listing.get_text()
    assert listing.h1.get_text(strip=True) == "Ý kiến đã đăng về Điều 3. Nguyên tắc hỗ trợ"
