from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    """What every part of the site shares: site settings, the page shell, health and security."""

    name = "core"
    verbose_name = _("Core")

    def ready(self):
        from . import signals  # noqa: F401 - pages and settings changed make cached pages stale
        from .figures import register_figure
        from .models import site_settings

        # Content pages name whom to ask as the site settings say now (core.figures).
        for field in ("owner_name", "email", "phone", "address"):
            register_figure(f"site_{field}", lambda field=field: getattr(site_settings(), field))
