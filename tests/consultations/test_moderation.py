"""Pre-moderation in the admin queue: nothing public before approval, every decision logged.

The queue is Wagtail's listing of comments (/admin/y-kien/) and the decisions are Wagtail bulk
actions (/admin/bulk/consultations/comment/<action>/?id=…): a GET shows the selected comments and
the form, a POST applies it and goes back to the queue.
"""

import datetime
import json
from urllib.parse import urlencode

import pytest
from bs4 import BeautifulSoup

from django.contrib.auth.models import Group, Permission
from django.utils import timezone

from wagtail.models import ModelLogEntry
from wagtail.test.utils import WagtailTestUtils

from consultations.models import Comment
from tests.consultations.factories import CommentFactory, open_window
from tests.policies.factories import PolicyPageFactory
from tests.taxonomy.factories import AgencyFactory, staff

pytestmark = pytest.mark.django_db

QUEUE = "/admin/y-kien/"
DASHBOARD = "/admin/"
NO_ACCESS = "Bạn không có quyền truy cập vào khu vực này."
NOTHING_CHANGED = "Chưa có gì thay đổi: xem các lỗi bên dưới."


def bulk(action, *comments, **params):
    """The URL of a bulk action on these comments, coming back to the queue afterwards."""
    ids = [("id", comment.pk) for comment in comments]
    return f"/admin/bulk/consultations/comment/{action}/?" + urlencode([*ids, *params.items(), ("next", QUEUE)])


def shown_messages(response):
    """The messages on the admin page of a response, as (level, text)."""
    soup = WagtailTestUtils.get_soup(response.content)
    for buttons in soup.select(".messages li button, .messages li .buttons"):
        buttons.decompose()  # "Go to the first error" beside an error, "Edit" beside a saved object
    return [(li["class"][0], li.get_text(" ", strip=True)) for li in soup.select(".messages > ul > li")]


def queue_rows(client, **filters):
    response = client.get(QUEUE, filters)
    assert response.status_code == 200
    soup = WagtailTestUtils.get_soup(response.content)
    return [row.select_one("td.title a").get_text(strip=True) for row in soup.select("#listing-results tbody tr")]


def states():
    return dict(Comment.objects.values_list("pk", "state"))


@pytest.fixture
def other_draft(site_tree):
    return PolicyPageFactory(parent=site_tree["policies"], title="Dự thảo quy định về chợ", **open_window())


@pytest.fixture
def moderators_group():
    group = Group.objects.create(name="Biên tập ý kiến")
    group.permissions.add(
        Permission.objects.get(codename="access_admin"), Permission.objects.get(codename="moderate_comment")
    )
    return group


@pytest.fixture
def editor():
    """Someone who may enter the admin and nothing more."""
    return WagtailTestUtils.create_user("nguoi-khac", password="mat-khau-2026", permissions=["access_admin"])


def test_a_pending_comment_appears_nowhere_public(client, open_draft):
    CommentFactory(page=open_draft, state=Comment.State.PENDING, body="Ý kiến chưa duyệt về điều 3")
    for url in [open_draft.url, open_draft.url + "y-kien/csv/", open_draft.url + "y-kien/json/", "/van-ban/", "/"]:
        assert "Ý kiến chưa duyệt" not in client.get(url).content.decode(), url
    assert "Ý kiến chưa duyệt" not in client.get("/tim-kiem/", {"q": "chưa duyệt"}).content.decode()


def test_editor_approves_in_bulk_and_it_is_logged(client, open_draft, moderator):
    first, second = CommentFactory.create_batch(2, page=open_draft, state=Comment.State.PENDING)
    client.force_login(moderator)

    confirm = client.get(bulk("approve", first, second))
    assert confirm.status_code == 200
    assert first.body in confirm.content.decode() and second.body in confirm.content.decode()
    assert not ModelLogEntry.objects.exists()

    response = client.post(bulk("approve", first, second))
    assert response.status_code == 302
    assert response["Location"] == QUEUE
    assert shown_messages(client.get(QUEUE)) == [("success", "Đã đăng 2 ý kiến.")]
    assert set(states().values()) == {Comment.State.PUBLISHED}
    entries = ModelLogEntry.objects.filter(action="consultations.comment.approve")
    assert sorted(int(e.object_id) for e in entries) == sorted([first.pk, second.pk])
    assert {e.user_id for e in entries} == {moderator.pk}
    client.logout()
    assert first.body in client.get(open_draft.url).content.decode()


def test_rejection_needs_a_reason_and_the_public_counts_show_it(client, open_draft, moderator):
    spam = CommentFactory(page=open_draft, state=Comment.State.PENDING)
    CommentFactory(page=open_draft, state=Comment.State.PUBLISHED)
    client.force_login(moderator)

    refused = client.post(bulk("reject", spam), {"reason": ""})
    assert refused.status_code == 200
    assert shown_messages(refused) == [("error", NOTHING_CHANGED)]
    assert "Hãy chọn lý do không đăng các ý kiến này." in refused.content.decode()
    assert Comment.objects.get(pk=spam.pk).state == Comment.State.PENDING
    assert not ModelLogEntry.objects.exists()

    response = client.post(bulk("reject", spam), {"reason": "spam"})
    assert response.status_code == 302
    assert shown_messages(client.get(response["Location"])) == [("success", "Đã từ chối đăng 1 ý kiến.")]
    spam.refresh_from_db()
    assert (spam.state, spam.rejection_reason) == (Comment.State.REJECTED, "spam")
    entry = ModelLogEntry.objects.get(action="consultations.comment.reject")
    assert (entry.object_id, entry.user_id, entry.data) == (str(spam.pk), moderator.pk, {"reason": "spam"})

    client.logout()
    counts = BeautifulSoup(client.get(open_draft.url).content.decode(), "html.parser").find(class_="counts").get_text()
    assert "Đã nhận 2 ý kiến" in counts
    assert "1 ý kiến được đăng" in counts
    assert "rác, quảng cáo (1)" in counts


def test_answer_records_outcome_text_and_agency_and_skips_unpublished_comments(client, open_draft, moderator):
    first, second = CommentFactory.create_batch(2, page=open_draft, state=Comment.State.PUBLISHED)
    pending = CommentFactory(page=open_draft, state=Comment.State.PENDING)
    agency = AgencyFactory(name="Sở Tài nguyên và Môi trường")
    client.force_login(moderator)

    refused = client.post(bulk("respond", first, pending), {"outcome": "", "response_text": "   ", "agency": ""})
    assert refused.status_code == 200
    assert shown_messages(refused) == [("error", NOTHING_CHANGED)]
    html = refused.content.decode()
    assert "Hãy chọn kết quả tiếp thu." in html and "Hãy viết nội dung trả lời." in html
    assert Comment.objects.exclude(response_outcome="").count() == 0

    answer = {"outcome": "partly", "response_text": "Tiếp thu một phần, sửa Điều 3.", "agency": agency.pk}
    response = client.post(bulk("respond", first, second, pending), answer)
    assert response.status_code == 302
    assert shown_messages(client.get(response["Location"])) == [
        ("warning", "1 ý kiến chưa được đăng nên không được trả lời."),
        ("success", "Đã trả lời 2 ý kiến."),
    ]
    for comment in (first, second):
        comment.refresh_from_db()
        assert (comment.response_outcome, comment.response_text, comment.response_agency) == (
            "partly",
            "Tiếp thu một phần, sửa Điều 3.",
            agency,
        )
        assert comment.responded_at is not None
    pending.refresh_from_db()
    assert (pending.response_outcome, pending.response_text, pending.response_agency_id) == ("", "", None)
    entries = ModelLogEntry.objects.filter(action="consultations.comment.respond")
    assert sorted(int(e.object_id) for e in entries) == sorted([first.pk, second.pk])
    assert {e.user_id for e in entries} == {moderator.pk}


def test_one_comment_is_answered_from_its_own_screen_by_the_same_rule(client, open_draft, moderator):
    open_draft.drafting_agency = AgencyFactory(name="Sở Giao thông vận tải")
    open_draft.save()
    comment = CommentFactory(page=open_draft, state=Comment.State.PUBLISHED)
    pending = CommentFactory(page=open_draft, state=Comment.State.PENDING)
    edit = f"{QUEUE}edit/{comment.pk}/"
    client.force_login(moderator)
    assert client.get(edit).status_code == 200

    answer = {"response_outcome": "accepted", "response_text": "Tiếp thu.", "response_agency": ""}
    response = client.post(edit, answer)
    assert response.status_code == 302
    assert shown_messages(client.get(response["Location"])) == [("success", "Đã trả lời 1 ý kiến.")]
    comment.refresh_from_db()
    # No agency named: the drafting agency answers, as in a bulk answer.
    assert (comment.response_outcome, comment.response_text) == ("accepted", "Tiếp thu.")
    assert comment.response_agency == open_draft.drafting_agency
    # The answer's own log entry, and no generic "edited" entry beside it.
    entry = ModelLogEntry.objects.get()
    assert (entry.action, entry.object_id) == ("consultations.comment.respond", str(comment.pk))
    assert entry.user_id == moderator.pk

    refused = client.post(f"{QUEUE}edit/{pending.pk}/", answer)
    assert refused.status_code == 200
    assert shown_messages(refused) == [("error", f"{NOTHING_CHANGED} 1 ý kiến chưa được đăng nên không được trả lời.")]
    assert Comment.objects.get(pk=pending.pk).response_outcome == ""
    assert ModelLogEntry.objects.count() == 1


def test_queue_lists_pending_first_then_newest(client, open_draft, moderator):
    now = timezone.now()
    for body, state, hours_ago in [
        ("Cũ, đã đăng", Comment.State.PUBLISHED, 3),
        ("Cũ, chờ duyệt", Comment.State.PENDING, 5),
        ("Mới, đã đăng", Comment.State.PUBLISHED, 1),
        ("Mới, chờ duyệt", Comment.State.PENDING, 2),
    ]:
        CommentFactory(page=open_draft, state=state, body=body, submitted_at=now - datetime.timedelta(hours=hours_ago))
    client.force_login(moderator)
    assert queue_rows(client) == ["Mới, chờ duyệt", "Cũ, chờ duyệt", "Mới, đã đăng", "Cũ, đã đăng"]


def test_queue_filters_by_draft_state_and_answer(client, open_draft, other_draft, moderator):
    CommentFactory(page=open_draft, state=Comment.State.PENDING, body="Của dự thảo này")
    CommentFactory(page=other_draft, state=Comment.State.PENDING, body="Của dự thảo khác")
    CommentFactory(page=open_draft, state=Comment.State.PUBLISHED, body="Đã đăng rồi")
    CommentFactory(page=open_draft, state=Comment.State.PUBLISHED, body="Đã trả lời", response_outcome="accepted")
    client.force_login(moderator)

    assert queue_rows(client, page=open_draft.pk, state="pending") == ["Của dự thảo này"]
    assert queue_rows(client, page=open_draft.pk, state="published", answered="yes") == ["Đã trả lời"]
    assert queue_rows(client, page=open_draft.pk, state="published", answered="no") == ["Đã đăng rồi"]
    assert sorted(queue_rows(client, state="pending")) == ["Của dự thảo khác", "Của dự thảo này"]

    # Only pages that have comments are offered, not the section pages around them.
    soup = WagtailTestUtils.get_soup(client.get(QUEUE).content)
    offered = [option.get_text(strip=True) for option in soup.select("select[name=page] option")]
    assert offered[0] == "Tất cả dự thảo và đối thoại"
    assert sorted(offered[1:]) == sorted([open_draft.title, other_draft.title])


def test_select_all_in_listing_acts_only_on_what_the_filters_show(client, open_draft, other_draft, moderator):
    mine = CommentFactory.create_batch(2, page=open_draft, state=Comment.State.PENDING)
    theirs = CommentFactory(page=other_draft, state=Comment.State.PENDING)
    client.force_login(moderator)
    # What Wagtail's bulk-actions.js sends for "select all in listing": the listing's query, and id=all.
    url = "/admin/bulk/consultations/comment/approve/?" + urlencode(
        {"page": open_draft.pk, "state": "pending", "id": "all", "next": QUEUE}
    )
    assert client.post(url).status_code == 302
    assert states() == {mine[0].pk: "published", mine[1].pk: "published", theirs.pk: "pending"}


def test_nobody_adds_or_deletes_a_comment_in_the_admin(client, open_draft, moderator):
    comment = CommentFactory(page=open_draft, state=Comment.State.PENDING)
    client.force_login(moderator)
    assert client.get(f"{QUEUE}new/").status_code == 404
    assert client.post(f"{QUEUE}delete/{comment.pk}/").status_code == 404
    assert client.post(f"/admin/bulk/consultations/comment/delete/?id={comment.pk}").status_code == 404
    assert Comment.objects.filter(pk=comment.pk).exists()


def test_people_without_the_permission_cannot_moderate(client, open_draft, editor):
    comment = CommentFactory(page=open_draft, state=Comment.State.PENDING)
    client.force_login(editor)
    # Wagtail turns the refusal into a redirect to the dashboard, with a message.
    for response in [
        client.get(QUEUE),
        client.get(f"{QUEUE}edit/{comment.pk}/"),
        client.get(bulk("approve", comment)),
        client.post(bulk("approve", comment)),
        client.post(bulk("reject", comment), {"reason": "spam"}),
        client.post(bulk("respond", comment), {"outcome": "accepted", "response_text": "Tiếp thu."}),
        client.get("/admin/y-kien/dot-lay-y-kien/"),
    ]:
        assert response.status_code == 302
        assert response["Location"] == DASHBOARD
    assert set(shown_messages(client.get(DASHBOARD))) == {("error", NO_ACCESS)}
    assert states() == {comment.pk: Comment.State.PENDING}
    assert not ModelLogEntry.objects.exists()


def test_a_moderator_who_is_not_an_administrator_moderates(client, open_draft, moderators_group):
    # A moderator of the draft's agency (taxonomy.roles; tests/consultations/test_agency_scope.py).
    open_draft.drafting_agency = AgencyFactory()
    open_draft.save()
    comment = CommentFactory(page=open_draft, state=Comment.State.PENDING)
    user = staff(open_draft.drafting_agency, "moderator", "kiem-duyet")
    user.groups.add(moderators_group)
    client.force_login(user)
    assert client.get(QUEUE).status_code == 200
    assert client.post(bulk("approve", comment)).status_code == 302
    assert states() == {comment.pk: Comment.State.PUBLISHED}
    assert ModelLogEntry.objects.get().user_id == user.pk


def main_menu(client):
    """The admin's main menu as (label, URL) pairs, from the props Wagtail renders for its sidebar."""
    soup = WagtailTestUtils.get_soup(client.get(DASHBOARD).content)
    found = []

    def walk(node):
        if isinstance(node, dict):
            if "label" in node and "name" in node:
                found.append((node["label"], node.get("url")))
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(json.loads(soup.find("script", id="wagtail-sidebar-props").string))
    return found


def test_the_menu_shows_public_comment_only_to_moderators(client, moderators_group, editor):
    public_comment = [
        ("Lấy ý kiến Nhân dân", None),
        ("Ý kiến góp ý", QUEUE),
        ("Các đợt lấy ý kiến và báo cáo", "/admin/y-kien/dot-lay-y-kien/"),
    ]
    client.force_login(editor)
    assert set(public_comment).isdisjoint(main_menu(client))
    editor.groups.add(moderators_group)
    menu = main_menu(client)
    assert menu[menu.index(public_comment[0]) :][:3] == public_comment


def test_moderation_and_offline_entry_are_the_permissions_offered_for_comments_in_the_group_editor(client, moderator):
    client.force_login(moderator)
    soup = WagtailTestUtils.get_soup(client.get("/admin/groups/new/").content)
    offered = {int(box["value"]) for box in soup.select("input[name=permissions]")}
    for_comments = Permission.objects.filter(content_type__app_label="consultations", content_type__model="comment")
    # Moderating, and typing in comments received outside the website; never Django's add/delete.
    assert {p.codename for p in for_comments if p.pk in offered} == {"moderate_comment", "add_offline_comment"}
