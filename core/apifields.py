"""Serializer fields the pages' `api_fields` share (Wagtail's API v2, core.api).

Kept apart from `core.api`, which imports Wagtail's API views: models import these while the
app registry is still loading.
"""

from rest_framework.fields import Field

from .http import public_url


class NameField(Field):
    """A related record (an agency, an area) by its name; several (a many-to-many) as a list of
    names. Taxonomies have no endpoint of their own: a name says more than an id."""

    def __init__(self, **kwargs):
        kwargs.setdefault("read_only", True)
        super().__init__(**kwargs)

    def to_representation(self, value):
        if hasattr(value, "all"):
            return [str(item.name) for item in value.all()]
        return str(value.name)


class UrlField(Field):
    """A document or another record with a `url`, by its address on this site."""

    def __init__(self, **kwargs):
        kwargs.setdefault("read_only", True)
        super().__init__(**kwargs)

    def to_representation(self, value):
        return public_url(value.url)
