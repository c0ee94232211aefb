from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from core.figures import register_figure


class ConsultationsConfig(AppConfig):
    """The participation engine: comments, moderation, answers, response reports and the rules.

    It serves any page that takes comments (consultations.pages.CommentablePage)."""

    name = "consultations"
    verbose_name = _("Consultations")

    def ready(self):
        from taxonomy.roles import Role, grant  # models are loaded only by now

        # Every agency's moderators hold these, on their own agency's records (taxonomy.roles).
        grant(Role.MODERATOR, "consultations.moderate_comment")
        # Comments received at a meeting, by letter or hotline are typed in by the agency's editors
        # and moderators alike (consultations/admin/offline.py).
        grant(Role.EDITOR, "consultations.add_offline_comment")
        grant(Role.MODERATOR, "consultations.add_offline_comment")
        # The system check of the contract; comments, reports and rules that make pages stale.
        from core.api import api_router

        from . import checks, signals  # noqa: F401
        from .models import ConsultationSettings

        # Content pages quote these rules as they are set now (core.figures).
        register_figure("contact_retention_days", lambda: ConsultationSettings.load().contact_retention_days)
        register_figure("response_limit_days", lambda: ConsultationSettings.load().response_limit_days)
        from .admin import wagtail_hooks  # noqa: F401 - Wagtail finds hooks only at an app's top level
        from .api import CommentsAPIViewSet

        # Published comments in Wagtail's API: core.api holds the router, and core imports no app above it.
        api_router.register_endpoint("comments", CommentsAPIViewSet)
