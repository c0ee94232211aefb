"""Commenting through real HTTP: every refusal is a clear Vietnamese message, keeps what was typed,
and stores nothing; a double submit stores one comment."""

import datetime

import pytest
from bs4 import BeautifulSoup

from django.utils import timezone

from consultations.models import Comment
from consultations.services import MAX_COMMENTS_PER_CONTACT_PER_DAY, MAX_COMMENTS_PER_SENDER_PER_HOUR
from tests.consultations.factories import CommentFactory, comment_post_data

pytestmark = pytest.mark.django_db


def form_url(policy):
    return policy.url + "gop-y/"


def page_of(response):
    return BeautifulSoup(response.content.decode(), "html.parser")


def textarea_value(html, name):
    # Browsers drop one newline right after <textarea>; Django's widget writes one.
    return html.find("textarea", attrs={"name": name}).get_text().removeprefix("\n")


def test_form_opens_on_the_section_the_citizen_came_from(client, open_draft):
    html = page_of(client.get(form_url(open_draft), {"muc": "dieu-3"}))
    assert html.find("select", attrs={"name": "section"}).find("option", selected=True)["value"] == "dieu-3"
    assert html.find("input", attrs={"name": "csrfmiddlewaretoken"}) is not None


def test_a_valid_comment_is_stored_pending_and_confirmed(client, open_draft):
    response = client.post(form_url(open_draft), comment_post_data(), follow=True)
    assert response.redirect_chain[-1][0].endswith("gop-y/da-gui/?muc=dieu-3")
    html = page_of(response)
    assert "đang chờ kiểm duyệt" in html.find(role="status").get_text()
    comment = Comment.objects.get()
    assert comment.state == Comment.State.PENDING
    assert comment.section_title == "Điều 3. Nguyên tắc hỗ trợ"
    assert comment.section_id == open_draft.section_by_anchor("dieu-3").block_id
    assert comment.contact_phone == "0912345678"
    assert comment.consent_at is not None
    assert comment.sender_hash and "127.0.0.1" not in comment.sender_hash


REFUSALS = [
    ({"body": ""}, "Hãy viết ý kiến trước khi gửi."),
    ({"body": "   "}, "Hãy viết ý kiến trước khi gửi."),
    ({"body": "a" * 5001}, "giới hạn là 5000"),
    ({"contact_email": "hung@"}, "Địa chỉ thư điện tử này có vẻ chưa đúng"),
    ({"contact_phone": "12345"}, "Số điện thoại này có vẻ chưa đúng"),
    ({"consent": None}, "Hãy đánh dấu đồng ý"),
    ({"body": "Xem http://a.vn, http://b.vn và http://c.vn"}, "tối đa 2 liên kết"),
]


@pytest.mark.parametrize(("change", "message"), REFUSALS)
def test_each_refusal_explains_itself_keeps_the_input_and_stores_nothing(client, open_draft, change, message):
    data = comment_post_data(display_name="Trần Thị Lan", **change)
    response = client.post(form_url(open_draft), data)
    assert response.status_code == 400
    html = page_of(response)
    assert message in html.find(class_="error-summary").get_text(" ", strip=True)
    if data.get("body", "").strip() and len(data["body"]) <= 5000:
        assert textarea_value(html, "body") == data["body"]
    assert html.find("input", attrs={"name": "display_name"})["value"] == "Trần Thị Lan"
    assert html.find("input", attrs={"name": "submission_token"})["value"] == data["submission_token"]
    assert not Comment.objects.exists()


def test_closed_and_upcoming_drafts_refuse_comments_with_the_reason(client, open_draft):
    now = timezone.now()
    for opens, closes, message in [
        (now - datetime.timedelta(days=30), now - datetime.timedelta(seconds=1), "Đã hết thời gian góp ý"),
        (now + datetime.timedelta(days=1), now + datetime.timedelta(days=31), "chưa bắt đầu lấy ý kiến"),
    ]:
        open_draft.consultation_opens_at, open_draft.consultation_closes_at = opens, closes
        open_draft.save_revision().publish()
        response = client.post(form_url(open_draft), comment_post_data())
        assert message in page_of(response).get_text(" ", strip=True)
        assert not Comment.objects.exists()


def test_a_form_sent_faster_than_a_person_types_is_returned_intact(client, open_draft):
    data = comment_post_data(seconds_ago=0)
    html = page_of(client.post(form_url(open_draft), data))
    assert "bấm Gửi lại" in html.find(class_="error-summary").get_text()
    assert textarea_value(html, "body") == data["body"]
    assert not Comment.objects.exists()


def test_a_forged_form_stamp_is_treated_like_a_missing_one(client, open_draft):
    client.post(form_url(open_draft), comment_post_data(form_stamp="1700000000"))
    assert not Comment.objects.exists()


def test_one_form_stamp_cannot_be_replayed_for_another_submission(client, open_draft):
    """Issue #10, item 12: the stamp is signed with its submission token."""
    first = comment_post_data()
    assert client.post(form_url(open_draft), first).status_code == 302
    replayed = comment_post_data(body="Một ý kiến khác, gửi bằng máy.")
    replayed["form_stamp"] = first["form_stamp"]
    response = client.post(form_url(open_draft), replayed)
    assert response.status_code == 400
    assert "bấm Gửi lại" in page_of(response).find(class_="error-summary").get_text()
    assert Comment.objects.count() == 1
    # The form that comes back carries a fresh stamp for its own token: sending it again works
    # once the reader has taken a moment.
    again = page_of(response).find("input", attrs={"name": "form_stamp"})["value"]
    assert again != first["form_stamp"]


def test_the_honeypot_pretends_success_and_stores_nothing(client, open_draft):
    response = client.post(form_url(open_draft), comment_post_data(website="http://spam.example"))
    assert response.status_code == 302
    assert not Comment.objects.exists()


def test_pressing_submit_twice_stores_one_comment(client, open_draft):
    data = comment_post_data()
    first = client.post(form_url(open_draft), data)
    second = client.post(form_url(open_draft), data)
    assert first.status_code == second.status_code == 302
    assert first["Location"] == second["Location"]
    assert Comment.objects.count() == 1


def test_rate_limit_per_connection(client, open_draft):
    for n in range(MAX_COMMENTS_PER_SENDER_PER_HOUR):
        assert (
            client.post(form_url(open_draft), comment_post_data(contact_email=f"a{n}@example.com")).status_code == 302
        )
    response = client.post(form_url(open_draft), comment_post_data(contact_email="new@example.com"))
    assert response.status_code == 400
    assert "từ kết nối này" in page_of(response).get_text()
    assert Comment.objects.count() == MAX_COMMENTS_PER_SENDER_PER_HOUR
    # Another connection is not affected.
    other = client.post(form_url(open_draft), comment_post_data(), REMOTE_ADDR="10.0.0.9")
    assert other.status_code == 302


def test_rate_limit_per_contact(client, open_draft):
    for _ in range(MAX_COMMENTS_PER_CONTACT_PER_DAY):
        CommentFactory(page=open_draft, contact_email="hung.nguyen@example.com", state=Comment.State.PENDING)
    response = client.post(form_url(open_draft), comment_post_data(), REMOTE_ADDR="10.0.0.7")
    assert response.status_code == 400
    assert "thông tin liên hệ này" in page_of(response).get_text()


def test_the_form_works_without_csrf_exemption(open_draft):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    assert strict.post(form_url(open_draft), comment_post_data()).status_code == 403
    html = page_of(strict.get(form_url(open_draft)))
    token = html.find("input", attrs={"name": "csrfmiddlewaretoken"})["value"]
    response = strict.post(form_url(open_draft), comment_post_data(csrfmiddlewaretoken=token))
    assert response.status_code == 302
