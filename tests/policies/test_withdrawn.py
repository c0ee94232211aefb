"""A withdrawn draft is withdrawn everywhere: not listed as open, no form, a refusal that says so
(issue #10, item 1)."""

import pytest
from bs4 import BeautifulSoup

from django.utils import timezone

from consultations.models import Comment
from tests.consultations.factories import comment_post_data, open_window
from tests.policies.factories import PolicyPageFactory, section

pytestmark = pytest.mark.django_db
TITLE = "Dự thảo quy định về phí chợ đã rút"


@pytest.fixture
def withdrawn(site_tree):
    return PolicyPageFactory(
        parent=site_tree["policies"],
        title=TITLE,
        text=[section("article", "3", "Mức phí", "Mức phí chợ.")],
        withdrawn_on=timezone.localdate(),
        withdrawn_reason="Cơ quan soạn thảo rút để xây dựng lại.",
        **open_window(),
    )


def open_listings_text(client):
    home = BeautifulSoup(client.get("/").content.decode(), "html.parser")
    drafts = BeautifulSoup(client.get("/lay-y-kien/").content.decode(), "html.parser")
    return home.find("section", attrs={"aria-labelledby": "open-heading"}).get_text(" ", strip=True) + drafts.find(
        "section", attrs={"aria-labelledby": "open-heading"}
    ).get_text(" ", strip=True)


def test_a_withdrawn_draft_is_not_listed_as_open(client, withdrawn):
    assert TITLE not in open_listings_text(client)
    open_register = client.get("/van-ban/", {"status": "open"}).content.decode()
    assert TITLE not in open_register
    assert TITLE in client.get("/van-ban/", {"status": "withdrawn"}).content.decode()


def test_a_withdrawn_draft_says_so_where_its_status_is_shown(client, withdrawn):
    html = BeautifulSoup(client.get(withdrawn.url).content.decode(), "html.parser")
    status = html.find(class_="status").get_text(" ", strip=True)
    assert status.startswith(f"Ngày rút {timezone.localdate():%d/%m/%Y}")
    assert "chờ cơ quan" not in status and "Góp ý" not in html.find("header").get_text()


def test_a_withdrawn_draft_takes_no_comment_and_says_why(client, withdrawn):
    form_page = client.get(withdrawn.url + "gop-y/")
    assert form_page.status_code == 200
    assert "<textarea" not in form_page.content.decode()
    response = client.post(withdrawn.url + "gop-y/", comment_post_data())
    assert response.status_code == 400
    date = timezone.localdate().strftime("%d/%m/%Y")
    assert f"Dự thảo này đã được rút ngày {date}; không nhận thêm ý kiến." in response.content.decode()
    assert not Comment.objects.exists()


def test_a_document_never_put_out_for_comment_says_so(client, site_tree):
    """Issue #10, item 4: not 'the period has ended' for a document that never had one."""
    decision = PolicyPageFactory(parent=site_tree["policies"], title="Quyết định không lấy ý kiến")
    response = client.post(decision.url + "gop-y/", comment_post_data(section=""))
    assert response.status_code == 400
    assert "Văn bản này không được đưa ra lấy ý kiến Nhân dân." in response.content.decode()
    assert "đã hết hạn" not in response.content.decode()
    assert not Comment.objects.exists()
