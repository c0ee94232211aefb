from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PoliciesConfig(AppConfig):
    """Policy documents: drafts for comment, adopted texts, withdrawn drafts."""

    name = "policies"
    verbose_name = _("Policies")

    def ready(self):
        from core import pagecache

        from .clock import next_window_change  # models are loaded only by now

        pagecache.register_clock(next_window_change)
