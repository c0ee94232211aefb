from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DialoguesConfig(AppConfig):
    """Dialogues between leaders and citizens, their commitments and the commitments tracker."""

    name = "dialogues"
    verbose_name = _("Dialogues")

    def ready(self):
        from .admin import wagtail_hooks  # noqa: F401 - Wagtail finds hooks only at an app's top level
