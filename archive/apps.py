from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ArchiveConfig(AppConfig):
    """Bringing an agency's archive in: the JSON Lines importer and `manage.py import_archive`."""

    name = "archive"
    verbose_name = _("Archive")
