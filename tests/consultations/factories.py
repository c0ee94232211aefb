import datetime
import uuid

import factory

from django.utils import timezone

from consultations.forms import form_stamp
from consultations.models import Comment


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


def comment_post_data(seconds_ago=30, **overrides):
    """What a citizen's browser sends from the comment form, shown `seconds_ago` seconds earlier."""
    token = overrides.pop("submission_token", None) or str(uuid.uuid4())
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
        "submission_token": token,
        "form_stamp": form_stamp(token, shown_at=timezone.now().timestamp() - seconds_ago),
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}
