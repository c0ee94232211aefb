from django.utils.translation import gettext_lazy as _

from wagtail import blocks
from wagtail.embeds.blocks import EmbedBlock
from wagtail.images.blocks import ImageChooserBlock

from .apifields import image_representation


class ImageWithCaptionBlock(blocks.StructBlock):
    image = ImageChooserBlock(label=_("Image"))
    alt_text = blocks.CharBlock(
        max_length=255,
        label=_("Alternative text"),
        help_text=_("What the image shows, for readers who cannot see it"),
    )
    caption = blocks.CharBlock(required=False, max_length=300, label=_("Caption"))

    class Meta:
        icon = "image"
        label = _("Image")
        template = "components/streamfield/blocks/image_block.html"
        description = _("An image with its alternative text and caption")

    def get_api_representation(self, value, context=None):
        """The image's renditions by address (the API would otherwise give only its id)."""
        return {
            "image": image_representation(value.get("image"), value.get("alt_text")),
            "alt_text": value.get("alt_text"),
            "caption": value.get("caption"),
        }


class QuoteBlock(blocks.StructBlock):
    quote = blocks.TextBlock(label=_("Quote"))
    attribution = blocks.CharBlock(required=False, max_length=200, label=_("Attribution"))

    class Meta:
        icon = "openquote"
        label = _("Quote")
        template = "components/streamfield/blocks/quote_block.html"
        description = _("Words someone said, with who said them")
        preview_value = {"quote": "Dân biết, dân bàn, dân làm, dân kiểm tra.", "attribution": ""}


class KeyFigureBlock(blocks.StructBlock):
    figure = blocks.CharBlock(max_length=50, label=_("Figure"))
    label = blocks.CharBlock(max_length=200, label=_("What it counts"))

    class Meta:
        icon = "order"
        label = _("Key figure")
        template = "components/streamfield/blocks/key_figure_block.html"
        description = _("A number that tells the story, with what it counts")
        preview_value = {"figure": "1.250", "label": "hộ dân hiến đất làm đường"}


class StoryBodyBlock(blocks.StreamBlock):
    paragraph = blocks.RichTextBlock(features=["h2", "h3", "bold", "italic", "ol", "ul", "link"], label=_("Paragraph"))
    image = ImageWithCaptionBlock()
    quote = QuoteBlock()
    key_figure = KeyFigureBlock()
    video = EmbedBlock(label=_("Video"), icon="media")
