"""A story's images in the API (/api/v2/pages/, core.api): the renditions the page itself serves
in its `srcset`, by their addresses, with the alternative text and the photographer's credit."""

from rest_framework.fields import Field

from core.http import public_url

# The renditions `pages/model_story_page.html` and the image block offer in their `srcset`: no
# rendition is made for the API alone.
IMAGE_SPECS = ("width-400", "width-800", "width-1200")
GALLERY_SPECS = ("fill-300x200", "fill-600x400")


def image_representation(image, alt, specs=IMAGE_SPECS):
    """{"alt", "credit", "renditions": [{"url", "width", "height"}]} for an image, or None."""
    if image is None:
        return None
    renditions = image.get_renditions(*specs)
    return {
        "alt": alt,
        "credit": image.credit,
        "renditions": [
            # At the site's public address when the storage gives a path (core.http.public_url).
            {
                "url": public_url(rendition.url) if rendition.url.startswith("/") else rendition.url,
                "width": rendition.width,
                "height": rendition.height,
            }
            for rendition in (renditions[spec] for spec in specs)
        ],
    }


class ImageField(Field):
    """The image named by `source` on the object, described by the alternative text in `alt_field`."""

    def __init__(self, alt_field, specs=IMAGE_SPECS, **kwargs):
        self.alt_field = alt_field
        self.specs = specs
        kwargs.setdefault("read_only", True)
        super().__init__(**kwargs)

    def get_attribute(self, instance):
        return instance

    def to_representation(self, instance):
        return image_representation(getattr(instance, self.source), getattr(instance, self.alt_field), self.specs)
