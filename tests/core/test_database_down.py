"""No comment lost when the database fails (issue #13, item 4): while PostgreSQL cannot be reached,
a comment being sent comes back on a Vietnamese 503 page with everything typed kept, ready to be
sent again; once the database is back, sending it again stores it once.

The database is made unreachable for real: the connection is closed and pointed at a port nothing
listens on, then restored (no mocks)."""

import datetime
import socket
import threading
import time
from contextlib import contextmanager

import pytest
from axe_playwright_python.sync_playwright import Axe
from bs4 import BeautifulSoup

from django.db import connection, transaction
from django.test import Client
from django.utils import timezone

from consultations.models import Comment
from consultations.services import MINIMUM_FILL_SECONDS, submit_comment
from tests.consultations.factories import comment_post_data, open_window
from tests.dialogues.factories import DialoguePageFactory
from tests.e2e.test_accessibility import AXE_OPTIONS, violations
from tests.policies.factories import PolicyPageFactory, section

pytestmark = pytest.mark.django_db(transaction=True)

TEXT = "Đề nghị giữ nguyên Điều 3; tôi đã viết ý kiến này suốt nửa tiếng.\nDòng thứ hai của ý kiến."


@pytest.fixture
def draft(site_tree):
    return PolicyPageFactory(
        parent=site_tree["policies"],
        text=[section("article", "3", "Nguyên tắc hỗ trợ", "Tự nguyện.")],
        **open_window(),
    )


def closed_port():
    """A port on this machine that nothing listens on."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextmanager
def database_unreachable():
    """Every connection of this process cut (also the live server's, in its own thread) and the
    settings, shared by every thread's connection, pointed at a closed port."""
    saved = dict(connection.settings_dict)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            "WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )
    connection.close()
    connection.settings_dict.update(HOST="127.0.0.1", PORT=str(closed_port()))
    try:
        yield
    finally:
        connection.close()
        connection.settings_dict.clear()
        connection.settings_dict.update(saved)


def browser_with_form(draft):
    """A browser that opened the comment form (so it holds the security cookie), and the token
    the form gave it."""
    browser = Client(enforce_csrf_checks=True, raise_request_exception=False)
    html = BeautifulSoup(browser.get(draft.url + "gop-y/").content.decode(), "html.parser")
    return browser, html.find("input", attrs={"name": "csrfmiddlewaretoken"})["value"]


def form_on(response):
    """The form of the 'database unavailable' page, as the browser would send it."""
    html = BeautifulSoup(response.content.decode(), "html.parser")
    form = html.find("form", method="post")
    data = {}
    for field in form.find_all(["input", "textarea"]):
        value = field.get_text().removeprefix("\n") if field.name == "textarea" else field.get("value", "")
        data.setdefault(field["name"], []).append(value)
    return form["action"], data, html


def test_a_comment_sent_while_the_database_is_down_comes_back_in_vietnamese_with_everything_kept(draft):
    browser, csrf_token = browser_with_form(draft)
    sent = {**comment_post_data(body=TEXT), "csrfmiddlewaretoken": csrf_token}
    url = draft.url + "gop-y/"
    with database_unreachable():
        response = browser.post(url, sent)
    assert response.status_code == 503
    assert int(response["Retry-After"]) > 0
    assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]
    action, data, html = form_on(response)
    assert html.find("h1").get_text(strip=True) == "Nội dung bạn gửi chưa được lưu"
    assert "Mọi điều bạn đã viết vẫn còn ở dưới đây" in html.get_text()
    assert html.find("button", type="submit").get_text(strip=True) == "Gửi lại"
    assert action == draft.url + "gop-y/"
    # Everything that was sent is on the page, the text in a box the person can read.
    assert html.find("label", attrs={"for": "id_resend_body"}) is not None
    assert data == {name: [value] for name, value in sent.items()}
    assert not Comment.objects.exists()

    # The database is back: "Gửi lại" stores the comment and thanks the citizen.
    resent = browser.post(action, data)
    assert resent.status_code == 302
    comment = Comment.objects.get()
    assert comment.body == TEXT
    assert resent["Location"] == draft.url + f"gop-y/da-gui/{comment.receipt_token}/?muc=dieu-3"

    # Pressed once more (or sent from another tab): still one comment, still thanked.
    again = browser.post(action, data)
    assert again.status_code == 302 and again["Location"] == resent["Location"]
    assert Comment.objects.count() == 1


def test_a_question_for_a_dialogue_sent_while_the_database_is_down_is_kept_and_resent_once(site_tree):
    dialogue = DialoguePageFactory(
        parent=site_tree["dialogues"],
        held_at=timezone.now() + datetime.timedelta(days=10),
        accepts_questions=True,
    )
    url = dialogue.url + "cau-hoi/"
    question = "Người cao tuổi không dùng điện thoại thông minh thì làm thủ tục thế nào?"
    sent = comment_post_data(section="", body=question)
    browser = Client(raise_request_exception=False)
    with database_unreachable():
        response = browser.post(url, sent)
    assert response.status_code == 503
    action, data, _html = form_on(response)
    assert data["body"] == [question] and data["submission_token"] == [sent["submission_token"]]
    for _press in range(2):
        resent = browser.post(action, data)
        question_stored = Comment.objects.get()
        assert resent.status_code == 302 and resent["Location"] == url + f"da-gui/{question_stored.receipt_token}/"
    assert question_stored.body == question


def test_a_page_read_while_the_database_is_down_gets_a_vietnamese_503_without_a_form(draft):
    browser, url = Client(raise_request_exception=False), draft.url
    with database_unreachable():
        response = browser.get(url)
    assert response.status_code == 503
    html = BeautifulSoup(response.content.decode(), "html.parser")
    assert html.find("h1").get_text(strip=True) == "Hệ thống tạm gián đoạn"
    assert html.find("form") is None
    # Back to normal as soon as the database answers.
    assert browser.get(url).status_code == 200


@pytest.mark.urls("tests.core.urls_failing")
def test_any_other_error_keeps_the_plain_500_page_which_needs_no_database(draft):
    # A bug, not an outage: the plain 500 page, no "send again" form, whatever was sent; it is
    # shown even while the database is down too.
    with database_unreachable():
        response = Client(raise_request_exception=False).post("/hong/", comment_post_data())
    assert response.status_code == 500
    assert "Đã có lỗi xảy ra" in response.content.decode()
    assert "<form" not in response.content.decode()


def test_an_admin_form_is_never_given_back(draft):
    # The login form carries a password: it is not written into any page.
    browser = Client(raise_request_exception=False)
    with database_unreachable():
        response = browser.post(
            "/admin/login/", {"username": "bientap", "password": "mat-khau-2026", "submission_token": "x"}
        )
    assert response.status_code == 503
    assert "mat-khau-2026" not in response.content.decode()


def someone_waits_for_a_lock():
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pg_locks WHERE NOT granted")
        return cursor.fetchone()[0] > 0


def test_two_identical_sendings_racing_store_one_comment(draft):
    """The second arrives while the first is being stored: it waits for it, and is thanked too."""
    data = comment_post_data()
    outcome = {}

    def second_sending():
        try:
            outcome["response"] = Client().post(draft.url + "gop-y/", data)
        finally:
            connection.close()

    with transaction.atomic():
        # The first sending's comment is written but not committed when the second arrives.
        cleaned = {"body": data["body"], "section": draft.section_by_anchor(data["section"])}
        submit_comment(draft, cleaned, "203.0.113.7", data["submission_token"])
        other = threading.Thread(target=second_sending)
        other.start()
        deadline = time.monotonic() + 30
        while not someone_waits_for_a_lock():
            assert time.monotonic() < deadline, "the second sending never reached the unique token"
            time.sleep(0.05)
    other.join(30)
    assert outcome["response"].status_code == 302
    stored = Comment.objects.get(submission_token=data["submission_token"])
    # Thanked with the receipt of the comment the first sending stored.
    assert outcome["response"]["Location"] == draft.url + f"gop-y/da-gui/{stored.receipt_token}/?muc=dieu-3"


@pytest.mark.browser
def test_in_the_browser_the_citizen_keeps_the_text_and_sends_it_again_once(live_server, phone, draft):
    phone.goto(live_server.url + draft.url + "gop-y/")
    opened = time.monotonic()
    phone.get_by_label("Ý kiến của bạn").fill(TEXT)
    phone.get_by_label("Tôi đồng ý").check()
    with database_unreachable():
        phone.get_by_role("button", name="Gửi ý kiến").click()
        assert phone.get_by_role("heading", level=1).inner_text() == "Nội dung bạn gửi chưa được lưu"
        assert phone.get_by_label("Nội dung bạn đã viết").input_value() == TEXT
        assert violations(Axe().run(phone, options=AXE_OPTIONS)) == []
    assert not Comment.objects.exists()
    # A person waits a moment before pressing again (the site holds back a form sent at once).
    time.sleep(max(0.0, MINIMUM_FILL_SECONDS + 0.5 - (time.monotonic() - opened)))
    phone.get_by_role("button", name="Gửi lại").click()
    assert "chờ kiểm duyệt" in phone.get_by_role("status").inner_text()
    # Browsers send a textarea's line breaks as CRLF.
    assert Comment.objects.get().body.replace("\r\n", "\n") == TEXT
