"""Answers, the response report, its CSV, and the one e-mail to each commenter."""

import csv
import datetime
import io

import pytest
from bs4 import BeautifulSoup

from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from wagtail.models import ModelLogEntry

from consultations import services
from consultations.models import Comment, ResponseReport
from tests.consultations.factories import CommentFactory, closed_window

pytestmark = pytest.mark.django_db


@pytest.fixture
def closed_draft(open_draft):
    for key, value in closed_window(closed_days_ago=3).items():
        setattr(open_draft, key, value)
    open_draft.save_revision().publish()
    return open_draft


def on_section(policy, anchor, **kwargs):
    section = policy.section_by_anchor(anchor)
    return CommentFactory(page=policy, section_id=section.block_id, section_title=section.title, **kwargs)


def test_editor_answers_several_comments_at_once(client, closed_draft, moderator):
    first, second = on_section(closed_draft, "dieu-3"), on_section(closed_draft, "dieu-1")
    pending = CommentFactory(page=closed_draft, state=Comment.State.PENDING)
    client.force_login(moderator)
    ids = f"id={first.pk}&id={second.pk}&id={pending.pk}"
    response = client.post(
        f"/admin/bulk/consultations/comment/respond/?{ids}",
        {"outcome": "accepted", "response_text": "Tiếp thu, sửa lại Điều 3."},
    )
    assert response.status_code == 302
    first.refresh_from_db()
    assert (first.response_outcome, first.response_text) == ("accepted", "Tiếp thu, sửa lại Điều 3.")
    assert Comment.objects.get(pk=second.pk).response_outcome == "accepted"
    # An unpublished comment is never answered in public.
    assert Comment.objects.get(pk=pending.pk).response_outcome == ""


def test_report_cannot_be_published_while_open_or_with_comments_pending(open_draft, moderator):
    with pytest.raises(services.Refusal):
        services.publish_report(open_draft, moderator)
    for key, value in closed_window().items():
        setattr(open_draft, key, value)
    open_draft.save_revision().publish()
    CommentFactory(page=open_draft, state=Comment.State.PENDING)
    with pytest.raises(services.Refusal):
        services.publish_report(open_draft, moderator)
    assert not ResponseReport.objects.exists()


def test_report_groups_answers_by_section_in_four_columns(client, closed_draft, moderator):
    on_section(
        closed_draft,
        "dieu-3",
        body="Nên 15 ngày làm việc",
        response_outcome="partly",
        response_text="Tiếp thu một phần",
    )
    on_section(
        closed_draft,
        "dieu-1",
        body="Phạm vi quá hẹp",
        response_outcome="not_accepted",
        response_text="Giải trình: đã đủ",
    )
    client.force_login(moderator)
    client.post(f"/admin/y-kien/bao-cao/{closed_draft.pk}/", {"introduction": "Sở đã nhận 2 ý kiến."})
    client.logout()

    response = client.get(closed_draft.url + "bao-cao/")
    html = BeautifulSoup(response.content.decode(), "html.parser")
    headers = [th.get_text(strip=True) for th in html.select("table.report-table thead th")]
    assert headers == ["Ý kiến", "Trả lời, giải trình", "Kết quả"]
    groups = [th.get_text(strip=True) for th in html.select("table.report-table tbody th[scope=rowgroup]")]
    assert groups == ["Điều 1. Phạm vi điều chỉnh", "Điều 3. Nguyên tắc hỗ trợ"]
    text = html.get_text(" ", strip=True)
    assert "Tiếp thu một phần" in text and "Không tiếp thu, có giải trình" in text
    assert "Sở đã nhận 2 ý kiến." in text

    rows = list(csv.DictReader(io.StringIO(client.get(closed_draft.url + "y-kien/csv/").content.decode("utf-8-sig"))))
    assert [(r["section"], r["outcome"]) for r in rows] == [
        ("Điều 1. Phạm vi điều chỉnh", "not_accepted"),
        ("Điều 3. Nguyên tắc hỗ trợ", "partly"),
    ]
    page = BeautifulSoup(client.get(closed_draft.url).content.decode(), "html.parser")
    assert "Tiếp thu một phần" in page.find("section", id="dieu-3").get_text()


def test_the_report_counts_outcomes_and_says_when_an_answer_was_edited_after_it(client, closed_draft, moderator):
    """Issue #10, item 3: totals by outcome and by section; an answer changed after publication
    says so, and the audit log keeps what it said before."""
    first = on_section(closed_draft, "dieu-3", response_outcome="partly", response_text="Tiếp thu một phần")
    on_section(closed_draft, "dieu-3", response_outcome="accepted", response_text="Tiếp thu")
    on_section(closed_draft, "dieu-1", response_outcome="accepted", response_text="Tiếp thu")
    services.publish_report(closed_draft, moderator)
    html = BeautifulSoup(client.get(closed_draft.url + "bao-cao/").content.decode(), "html.parser")
    totals = html.find("section", attrs={"aria-labelledby": "totals-heading"})
    assert totals.select_one(".totals__item--published dd").get_text(strip=True) == "3"
    rows = {
        tr.th.get_text(strip=True): [td.get_text(strip=True) for td in tr.find_all("td")]
        for tr in html.select("table.report-totals tbody tr")
    }
    assert rows == {
        "Điều 1. Phạm vi điều chỉnh": ["1", "0", "0", "1"],
        "Điều 3. Nguyên tắc hỗ trợ": ["1", "1", "0", "2"],
    }
    assert "Sửa ngày" not in html.get_text()

    answered_on = Comment.objects.get(pk=first.pk).responded_at
    services.respond([Comment.objects.get(pk=first.pk)], "accepted", "Tiếp thu toàn bộ sau khi họp lại", moderator)
    edited = Comment.objects.get(pk=first.pk)
    assert edited.responded_at == answered_on and edited.response_edited_at is not None
    row = BeautifulSoup(client.get(closed_draft.url + "bao-cao/").content.decode(), "html.parser").find(id=first.anchor)
    assert f"Sửa ngày {timezone.localdate():%d/%m/%Y}" in row.get_text(" ", strip=True)
    entry = ModelLogEntry.objects.filter(action="consultations.comment.respond", object_id=str(first.pk)).latest("pk")
    assert entry.data["previous_text"] == "Tiếp thu một phần" and entry.data["edited_after_report"] is True


def test_the_report_is_refused_while_a_published_comment_has_no_answer(
    client, closed_draft, moderator, django_capture_on_commit_callbacks
):
    """Issue #10, item 2: the report would tell that commenter "read the answer to your comment"."""
    answered = on_section(closed_draft, "dieu-3", contact_email="a@example.com", response_outcome="accepted")
    waiting = on_section(closed_draft, "dieu-1", contact_email="b@example.com", body="Đề nghị bỏ khoản 2")
    mail.outbox.clear()
    with pytest.raises(services.Refusal) as refusal:
        services.publish_report(closed_draft, moderator)
    assert f"#{waiting.pk}" in str(refusal.value) and "Đề nghị bỏ khoản 2" in str(refusal.value)
    assert f"#{answered.pk}" not in str(refusal.value)
    assert not ResponseReport.objects.exists() and mail.outbox == []

    client.force_login(moderator)
    response = client.post(f"/admin/y-kien/bao-cao/{closed_draft.pk}/", {"introduction": ""}, follow=True)
    assert "chưa được trả lời" in response.content.decode() and "Đề nghị bỏ khoản 2" in response.content.decode()
    assert not ResponseReport.objects.exists()

    services.respond([waiting], "not_accepted", "Giữ nguyên khoản 2 vì …", moderator)
    with django_capture_on_commit_callbacks(execute=True):
        services.publish_report(closed_draft, moderator)
    assert ResponseReport.objects.filter(page=closed_draft).exists()
    assert sorted(m.to[0] for m in mail.outbox) == ["a@example.com", "b@example.com"]


def test_commenters_with_an_email_get_one_message_with_a_link_to_their_answer(
    closed_draft, moderator, django_capture_on_commit_callbacks
):
    with_email = on_section(
        closed_draft,
        "dieu-3",
        contact_email="lan@example.com",
        response_outcome="accepted",
        response_text="Tiếp thu, sửa Điều 3.",
    )
    on_section(closed_draft, "dieu-1", contact_email="", contact_phone="0912345678", response_outcome="partly")
    CommentFactory(
        page=closed_draft, state=Comment.State.REJECTED, rejection_reason="spam", contact_email="x@example.com"
    )
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.publish_report(closed_draft, moderator)
    assert [m.to for m in mail.outbox] == [["lan@example.com"]]
    assert f"bao-cao/#y-kien-{with_email.pk}" in mail.outbox[0].body
    assert "Dự thảo Nghị quyết hỗ trợ hiến đất" in mail.outbox[0].subject
    # The message says what the person actually got (issue #10, item 2).
    assert "Trả lời ý kiến của bạn: tiếp thu." in mail.outbox[0].body
    assert "Tiếp thu, sửa Điều 3." in mail.outbox[0].body
    with django_capture_on_commit_callbacks(execute=True):
        services.publish_report(closed_draft, moderator)
    assert len(mail.outbox) == 1


def test_retention_command_erases_contacts_only_when_due(closed_draft, moderator):
    comment = on_section(
        closed_draft, "dieu-3", contact_email="lan@example.com", contact_phone="0912345678", response_outcome="accepted"
    )
    report, _ = services.publish_report(closed_draft, moderator)
    call_command("erase_expired_contacts")
    comment.refresh_from_db()
    assert comment.contact_email == "lan@example.com"

    ResponseReport.objects.filter(pk=report.pk).update(published_at=timezone.now() - datetime.timedelta(days=91))
    call_command("erase_expired_contacts")
    comment.refresh_from_db()
    assert (comment.contact_email, comment.contact_phone, comment.sender_hash) == ("", "", "")
    assert comment.contact_erased_at is not None
    assert comment.body  # the comment itself stays, anonymised
    call_command("erase_expired_contacts")  # safe to run again


def test_consultations_overview_counts_and_offers_the_report_once_closed(client, closed_draft, moderator):
    on_section(closed_draft, "dieu-3", response_outcome="accepted", response_text="Tiếp thu.")
    CommentFactory(page=closed_draft, state=Comment.State.PENDING)
    client.force_login(moderator)
    html = BeautifulSoup(client.get("/admin/y-kien/dot-lay-y-kien/").content.decode(), "html.parser")
    row = html.find("a", string=lambda s: s and "Dự thảo Nghị quyết hỗ trợ hiến đất" in s).find_parent("tr")
    cells = [td.get_text(" ", strip=True) for td in row.find_all("td")]
    assert cells[3:6] == ["2", "1", "1 / 1"]
    assert row.find("button", string=lambda s: s and "Công bố báo cáo" in s) is not None
    assert row.find("form").find("input", attrs={"name": "csrfmiddlewaretoken"})["value"]


def test_consultations_overview_offers_no_report_while_comments_are_open(client, open_draft, moderator):
    client.force_login(moderator)
    html = BeautifulSoup(client.get("/admin/y-kien/dot-lay-y-kien/").content.decode(), "html.parser")
    row = html.find("a", string=lambda s: s and "Dự thảo Nghị quyết hỗ trợ hiến đất" in s).find_parent("tr")
    assert row.find_all("td")[-1].get_text(strip=True) == "—"
    assert row.find("button") is None
