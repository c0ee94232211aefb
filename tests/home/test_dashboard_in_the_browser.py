"""The dashboard in Chromium: a moderator signs in, reads what is to do today, and follows a count."""

import datetime

import pytest
from axe_playwright_python.sync_playwright import Axe

from django.utils import timezone

from consultations.models import Comment
from tests.consultations.factories import CommentFactory, open_window
from tests.dialogues.factories import DialoguePageFactory, commitment
from tests.e2e.test_accessibility import AXE_OPTIONS, violations
from tests.policies.factories import PolicyPageFactory, section

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PANELS = ["#today-comments-section", "#today-consultations-section", "#today-commitments-section"]


def test_a_moderator_reads_the_day_and_follows_a_count(live_server, desktop, phone, site_tree, moderator):
    draft = PolicyPageFactory(
        parent=site_tree["policies"],
        title="Dự thảo Nghị quyết về phí chợ",
        text=[section("article", "1", "Phạm vi", "Chung.")],
        **open_window(20, 3),
    )
    CommentFactory(page=draft, state=Comment.State.PENDING, body="Đề nghị bổ sung đối tượng hộ cận nghèo.")
    today = timezone.localdate()
    DialoguePageFactory(
        parent=site_tree["dialogues"],
        title="Đối thoại về giải phóng mặt bằng",
        commitments=[commitment("Chi trả tiền bồi thường còn lại", today - datetime.timedelta(days=3))],
    )

    for page in (phone, desktop):
        page.goto(live_server.url + "/admin/login/")
        page.locator("#id_username").fill("bientap")
        page.locator("#id_password").fill("mat-khau-2026")
        page.locator("form button[type=submit]").click()
        page.wait_for_url(live_server.url + "/admin/")
        assert page.get_by_role("heading", name="Ý kiến và câu hỏi").is_visible()
        assert page.get_by_role("link", name="1 ý kiến, câu hỏi chờ duyệt").is_visible()
        assert page.get_by_text("Không có báo cáo nào quá hạn").is_visible()
        found = violations(
            Axe().run(page, context={"include": [[selector] for selector in PANELS]}, options=AXE_OPTIONS)
        )
        assert found == [], found
        width = page.viewport_size["width"]
        page.screenshot(path=f"var/test-artifacts/dashboard-{width}.png", full_page=True)

    desktop.get_by_role("link", name="1 đợt lấy ý kiến kết thúc trong 7 ngày tới").click()
    desktop.wait_for_url("**/admin/y-kien/dot-lay-y-kien/?closing_within=7")
    assert desktop.locator("table.listing tbody tr").count() == 1
    assert desktop.get_by_role("link", name=draft.title).is_visible()
    desktop.screenshot(path="var/test-artifacts/dashboard-consultations-closing.png", full_page=True)

    desktop.goto(live_server.url + "/admin/")
    desktop.get_by_role("link", name="1 cam kết quá hạn").click()
    desktop.wait_for_url("**/admin/cam-ket/?status=overdue")
    assert desktop.get_by_role("link", name="Chi trả tiền bồi thường còn lại").is_visible()
    desktop.screenshot(path="var/test-artifacts/dashboard-commitments-overdue.png", full_page=True)
