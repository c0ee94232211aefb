"""Pre-moderation through the admin queue: nothing public before approval, every decision logged."""

import pytest
from bs4 import BeautifulSoup

from wagtail.models import ModelLogEntry

from consultations.models import Comment
from tests.consultations.factories import CommentFactory

pytestmark = pytest.mark.django_db

QUEUE = "/admin/y-kien/"


def test_a_pending_comment_appears_nowhere_public(client, open_draft):
    CommentFactory(page=open_draft, state=Comment.State.PENDING, body="Ý kiến chưa duyệt về điều 3")
    for url in [open_draft.url, open_draft.url + "y-kien/csv/", open_draft.url + "y-kien/json/", "/van-ban/", "/"]:
        assert "Ý kiến chưa duyệt" not in client.get(url).content.decode(), url
    assert "Ý kiến chưa duyệt" not in client.get("/tim-kiem/", {"q": "chưa duyệt"}).content.decode()


def test_editor_approves_in_bulk_and_it_is_logged(client, open_draft, moderator):
    first, second = CommentFactory.create_batch(2, page=open_draft, state=Comment.State.PENDING)
    client.force_login(moderator)
    response = client.post(QUEUE, {"comments": [first.pk, second.pk], "action": "approve"}, follow=True)
    assert response.status_code == 200
    assert set(Comment.objects.values_list("state", flat=True)) == {Comment.State.PUBLISHED}
    entries = ModelLogEntry.objects.filter(action="consultations.comment.approve")
    assert sorted(int(e.object_id) for e in entries) == sorted([first.pk, second.pk])
    assert all(e.user_id == moderator.pk for e in entries)
    assert first.body in client.get(open_draft.url).content.decode()


def test_rejection_needs_a_reason_and_the_public_counts_show_it(client, open_draft, moderator):
    spam = CommentFactory(page=open_draft, state=Comment.State.PENDING)
    CommentFactory(page=open_draft, state=Comment.State.PUBLISHED)
    client.force_login(moderator)
    refused = client.post(QUEUE, {"comments": [spam.pk], "action": "reject"})
    assert "Hãy chọn lý do" in refused.content.decode()
    assert Comment.objects.get(pk=spam.pk).state == Comment.State.PENDING

    client.post(QUEUE, {"comments": [spam.pk], "action": "reject", "reason": "spam"})
    spam.refresh_from_db()
    assert (spam.state, spam.rejection_reason) == (Comment.State.REJECTED, "spam")
    assert ModelLogEntry.objects.filter(action="consultations.comment.reject", object_id=str(spam.pk)).exists()
    client.logout()
    counts = BeautifulSoup(client.get(open_draft.url).content.decode(), "html.parser").find(class_="counts").get_text()
    assert "Đã nhận 2 ý kiến" in counts
    assert "1 ý kiến được đăng" in counts
    assert "rác, quảng cáo (1)" in counts


def test_queue_filters_by_draft_and_state(client, open_draft, moderator, site_tree):
    from tests.consultations.factories import open_window
    from tests.policies.factories import PolicyPageFactory

    other = PolicyPageFactory(parent=site_tree["policies"], **open_window())
    mine = CommentFactory(page=open_draft, state=Comment.State.PENDING, body="Của dự thảo này")
    CommentFactory(page=other, state=Comment.State.PENDING, body="Của dự thảo khác")
    CommentFactory(page=open_draft, state=Comment.State.PUBLISHED, body="Đã đăng rồi")
    client.force_login(moderator)
    html = client.get(QUEUE, {"policy": open_draft.pk, "state": "pending"}).content.decode()
    assert mine.body in html
    assert "Của dự thảo khác" not in html and "Đã đăng rồi" not in html


def test_people_without_the_permission_cannot_moderate(client, open_draft, django_user_model):
    from django.contrib.auth.models import Permission

    editor = django_user_model.objects.create_user("nguoi-khac", password="mat-khau-2026")
    editor.user_permissions.add(Permission.objects.get(codename="access_admin"))
    comment = CommentFactory(page=open_draft, state=Comment.State.PENDING)
    client.force_login(editor)
    # Wagtail turns the refusal into a redirect to the dashboard with a message.
    assert client.get(QUEUE).status_code in {302, 403}
    assert client.post(QUEUE, {"comments": [comment.pk], "action": "approve"}).status_code in {302, 403}
    assert Comment.objects.get(pk=comment.pk).state == Comment.State.PENDING
