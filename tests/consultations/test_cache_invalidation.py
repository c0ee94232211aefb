"""Moderation, answers and reports make cached pages stale at once, and precisely (core.pagecache):
the draft's page, its comments, its report and the listings are fresh on the next reader's
visit; another draft and a story stay cached. Through the admin's own screens and bulk actions."""

from urllib.parse import urlencode

import pytest

from consultations import services
from consultations.models import Comment, ConsultationSettings
from tests.consultations.factories import CommentFactory, closed_window, open_window
from tests.pagecache import HIT, MISS, fetch, states, warm
from tests.policies.factories import PolicyPageFactory
from tests.stories.factories import ModelStoryPageFactory

pytestmark = pytest.mark.django_db

QUEUE = "/admin/y-kien/"


def bulk(action, *comments):
    ids = [("id", comment.pk) for comment in comments]
    return f"/admin/bulk/consultations/comment/{action}/?" + urlencode([*ids, ("next", QUEUE)])


@pytest.fixture
def pages(open_draft, site_tree):
    other = PolicyPageFactory(parent=site_tree["policies"], title="Dự thảo quy định về chợ", **open_window())
    story = ModelStoryPageFactory(parent=site_tree["stories"], title="Mô hình hiến đất")
    return {
        "draft": [open_draft.url, open_draft.url + "y-kien/"],
        "listings": ["/", site_tree["policies"].url],
        "untouched": [other.url, story.url],
    }


@pytest.fixture
def moderating(client, moderator, django_capture_on_commit_callbacks):
    """The moderator's browser; what it posts commits (and bumps) as it would on the site."""
    client.force_login(moderator)

    def post(url, data=None):
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(url, data or {})
        assert response.status_code == 302, response.content.decode()[:500]
        return response

    return post


def assert_fresh_and_precise(pages, text=None):
    for url in pages["draft"] + pages["listings"]:
        assert fetch(url)[0] == MISS, url
    if text:
        assert text in fetch(pages["draft"][1])[1].content.decode()
    assert states(*pages["untouched"]) == [HIT, HIT]


def warm_all(pages):
    warm(*pages["draft"], *pages["listings"], *pages["untouched"])


def test_comments_approved_in_bulk_show_at_once(page_cache, pages, open_draft, moderating):
    first, second = CommentFactory.create_batch(
        2, page=open_draft, state=Comment.State.PENDING, body="Ý kiến mới duyệt"
    )
    warm_all(pages)
    moderating(bulk("approve", first, second))
    assert_fresh_and_precise(pages, "Ý kiến mới duyệt")


def test_a_comment_approved_alone_shows_at_once(page_cache, pages, open_draft, moderating):
    comment = CommentFactory(page=open_draft, state=Comment.State.PENDING, body="Ý kiến duyệt một mình")
    warm_all(pages)
    moderating(bulk("approve", comment))
    assert_fresh_and_precise(pages, "Ý kiến duyệt một mình")


def test_a_comment_rejected_leaves_at_once(page_cache, pages, open_draft, moderating):
    comment = CommentFactory(page=open_draft, state=Comment.State.PUBLISHED, body="Ý kiến sẽ bị từ chối")
    warm_all(pages)
    assert "Ý kiến sẽ bị từ chối" in fetch(pages["draft"][1])[1].content.decode()
    moderating(bulk("reject", comment), {"reason": "spam"})
    assert_fresh_and_precise(pages)
    assert "Ý kiến sẽ bị từ chối" not in fetch(pages["draft"][1])[1].content.decode()


def test_comments_answered_in_bulk_show_their_answer_at_once(page_cache, pages, open_draft, moderating):
    first, second = CommentFactory.create_batch(2, page=open_draft, state=Comment.State.PUBLISHED)
    warm_all(pages)
    moderating(
        bulk("respond", first, second), {"outcome": "accepted", "response_text": "Tiếp thu, sửa Điều 3.", "agency": ""}
    )
    assert_fresh_and_precise(pages, "Tiếp thu, sửa Điều 3.")


def test_a_comment_answered_on_its_own_screen_shows_its_answer_at_once(page_cache, pages, open_draft, moderating):
    comment = CommentFactory(page=open_draft, state=Comment.State.PUBLISHED)
    warm_all(pages)
    moderating(
        f"{QUEUE}edit/{comment.pk}/",
        {"response_outcome": "partly", "response_text": "Tiếp thu một phần.", "response_agency": ""},
    )
    assert_fresh_and_precise(pages, "Tiếp thu một phần.")


def test_a_comment_sent_by_a_reader_leaves_the_cache_alone_until_moderated(page_cache, pages, open_draft):
    warm_all(pages)
    CommentFactory(page=open_draft, state=Comment.State.PENDING)
    assert states(*pages["draft"], *pages["untouched"]) == [HIT] * 4


def test_the_response_report_published_shows_at_once(
    page_cache, pages, open_draft, moderator, moderating, django_capture_on_commit_callbacks
):
    for key, value in closed_window(closed_days_ago=3).items():
        setattr(open_draft, key, value)
    with django_capture_on_commit_callbacks(execute=True):
        open_draft.save_revision().publish()
    comment = CommentFactory(page=open_draft, state=Comment.State.PUBLISHED)
    services.respond([comment], "accepted", "Tiếp thu.", moderator)
    report = open_draft.url + "bao-cao/"
    pages["draft"].append(report)
    warm(*pages["draft"][:2], *pages["listings"], *pages["untouched"])
    assert fetch(report)[1].status_code == 404
    moderating(f"/admin/y-kien/bao-cao/{open_draft.pk}/", {"introduction": "Sở đã tiếp thu."})
    state, response = fetch(report)
    assert (state, response.status_code) == (MISS, 200)
    assert "Sở đã tiếp thu." in response.content.decode()
    pages["draft"].remove(report)
    assert_fresh_and_precise(pages)


def test_consultation_rules_changed_refresh_every_page(page_cache, pages, django_capture_on_commit_callbacks):
    warm_all(pages)
    rules = ConsultationSettings.load()
    rules.response_limit_days = 15
    with django_capture_on_commit_callbacks(execute=True):
        rules.save()
    assert states(*pages["draft"], *pages["listings"], *pages["untouched"]) == [MISS] * 6
