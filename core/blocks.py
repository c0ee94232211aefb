"""The blocks of a content page (`core.ContentPage`): headings, paragraphs, lists, tables and
call-outs, each readable on a 320 px screen and by a screen reader."""

from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from wagtail import blocks
from wagtail.contrib.typed_table_block.blocks import TypedTableBlock

from .figures import fill_figures
from .text import plain, vietnamese_slug

# Rich text in a content page: no headings inside a paragraph (they are blocks of their own, so
# that the outline stays in order), no images (they need their alternative text).
PARAGRAPH_FEATURES = ["bold", "italic", "link", "document-link"]


class HeadingBlock(blocks.StructBlock):
    text = blocks.CharBlock(max_length=200, label=_("Heading"))
    level = blocks.ChoiceBlock(
        choices=[("h2", _("Section (level 2)")), ("h3", _("Subsection (level 3)"))],
        default="h2",
        label=pgettext_lazy("heading level", "Level"),
    )

    class Meta:
        icon = "title"
        label = _("Heading")
        template = "components/streamfield/blocks/heading_block.html"
        description = _("A heading that starts a part of the page; others may link to it")
        preview_value = {"text": "Quyền của bạn", "level": "h2"}

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context)
        # An address others can link to: /chinh-sach-bao-ve-du-lieu/#quyen-cua-ban.
        context["anchor"] = vietnamese_slug(value["text"]) or None
        return context


class ParagraphBlock(blocks.RichTextBlock):
    """Rich text in which `{contact_retention_days}` and the like show the site's rule as set
    now (core.figures)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("features", PARAGRAPH_FEATURES)
        kwargs.setdefault("label", _("Paragraph"))
        kwargs.setdefault(
            "help_text",
            _(
                "To quote the site's settings as they are now, write a name in braces: "
                "{contact_retention_days} (days commenters' contact details are kept), "
                "{response_limit_days} (days an agency has to publish its answers), "
                "{site_owner_name}, {site_email}, {site_phone}, {site_address} (the site owner's public details)."
            ),
        )
        super().__init__(**kwargs)

    def render_basic(self, value, context=None):
        # Wagtail's rendering of the rich text, with each figure's value escaped into it.
        html = fill_figures(str(super().render_basic(value, context)), html=True)
        return mark_safe(html)  # noqa: S308 - rich text as Wagtail renders it; figures escaped

    def search_text(self, value):
        return fill_figures(plain(value))


class ListBlock(blocks.StructBlock):
    ordered = blocks.BooleanBlock(required=False, label=_("Numbered list"))
    items = blocks.ListBlock(
        blocks.TextBlock(label=pgettext_lazy("list item", "Item")),
        label=pgettext_lazy("list items", "Items"),
        min_num=1,
    )

    class Meta:
        icon = "list-ul"
        label = pgettext_lazy("content block", "List")
        template = "components/streamfield/blocks/list_block.html"
        description = _("A bulleted or numbered list")
        preview_value = {"ordered": False, "items": ["Họ và tên (nếu bạn ghi)", "Địa bàn", "Thư điện tử"]}

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context)
        context["items"] = [fill_figures(item) for item in value["items"]]
        return context


class TableBlock(TypedTableBlock):
    """A table with a caption whose rows become cards on a narrow screen: each cell under the
    heading of its column, so the page is never wider than a 320 px phone."""

    text = blocks.CharBlock(label=pgettext_lazy("table column type", "Text"))
    number = blocks.DecimalBlock(label=pgettext_lazy("table column type", "Number"))

    class Meta:
        icon = "table"
        label = pgettext_lazy("content block", "Table")
        template = "components/streamfield/blocks/table_block.html"
        description = _("A table with column headings and a caption saying what it shows")

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context)
        headings = [column["heading"] for column in value.columns]
        context["table_rows"] = [list(zip(headings, row, strict=False)) for row in value.rows]
        return context


class CalloutBlock(blocks.StructBlock):
    heading = blocks.CharBlock(max_length=200, required=False, label=_("Heading"))
    text = ParagraphBlock()

    class Meta:
        icon = "warning"
        label = _("Call-out")
        template = "components/streamfield/blocks/callout_block.html"
        description = _("A short boxed note the reader should not miss")


class ContentBodyBlock(blocks.StreamBlock):
    heading = HeadingBlock()
    paragraph = ParagraphBlock()
    list = ListBlock()
    table = TableBlock()
    callout = CalloutBlock()


def body_search_text(body):
    """The words of a content page's body, for search."""
    parts = []
    for block in body:
        value = block.value
        if block.block_type == "heading":
            parts.append(value["text"])
        elif block.block_type == "paragraph":
            parts.append(block.block.search_text(value))
        elif block.block_type == "list":
            parts.extend(fill_figures(item) for item in value["items"])
        elif block.block_type == "table":
            parts.append(value.caption)
            parts.extend(column["heading"] for column in value.columns)
            parts.extend(str(cell.value) for row in value.rows for cell in row)
        elif block.block_type == "callout":
            parts.extend([value["heading"], block.block.child_blocks["text"].search_text(value["text"])])
    return parts
