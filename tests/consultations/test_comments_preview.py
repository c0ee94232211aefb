"""The first comments of each section a draft's page shows (consultations.services.comments_preview,
issue #13): the earliest published ones of each section, in the order they were sent, whichever
way they are picked, and shown as the public may see them."""

import datetime

import pytest

from django.utils import timezone

from consultations import services
from consultations.models import Comment
from tests.consultations.factories import CommentFactory, open_window
from tests.policies.factories import PolicyPageFactory, section
from tests.taxonomy.factories import AgencyFactory, AreaFactory

pytestmark = pytest.mark.django_db

PER_SECTION = 2


@pytest.fixture
def draft(site_tree):
    return PolicyPageFactory(
        parent=site_tree["policies"],
        text=[section("article", str(n), f"Điều khoản {n}") for n in (1, 2, 3)],
        **open_window(),
    )


def sent(minutes_ago, **fields):
    return CommentFactory(submitted_at=timezone.now() - datetime.timedelta(minutes=minutes_ago), **fields)


@pytest.fixture
def comments(draft, site_tree):
    """Section 1 with more comments than its preview, sent out of order, with some not public;
    section 2 with one; section 3 with none; and another draft's comment on a same-named section."""
    first, second, _third = [s.block_id for s in draft.sections]
    made = {
        "latest": sent(1, page=draft, section_id=first, body="Gửi sau cùng"),
        "earliest": sent(50, page=draft, section_id=first, body="Gửi sớm nhất"),
        "second": sent(40, page=draft, section_id=first, body="Gửi thứ hai"),
        "third": sent(30, page=draft, section_id=first, body="Gửi thứ ba"),
        "pending": sent(60, page=draft, section_id=first, state=Comment.State.PENDING, body="Chưa duyệt"),
        "rejected": sent(
            70,
            page=draft,
            section_id=first,
            state=Comment.State.REJECTED,
            rejection_reason=Comment.RejectionReason.values[0],
            body="Bị từ chối",
        ),
        "alone": sent(20, page=draft, section_id=second, body="Ý kiến duy nhất"),
    }
    other = PolicyPageFactory(parent=site_tree["policies"], **open_window())
    sent(90, page=other, section_id=first, body="Dự thảo khác")
    # On the whole text (no section) and on a section since removed: previewed as any other.
    made["whole"] = sent(15, page=draft, section_id="", body="Về toàn văn")
    made["removed"] = sent(14, page=draft, section_id="dieu-da-bo", body="Về điều đã bỏ")
    return made


@pytest.mark.parametrize("lateral", [True, False], ids=["lateral join", "window function"])
def test_the_preview_holds_each_sections_earliest_published_comments_and_its_total(draft, comments, lateral):
    first, second, third = [s.block_id for s in draft.sections]
    preview, totals = services.comments_preview(draft, PER_SECTION, lateral=lateral)
    assert {key: [c.body for c in group] for key, group in preview.items()} == {
        first: ["Gửi sớm nhất", "Gửi thứ hai"],
        second: ["Ý kiến duy nhất"],
        "": ["Về toàn văn"],
        "dieu-da-bo": ["Về điều đã bỏ"],
    }
    assert totals == {first: 4, second: 1, "": 1, "dieu-da-bo": 1}
    assert third not in preview


def test_both_ways_give_the_same_comments_with_every_detail(draft, comments):
    block = draft.sections[0].block_id
    sent(45, page=draft, section_id=block, area=AreaFactory(name="Phường Nam Hà"), response_agency=AgencyFactory())
    lateral, _ = services.comments_preview(draft, PER_SECTION, lateral=True)
    window, _ = services.comments_preview(draft, PER_SECTION, lateral=False)
    assert {k: [vars(c) for c in g] for k, g in lateral.items()} == {k: [vars(c) for c in g] for k, g in window.items()}
    assert lateral[block][1].area.name == "Phường Nam Hà"


def test_a_previewed_comment_shows_what_the_comment_itself_shows(draft):
    """The preview's lighter comments follow the comment's own rules: a name only with consent,
    an organisation always, the area otherwise, numbers masked, how an offline comment came."""
    block = draft.sections[0].block_id
    area = AreaFactory(name="Xã Cẩm Bình")
    made = [
        sent(5, page=draft, section_id=block, display_name="Lê Thị Hoa", show_name=True, body="Gọi 0912 345 678"),
        sent(4, page=draft, section_id=block, display_name="Trần Văn Bình", show_name=False, area=area),
        sent(
            3,
            page=draft,
            section_id=block,
            sender_organisation="Hội Nông dân xã",
            channel=Comment.Channel.LETTER,
            received_on=datetime.date(2026, 3, 9),
            response_outcome=Comment.Outcome.ACCEPTED,
            response_text="Đã tiếp thu, liên hệ 0987 654 321.",
            response_agency=AgencyFactory(name="Sở Tài chính"),
        ),
    ]
    # A fourth, later: the preview of three is then picked per section (the LATERAL statement).
    sent(1, page=draft, section_id=block, body="Gửi sau cùng")
    preview, _totals = services.comments_preview(draft, per_section=3, lateral=True)
    shown = preview[block]
    assert [c.pk for c in shown] == [c.pk for c in made]
    for light, comment in zip(shown, made, strict=True):
        comment.refresh_from_db()
        assert light.public_name == comment.public_name
        assert light.public_body == comment.public_body
        assert light.public_response == comment.public_response
        assert light.came_offline == comment.came_offline
        assert light.date_received == comment.date_received
        assert light.anchor == comment.anchor
        assert str(light.get_channel_display()) == str(comment.get_channel_display())
    assert [c.public_name for c in shown] == ["Lê Thị Hoa", "Người dân tại Xã Cẩm Bình", "Hội Nông dân xã"]
    assert "0912 345 678" not in shown[0].public_body
    assert "0987 654 321" not in shown[2].public_response
    assert str(shown[2].response_agency) == "Sở Tài chính"
    assert "Trần Văn Bình" not in [c.public_name for c in shown]


def test_a_channel_the_site_no_longer_lists_shows_as_stored():
    """As the model's own display: a value no longer among the choices is shown, not an error."""
    row = dict.fromkeys(services.PREVIEW_FIELDS) | {"pk": 1, "channel": "fax", "section_id": ""}
    comment = services.PreviewComment((*row.values(), None, None))
    assert comment.get_channel_display() == "fax"
    assert comment.came_offline
