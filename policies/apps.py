from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PoliciesConfig(AppConfig):
    """Policy documents: drafts for comment, adopted texts, withdrawn drafts."""

    name = "policies"
    verbose_name = _("Policies")
