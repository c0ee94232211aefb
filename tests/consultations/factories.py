import datetime

import factory
import wagtail_factories

from consultations.models import (
    Consultation,
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


class ConsultationFactory(factory.django.DjangoModelFactory):
    opens_at = datetime.datetime(2026, 11, 1, 8, 0, tzinfo=datetime.UTC)
    closes_at = datetime.datetime(2026, 12, 1, 10, 0, tzinfo=datetime.UTC)

    class Meta:
        model = Consultation


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
