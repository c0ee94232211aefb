"""Issue #11 in real Chromium: the quick sender, the citizen without JavaScript, and the 320 px
phone on the comment form, its thank-you page, the published comments and the report."""

import pytest

from django.utils import translation
from django.utils.translation import gettext

from consultations import services
from consultations.forms import SENT_TOO_QUICKLY
from consultations.models import Comment
from tests.consultations.factories import CommentFactory, closed_window, open_window
from tests.policies.factories import PolicyPageFactory, section

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TEXT = [
    section("article", "1", "Phạm vi điều chỉnh", "Nghị quyết này quy định mức hỗ trợ cho hộ gia đình hiến đất."),
    section("article", "2", "Đối tượng áp dụng", "Hộ gia đình, cá nhân tự nguyện hiến đất làm đường giao thông."),
    section("article", "3", "Nguyên tắc hỗ trợ", "Hoàn toàn tự nguyện, công khai, minh bạch."),
]


def vi(msgid):
    with translation.override("vi"):
        return gettext(msgid)


@pytest.fixture
def draft(site_tree):
    return PolicyPageFactory(parent=site_tree["policies"], title="Dự thảo hỗ trợ hiến đất", text=TEXT, **open_window())


def test_a_citizen_who_sends_at_once_is_told_why_and_the_second_press_goes_through(live_server, phone, draft):
    phone.goto(live_server.url + draft.url + "gop-y/?muc=dieu-3")
    phone.get_by_label("Ý kiến của bạn").fill("Đề nghị ghi rõ thời hạn niêm yết là 15 ngày làm việc.")
    phone.get_by_label("Tôi đồng ý").check()
    phone.get_by_role("button", name="Gửi ý kiến").click()

    summary = phone.locator(".error-summary")
    with translation.override("vi"):
        assert str(SENT_TOO_QUICKLY) % {"button": "Gửi ý kiến"} in summary.inner_text()
    assert phone.get_by_label("Ý kiến của bạn").input_value().startswith("Đề nghị ghi rõ")
    assert phone.get_by_label("Tôi đồng ý").is_checked()

    phone.get_by_role("button", name="Gửi ý kiến").click()
    assert "chờ kiểm duyệt" in phone.get_by_role("status").inner_text()


def test_without_javascript_another_article_is_quoted_and_the_text_kept(live_server, browser, draft):
    context = browser.new_context(viewport={"width": 360, "height": 740}, locale="vi-VN", java_script_enabled=False)
    page = context.new_page()
    page.goto(live_server.url + draft.url + "gop-y/?muc=dieu-3")
    assert "Điều 3. Nguyên tắc hỗ trợ" in page.locator("details.disclosure summary").inner_text()
    page.get_by_label("Ý kiến của bạn").fill("Phạm vi nên gồm cả đất nông nghiệp.")
    page.get_by_label("Góp ý cho phần nào của dự thảo").select_option("dieu-1")
    page.get_by_role("button", name=vi("Show the text of this part")).click()
    assert "Điều 1. Phạm vi điều chỉnh" in page.locator("details.disclosure summary").inner_text()
    assert "quy định mức hỗ trợ" in page.locator("details.disclosure").inner_text()
    assert page.get_by_label("Ý kiến của bạn").input_value() == "Phạm vi nên gồm cả đất nông nghiệp."
    assert page.locator(".error-summary").count() == 0
    context.close()


def test_the_consultation_pages_read_at_320px_without_sideways_scrolling(live_server, browser, site_tree, moderator):
    policy = PolicyPageFactory(
        parent=site_tree["policies"], title="Dự thảo hỗ trợ hiến đất", text=TEXT, **closed_window()
    )
    for n, outcome in enumerate(["accepted", "partly", "not_accepted"], start=1):
        block = policy.sections[n - 1]
        CommentFactory(
            page=policy,
            section_id=block.block_id,
            section_title=block.title,
            display_name="Nguyễn Văn Hùng",
            show_name=True,
            body="Đề nghị bổ sung quy định về thời hạn niêm yết công khai danh sách hộ được hỗ trợ. " * 3,
            response_outcome=outcome,
            response_text="Cơ quan soạn thảo tiếp thu và chỉnh sửa nội dung tại dự thảo lần hai. " * 2,
        )
    services.publish_report(policy, moderator)
    draft = PolicyPageFactory(parent=site_tree["policies"], text=TEXT, **open_window())
    sent = CommentFactory(page=draft, state=Comment.State.PENDING)

    context = browser.new_context(viewport={"width": 320, "height": 640}, locale="vi-VN")
    page = context.new_page()
    for path in [
        draft.url + "gop-y/?muc=dieu-3",
        draft.url + "gop-y/da-gui/?muc=dieu-3",
        draft.url + f"gop-y/da-gui/{sent.receipt_token}/?muc=dieu-3",
        f"/bien-nhan/{sent.receipt_token}/",
        f"/bien-nhan/{policy.public_comments.first().receipt_token}/",
        policy.url,
        policy.url + "y-kien/",
        policy.url + "bao-cao/",
    ]:
        page.goto(live_server.url + path)
        assert page.evaluate("document.documentElement.scrollWidth") <= 320, path
    context.close()
