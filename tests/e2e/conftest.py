"""What the browser tests share: one page of every public type, with the content that fills it."""

import datetime

import pytest

from django.utils import timezone

from consultations.models import ResponseReport
from core.models import SiteSettings
from dialogues.models import DialogueQuestion
from stories.models import StoryGalleryImage
from tests.consultations.factories import CommentFactory, closed_window, open_window
from tests.core.factories import ContentPageFactory, bullets, callout, heading, paragraph, table
from tests.dialogues.factories import CommitmentTrackerPageFactory, DialoguePageFactory, commitment
from tests.policies.factories import PolicyPageFactory, section
from tests.stories.factories import ModelStoryPageFactory, image

TEXT = [
    section("chapter", "I", "Quy định chung"),
    section("article", "1", "Phạm vi điều chỉnh", "Nghị quyết này quy định mức hỗ trợ."),
    section("article", "2", "Đối tượng áp dụng", "Hộ gia đình, cá nhân."),
    section("clause", "1", "", "Hộ nghèo được hỗ trợ thêm."),
    section("article", "3", "Nguyên tắc", "Hoàn toàn tự nguyện."),
]


@pytest.fixture
def one_page_of_each_type(site_tree):
    policy = PolicyPageFactory(parent=site_tree["policies"], document_number="33-CT/TU", text=TEXT, **open_window())
    third = policy.section_by_anchor("dieu-3")
    CommentFactory(page=policy, section_id=third.block_id, section_title=third.title, response_outcome="")
    answered = PolicyPageFactory(parent=site_tree["policies"], text=TEXT, **closed_window(40))
    CommentFactory(
        page=answered,
        section_id=answered.sections[1].block_id,
        response_outcome="partly",
        response_text="Tiếp thu một phần.",
    )
    ResponseReport.objects.create(page=answered)
    today = timezone.localdate()
    dialogue = DialoguePageFactory(
        parent=site_tree["dialogues"],
        commitments=[
            commitment("Chi trả bồi thường", today - datetime.timedelta(days=40), status="done"),
            commitment("Tái định cư", today - datetime.timedelta(days=3), status="in_progress"),
            commitment("Phun sương", today + datetime.timedelta(days=9)),
            commitment("Cụm công nghiệp", today, status="cannot_be_done", reason="Chưa có mặt bằng."),
        ],
    )
    DialogueQuestion.objects.create(dialogue=dialogue, question="Giá đất?", answer="Sẽ xác định lại.")
    upcoming = DialoguePageFactory(
        parent=site_tree["dialogues"], held_at=timezone.now() + datetime.timedelta(days=5), accepts_questions=True
    )
    story = ModelStoryPageFactory(parent=site_tree["stories"], image=image(), image_alt="Con đường mới giữa cánh đồng")
    StoryGalleryImage.objects.create(page=story, image=image("Ảnh 2"), alt_text="Người dân cùng làm đường")
    tracker = CommitmentTrackerPageFactory(parent=site_tree["home"])
    information = information_pages(site_tree["home"])
    return {
        "home": "/",
        "consultation index": "/lay-y-kien/",
        "register": "/van-ban/",
        "policy": policy.url,
        "comment form": policy.url + "gop-y/?muc=dieu-3",
        "comments on an article": policy.url + "y-kien/?muc=dieu-3",
        "response report": answered.url + "bao-cao/",
        "versions": policy.url + "phien-ban/",
        "dialogue index": "/doi-thoai/",
        "dialogue": dialogue.url,
        "question form": upcoming.url + "cau-hoi/",
        "tracker": tracker.url,
        "tracker, overdue": tracker.url + "?status=overdue",
        "story index": "/dan-van-kheo/",
        "story": story.url,
        "search": "/tim-kiem/?q=h%E1%BB%97+tr%E1%BB%A3",
        "search, a date mistyped": "/tim-kiem/?q=h%E1%BB%97+tr%E1%BB%A3&date_from=31%2F02%2F2026",
        "not found": "/khong-co-trang-nay/",
        "open data": "/du-lieu-mo/",
        "information page": information.url,
    }


def information_pages(home):
    """A privacy notice with every kind of block, linked with two more from the footer and the
    forms (core.SiteSettings); return the notice."""
    notice = ContentPageFactory(
        parent=home,
        title="Thông báo về bảo vệ dữ liệu cá nhân",
        slug="bao-ve-du-lieu-ca-nhan",
        body=[
            heading("Chúng tôi thu thập những gì"),
            table(
                "Dữ liệu thu thập khi bạn sử dụng Cổng",
                ["Khi bạn", "Dữ liệu thu thập", "Được công khai"],
                [
                    [
                        "Góp ý một dự thảo",
                        "Nội dung ý kiến; họ và tên (không bắt buộc); địa bàn; thư điện tử và số điện thoại",
                        "Nội dung ý kiến và địa bàn; họ và tên chỉ khi bạn chọn hiển thị",
                    ],
                    ["Đăng ký nhận tin qua thư điện tử", "Địa chỉ thư điện tử; nội dung theo dõi; tần suất", "Không"],
                ],
            ),
            heading("Lưu giữ trong bao lâu"),
            paragraph('<p>Xóa sau {contact_retention_days} ngày. Xem <a href="/lay-y-kien/">dự thảo</a>.</p>'),
            heading("Quyền của bạn"),
            bullets("Được biết", "Rút lại sự đồng ý", ordered=True),
            heading("Khiếu nại", level="h3"),
            callout("Đừng ghi số điện thoại vào ý kiến", "<p>Nội dung ý kiến sẽ được công khai.</p>"),
        ],
    )
    accessibility = ContentPageFactory(parent=home, title="Tuyên bố về khả năng tiếp cận", slug="kha-nang-tiep-can")
    how_to = ContentPageFactory(parent=notice, title="Hướng dẫn góp ý", slug="huong-dan-gop-y")
    SiteSettings.objects.update(privacy_page=notice, accessibility_page=accessibility, how_to_comment_page=how_to)
    return notice
