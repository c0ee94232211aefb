from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    """Search across the archive: it reads what each searchable page type declares about itself
    (core.searchable) and imports no content app."""

    name = "search"
    verbose_name = _("Search")

    def ready(self):
        # Signal receivers and checks need every model loaded: they are connected here.
        from . import checks, signals  # noqa: F401

        signals.connect()
