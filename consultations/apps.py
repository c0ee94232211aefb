from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ConsultationsConfig(AppConfig):
    """Participation: comment windows on drafts, and dialogues between leaders and citizens."""

    name = "consultations"
    verbose_name = _("Consultations")

    def ready(self):
        from .admin import wagtail_hooks  # noqa: F401
