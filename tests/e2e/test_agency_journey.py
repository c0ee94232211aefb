"""Issue #12: one agency runs a consultation from first draft to report, in Chromium, each person
with their own role: the editor writes and submits, the leader approves, the draft opens by
itself on its day (`publish_scheduled`), a citizen comments, the moderator approves, answers and
publishes the report — and the dashboard's counts follow each step.

"Now" is moved the way `tests/policies/test_scheduled_publishing.py` moves it: Django's
`timezone.now`, read by the live server in this process, runs on from a later moment.
"""

import datetime

import pytest

from django.conf import settings
from django.core.management import call_command
from django.utils import timezone

from policies.models import PolicyPage
from taxonomy.models import DocumentType
from taxonomy.roles import sync_agency_roles
from tests.taxonomy.factories import AgencyFactory, DocumentTypeFactory, staff

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "mat-khau-2026"
TITLE = "Dự thảo Quyết định về giờ hoạt động chợ đêm"
COMMENT = "Đề nghị cho chợ đêm mở đến 23 giờ vào cuối tuần."
ANSWER = "Tiếp thu: chợ mở đến 23 giờ vào thứ Bảy và Chủ nhật."


@pytest.fixture
def clock(monkeypatch):
    """Django's clock, running on from wherever it is put."""
    real_now = timezone.now

    class Clock:
        def move(self, moment):
            offset = moment - real_now()
            monkeypatch.setattr(timezone, "now", lambda: real_now() + offset)

    return Clock()


@pytest.fixture
def agency(site_tree):
    agency = AgencyFactory(name="Sở Công Thương tỉnh Hà Tĩnh", slug="so-cong-thuong")
    sync_agency_roles()
    for role in ("editor", "leader", "moderator"):
        staff(agency, role, username=role, password=PASSWORD)
    return agency


def sign_in(browser, live_server, username):
    context = browser.new_context(
        viewport={"width": 1280, "height": 900}, locale="vi-VN", timezone_id="Asia/Ho_Chi_Minh"
    )
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.goto(live_server.url + "/admin/login/")
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill(PASSWORD)
    page.locator("form button[type=submit]").click()
    page.wait_for_url(live_server.url + "/admin/")
    return page


def admin_datetime(moment):
    """How the admin's date-time fields take a moment (site time)."""
    return timezone.localtime(moment).strftime(getattr(settings, "WAGTAIL_DATETIME_FORMAT", "%Y-%m-%d %H:%M"))


def day_d_at(hour, days_ahead=2):
    day = timezone.localdate() + datetime.timedelta(days=days_ahead)
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def dashboard_text(page, live_server):
    page.goto(live_server.url + "/admin/")
    return " ".join(page.locator("[id^=today-]").all_inner_texts())


def test_an_agency_drafts_submits_approves_consults_answers_and_reports(live_server, browser, site_tree, agency, clock):
    document_type = DocumentTypeFactory(name="Quyết định về chợ", minimum_days=30)
    # The chooser lists one page of types at a time; keep the one this draft needs on it.
    DocumentType.objects.exclude(pk=document_type.pk).delete()
    opens, closes = day_d_at(8), day_d_at(8) + datetime.timedelta(days=30)

    # The editor writes the draft: its facts, one article, its window, and when it goes live.
    editor = sign_in(browser, live_server, "editor")
    editor.goto(live_server.url + f"/admin/pages/add/policies/policypage/{site_tree['policies'].pk}/")
    editor.locator("#id_title").fill(TITLE)
    editor.locator("#id_document_type-chooser [data-chooser-action-choose]").click()
    editor.locator(".modal a[data-chooser-modal-choice]", has_text=document_type.name).first.click()
    agency_field = editor.locator("#id_drafting_agency")
    if agency_field.is_enabled():
        agency_field.select_option(str(agency.pk))
    editor.locator("button.c-sf-add-button").first.click()
    editor.wait_for_timeout(500)
    # One kind of block is added at once; several are offered in a menu first.
    if not editor.locator("input[name='text-0-value-number']").count():
        editor.locator("[role=listbox] [role=option]").first.click()
    editor.locator("input[name='text-0-value-number']").fill("1")
    editor.locator("input[name='text-0-value-heading']").fill("Giờ hoạt động")
    editor.locator("[data-contentpath='text'] [role='textbox']").first.fill("Chợ đêm mở từ 17 giờ đến 22 giờ.")
    editor.locator("#id_consultation_opens_at").fill(admin_datetime(opens))
    editor.locator("#id_consultation_closes_at").fill(admin_datetime(closes))
    editor.keyboard.press("Escape")
    editor.locator("[data-side-panel-toggle='status']").click()
    editor.wait_for_timeout(800)  # the side panel slides in; a click before it settles is lost
    editor.locator("[data-a11y-dialog-show='schedule-publishing-dialog']:visible").first.click()
    editor.locator("#id_go_live_at").wait_for(state="visible")
    editor.locator("#id_go_live_at").fill(admin_datetime(opens))
    # The date picker stays open over the button; the keyboard reaches it all the same.
    editor.locator("#schedule-publishing-dialog button[type=submit]").press("Enter")
    editor.wait_for_load_state("networkidle")
    draft = PolicyPage.objects.get(title=TITLE)
    assert draft.drafting_agency == agency and not draft.live
    # Editors submit; they do not publish.
    editor.locator("footer [data-w-dropdown-target='toggle']").first.click()
    assert not editor.locator("footer button[name='action-publish']").count()
    editor.locator("footer button[name='action-submit']").click()
    editor.wait_for_load_state("networkidle")
    draft.refresh_from_db()
    assert draft.current_workflow_state is not None

    # The leader finds it awaiting her review, and approves it.
    leader = sign_in(browser, live_server, "leader")
    assert TITLE in leader.locator("main").inner_text()
    leader.goto(live_server.url + f"/admin/pages/{draft.pk}/edit/")
    leader.locator("footer [data-w-dropdown-target='toggle']").first.click()
    leader.locator("footer button[data-workflow-action-name='approve']").first.click()
    dialog_button = leader.locator("[data-workflow-action-dialog] button[type=submit], .w-dialog button[type=submit]")
    if dialog_button.count() and dialog_button.first.is_visible():
        dialog_button.first.click()
    leader.wait_for_load_state("networkidle")
    draft.refresh_from_db()
    # Approved, but not yet public: it waits for its day.
    assert not draft.live and draft.revisions.order_by("-pk").first().approved_go_live_at == opens

    moderator = sign_in(browser, live_server, "moderator")
    assert "Không có ý kiến chờ duyệt" in dashboard_text(moderator, live_server)

    # Day D: the timer's command publishes it, and the consultation is open.
    clock.move(opens + datetime.timedelta(minutes=5))
    call_command("publish_scheduled")
    draft.refresh_from_db()
    assert draft.live

    citizen = browser.new_context(viewport={"width": 360, "height": 740}, locale="vi-VN").new_page()
    citizen.set_default_timeout(15_000)
    citizen.goto(live_server.url + draft.url)
    assert "Đang lấy ý kiến" in citizen.locator(".status").first.inner_text()
    citizen.locator("#dieu-1").get_by_role("link", name="Góp ý Điều 1").click()
    citizen.get_by_label("Ý kiến của bạn").fill(COMMENT)
    citizen.get_by_label("Tôi đồng ý").check()
    citizen.wait_for_timeout(3100)
    citizen.get_by_role("button", name="Gửi ý kiến").click()
    assert "chờ kiểm duyệt" in citizen.get_by_role("status").inner_text()

    # The moderator sees one comment waiting, approves it.
    moderator = sign_in(browser, live_server, "moderator")
    assert "1 ý kiến, câu hỏi chờ duyệt" in dashboard_text(moderator, live_server)
    moderator.goto(live_server.url + "/admin/y-kien/?state=pending")
    moderator.get_by_role("checkbox", name="Chọn", exact=True).first.check()
    moderator.get_by_role("link", name="Duyệt và đăng").click()
    moderator.get_by_role("button", name="Duyệt và đăng").click()
    moderator.wait_for_url(live_server.url + "/admin/y-kien/?state=pending")
    assert "Không có ý kiến chờ duyệt" in dashboard_text(moderator, live_server)

    # The window closes: the report falls due; the moderator answers and publishes it.
    clock.move(closes + datetime.timedelta(hours=1))
    moderator = sign_in(browser, live_server, "moderator")
    assert "1 báo cáo tiếp thu, giải trình đến hạn" in dashboard_text(moderator, live_server)
    moderator.goto(live_server.url + "/admin/y-kien/?state=published")
    moderator.get_by_role("checkbox", name="Chọn", exact=True).first.check()
    moderator.get_by_role("link", name="Trả lời", exact=True).click()
    moderator.get_by_label("Kết quả").select_option("accepted")
    moderator.get_by_label("Nội dung trả lời").fill(ANSWER)
    moderator.get_by_role("button", name="Trả lời", exact=True).click()
    moderator.wait_for_url(live_server.url + "/admin/y-kien/?state=published")
    moderator.goto(live_server.url + "/admin/y-kien/dot-lay-y-kien/")
    moderator.get_by_role("button", name="Công bố báo cáo tiếp thu, giải trình").click()
    moderator.wait_for_load_state()
    assert "Không có báo cáo nào đến hạn" in dashboard_text(moderator, live_server)

    citizen.goto(live_server.url + draft.url + "bao-cao/")
    report = citizen.locator("table.report-table").inner_text()
    assert COMMENT in report and ANSWER in report
    for page in (editor, leader, moderator, citizen):
        page.context.close()
