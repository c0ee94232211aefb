"""Questions for an upcoming dialogue go through the comment form and moderation, the same code."""

import datetime

import pytest
from bs4 import BeautifulSoup

from django.utils import timezone, translation

from consultations.models import Comment
from consultations.wording import COMMENTS
from dialogues.questions import QUESTIONS
from tests.consultations.factories import comment_post_data
from tests.dialogues.factories import DialoguePageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def upcoming(site_tree):
    return DialoguePageFactory(
        parent=site_tree["dialogues"],
        title="Đối thoại về chuyển đổi số",
        held_at=timezone.now() + datetime.timedelta(days=10),
        accepts_questions=True,
    )


def test_a_question_in_advance_is_moderated_like_a_comment(client, upcoming, moderator):
    page = BeautifulSoup(client.get(upcoming.url).content.decode(), "html.parser")
    link = page.find("a", string="Gửi câu hỏi cho buổi đối thoại")
    form = BeautifulSoup(client.get(link["href"]).content.decode(), "html.parser")
    assert form.h1.get_text(strip=True) == "Gửi câu hỏi cho buổi đối thoại"
    assert form.find("select", attrs={"name": "section"}) is None

    question = "Người cao tuổi không dùng điện thoại thông minh thì làm thủ tục thế nào?"
    response = client.post(link["href"], comment_post_data(section="", body=question))
    assert response.status_code == 302
    stored = Comment.objects.get()
    assert (stored.page_id, stored.state) == (upcoming.pk, Comment.State.PENDING)
    assert question not in client.get(upcoming.url).content.decode()

    client.force_login(moderator)
    assert client.post(f"/admin/bulk/consultations/comment/approve/?id={stored.pk}").status_code == 302
    client.logout()
    html = BeautifulSoup(client.get(upcoming.url).content.decode(), "html.parser")
    assert question in html.find("section", attrs={"aria-labelledby": "advance-heading"}).get_text()


def test_no_questions_once_the_dialogue_has_started(client, upcoming):
    upcoming.held_at = timezone.now() - datetime.timedelta(minutes=1)
    upcoming.save_revision().publish()
    response = client.post(upcoming.url + "cau-hoi/", comment_post_data(section=""))
    assert response.status_code == 400
    summary = BeautifulSoup(response.content.decode(), "html.parser").find(class_="error-summary")
    assert in_vietnamese(QUESTIONS.closed) in summary.get_text()
    assert in_vietnamese(COMMENTS.closed) not in summary.get_text()
    assert not Comment.objects.exists()


def in_vietnamese(message):
    """As the site shows it (English until the catalogue has the words, then Vietnamese)."""
    with translation.override("vi"):
        return str(message)


def words_of(page):
    return page.get_text(" ", strip=True)


def test_the_question_form_and_its_thank_you_speak_of_questions_and_who_answers_them(client, upcoming):
    """Issue #11: not "Your comment", not the "drafting agency"."""
    upcoming.chaired_by = "Chủ tịch UBND tỉnh"
    upcoming.save_revision().publish()
    form = BeautifulSoup(client.get(upcoming.url + "cau-hoi/").content.decode(), "html.parser")
    label = form.find("label", attrs={"for": "id_body"}).get_text(strip=True)
    assert label.removesuffix(":") == in_vietnamese(QUESTIONS.body_label)
    assert form.select("form.comment-form button[type=submit]")[-1].get_text(strip=True) == in_vietnamese(
        QUESTIONS.submit
    )
    assert form.find("legend", string=in_vietnamese(QUESTIONS.contact_legend)) is not None
    for draft_words in (COMMENTS.body_label, COMMENTS.submit, COMMENTS.contact_hint, COMMENTS.consent_label):
        assert in_vietnamese(draft_words) not in words_of(form)

    response = client.post(upcoming.url + "cau-hoi/", comment_post_data(section=""), follow=True)
    thanks = BeautifulSoup(response.content.decode(), "html.parser").find(role="status")
    assert thanks.h1.get_text(strip=True) == in_vietnamese(QUESTIONS.sent_heading)
    text = words_of(thanks)
    assert "Chủ tịch UBND tỉnh" in text
    assert timezone.localtime(upcoming.held_at).strftime("%d/%m/%Y") in text
    assert "cơ quan soạn thảo" not in text.lower() and "drafting agency" not in text


def test_a_question_refused_says_question(client, upcoming):
    response = client.post(upcoming.url + "cau-hoi/", comment_post_data(section="", body=""))
    html = BeautifulSoup(response.content.decode(), "html.parser")
    assert html.find(class_="error-summary").h2.get_text(strip=True) == in_vietnamese(QUESTIONS.not_sent_heading)
    assert in_vietnamese(QUESTIONS.body_required) in words_of(html.find(class_="error-summary"))


def test_a_dialogue_that_takes_no_questions_has_no_form(client, site_tree):
    dialogue = DialoguePageFactory(parent=site_tree["dialogues"], held_at=timezone.now() + datetime.timedelta(days=3))
    assert "cau-hoi/" not in client.get(dialogue.url).content.decode()
    response = client.post(dialogue.url + "cau-hoi/", comment_post_data(section=""))
    assert not Comment.objects.exists()
    assert response.status_code == 400
