"""Journeys through the page shell in real Chromium, on a phone and with the keyboard only."""

import datetime

import pytest

from django.utils import timezone, translation
from django.utils.translation import gettext

from stories.models import ModelStoryPage
from tests.consultations.factories import open_window
from tests.dialogues.factories import CommitmentTrackerPageFactory, DialoguePageFactory, commitment
from tests.policies.factories import PolicyPageFactory, section
from tests.stories.factories import ModelStoryPageFactory
from tests.taxonomy.factories import AgencyFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def open_draft(site_tree):
    policy = PolicyPageFactory(
        parent=site_tree["policies"],
        title="Dự thảo Nghị quyết hỗ trợ hiến đất làm đường",
        text=[section("article", str(n), f"Nội dung điều {n}", "Quy định chi tiết. " * 40) for n in range(1, 7)],
        **open_window(),
    )
    return policy


def test_citizen_on_a_phone_finds_an_open_draft_and_reads_article_3(live_server, phone, open_draft):
    phone.goto(live_server.url + "/")
    assert phone.locator("html").get_attribute("lang") == "vi"
    phone.get_by_role("link", name="Dự thảo Nghị quyết hỗ trợ hiến đất làm đường").first.click()
    phone.wait_for_url(f"**{open_draft.url}")
    assert "Đang lấy ý kiến" in phone.locator(".status").inner_text()
    phone.locator(".toc").get_by_role("link", name="Điều 3. Nội dung điều 3").click()
    phone.wait_for_url("**#dieu-3")
    heading = phone.get_by_role("heading", name="Điều 3. Nội dung điều 3")
    assert heading.is_visible()
    # Nothing is wider than the phone: no sideways scrolling.
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360


def test_page_reads_at_320px_without_sideways_scrolling(live_server, browser, open_draft):
    context = browser.new_context(viewport={"width": 320, "height": 640}, locale="vi-VN")
    page = context.new_page()
    for path in ["/", open_draft.url, "/tim-kiem/?q=đất"]:
        page.goto(live_server.url + path)
        assert page.evaluate("document.documentElement.scrollWidth") <= 320, path
    context.close()


def test_keyboard_user_skips_to_the_content_and_searches(live_server, desktop, open_draft):
    desktop.goto(live_server.url + "/")
    desktop.keyboard.press("Tab")
    skip = desktop.locator(".skip-link")
    assert skip.evaluate("element => element === document.activeElement")
    assert skip.is_visible()
    desktop.keyboard.press("Enter")
    assert desktop.evaluate("document.activeElement.id") == "main"

    desktop.get_by_label("Tìm trong kho văn bản").first.fill("hiến đất")
    desktop.keyboard.press("Enter")
    desktop.wait_for_url("**/tim-kiem/**")
    assert desktop.get_by_role("link", name="Dự thảo Nghị quyết hỗ trợ hiến đất làm đường").is_visible()


def test_editor_logs_into_the_admin_in_vietnamese(live_server, desktop, django_user_model, site_tree):
    django_user_model.objects.create_superuser("bientap", "bientap@example.invalid", "mat-khau-bien-tap-2026")
    desktop.goto(live_server.url + "/admin/")
    desktop.get_by_label("Tên đăng nhập").fill("bientap")
    # Wagtail's own Vietnamese catalogue does not cover the password field or the button yet.
    desktop.locator("#id_password").fill("mat-khau-bien-tap-2026")
    desktop.locator("form button[type=submit]").click()
    desktop.wait_for_url(live_server.url + "/admin/")
    assert desktop.locator("html").get_attribute("lang") == "vi"
    assert desktop.locator("#id_password").count() == 0


def test_comment_on_article_3_moderated_answered_and_reported(live_server, browser, open_draft, django_user_model):
    """The whole consultation journey: a citizen on a phone, then an editor at a desk."""
    django_user_model.objects.create_superuser("bientap", "bientap@example.invalid", "mat-khau-bien-tap-2026")
    comment_text = "Đề nghị ghi rõ thời hạn niêm yết danh sách là 15 ngày làm việc."

    # A citizen on a phone comments on article 3.
    phone = browser.new_context(viewport={"width": 360, "height": 740}, locale="vi-VN").new_page()
    phone.goto(live_server.url + open_draft.url)
    phone.locator("#dieu-3").get_by_role("link", name="Góp ý Điều 3").click()
    assert phone.get_by_label("Góp ý cho phần nào của dự thảo").input_value() == "dieu-3"
    phone.get_by_label("Ý kiến của bạn").fill(comment_text)
    phone.get_by_label("Thư điện tử (không bắt buộc, không công khai)").fill("lan@example.com")
    phone.get_by_label("Tôi đồng ý").check()
    phone.wait_for_timeout(3100)  # a person takes at least this long; quicker is treated as a bot
    phone.get_by_role("button", name="Gửi ý kiến").click()
    assert "chờ kiểm duyệt" in phone.get_by_role("status").inner_text()
    phone.get_by_role("link", name="Quay lại Điều 3").click()
    assert comment_text not in phone.locator("#dieu-3").inner_text()

    # An editor approves it in the admin.
    desk = browser.new_context(viewport={"width": 1280, "height": 900}, locale="vi-VN").new_page()
    desk.goto(live_server.url + "/admin/login/")
    desk.locator("#id_username").fill("bientap")
    desk.locator("#id_password").fill("mat-khau-bien-tap-2026")
    desk.locator("form button[type=submit]").click()
    desk.wait_for_url(live_server.url + "/admin/")
    desk.goto(live_server.url + "/admin/y-kien/?state=pending")
    desk.get_by_role("checkbox", name="Chọn", exact=True).first.check()
    desk.get_by_role("link", name="Duyệt và đăng").click()
    desk.get_by_role("button", name="Duyệt và đăng").click()
    desk.wait_for_url(live_server.url + "/admin/y-kien/?state=pending")

    # It appears under article 3.
    phone.reload()
    assert comment_text in phone.locator("#dieu-3").inner_text()

    # The window closes; the editor answers and publishes the report.

    open_draft.consultation_closes_at = timezone.now() - datetime.timedelta(minutes=1)
    open_draft.consultation_opens_at = timezone.now() - datetime.timedelta(days=30)
    open_draft.save_revision().publish()
    desk.goto(live_server.url + "/admin/y-kien/?state=published")
    desk.get_by_role("checkbox", name="Chọn", exact=True).first.check()
    desk.get_by_role("link", name="Trả lời", exact=True).click()
    desk.get_by_label("Kết quả").select_option("partly")
    desk.get_by_label("Nội dung trả lời").fill("Tiếp thu một phần: niêm yết 15 ngày làm việc tại nhà văn hoá thôn.")
    desk.get_by_role("button", name="Trả lời", exact=True).click()
    desk.wait_for_url(live_server.url + "/admin/y-kien/?state=published")
    desk.goto(live_server.url + "/admin/y-kien/dot-lay-y-kien/")
    desk.get_by_role("button", name="Công bố báo cáo tiếp thu, giải trình").click()
    desk.wait_for_load_state()

    # The answer is under the comment, and in the report.
    phone.reload()
    assert "niêm yết 15 ngày làm việc tại nhà văn hoá thôn" in phone.locator("#dieu-3").inner_text()
    # The report is announced on the draft with a button (issue #11), not a small link.
    with translation.override("vi"):
        read_the_report = gettext("Read the response report")
    phone.get_by_role("link", name=read_the_report).click()
    report = phone.locator("table.report-table").inner_text()
    assert comment_text in report and "Tiếp thu một phần" in report
    phone.context.close()
    desk.context.close()


def test_citizen_on_a_phone_finds_an_agencys_overdue_commitments_and_opens_the_dialogue(live_server, phone, site_tree):

    today = timezone.localdate()
    finance, construction = AgencyFactory(name="Sở Tài chính"), AgencyFactory(name="Sở Xây dựng")
    DialoguePageFactory(
        parent=site_tree["dialogues"],
        title="Đối thoại về bồi thường đất",
        commitments=[
            commitment("Tái định cư cho 14 hộ", today - datetime.timedelta(days=5), "in_progress", agency=construction),
            commitment("Chi trả bồi thường", today - datetime.timedelta(days=5), "in_progress", agency=finance),
            commitment("Làm đường", today + datetime.timedelta(days=5), agency=construction),
        ],
    )
    CommitmentTrackerPageFactory(parent=site_tree["home"])
    phone.goto(live_server.url + "/theo-doi-cam-ket/")
    # On a phone the filters fold behind one "Lọc" line, so the list comes first.
    filters = phone.locator(".filter-panel")
    filters.locator("summary").click()
    phone.get_by_label("Cơ quan chịu trách nhiệm").select_option(label="Sở Xây dựng")
    phone.get_by_label("Trạng thái").select_option("overdue")
    filters.locator("button[type=submit]").click()
    phone.wait_for_url("**status=overdue**")
    rows = phone.locator("table.tracker tbody tr")
    assert rows.count() == 1
    assert "Quá hạn" in rows.first.inner_text()
    rows.first.get_by_role("link", name="Đối thoại về bồi thường đất").click()
    phone.wait_for_url("**/doi-thoai/**")
    assert phone.get_by_role("heading", level=1).inner_text() == "Đối thoại về bồi thường đất"
    assert phone.locator(".commitment:target").inner_text().startswith("Tái định cư cho 14 hộ")


def test_reader_follows_a_story_to_others_in_its_field(live_server, phone, site_tree):

    story = ModelStoryPageFactory(parent=site_tree["stories"], title="Tổ công nghệ số", field="van-hoa-xa-hoi")
    ModelStoryPageFactory(parent=site_tree["stories"], title="Dòng họ hoà giải", field="van-hoa-xa-hoi")
    ModelStoryPageFactory(parent=site_tree["stories"], title="Hiến đất", field=ModelStoryPage.Field.ECONOMY)
    phone.goto(live_server.url + story.url)
    phone.get_by_role("link", name="Các mô hình khác về văn hoá – xã hội").click()
    phone.wait_for_url("**field=van-hoa-xa-hoi")
    titles = phone.locator(".card__title").all_inner_texts()
    assert sorted(titles) == ["Dòng họ hoà giải", "Tổ công nghệ số"]
    assert phone.get_by_label("Lĩnh vực").input_value() == "van-hoa-xa-hoi"


def test_journalist_searches_without_diacritics_filters_opens_and_downloads(live_server, desktop, site_tree):

    DialoguePageFactory(
        parent=site_tree["dialogues"],
        title="Đối thoại về đất đai ở Thạch Hà",
        summary="Người dân hỏi về giá đất bồi thường.",
        held_at=datetime.datetime(2024, 9, 20, 1, tzinfo=datetime.UTC),
    )
    DialoguePageFactory(
        parent=site_tree["dialogues"],
        title="Đối thoại về đất đai năm 2025",
        summary="Đất đai và tái định cư.",
        held_at=datetime.datetime(2025, 3, 1, 1, tzinfo=datetime.UTC),
    )
    desktop.goto(live_server.url + "/")
    desktop.get_by_label("Tìm trong kho văn bản").first.fill("doi thoai dat dai")
    desktop.keyboard.press("Enter")
    desktop.wait_for_url("**/tim-kiem/**")
    # The filters are in a panel: folded on phones, always shown on wide screens.
    if not desktop.get_by_label("Đối thoại (2)").is_visible():
        desktop.locator(".filter-panel > summary").click()
    desktop.get_by_label("Đối thoại (2)").check()
    desktop.get_by_label("Từ ngày").fill("2024-01-01")
    desktop.get_by_label("Đến ngày").fill("2024-12-31")
    desktop.get_by_role("button", name="Tìm kiếm").last.click()
    desktop.wait_for_url("**date_to=2024-12-31**")
    results = desktop.locator("ol.results > li")
    assert results.count() == 1
    assert results.first.locator("mark").count() >= 2
    with desktop.expect_download() as download_info:
        desktop.get_by_role("link", name="CSV").click()
    content = download_info.value.path().read_text(encoding="utf-8-sig")
    assert "Đối thoại về đất đai ở Thạch Hà" in content and "2025" not in content.split("\n", 1)[1]
    results.first.get_by_role("link").click()
    assert desktop.get_by_role("heading", level=1).inner_text() == "Đối thoại về đất đai ở Thạch Hà"
