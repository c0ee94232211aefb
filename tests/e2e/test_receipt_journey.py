"""A citizen's receipt in Chromium: from sending a comment to following it by its private link
(issue #14, item 2). The moderator's decisions are taken by the services the admin calls; the
admin's own screens are walked in test_journeys.py."""

import pytest
from axe_playwright_python.sync_playwright import Axe

from django.core import mail

from consultations import services
from consultations.models import Comment
from tests.consultations.factories import open_window
from tests.e2e.test_accessibility import AXE_OPTIONS, violations
from tests.policies.factories import PolicyPageFactory, section

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TEXT = [
    section("article", "1", "Phạm vi điều chỉnh", "Nghị quyết này quy định mức hỗ trợ."),
    section("article", "3", "Nguyên tắc hỗ trợ", "Hoàn toàn tự nguyện."),
]


def test_a_citizen_sends_a_comment_and_follows_it_by_the_receipt_link(live_server, phone, site_tree, moderator):
    draft = PolicyPageFactory(parent=site_tree["policies"], title="Dự thảo hỗ trợ hiến đất", text=TEXT, **open_window())
    comment_text = "Đề nghị ghi rõ thời hạn niêm yết danh sách là 15 ngày làm việc."
    phone.goto(live_server.url + draft.url + "gop-y/?muc=dieu-3")
    phone.get_by_label("Ý kiến của bạn").fill(comment_text)
    phone.get_by_label("Thư điện tử (không bắt buộc, không công khai)").fill("lan@example.com")
    phone.get_by_label("Tôi đồng ý").check()
    phone.wait_for_timeout(3100)  # a person takes at least this long; quicker is treated as a bot
    phone.get_by_role("button", name="Gửi ý kiến").click()

    # The thank-you page: the code to read out, and the private link to select, copy or open.
    comment = Comment.objects.get()
    assert phone.locator(".receipt-code").inner_text() == comment.receipt_code_display
    link = phone.get_by_label("Đường dẫn riêng của bạn", exact=False)
    assert link.input_value().endswith(f"/bien-nhan/{comment.receipt_token}/")
    assert violations(Axe().run(phone, options=AXE_OPTIONS)) == []
    phone.goto(live_server.url + f"/bien-nhan/{comment.receipt_token}/")  # the link as kept, at this server
    assert "chờ kiểm duyệt" in phone.locator("#receipt-state-heading").inner_text()
    assert comment_text in phone.locator("main").inner_text()
    assert "lan@example.com" not in phone.content()
    assert violations(Axe().run(phone, options=AXE_OPTIONS)) == []

    # Published: the page says so and leads to it; the e-mail carries the same link.
    services.approve([comment], moderator)
    phone.reload()
    assert "đã đăng" in phone.locator("#receipt-state-heading").inner_text()
    phone.get_by_role("link", name="Xem tại nơi được đăng").click()
    assert comment_text in phone.locator(f"#y-kien-{comment.pk}").inner_text()
    [message] = mail.outbox
    assert f"/bien-nhan/{comment.receipt_token}/" in message.body
