import datetime

import factory
import wagtail_factories

from dialogues.models import Commitment, CommitmentTrackerPage, DialogueIndexPage, DialoguePage


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


class CommitmentTrackerPageFactory(wagtail_factories.PageFactory):
    title = "Theo dõi cam kết"
    slug = "theo-doi-cam-ket"

    class Meta:
        model = CommitmentTrackerPage


def commitment(text, deadline, status="not_started", agency=None, **kwargs):
    """A Commitment for DialoguePageFactory(commitments=[...])."""
    return Commitment(text=text, deadline=deadline, status=status, agency=agency, **kwargs)
