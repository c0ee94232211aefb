"""Comments that did not come through the website: typed in by an editor at /admin/y-kien/nhap/,
then moderated, answered, published and reported like a citizen's, with how they came.

Every admin request is a real one, without following redirects.
"""

import csv
import datetime
import io
import json
import uuid

import pytest

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from wagtail.documents import get_document_model
from wagtail.models import ModelLogEntry
from wagtail.test.utils import WagtailTestUtils

from consultations import services
from consultations.models import Comment
from policies.models import PolicyPage
from taxonomy.roles import Role, add_person
from tests.consultations.factories import CommentFactory, closed_window, open_window
from tests.consultations.test_moderation import bulk, queue_rows, shown_messages
from tests.dialogues.factories import DialoguePageFactory
from tests.policies.factories import PolicyPageFactory
from tests.taxonomy.factories import AgencyFactory

pytestmark = pytest.mark.django_db

CHOOSE = "/admin/y-kien/nhap/"
QUEUE = "/admin/y-kien/"
EMAIL = "ong.tran.thu@example.com"
PHONE = "0905123456"
PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
NOT_SAVED = "Ý kiến chưa được lưu: xem các lỗi bên dưới."


def enter_url(page):
    return f"{CHOOSE}{page.pk}/"


def today():
    return timezone.localdate()


def ddmmyyyy(day):
    return day.strftime("%d/%m/%Y")


def scanned_pdf(name="thu-gop-y.pdf", content=PDF):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def letter(**overrides):
    """What the editor's browser sends for a letter with its scan, the sender agreeing to be named."""
    data = {
        "section": "dieu-2",
        "channel": "letter",
        "received_on": ddmmyyyy(today() - datetime.timedelta(days=1)),
        "body": "Đề nghị bổ sung hộ nghèo vào đối tượng được hỗ trợ.",
        "sender_organisation": "",
        "display_name": "Trần Văn Thư",
        "show_name": "on",
        "area": "",
        "contact_email": EMAIL,
        "contact_phone": PHONE,
        "scan": scanned_pdf(),
        "submission_token": str(uuid.uuid4()),
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def agency():
    return AgencyFactory(name="Sở Giao thông vận tải")


@pytest.fixture
def open_draft(open_draft, agency):
    """The draft, prepared by the editor's agency."""
    PolicyPage.objects.filter(pk=open_draft.pk).update(drafting_agency=agency)
    open_draft.refresh_from_db()
    return open_draft


@pytest.fixture
def editor(media, agency):
    """An agency's editor, who types in comments received elsewhere and does not moderate."""
    user = WagtailTestUtils.create_user("nhap-lieu", password="mat-khau-2026")
    add_person(user, agency, Role.EDITOR)
    return user


def test_editor_is_led_from_the_page_to_its_sections_without_javascript(client, open_draft, editor):
    client.force_login(editor)
    choose = client.get(CHOOSE)
    assert choose.status_code == 200
    soup = WagtailTestUtils.get_soup(choose.content)
    assert [o.get_text(strip=True) for o in soup.select("select[name=page] option")][1:] == [open_draft.title]

    response = client.get(CHOOSE, {"page": open_draft.pk})
    assert response.status_code == 302
    assert response["Location"] == enter_url(open_draft)

    form = WagtailTestUtils.get_soup(client.get(enter_url(open_draft)).content)
    sections = [o.get_text(strip=True) for o in form.select("select[name=section] option")]
    assert sections == [
        "Toàn bộ, không gắn với phần nào",
        "Điều 1. Phạm vi điều chỉnh",
        "Điều 2. Đối tượng áp dụng",
        "Điều 3. Nguyên tắc hỗ trợ",
    ]
    channels = [o["value"] for o in form.select("select[name=channel] option")]
    assert channels == ["", "meeting", "letter", "hotline", "zalo", "fatherland_front", "other"]


def test_a_letter_goes_through_moderation_answer_and_report_with_its_channel(client, open_draft, editor, moderator):
    # Three comments from the website, then a letter (with its scan) and a meeting typed in.
    for n in range(3):
        CommentFactory(
            page=open_draft, body=f"Góp ý qua cổng số {n}", response_outcome="accepted", response_text="Tiếp thu."
        )
    client.force_login(editor)
    response = client.post(enter_url(open_draft), letter())
    assert response.status_code == 302
    assert response["Location"] == enter_url(open_draft)
    received = ddmmyyyy(today() - datetime.timedelta(days=1))
    entered = Comment.objects.get(channel="letter")
    assert shown_messages(client.get(enter_url(open_draft))) == [
        ("success", f"Đã lưu ý kiến nhận qua thư ngày {received}; ý kiến đang chờ kiểm duyệt."),
        # Its receipt, for the editor to pass on to the sender (tests/consultations/test_receipts.py).
        (
            "info",
            f"Mã biên nhận để người gửi dùng khi hỏi: {entered.receipt_code_display}. Đường dẫn biên nhận riêng, "
            f"để gửi cho người gửi: http://testserver/bien-nhan/{entered.receipt_token}/",
        ),
    ]
    meeting = letter(
        channel="meeting",
        section="",
        body="Hội nghị ở xã Thạch Hà đề nghị nâng mức hỗ trợ.",
        display_name="Lê Thị Họp",
        show_name=None,
        sender_organisation="Ủy ban MTTQ xã Thạch Hà",
        contact_email="",
        contact_phone="",
        scan=None,
    )
    assert client.post(enter_url(open_draft), meeting).status_code == 302

    by_letter = Comment.objects.get(channel="letter")
    assert by_letter.state == Comment.State.PENDING
    assert by_letter.section_title == "Điều 2. Đối tượng áp dụng"
    assert by_letter.received_on == today() - datetime.timedelta(days=1)
    assert by_letter.entered_by == editor
    assert by_letter.scan.collection.get_view_restrictions().exists()
    assert ModelLogEntry.objects.filter(action="consultations.comment.enter_offline", user=editor).count() == 2
    # The editor does not moderate: the queue stays closed to them.
    assert client.get(QUEUE).status_code == 302

    # Nothing is public before the moderator approves it.
    client.logout()
    assert "hộ nghèo" not in client.get(open_draft.url).content.decode()

    client.force_login(moderator)
    assert queue_rows(client, channel="letter") == [by_letter.body]
    # The moderator sees how it came, when, and the scan, on the comment's own screen.
    screen = client.get(f"{QUEUE}edit/{by_letter.pk}/").content.decode()
    assert "Thư" in screen or "thư" in screen
    assert ddmmyyyy(by_letter.received_on) in screen
    assert by_letter.scan.title in screen
    offline = list(Comment.objects.exclude(channel="website"))
    assert client.post(bulk("approve", *offline)).status_code == 302
    answer = {"outcome": "partly", "response_text": "Tiếp thu một phần: bổ sung hộ nghèo."}
    assert client.post(bulk("respond", *offline), answer).status_code == 302

    # The page names the channel and the day received (the letter is on Article 2, shown there).
    client.logout()
    page = client.get(open_draft.url).content.decode()
    assert f'Ý kiến nhận qua: thư, <time datetime="{by_letter.received_on.isoformat()}">{received}</time>' in (page)
    assert "Trần Văn Thư" in page  # named with consent
    page = client.get(open_draft.url + "y-kien/").content.decode()
    assert "Ý kiến nhận qua: hội nghị, <time" in page
    assert "Lê Thị Họp" not in page and "Ủy ban MTTQ xã Thạch Hà" in page  # an organisation is not a person

    # The window closes; the moderator publishes the report.
    for key, value in closed_window(closed_days_ago=1).items():
        setattr(open_draft, key, value)
    open_draft.save_revision().publish()
    client.force_login(moderator)
    published = client.post(f"/admin/y-kien/bao-cao/{open_draft.pk}/")
    assert published.status_code == 302
    client.logout()

    report = client.get(open_draft.url + "bao-cao/")
    assert report.status_code == 200
    soup = WagtailTestUtils.get_soup(report.content)
    table = soup.select_one("table.report-channels")
    assert table.select_one("caption").get_text(strip=True) == "Ý kiến theo kênh tiếp nhận"
    rows = [[cell.get_text(strip=True) for cell in row.select("th, td")] for row in table.select("tbody tr")]
    assert rows == [["Cổng thông tin", "3", "3"], ["Hội nghị", "1", "1"], ["Thư", "1", "1"]]
    for cell in table.select("tbody td"):
        assert cell["data-label"]  # stacks on phones like the report's other tables
    letter_row = soup.select_one(f"#y-kien-{by_letter.pk}")
    assert "Ý kiến nhận qua: thư" in letter_row.get_text(" ", strip=True)
    assert "Tiếp thu một phần: bổ sung hộ nghèo." in letter_row.get_text(" ", strip=True)

    exported = list(csv.DictReader(io.StringIO(client.get(open_draft.url + "y-kien/csv/").content.decode("utf-8-sig"))))
    assert sorted(row["channel"] for row in exported) == ["letter", "meeting", "website", "website", "website"]
    assert {row["received_on"] for row in exported if row["channel"] == "letter"} == {by_letter.received_on.isoformat()}
    records = json.loads(client.get(open_draft.url + "y-kien/json/").content)["comments"]
    assert sorted(record["channel"] for record in records) == sorted(row["channel"] for row in exported)

    # No contact detail and no link to the scan anywhere public; the scan itself needs a login.
    scan_url = by_letter.scan.url
    for url in [open_draft.url, open_draft.url + "y-kien/", open_draft.url + "bao-cao/"]:
        body = client.get(url).content.decode()
        for secret in (EMAIL, PHONE, scan_url, "thu-gop-y"):
            assert secret not in body, (url, secret)
    for url in [open_draft.url + "y-kien/csv/", open_draft.url + "y-kien/json/", f"/api/v2/pages/{open_draft.pk}/"]:
        body = client.get(url).content.decode()
        for secret in (EMAIL, PHONE, scan_url, "thu-gop-y", "nhap-lieu"):
            assert secret not in body, (url, secret)
    assert client.get(scan_url).status_code == 302
    client.force_login(moderator)
    assert client.get(scan_url).status_code == 200


def test_bad_input_is_refused_in_vietnamese_and_the_form_keeps_what_was_typed(client, open_draft, editor):
    client.force_login(editor)
    tomorrow = ddmmyyyy(today() + datetime.timedelta(days=1))
    cases = [
        ({"received_on": tomorrow}, f"Ngày nhận không thể ở tương lai (hôm nay là {ddmmyyyy(today())})."),
        ({"received_on": "2026-13-45"}, "Hãy ghi ngày theo dạng dd/mm/yyyy, ví dụ 12/11/2026."),
        ({"body": "   "}, "Hãy nhập nội dung ý kiến."),
        ({"channel": ""}, "Hãy chọn kênh tiếp nhận ý kiến."),
        (
            {"scan": SimpleUploadedFile("thu.docx", b"PK\x03\x04 not a scan")},
            "“thu.docx” không phải tệp PDF, JPEG hoặc PNG.",
        ),
        (
            {"scan": SimpleUploadedFile("gia-mao.pdf", b"<html>not a pdf</html>")},
            "“gia-mao.pdf” không phải tệp PDF, JPEG hoặc PNG.",
        ),
        (
            {"scan": scanned_pdf("rat-lon.pdf", PDF + b"0" * (10 * 1024 * 1024))},
            "“rat-lon.pdf” có dung lượng 10,0 MB; tối đa 10 MB.",
        ),
        ({"contact_phone": "12345"}, "Số điện thoại này có vẻ chưa đúng, ví dụ đúng: 0912345678."),
    ]
    for change, message in cases:
        data = letter(**change)
        response = client.post(enter_url(open_draft), data)
        assert response.status_code == 200, change
        content = response.content.decode()
        assert message in content, change
        assert ("error", NOT_SAVED) in shown_messages(response), change
        soup = WagtailTestUtils.get_soup(response.content)
        assert soup.select_one("input[name=display_name]")["value"] == "Trần Văn Thư", change
        assert soup.select_one("input[name=submission_token]")["value"] == data["submission_token"], change
        if "body" not in change:
            assert soup.select_one("textarea[name=body]").get_text().strip() == data["body"], change
        if "received_on" in change:
            assert soup.select_one("input[name=received_on]")["value"] == change["received_on"]
    assert not Comment.objects.exists()


def test_pressing_save_twice_stores_one_comment_and_one_scan(client, open_draft, editor):
    client.force_login(editor)
    token = str(uuid.uuid4())
    first = client.post(enter_url(open_draft), letter(submission_token=token))
    second = client.post(enter_url(open_draft), letter(submission_token=token))
    assert first.status_code == second.status_code == 302
    assert Comment.objects.count() == 1
    assert get_document_model().objects.count() == 1
    assert shown_messages(client.get(enter_url(open_draft)))[-1] == (
        "info",
        "Ý kiến này đã được lưu trước đó; không lưu thêm lần nữa.",
    )


def test_who_may_enter_and_on_which_pages(client, open_draft, site_tree, editor, moderator, agency):
    nobody = WagtailTestUtils.create_user("khach", password="mat-khau-2026", permissions=["access_admin"])
    client.force_login(nobody)
    assert client.get(CHOOSE).status_code == 302
    assert client.post(enter_url(open_draft), letter()).status_code == 302
    assert not Comment.objects.exists()

    # Only pages that take comments now: not one whose report is out, nor one never consulted.
    reported = PolicyPageFactory(
        parent=site_tree["policies"], title="Dự thảo đã có báo cáo", drafting_agency=agency, **closed_window()
    )
    services.publish_report(reported, moderator)
    never = PolicyPageFactory(parent=site_tree["policies"], title="Văn bản không lấy ý kiến", drafting_agency=agency)
    # Another agency's draft, open for comment: not this editor's to type into.
    others = PolicyPageFactory(
        parent=site_tree["policies"], title="Dự thảo của sở khác", drafting_agency=AgencyFactory(), **open_window()
    )
    dialogue = DialoguePageFactory(
        agency=agency,
        parent=site_tree["dialogues"],
        held_at=timezone.now() + datetime.timedelta(days=5),
        accepts_questions=True,
    )
    client.force_login(editor)
    soup = WagtailTestUtils.get_soup(client.get(CHOOSE).content)
    offered = {o.get_text(strip=True) for o in soup.select("select[name=page] option")}
    assert {open_draft.title, dialogue.title} <= offered
    assert not {reported.title, never.title, others.title} & offered
    assert client.get(enter_url(others)).status_code == 404
    assert client.post(enter_url(others), letter()).status_code == 404
    assert not Comment.objects.exists()
    assert client.get(enter_url(reported)).status_code == 404
    assert client.get(enter_url(never)).status_code == 404

    # The queue's header leads to the screen, for whoever may use it.
    client.force_login(moderator)
    queue = WagtailTestUtils.get_soup(client.get(QUEUE).content)
    assert queue.select_one(f"a[href='{CHOOSE}']").get_text(strip=True) == "Nhập ý kiến nhận ngoài cổng"


def test_a_question_for_a_dialogue_can_be_entered_the_same_way(client, site_tree, editor, agency):
    dialogue = DialoguePageFactory(
        agency=agency,
        parent=site_tree["dialogues"],
        held_at=timezone.now() + datetime.timedelta(days=5),
        accepts_questions=True,
    )
    client.force_login(editor)
    data = letter(section="", channel="hotline", scan=None, body="Khi nào làm đường liên thôn?")
    assert client.post(enter_url(dialogue), data).status_code == 302
    question = Comment.objects.get()
    assert (question.page_id, question.channel, question.state) == (dialogue.pk, "hotline", "pending")


def test_a_comment_received_outside_the_window_is_kept_with_a_warning(client, open_draft, editor):
    client.force_login(editor)
    early = ddmmyyyy(timezone.localdate(open_draft.consultation_opens_at) - datetime.timedelta(days=10))
    assert client.post(enter_url(open_draft), letter(received_on=early, scan=None)).status_code == 302
    levels = [level for level, _text in shown_messages(client.get(enter_url(open_draft)))]
    assert levels == ["success", "info", "warning"]
    assert Comment.objects.get().state == Comment.State.PENDING


def test_retention_erases_an_entered_comments_contacts_and_its_scan(
    client, open_draft, editor, moderator, media, django_capture_on_commit_callbacks
):
    client.force_login(editor)
    client.post(enter_url(open_draft), letter())
    comment = Comment.objects.get()
    scan_path = media / comment.scan.file.name
    assert scan_path.exists()
    for key, value in closed_window(closed_days_ago=200).items():
        setattr(open_draft, key, value)
    open_draft.save_revision().publish()
    services.approve([comment], moderator)
    services.respond([comment], "accepted", "Tiếp thu.", moderator)
    report, _created = services.publish_report(open_draft, moderator)
    report.published_at = timezone.now() - datetime.timedelta(days=100)
    report.save()

    with django_capture_on_commit_callbacks(execute=True):  # Wagtail removes the file on commit
        assert services.erase_expired_contacts() == 1
    comment.refresh_from_db()
    assert (comment.contact_email, comment.contact_phone, comment.scan) == ("", "", None)
    assert not scan_path.exists()
    assert comment.public_name == "Trần Văn Thư"  # the name the sender agreed to publish stays


def test_a_website_comment_is_received_the_day_it_was_sent(open_draft):
    sent = timezone.now() - datetime.timedelta(days=3)
    comment = CommentFactory(page=open_draft, submitted_at=sent)
    assert (comment.channel, comment.received_on) == ("website", timezone.localdate(sent))
    assert not comment.came_offline


def test_the_entry_screens_are_headed_with_their_own_title_not_the_home_page(client, open_draft, editor):
    client.force_login(editor)
    for url in (CHOOSE, enter_url(open_draft)):
        soup = WagtailTestUtils.get_soup(client.get(url).content)
        breadcrumbs = [
            item.get_text(" ", strip=True) for item in soup.select("[data-w-breadcrumbs-target] li, nav ol li")
        ]
        assert breadcrumbs and breadcrumbs[-1] == "Nhập ý kiến nhận ngoài cổng thông tin", (url, breadcrumbs)
