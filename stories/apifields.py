"""A story's images in the API (/api/v2/pages/, core.api): the renditions the page itself serves
in its `srcset`, by their addresses, with the alternative text and the photographer's credit."""

from rest_framework.fields import Field

from core.http import public_url

# The widths `pages/model_story_page.html` and the image block offer: no rendition is made for
# the API alone.
IMAGE_SPECS = ("width-400", "width-800", "width-1200")


def image_representation(image, alt):
    """{"alt", "credit", "renditions": [{"url", "width", "height"}]} for an image, or None."""
    if image is None:
        return None
    renditions = image.get_renditions(*IMAGE_SPECS)
    return {
        "alt": alt,
        "credit": image.credit,
        "renditions": [
            {"url": public_url(rendition.url), "width": rendition.width, "height": rendition.height}
            for rendition in (renditions[spec] for spec in IMAGE_SPECS)
        ],
    }


class ImageField(Field):
    """The image named by `source` on the object, described by the alternative text in `alt_field`."""

    def __init__(self, alt_field, **kwargs):
        self.alt_field = alt_field
        kwargs.setdefault("read_only", True)
        super().__init__(**kwargs)

    def get_attribute(self, instance):
        return instance

    def to_representation(self, instance):
        return image_representation(getattr(instance, self.source), getattr(instance, self.alt_field))
