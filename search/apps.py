from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    """Search across the archive, and the archive importer."""

    name = "search"
    verbose_name = _("Search")

    def ready(self):
        from . import signals

        signals.connect()
