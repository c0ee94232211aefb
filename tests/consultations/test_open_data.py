"""Open data of every consultation: the API of published comments, the bulk file and its schema page.

Published only, on public pages only; the numbers they give are the numbers the site shows.
"""

import csv
import datetime
import io
import json
import re

import pytest

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from wagtail.models import PageViewRestriction

from consultations import opendata
from consultations.models import Comment
from consultations.services import approve
from tests.consultations.factories import CommentFactory, closed_window
from tests.dialogues.factories import DialoguePageFactory
from tests.policies.factories import PolicyPageFactory
from tests.taxonomy.factories import AgencyFactory, AreaFactory

pytestmark = pytest.mark.django_db

BULK_CSV = "/du-lieu-mo/y-kien.csv"
BULK_JSON = "/du-lieu-mo/y-kien.json"


def csv_rows(response):
    text = b"".join(response.streaming_content).decode("utf-8")
    assert text.startswith("\ufeff"), "Excel needs the byte-order mark to read UTF-8"
    return list(csv.DictReader(io.StringIO(text[1:])))


def json_body(response):
    return json.loads(b"".join(response.streaming_content) if response.streaming else response.content)


def api_items(client, **params):
    response = client.get("/api/v2/comments/", params)
    assert response.status_code == 200, response.content[:500]
    return response.json()


@pytest.fixture
def consultations(site_tree, open_draft):
    """Two drafts with published comments, and everything that must stay out of open data."""
    answered = PolicyPageFactory(parent=site_tree["policies"], title="Dự thảo đã trả lời", **closed_window())
    old = timezone.now() - datetime.timedelta(days=20)
    published = [
        CommentFactory(page=open_draft, section_id=open_draft.sections[2].block_id, submitted_at=old),
        CommentFactory(page=open_draft),
        CommentFactory(
            page=answered,
            response_outcome=Comment.Outcome.ACCEPTED,
            response_text="Tiếp thu, sửa Điều 3.",
            responded_at=timezone.now() - datetime.timedelta(days=2),
        ),
    ]
    CommentFactory(page=open_draft, state=Comment.State.PENDING, body="Ý kiến chưa duyệt")
    CommentFactory(page=open_draft, state=Comment.State.REJECTED, rejection_reason="spam", body="Ý kiến bị từ chối")
    unpublished = PolicyPageFactory(parent=site_tree["policies"], title="Dự thảo chưa xuất bản", live=False)
    CommentFactory(page=unpublished, body="Ý kiến trên trang chưa xuất bản")
    private = PolicyPageFactory(parent=site_tree["policies"], title="Dự thảo nội bộ", **closed_window())
    PageViewRestriction.objects.create(page=private, restriction_type=PageViewRestriction.PASSWORD, password="x")
    CommentFactory(page=private, body="Ý kiến trên trang có mật khẩu")
    return {"open": open_draft, "answered": answered, "published": published}


def test_the_api_lists_published_comments_on_public_pages_only(client, consultations):
    answer = api_items(client)
    ids = [item["id"] for item in answer["items"]]
    assert ids == [comment.pk for comment in consultations["published"]], "oldest first, nothing else"
    assert answer["meta"]["total_count"] == 3
    text = json.dumps(answer, ensure_ascii=False)
    for hidden in ("chưa duyệt", "bị từ chối", "chưa xuất bản", "có mật khẩu"):
        assert hidden not in text


def test_an_api_comment_says_what_the_page_shows(client, consultations):
    comment = consultations["published"][2]
    item = client.get(f"/api/v2/comments/{comment.pk}/").json()
    assert item["page"]["id"] == consultations["answered"].pk
    assert item["page"]["title"] == "Dự thảo đã trả lời"
    assert item["page"]["meta"]["type"] == "policies.PolicyPage"
    assert item["commenter"] == "Người dân"
    assert item["outcome"] == "accepted"
    assert item["response"] == "Tiếp thu, sửa Điều 3."
    assert item["responded_on"] == timezone.localdate(comment.responded_at).isoformat()
    sectioned = client.get(f"/api/v2/comments/{consultations['published'][0].pk}/").json()
    assert sectioned["section"] == "Điều 3. Nguyên tắc hỗ trợ"


@pytest.mark.parametrize("state", [Comment.State.PENDING, Comment.State.REJECTED])
def test_an_unpublished_comment_is_not_found_by_its_number(client, open_draft, state):
    comment = CommentFactory(page=open_draft, state=state, rejection_reason="spam" if state == "rejected" else "")
    assert client.get(f"/api/v2/comments/{comment.pk}/").status_code == 404


def test_the_api_filters_by_page_agency_and_dates(client, consultations):
    open_draft, answered = consultations["open"], consultations["answered"]
    agency = AgencyFactory(name="Sở Tài nguyên và Môi trường")
    answered.drafting_agency = agency
    answered.save_revision().publish()
    first, second, third = consultations["published"]

    def ids(**params):
        return [item["id"] for item in api_items(client, **params)["items"]]

    assert ids(page=open_draft.pk) == [first.pk, second.pk]
    assert ids(agency=agency.pk) == [third.pk]
    today = timezone.localdate()
    ten_days_ago = (today - datetime.timedelta(days=10)).isoformat()
    assert ids(received_from=ten_days_ago) == [second.pk, third.pk]
    assert ids(received_to=ten_days_ago) == [first.pk]
    # Dates as a Vietnamese reader types them work too.
    assert ids(received_to=(today - datetime.timedelta(days=10)).strftime("%d/%m/%Y")) == [first.pk]
    assert ids(answered_from=(today - datetime.timedelta(days=3)).isoformat(), answered_to=today.isoformat()) == [
        third.pk
    ]
    assert ids(answered_to=(today - datetime.timedelta(days=3)).isoformat()) == []
    assert ids(page=open_draft.pk, received_from=ten_days_ago) == [second.pk]


def test_a_filter_that_cannot_be_read_is_named_in_the_answer(client, consultations):
    response = client.get("/api/v2/comments/", {"received_from": "31/02/2026"})
    assert response.status_code == 400
    assert "received_from" in response.json()
    response = client.get("/api/v2/comments/", {"contact_email": "a@example.com"})
    assert response.status_code == 400
    assert "contact_email" in response.json()["message"]


def test_the_api_pages_through_the_comments_in_a_stable_order(client, open_draft):
    comments = [CommentFactory(page=open_draft, submitted_at=timezone.now()) for _ in range(5)]
    first = api_items(client, limit=2)
    rest = api_items(client, limit=2, offset=2)["items"] + api_items(client, limit=2, offset=4)["items"]
    assert first["meta"]["total_count"] == 5
    assert [item["id"] for item in first["items"] + rest] == [c.pk for c in comments]


def test_the_bulk_file_has_every_published_comment_and_nothing_else(client, consultations):
    rows = csv_rows(client.get(BULK_CSV))
    assert [int(row["id"]) for row in rows] == [comment.pk for comment in consultations["published"]]
    answered = rows[2]
    assert answered["page_title"] == "Dự thảo đã trả lời"
    assert answered["page_type"] == "policy"
    assert answered["page_url"] == "http://testserver" + consultations["answered"].url
    assert answered["outcome"] == "accepted"
    assert answered["response"] == "Tiếp thu, sửa Điều 3."
    assert rows[0]["section"] == "Điều 3. Nguyên tắc hỗ trợ"
    assert rows[1]["section"] == ""
    payload = json_body(client.get(BULK_JSON))
    assert payload["count"] == 3
    assert [record["id"] for record in payload["comments"]] == [int(row["id"]) for row in rows]
    assert "cite" in payload["terms"] or "nguồn" in payload["terms"]
    assert payload["schema"] == "http://testserver/du-lieu-mo/"


def test_the_bulk_file_gives_the_counts_the_site_shows(client, consultations):
    """The register's published comments, each draft's comments page, the API and the files agree."""
    register = list(csv.DictReader(io.StringIO(client.get("/van-ban/?format=csv").content.decode("utf-8-sig"))))
    on_the_register = sum(int(row["comments_published"]) for row in register)
    rows = csv_rows(client.get(BULK_CSV))
    assert len(rows) == on_the_register == api_items(client)["meta"]["total_count"]
    assert json_body(client.get(BULK_JSON))["count"] == on_the_register
    for policy in (consultations["open"], consultations["answered"]):
        page = client.get(policy.url + "y-kien/").content.decode()
        shown = int(re.search(r"(\d+) ý kiến", page).group(1))
        assert shown == sum(1 for row in rows if int(row["page_id"]) == policy.pk)
        assert shown == api_items(client, page=policy.pk)["meta"]["total_count"]


def test_the_bulk_file_is_streamed_a_chunk_at_a_time(client, open_draft, monkeypatch, django_assert_max_num_queries):
    """100,000 comments never sit in memory: the file is written while the rows are read."""
    monkeypatch.setattr(opendata, "CHUNK_SIZE", 2)
    comments = [CommentFactory(page=open_draft) for _ in range(7)]
    for url in (BULK_CSV, BULK_JSON):
        response = client.get(url)
        assert response.streaming
        assert response["Content-Disposition"].startswith('attachment; filename="y-kien-va-tra-loi.')
        body = b"".join(response.streaming_content)
        assert all(str(comment.pk).encode() in body for comment in comments)
    assert len(csv_rows(client.get(BULK_CSV))) == 7


def test_a_phone_number_written_in_a_comment_is_masked_in_the_api_and_the_bulk_file(client, open_draft):
    comment = CommentFactory(page=open_draft, body="Nhà tôi ở thôn 3, gọi 0912 345 678, CCCD 042090001234.")
    for body in (
        client.get(f"/api/v2/comments/{comment.pk}/").content,
        b"".join(client.get(BULK_CSV).streaming_content),
        b"".join(client.get(BULK_JSON).streaming_content),
    ):
        text = body.decode()
        assert "[đã ẩn]" in text
        assert "345 678" not in text and "042090001234" not in text


def test_a_name_is_published_only_with_consent(client, open_draft):
    area = AreaFactory(name="Xã Thạch Hà")
    CommentFactory(page=open_draft, display_name="Trần Thị Lan", show_name=True)
    CommentFactory(page=open_draft, display_name="Hoàng Văn Nam", show_name=False, area=area)
    commenters = [row["commenter"] for row in csv_rows(client.get(BULK_CSV))]
    assert commenters == ["Trần Thị Lan", "Người dân tại Xã Thạch Hà"]
    assert [item["commenter"] for item in api_items(client)["items"]] == commenters


def test_the_schema_page_documents_every_column_of_the_file(client, consultations):
    header = next(csv.reader(io.StringIO(b"".join(client.get(BULK_CSV).streaming_content).decode("utf-8-sig"))))
    page = client.get("/du-lieu-mo/")
    assert page.status_code == 200
    html = page.content.decode()
    documented = re.findall(r'<tr id="cot-([a-z_]+)">', html)
    assert documented == header
    assert 'href="/du-lieu-mo/y-kien.csv"' in html and 'href="/du-lieu-mo/y-kien.json"' in html
    # Each code a column may hold is explained.
    for value in [*Comment.Channel.values, *Comment.Outcome.values]:
        assert f"<code>{value}</code>" in html
    assert "trích dẫn nguồn" in html


def test_a_comment_published_just_now_is_in_the_file_and_the_api_at_once(client, page_cache, open_draft, moderator):
    """The page cache keeps neither: a reader never downloads yesterday's file."""
    CommentFactory(page=open_draft)
    for url in (BULK_CSV, BULK_JSON, "/api/v2/comments/"):
        client.get(url)
    waiting = CommentFactory(page=open_draft, state=Comment.State.PENDING, body="Ý kiến vừa được duyệt")
    approve(Comment.objects.filter(pk=waiting.pk), moderator)
    for url in (BULK_CSV, BULK_JSON, "/api/v2/comments/"):
        response = client.get(url)
        body = b"".join(response.streaming_content) if response.streaming else response.content
        assert "Ý kiến vừa được duyệt".encode() in body, url
        assert response.get("X-Cache") != "HIT", url


def test_the_schema_page_is_cached_like_any_page(client, page_cache, site_tree):
    assert client.get("/du-lieu-mo/")["X-Cache"] == "MISS"
    assert client.get("/du-lieu-mo/")["X-Cache"] == "HIT"


def test_only_csv_and_json_are_offered(client, site_tree):
    assert client.get("/du-lieu-mo/y-kien.xml").status_code == 404


def test_a_browser_opening_the_api_gets_a_readable_page(client, consultations):
    response = client.get("/api/v2/comments/", HTTP_ACCEPT="text/html")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")
    assert "Dự thảo đã trả lời" in response.content.decode()


def test_questions_sent_before_a_dialogue_are_in_the_open_data_as_such(client, site_tree):
    dialogue = DialoguePageFactory(
        parent=site_tree["dialogues"], held_at=timezone.now() + datetime.timedelta(days=3), accepts_questions=True
    )
    question = CommentFactory(page=dialogue, body="Khi nào chi trả tiền bồi thường?")
    (row,) = csv_rows(client.get(BULK_CSV))
    assert (int(row["id"]), row["page_type"], row["section"]) == (question.pk, "dialogue", "")
    assert api_items(client, page=dialogue.pk)["items"][0]["page"]["meta"]["type"] == "dialogues.DialoguePage"


def test_the_file_and_the_api_read_no_more_queries_for_more_comments(client, open_draft):
    """One look-up per page commented on, none per comment: 100,000 rows cost what 3 do."""

    def queries_for(url, comments):
        CommentFactory.create_batch(comments, page=open_draft)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
            b"".join(response.streaming_content) if response.streaming else response.content
        return len(queries)

    queries_for(BULK_CSV, 1)  # The site's root paths are cached by the first request.
    assert queries_for(BULK_CSV, 3) == queries_for(BULK_CSV, 30)
    assert queries_for("/api/v2/comments/", 0) == queries_for("/api/v2/comments/", 20)
