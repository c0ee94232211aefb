"""The admin dashboard's panels of what to do today (counted by `home.dashboard`), each shown to
those who may open the lists its links lead to."""

from django.utils.translation import gettext_lazy as _

from wagtail.admin.ui.components import Component
from wagtail.permissions import policy_registry

from consultations.admin.permissions import moderation_policy
from dialogues.commitments import Commitment


class TodayPanel(Component):
    """One heading and its counts; `scope` names the agencies counted (None: all of them)."""

    heading = ""
    icon = ""

    def __init__(self, today, scope):
        self.today = today
        self.scope = scope

    @classmethod
    def is_shown_to(cls, user):
        raise NotImplementedError

    def get_context_data(self, parent_context=None):
        return {"today": self.today, "scope": self.scope, "heading": self.heading, "icon": self.icon}


class CommentsPanel(TodayPanel):
    order = 100
    template_name = "home/dashboard/comments.html"
    heading = _("Comments and questions")
    icon = "comment"

    @classmethod
    def is_shown_to(cls, user):
        return moderation_policy.user_has_permission(user, "view")


class ConsultationsPanel(TodayPanel):
    order = 101
    template_name = "home/dashboard/consultations.html"
    heading = _("Consultations and reports")
    icon = "doc-full"

    @classmethod
    def is_shown_to(cls, user):
        # The consultations overview, where the reports are published, is the moderators'.
        return moderation_policy.user_has_permission(user, "change")


class CommitmentsPanel(TodayPanel):
    order = 102
    template_name = "home/dashboard/commitments.html"
    heading = _("Dialogue commitments")
    icon = "tasks"

    @classmethod
    def is_shown_to(cls, user):
        return policy_registry.get_by_type(Commitment).user_has_any_permission(user, {"view", "change"})


PANELS = (CommentsPanel, ConsultationsPanel, CommitmentsPanel)
