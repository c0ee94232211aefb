from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DialoguesConfig(AppConfig):
    """Dialogues between leaders and citizens, their commitments and the commitments tracker."""

    name = "dialogues"
    verbose_name = _("Dialogues")

    def ready(self):
        from taxonomy.roles import Role, grant  # models are loaded only by now

        # Every agency's moderators hold these, on their own agency's records (taxonomy.roles).
        grant(
            Role.MODERATOR,
            "dialogues.add_commitmentupdate",
            "dialogues.change_commitmentupdate",
            "dialogues.view_commitmentupdate",
            # The list of commitments the dashboard links to (dialogues/admin/viewsets.py).
            "dialogues.view_commitment",
        )
        from core.api import api_router

        from . import signals  # noqa: F401 - commitments and progress changed make cached pages stale
        from .admin import wagtail_hooks  # noqa: F401 - Wagtail finds hooks only at an app's top level
        from .api import CommitmentsAPIViewSet

        # Commitments in Wagtail's API: core.api holds the router, and core imports no app above it.
        api_router.register_endpoint("commitments", CommitmentsAPIViewSet)
