import factory
import wagtail_factories

from core.models import ContentPage


def heading(text, level="h2"):
    return {"type": "heading", "value": {"text": text, "level": level}}


def paragraph(html):
    return {"type": "paragraph", "value": html}


def bullets(*items, ordered=False):
    return {"type": "list", "value": {"ordered": ordered, "items": list(items)}}


def table(caption, headings, rows):
    return {
        "type": "table",
        "value": {
            "caption": caption,
            "columns": [{"type": "text", "heading": text} for text in headings],
            "rows": [{"values": row} for row in rows],
        },
    }


def callout(heading_text, html):
    return {"type": "callout", "value": {"heading": heading_text, "text": html}}


class ContentPageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Trang thông tin số {n}")
    slug = factory.Sequence(lambda n: f"trang-thong-tin-{n}")
    intro = "Những điều bạn cần biết."
    body = factory.LazyFunction(lambda: [paragraph("<p>Nội dung trang.</p>")])

    class Meta:
        model = ContentPage
