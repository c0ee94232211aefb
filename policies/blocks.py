from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from wagtail import blocks


class KindBlock(blocks.ChoiceBlock):
    """A section's kind, stored as the string it is. Wagtail's `normalize_choice` turns a stored
    value back into its choice's type by walking every choice, the list made afresh each time:
    for each section of a text each time it is read (3 % of a sixty-article draft's page)."""

    def normalize_choice(self, value):
        return value


class SectionBlock(blocks.StructBlock):
    """One numbered division of a legal text: a part, chapter, article, clause or point.

    Anchors and labels ("Điều 3", "khoản 1 Điều 2") are worked out for the whole text at once
    by `policies.sections.outline`, since a clause's anchor depends on its article.
    """

    KINDS = [
        ("preamble", _("Preamble")),
        ("part", _("Part")),
        ("chapter", _("Chapter")),
        ("section", pgettext_lazy("part of a policy text", "Section")),
        ("article", _("Article")),
        ("clause", _("Clause")),
        ("point", _("Point")),
        ("item", _("Item")),
    ]
    kind = KindBlock(choices=KINDS, default="article", label=_("Kind"))
    number = blocks.CharBlock(
        required=False,
        max_length=20,
        label=_("Number"),
        help_text=_("As printed: 3, IV, a…"),
    )
    heading = blocks.CharBlock(required=False, max_length=500, label=_("Heading"))
    text = blocks.RichTextBlock(
        required=False,
        features=["bold", "italic", "ol", "ul", "link"],
        label=pgettext_lazy("text of a policy section", "Text"),
    )

    class Meta:
        icon = "list-ol"
        label = pgettext_lazy("part of a policy text", "Section")
        description = _("A numbered part, chapter, article or clause of the text")
        preview_value = {
            "kind": "article",
            "number": "3",
            "heading": "Trách nhiệm của cơ quan soạn thảo",
            "text": "<p>Cơ quan soạn thảo công khai dự thảo trên Cổng thông tin.</p>",
        }


class PolicyTextBlock(blocks.StreamBlock):
    """A policy's text: its sections in order."""

    section = SectionBlock()
