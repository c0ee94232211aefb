import datetime

import factory
import wagtail_factories

from policies.models import ConsultationIndexPage, PolicyIndexPage, PolicyPage
from tests.taxonomy.factories import DocumentTypeFactory


class ConsultationIndexPageFactory(wagtail_factories.PageFactory):
    title = "Lấy ý kiến dự thảo"
    slug = "lay-y-kien"
    show_in_menus = True

    class Meta:
        model = ConsultationIndexPage


class PolicyIndexPageFactory(wagtail_factories.PageFactory):
    title = "Văn bản"
    slug = "van-ban"
    show_in_menus = True

    class Meta:
        model = PolicyIndexPage


class PolicyPageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Dự thảo Nghị quyết số {n} về hỗ trợ hiến đất làm đường")
    slug = factory.Sequence(lambda n: f"du-thao-nghi-quyet-{n}")
    document_type = factory.SubFactory(DocumentTypeFactory)
    summary = "Quy định mức hỗ trợ cho hộ gia đình tự nguyện hiến đất."
    issued_on = datetime.date(2026, 3, 5)

    class Meta:
        model = PolicyPage


def section(kind, number="", heading="", text=""):
    """A value for PolicyPage.text: `text=[section("article", "1", "Phạm vi")]`."""
    return ("section", {"kind": kind, "number": number, "heading": heading, "text": f"<p>{text}</p>"})
