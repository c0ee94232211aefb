"""Questions for an upcoming dialogue go through the comment form and moderation, the same code."""

import datetime

import pytest
from bs4 import BeautifulSoup

from django.utils import timezone

from consultations.models import Comment
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
    assert "Đã hết thời gian góp ý" in response.content.decode()
    assert not Comment.objects.exists()


def test_a_dialogue_that_takes_no_questions_has_no_form(client, site_tree):
    dialogue = DialoguePageFactory(parent=site_tree["dialogues"], held_at=timezone.now() + datetime.timedelta(days=3))
    assert "cau-hoi/" not in client.get(dialogue.url).content.decode()
    response = client.post(dialogue.url + "cau-hoi/", comment_post_data(section=""))
    assert not Comment.objects.exists()
    assert response.status_code == 400
