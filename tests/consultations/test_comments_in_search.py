"""A comment reaches search when it is published, and only then: a citizen sending one does not
make the site index the whole draft again while they wait for the "sent" page."""

import pytest

from consultations.models import Comment
from consultations.services import approve
from search.signals import Reindex
from tests.consultations.factories import comment_post_data

pytestmark = pytest.mark.django_db

WORDS = "hàng rào cây xanh"


def found(client, query):
    return client.get("/tim-kiem/", {"q": query}).content.decode().count("Dự thảo Nghị quyết hỗ trợ hiến đất")


def test_a_comment_is_found_once_published_and_its_sending_does_not_reindex_the_draft(
    client, open_draft, moderator, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = client.post(open_draft.url + "gop-y/", comment_post_data(body=f"Đề nghị giữ {WORDS} ven đường."))
    assert response.status_code == 302
    assert not [callback for callback in callbacks if isinstance(callback, Reindex)]
    assert found(client, WORDS) == 0, "a comment awaiting moderation must not be findable"

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        approve(Comment.objects.all(), moderator)
    assert [callback.page_id for callback in callbacks if isinstance(callback, Reindex)] == [open_draft.pk]
    assert found(client, WORDS) >= 1
