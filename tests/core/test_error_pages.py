"""Every refusal is in Vietnamese and loses nothing typed (issue #10, item 13)."""

import pytest
from bs4 import BeautifulSoup

from django.test import Client

from wagtail.models import PageViewRestriction

from consultations.models import Comment
from tests.consultations.factories import comment_post_data, open_window
from tests.policies.factories import PolicyPageFactory, section

pytestmark = pytest.mark.django_db


@pytest.fixture
def draft(site_tree):
    return PolicyPageFactory(
        parent=site_tree["policies"],
        text=[section("article", "3", "Nguyên tắc hỗ trợ", "Tự nguyện.")],
        **open_window(),
    )


def test_a_comment_refused_for_its_security_token_comes_back_with_the_text_kept(draft):
    browser = Client(enforce_csrf_checks=True)
    data = comment_post_data(body="Ý kiến dài tôi đã gõ suốt nửa tiếng về Điều 3.")
    response = browser.post(draft.url + "gop-y/", data)
    assert response.status_code == 403
    html = BeautifulSoup(response.content.decode(), "html.parser")
    assert "Ý kiến của bạn chưa được gửi" in html.find(class_="error-summary").get_text()
    assert [item.get_text(" ", strip=True) for item in html.select(".error-summary ul li")] == [
        "Ý kiến của bạn chưa được gửi: trang đã mở quá lâu hoặc trình duyệt không giữ cookie bảo mật. "
        "Mọi nội dung bạn đã gõ vẫn ở dưới đây; hãy bấm Gửi lại."
    ]
    assert html.find("textarea", attrs={"name": "body"}).get_text().strip() == data["body"]
    assert html.find("input", attrs={"name": "display_name"})["value"] == data["display_name"]
    for name in ("contact_email", "contact_phone"):
        assert html.find("input", attrs={"name": name})["value"] == data[name]
    assert html.find("select", attrs={"name": "section"}).find("option", selected=True)["value"] == data["section"]
    assert html.find("input", attrs={"name": "show_name"}).has_attr("checked")
    assert html.find("input", attrs={"name": "consent"}).has_attr("checked")
    assert not Comment.objects.exists()

    # The page came with a fresh token: sending it again is accepted.
    token = html.find("input", attrs={"name": "csrfmiddlewaretoken"})["value"]
    again = {field["name"]: field.get("value", "") for field in html.select("form.comment-form input[type=hidden]")}
    resend = {**data, **again, "csrfmiddlewaretoken": token}
    resend["form_stamp"] = comment_post_data(submission_token=resend["submission_token"])["form_stamp"]
    assert browser.post(draft.url + "gop-y/", resend).status_code == 302
    assert Comment.objects.get().body == data["body"]


def test_any_other_form_refused_for_its_token_gets_a_vietnamese_page(site_tree):
    response = Client(enforce_csrf_checks=True).post("/tim-kiem/", {"q": "đất"})
    assert response.status_code == 403
    assert "Không gửi được biểu mẫu" in response.content.decode()
    assert "CSRF verification failed" not in response.content.decode()


def test_the_password_required_page_is_the_sites_own_in_vietnamese(client, draft):
    PageViewRestriction.objects.create(page=draft, restriction_type=PageViewRestriction.PASSWORD, password="bí mật")
    response = client.get(draft.url)
    html = BeautifulSoup(response.content.decode(), "html.parser")
    assert html.find("h1").get_text(strip=True) == "Cần mật khẩu"
    assert html.find("label", attrs={"for": "id_password"}).get_text(strip=True) == "Mật khẩu"
    assert html.find(class_="site-footer") is not None


def test_the_area_choice_has_a_vietnamese_placeholder(client, draft):
    html = BeautifulSoup(client.get(draft.url + "gop-y/").content.decode(), "html.parser")
    assert html.select_one("select[name=area] option").get_text(strip=True) == "Không nêu"
    assert "Select an option" not in str(html)


def test_a_request_too_large_gets_a_vietnamese_page(client, settings, draft):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    response = client.post(draft.url + "gop-y/", comment_post_data(body="x" * 5000))
    assert response.status_code == 400
    assert "Không đọc được yêu cầu" in response.content.decode()
    assert not Comment.objects.exists()
