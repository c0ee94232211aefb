"""A receipt for every comment and question (issue #14, item 2): a code to read out to the agency,
a private link to where the comment stands, and one e-mail at each step to those who left an
address (Django's locmem mail backend, `mail.outbox`)."""

import datetime
import re

import pytest
from bs4 import BeautifulSoup

from django.core import mail
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.test import Client
from django.utils import timezone

from consultations import receipts, services
from consultations.models import RECEIPT_ALPHABET, Comment, normalise_receipt_code
from tests.consultations.factories import CommentFactory, closed_window, comment_post_data, open_window
from tests.consultations.test_moderation import QUEUE, bulk, queue_rows
from tests.dialogues.factories import DialoguePageFactory
from tests.pagecache import BYPASS, HIT, fetch
from tests.policies.factories import PolicyPageFactory

pytestmark = pytest.mark.django_db

CONTACT = {
    "display_name": "Nguyễn Văn Hùng",
    "show_name": None,  # not ticked: the name stays private
    "contact_email": "hung.nguyen@example.com",
    "contact_phone": "0912 345 678",
}
PRIVATE = ["Nguyễn Văn Hùng", "hung.nguyen@example.com", "0912345678", "0912 345 678"]


def form_url(page):
    return page.url + page.comment_path + "/"


def html_of(response):
    return BeautifulSoup(response.content.decode(), "html.parser")


def send(client, page, **overrides):
    """A citizen sends the form; returns the thank-you page's response and the comment stored."""
    data = comment_post_data(**{**CONTACT, **overrides})
    response = client.post(form_url(page), data)
    assert response.status_code == 302, response.content.decode()[:500]
    return client.get(response["Location"]), Comment.objects.get(submission_token=data["submission_token"])


def client_for(user):
    admin = Client()
    admin.force_login(user)
    return admin


def receipt(client, comment):
    response = client.get(f"/bien-nhan/{comment.receipt_token}/")
    assert response.status_code == 200
    return response


def state_of(response):
    return " ".join(html_of(response).find(id="receipt-state-heading").get_text().split())


def moderating(client, url, data, captured):
    """A moderator's decision in the admin, without following the redirect; the tasks it queues
    on commit (the e-mails) run as they would once the request's transaction commits."""
    with captured(execute=True):
        response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:500]


def assert_private(response):
    """Neither kept by any cache nor passed on as the referrer, nor indexed."""
    assert "private" in response["Cache-Control"] and "no-store" in response["Cache-Control"]
    assert response["Referrer-Policy"] == "no-referrer"
    assert html_of(response).find("meta", attrs={"name": "robots"})["content"] == "noindex"


def test_the_thank_you_page_shows_the_receipt_code_and_the_private_link_kept_by_no_cache(client, open_draft):
    thanks, comment = send(client, open_draft)
    html = html_of(thanks)
    assert re.fullmatch(f"[{RECEIPT_ALPHABET}]{{4}}-[{RECEIPT_ALPHABET}]{{4}}", comment.receipt_code_display)
    assert html.find(class_="receipt-code").get_text(strip=True) == comment.receipt_code_display
    link = f"http://testserver/bien-nhan/{comment.receipt_token}/"
    # The link in a box to select and copy, and to open and bookmark: no script needed.
    assert html.find("input", id="receipt-url")["value"] == link
    assert html.find("label", attrs={"for": "receipt-url"}) is not None
    assert html.find("a", href=link).get_text(strip=True) == "Mở biên nhận"
    assert "đánh dấu (bookmark)" in html.get_text()
    assert "chờ kiểm duyệt" in html.find(role="status").get_text()
    assert_private(thanks)
    for private in PRIVATE:
        assert private not in thanks.content.decode()


def test_the_page_cache_never_keeps_a_page_that_shows_a_receipt_link(page_cache, client, open_draft):
    _thanks, comment = send(client, open_draft)
    for url in [
        open_draft.url + f"gop-y/da-gui/{comment.receipt_token}/?muc=dieu-3",
        f"/bien-nhan/{comment.receipt_token}/",
    ]:
        answers = [fetch(url) for _ in range(2)]
        assert [response.status_code for _state, response in answers] == [200, 200], url
        # Looked up, answered, and not stored (BYPASS), so never replayed to anyone (HIT).
        assert [state for state, _response in answers] == [BYPASS, BYPASS], url
    # A reader's ordinary page is still kept, for comparison.
    assert [fetch(open_draft.url)[0] for _ in range(2)][-1] == HIT


def test_a_double_submit_stores_one_comment_and_gives_the_same_receipt(client, open_draft):
    data = comment_post_data(**CONTACT)
    first, second = client.post(form_url(open_draft), data), client.post(form_url(open_draft), data)
    comment = Comment.objects.get()
    assert (
        first["Location"] == second["Location"] == open_draft.url + f"gop-y/da-gui/{comment.receipt_token}/?muc=dieu-3"
    )


def test_receipt_follows_pending_published_answered_and_each_step_is_mailed_once_by_the_locmem_backend(
    client, open_draft, moderator, django_capture_on_commit_callbacks
):
    _thanks, comment = send(client, open_draft)
    mail.outbox.clear()

    pending = receipt(client, comment)
    assert_private(pending)
    assert state_of(pending) == "Tình trạng: chờ kiểm duyệt"
    html = html_of(pending)
    assert html.find("h1").get_text(strip=True) == "Biên nhận ý kiến góp ý"
    facts = html.find("dl", class_="facts").get_text(" ", strip=True)
    assert comment.receipt_code_display in facts
    assert timezone.localdate(comment.submitted_at).strftime("%d/%m/%Y") in facts
    assert "Dự thảo Nghị quyết hỗ trợ hiến đất — Điều 3. Nguyên tắc hỗ trợ" in facts
    # Masked as it would be published, the phone number of the text too; the name not asked for.
    assert "Người dân" in facts
    assert comment.body in html.get_text()
    assert mail.outbox == []

    admin = client_for(moderator)
    moderating(admin, bulk("approve", comment), {}, django_capture_on_commit_callbacks)
    published = receipt(client, comment)
    assert state_of(published) == "Tình trạng: đã đăng"
    text = html_of(published).get_text(" ", strip=True)
    assert f"Đã đăng ngày {timezone.localdate().strftime('%d/%m/%Y')}." in text
    assert "báo cáo tiếp thu, giải trình sau khi kết thúc lấy ý kiến" in text
    location = html_of(published).find("a", string="Xem tại nơi được đăng")["href"]
    assert location == open_draft.url + f"y-kien/#y-kien-{comment.pk}"
    assert f'id="y-kien-{comment.pk}"' in client.get(location).content.decode()
    [message] = mail.outbox
    assert message.to == ["hung.nguyen@example.com"]
    assert message.subject == "Ý kiến của bạn về “Dự thảo Nghị quyết hỗ trợ hiến đất” đã được đăng"
    assert f"http://testserver/bien-nhan/{comment.receipt_token}/" in message.body
    assert comment.receipt_code_display in message.body
    assert f"http://testserver{location}" in message.body

    # Answered: the receipt shows the answer as the draft's page does, at once; the e-mail of a
    # draft's answers waits for its response report.
    answer = {"outcome": "accepted", "response_text": "Tiếp thu, bổ sung thời hạn niêm yết 15 ngày.", "agency": ""}
    moderating(admin, bulk("respond", comment), answer, django_capture_on_commit_callbacks)
    assert state_of(receipt(client, comment)) == "Tình trạng: đã được trả lời"
    assert "Tiếp thu, bổ sung thời hạn niêm yết 15 ngày." in receipt(client, comment).content.decode()
    assert "Tiếp thu, bổ sung thời hạn niêm yết 15 ngày." in client.get(location).content.decode()
    assert len(mail.outbox) == 1

    for key, value in closed_window(closed_days_ago=1).items():
        setattr(open_draft, key, value)
    open_draft.save_revision().publish()
    moderating(admin, f"/admin/y-kien/bao-cao/{open_draft.pk}/", {}, django_capture_on_commit_callbacks)
    answered = receipt(client, comment)
    assert state_of(answered) == "Tình trạng: đã được trả lời"
    text = html_of(answered).get_text(" ", strip=True)
    assert "Tiếp thu, bổ sung thời hạn niêm yết 15 ngày." in text and "Tiếp thu" in text
    assert html_of(answered).find("a", string="Xem tại nơi được đăng")["href"] == (
        open_draft.url + f"bao-cao/#y-kien-{comment.pk}"
    )
    # The answers' e-mail, extended with the receipt: one more message, and only one.
    assert len(mail.outbox) == 2
    answered_mail = mail.outbox[1]
    assert answered_mail.subject == "Trả lời ý kiến của bạn về “Dự thảo Nghị quyết hỗ trợ hiến đất”"
    assert "Trả lời ý kiến của bạn: tiếp thu." in answered_mail.body
    assert f"bao-cao/#y-kien-{comment.pk}" in answered_mail.body
    assert f"http://testserver/bien-nhan/{comment.receipt_token}/" in answered_mail.body

    # Nothing new happens: nothing more is sent, whatever runs again.
    with django_capture_on_commit_callbacks(execute=True):
        services.approve([Comment.objects.get(pk=comment.pk)], moderator)
        services.email_answers.enqueue(open_draft.pk)
        services.email_decisions.enqueue([comment.pk])
    assert len(mail.outbox) == 2
    for response in (pending, published, answered):
        for private in PRIVATE:
            assert private not in response.content.decode()


def test_a_comment_not_published_shows_the_reason_in_plain_vietnamese_and_is_mailed_once(
    client, open_draft, moderator, django_capture_on_commit_callbacks
):
    _thanks, comment = send(client, open_draft)
    mail.outbox.clear()
    admin = client_for(moderator)
    moderating(admin, bulk("reject", comment), {"reason": "off_topic"}, django_capture_on_commit_callbacks)
    refused = receipt(client, comment)
    assert state_of(refused) == "Tình trạng: không đăng"
    text = html_of(refused).get_text(" ", strip=True)
    assert "Nội dung không được đăng. Lý do: không liên quan đến dự thảo." in text
    assert html_of(refused).find("a", string="Xem tại nơi được đăng") is None
    [message] = mail.outbox
    assert message.subject == "Ý kiến của bạn về “Dự thảo Nghị quyết hỗ trợ hiến đất” không được đăng"
    assert "Lý do: không liên quan đến dự thảo." in message.body
    assert f"http://testserver/bien-nhan/{comment.receipt_token}/" in message.body

    # Rejected again for another reason: the person was told once already.
    moderating(admin, bulk("reject", comment), {"reason": "spam"}, django_capture_on_commit_callbacks)
    assert len(mail.outbox) == 1
    assert "rác, quảng cáo" in receipt(client, comment).content.decode()
    # Then published after all: that is news, told once.
    moderating(admin, bulk("approve", comment), {}, django_capture_on_commit_callbacks)
    assert [m.subject for m in mail.outbox][1:] == [
        "Ý kiến của bạn về “Dự thảo Nghị quyết hỗ trợ hiến đất” đã được đăng"
    ]


def test_another_receipts_token_or_any_code_does_not_open_a_receipt(client, open_draft):
    mine = CommentFactory(page=open_draft, state=Comment.State.PENDING, body="Ý kiến của tôi về Điều 1.")
    other = CommentFactory(page=open_draft, state=Comment.State.PENDING, body="Ý kiến của người khác.")
    theirs = client.get(f"/bien-nhan/{other.receipt_token}/").content.decode()
    assert "Ý kiến của người khác." in theirs and "Ý kiến của tôi" not in theirs
    for guess in [
        mine.receipt_code,
        mine.receipt_code_display,
        mine.receipt_code.lower(),
        mine.receipt_token[:-1],
        mine.receipt_token[:-1] + ("A" if mine.receipt_token[-1] != "A" else "B"),
        str(mine.submission_token),
        str(mine.pk),
    ]:
        response = client.get(f"/bien-nhan/{guess}/")
        assert response.status_code == 404, guess
        html = html_of(response)
        assert html.find("h1").get_text(strip=True) == "Không tìm thấy biên nhận"
        assert "Chỉ có mã biên nhận thì không mở được biên nhận" in html.get_text()
        assert "Ý kiến của tôi" not in response.content.decode()
        assert_private(response)
    # The thank-you page opens with the token only on the draft the comment is on.
    assert client.get(f"{open_draft.url}gop-y/da-gui/{mine.receipt_token}/").status_code == 200
    other_draft = PolicyPageFactory(parent=open_draft.get_parent(), title="Dự thảo quy định về chợ", **open_window())
    assert client.get(f"{other_draft.url}gop-y/da-gui/{mine.receipt_token}/").status_code == 404
    assert client.get(f"{open_draft.url}gop-y/da-gui/{mine.receipt_code}/").status_code == 404


def test_the_receipt_shows_no_contact_data_and_the_name_only_when_asked(client, open_draft):
    hidden = CommentFactory(
        page=open_draft,
        state=Comment.State.PUBLISHED,
        display_name="Trần Thị Lan",
        show_name=False,
        contact_email="lan.tran@example.com",
        contact_phone="0987654321",
        body="Gọi tôi theo số 0987654321 để trao đổi thêm.",
    )
    content = receipt(client, hidden).content.decode()
    for private in ["Trần Thị Lan", "lan.tran@example.com", "0987654321"]:
        assert private not in content
    shown = CommentFactory(
        page=open_draft, display_name="Trần Thị Lan", show_name=True, contact_email="lan@example.com"
    )
    content = receipt(client, shown).content.decode()
    assert "Trần Thị Lan" in content and "lan@example.com" not in content


def test_a_question_for_a_dialogue_has_its_receipt_and_is_told_of_the_answer_once_it_is_given(
    client, site_tree, moderator, django_capture_on_commit_callbacks
):
    dialogue = DialoguePageFactory(
        parent=site_tree["dialogues"],
        title="Đối thoại về chuyển đổi số",
        held_at=timezone.now() + datetime.timedelta(days=10),
        accepts_questions=True,
    )
    thanks, question = send(client, dialogue, section="", body="Người cao tuổi làm thủ tục trực tuyến thế nào?")
    assert html_of(thanks).find(class_="receipt-code").get_text(strip=True) == question.receipt_code_display
    assert html_of(receipt(client, question)).find("h1").get_text(strip=True) == "Biên nhận câu hỏi"
    mail.outbox.clear()
    admin = client_for(moderator)
    moderating(admin, bulk("approve", question), {}, django_capture_on_commit_callbacks)
    assert mail.outbox[0].subject == "Câu hỏi của bạn gửi “Đối thoại về chuyển đổi số” đã được đăng"
    answer = {"outcome": "accepted", "response_text": "Bộ phận một cửa hướng dẫn tận nơi.", "agency": ""}
    moderating(admin, bulk("respond", question), answer, django_capture_on_commit_callbacks)
    # No report for a dialogue: the answer is out as soon as it is given, on its page and here.
    answered = receipt(client, question)
    assert state_of(answered) == "Tình trạng: đã được trả lời"
    assert "Bộ phận một cửa hướng dẫn tận nơi." in answered.content.decode()
    assert (
        html_of(answered).find("a", string="Xem tại nơi được đăng")["href"] == dialogue.url + f"#y-kien-{question.pk}"
    )
    assert len(mail.outbox) == 2
    told = mail.outbox[1]
    assert told.subject == "Trả lời câu hỏi của bạn gửi “Đối thoại về chuyển đổi số”"
    assert "Câu hỏi của bạn gửi buổi đối thoại “Đối thoại về chuyển đổi số” đã được trả lời." in told.body
    assert "Trả lời câu hỏi của bạn: tiếp thu." in told.body
    assert f"http://testserver/bien-nhan/{question.receipt_token}/" in told.body
    # The answer edited: the person was told once already.
    moderating(
        admin, bulk("respond", question), {**answer, "response_text": "Sửa lời."}, django_capture_on_commit_callbacks
    )
    assert len(mail.outbox) == 2


def test_no_mail_once_the_address_was_erased(open_draft, moderator, django_capture_on_commit_callbacks):
    comment = CommentFactory(page=open_draft, state=Comment.State.PENDING, contact_email="")
    with django_capture_on_commit_callbacks(execute=True):
        services.approve([comment], moderator)
    assert mail.outbox == []
    erased = CommentFactory(page=open_draft, state=Comment.State.PENDING, contact_email="a@example.com")
    Comment.objects.filter(pk=erased.pk).update(contact_email="", contact_erased_at=timezone.now())
    with django_capture_on_commit_callbacks(execute=True):
        services.approve([erased], moderator)  # the moderator's copy still had the address
    assert mail.outbox == []
    assert Comment.objects.get(pk=erased.pk).published_emailed_at is None


def test_codes_are_eight_unambiguous_signs_and_a_code_already_given_is_drawn_again(open_draft, monkeypatch):
    taken = CommentFactory(page=open_draft)
    assert len(taken.receipt_code) == 8 and set(taken.receipt_code) <= set(RECEIPT_ALPHABET)
    assert not set("01ILOUFJWZ") & set(RECEIPT_ALPHABET)
    assert normalise_receipt_code(f" {taken.receipt_code_display.lower()} ") == taken.receipt_code
    draws = iter([taken.receipt_code, "BCDE2345"])
    monkeypatch.setattr(services, "new_receipt_code", lambda: next(draws))
    comment = Comment(page=open_draft, body="Ý kiến", consent_at=timezone.now(), receipt_code=taken.receipt_code)
    services.insert_with_receipt(comment)
    assert Comment.objects.get(pk=comment.pk).receipt_code == "BCDE2345"
    assert len({c.receipt_token for c in Comment.objects.all()}) == 2
    assert len(comment.receipt_token) >= 32


def test_comments_stored_before_receipts_existed_are_each_given_their_own():
    executor = MigrationExecutor(connection)
    before = [("consultations", "0002_comment_channels_offline_entry")]
    after = [("consultations", "0003_comment_receipts")]
    executor.migrate(before)
    apps = executor.loader.project_state(before).apps
    Page = apps.get_model("wagtailcore", "Page")
    OldComment = apps.get_model("consultations", "Comment")
    page = Page.objects.order_by("pk").first()
    for n in range(3):
        OldComment.objects.create(page_id=page.pk, body=f"Ý kiến cũ {n}", consent_at=timezone.now())
    with connection.cursor() as cursor:
        # Checked now, as a migration run on its own would find them: the table is then altered.
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    executor = MigrationExecutor(connection)
    executor.migrate(after)
    codes = list(Comment.objects.values_list("receipt_code", "receipt_token"))
    assert len(codes) == 3
    assert len({code for code, _ in codes}) == 3 and len({token for _, token in codes}) == 3
    assert all(len(code) == 8 and len(token) >= 32 for code, token in codes)
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())


def test_the_receipt_rule_is_one_place_for_every_page(open_draft, moderator):
    comment = CommentFactory(page=open_draft, response_outcome="accepted", response_text="Tiếp thu.")
    # Shown answered as the draft's page shows it; e-mailed only once the report is out.
    assert receipts.stage_of(comment, open_draft) == receipts.Stage.ANSWERED
    assert not receipts.answers_are_out(open_draft)
    assert receipts.find(comment.receipt_code) is None
    assert receipts.find(comment.receipt_token) == comment


def test_the_agency_finds_a_comment_by_the_code_read_out_on_the_phone(client, open_draft, moderator):
    wanted = CommentFactory(page=open_draft, body="Ý kiến cần tìm theo mã")
    CommentFactory(page=open_draft, body="Ý kiến khác")
    client.force_login(moderator)
    heard = wanted.receipt_code_display.lower().replace("-", " ")
    assert queue_rows(client, receipt_code=heard) == ["Ý kiến cần tìm theo mã"]
    screen = html_of(client.get(f"{QUEUE}edit/{wanted.pk}/")).get_text(" ", strip=True)
    assert f"Mã biên nhận {wanted.receipt_code_display}" in screen


def test_no_public_page_export_or_api_shows_a_receipts_token_or_code(client, open_draft, moderator):
    comment = CommentFactory(page=open_draft, response_outcome="accepted", response_text="Tiếp thu.")
    urls = [open_draft.url, open_draft.url + "y-kien/", open_draft.url + "y-kien/csv/", open_draft.url + "y-kien/json/"]
    urls += [
        f"/api/v2/pages/{open_draft.pk}/",
        "/api/v2/pages/?type=policies.PolicyPage&fields=*",
        "/tim-kiem/?q=gop+y",
    ]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        body = b"".join(response.streaming_content) if response.streaming else response.content
        for secret in (comment.receipt_token, comment.receipt_code, comment.receipt_code_display):
            assert secret.encode() not in body, f"{secret} in {url}"
