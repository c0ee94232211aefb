import datetime

import factory
import wagtail_factories

from django.utils import timezone

from consultations.models import (
    Comment,
    Commitment,
    CommitmentTrackerPage,
    ConsultationIndexPage,
    DialogueIndexPage,
    DialoguePage,
)


class ConsultationIndexPageFactory(wagtail_factories.PageFactory):
    title = "Lấy ý kiến dự thảo"
    slug = "lay-y-kien"
    show_in_menus = True

    class Meta:
        model = ConsultationIndexPage


class CommentFactory(factory.django.DjangoModelFactory):
    body = factory.Sequence(lambda n: f"Góp ý số {n}: đề nghị làm rõ thời hạn niêm yết danh sách.")
    consent_at = factory.LazyFunction(timezone.now)
    submitted_at = factory.LazyFunction(timezone.now)
    state = Comment.State.PUBLISHED
    submission_token = factory.Faker("uuid4", cast_to=None)

    class Meta:
        model = Comment


def open_window(days_before=2, days_after=20):
    """consultation_opens_at/closes_at for a window open now."""
    now = timezone.now()
    return {
        "consultation_opens_at": now - datetime.timedelta(days=days_before),
        "consultation_closes_at": now + datetime.timedelta(days=days_after),
    }


def closed_window(closed_days_ago=5, length=30):
    now = timezone.now()
    closes = now - datetime.timedelta(days=closed_days_ago)
    return {"consultation_opens_at": closes - datetime.timedelta(days=length), "consultation_closes_at": closes}


class DialogueIndexPageFactory(wagtail_factories.PageFactory):
    title = "Đối thoại"
    slug = "doi-thoai"
    show_in_menus = True

    class Meta:
        model = DialogueIndexPage


class DialoguePageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Đối thoại về đất đai lần {n}")
    slug = factory.Sequence(lambda n: f"doi-thoai-dat-dai-{n}")
    held_at = datetime.datetime(2024, 9, 20, 1, 0, tzinfo=datetime.UTC)
    place = "Hội trường Ủy ban nhân dân xã Thạch Hà"
    chaired_by = "Chủ tịch Ủy ban nhân dân xã"
    summary = "Người dân hỏi về giá đất bồi thường."
    conclusions = "<p>Chi trả dứt điểm tiền bồi thường trước ngày 31/12/2024.</p>"

    class Meta:
        model = DialoguePage


def comment_post_data(seconds_ago=30, **overrides):
    """What a citizen's browser sends from the comment form, shown `seconds_ago` seconds earlier."""
    import uuid

    from django.core import signing

    from consultations.forms import FORM_STAMP_SALT

    stamp = signing.dumps(timezone.now().timestamp() - seconds_ago, salt=FORM_STAMP_SALT)
    data = {
        "section": "dieu-3",
        "body": "Đề nghị ghi rõ thời hạn niêm yết danh sách là 15 ngày làm việc.",
        "display_name": "Nguyễn Văn Hùng",
        "show_name": "on",
        "area": "",
        "contact_email": "hung.nguyen@example.com",
        "contact_phone": "0912 345 678",
        "consent": "on",
        "website": "",
        "submission_token": str(uuid.uuid4()),
        "form_stamp": stamp,
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


class CommitmentTrackerPageFactory(wagtail_factories.PageFactory):
    title = "Theo dõi cam kết"
    slug = "theo-doi-cam-ket"

    class Meta:
        model = CommitmentTrackerPage


def commitment(text, deadline, status="not_started", agency=None, **kwargs):
    """A Commitment for DialoguePageFactory(commitments=[...])."""
    return Commitment(text=text, deadline=deadline, status=status, agency=agency, **kwargs)
