"""The scorecard and the home page's headline figures, cached for readers, are fresh again as
soon as a record behind a figure changes (core.pagecache: the `listings` tag)."""

import pytest

from consultations import services
from consultations.models import Comment
from tests.consultations.factories import CommentFactory
from tests.pagecache import HIT, MISS, fetch, warm
from tests.scorecard.test_pages import YEAR, row_of, scorecard_site  # noqa: F401 - the fixture

pytestmark = pytest.mark.django_db


def test_a_moderated_comment_changes_the_cached_scorecard(
    page_cache,
    scorecard_site,  # noqa: F811
    moderator,
    django_capture_on_commit_callbacks,
):
    pending = CommentFactory(page=scorecard_site["consulted"], state=Comment.State.PENDING, response_outcome="")
    url = f"/bang-diem/?nam={YEAR}"
    agency_url = "/bang-diem/co-quan/so-xay-dung/"
    warm(url, agency_url)
    state, response = fetch(url)
    assert state == HIT
    # Received 5 (one awaiting moderation), published 3, answered 2.
    assert row_of(response.content.decode(), "Sở Xây dựng")[5:7] == ["5", "66,7 %"]
    with django_capture_on_commit_callbacks(execute=True):
        services.approve(Comment.objects.filter(pk=pending.pk), moderator)
    state, response = fetch(url)
    assert state == MISS
    assert row_of(response.content.decode(), "Sở Xây dựng")[5:7] == ["5", "50 %"]
    assert fetch(agency_url)[0] == MISS
