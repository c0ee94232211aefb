from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TaxonomyConfig(AppConfig):
    """Agencies, sectors and administrative areas that every kind of content is filed under."""

    name = "taxonomy"
    verbose_name = _("Taxonomies")

    def ready(self):
        from . import signals  # noqa: F401 - an agency saved gets its groups (taxonomy.roles)
        from .admin import wagtail_hooks  # noqa: F401 - Wagtail finds hooks only at an app's top level
