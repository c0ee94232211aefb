from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StoriesConfig(AppConfig):
    """ "Dân vận khéo" model stories."""

    name = "stories"
    verbose_name = _("Model stories")
