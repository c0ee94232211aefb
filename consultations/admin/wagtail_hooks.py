from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.models import ModelLogEntry
from wagtail.permissions import register_permission_policy

from consultations.models import Comment

from .bulk_actions import AnswerBulkAction, ApproveBulkAction, RejectBulkAction
from .permissions import moderation_policy
from .viewsets import PublicCommentViewSetGroup

# Before anything asks Wagtail for the policy of comments, which would settle on the default.
register_permission_policy(Comment, moderation_policy)


@hooks.register("register_admin_viewset")
def register_viewsets():
    return PublicCommentViewSetGroup()


for bulk_action in (ApproveBulkAction, RejectBulkAction, AnswerBulkAction):
    hooks.register("register_bulk_action", bulk_action)


@hooks.register("register_log_actions")
def register_log_actions(actions):
    actions.register_model(Comment, ModelLogEntry)
    actions.register_action("consultations.comment.approve", _("Approve comment"), _("Comment approved and published"))
    actions.register_action("consultations.comment.reject", _("Reject comment"), _("Comment not published"))
    actions.register_action(
        "consultations.comment.enter_offline",
        _("Enter comment received outside the website"),
        _("Comment received outside the website entered"),
    )
    actions.register_action("consultations.comment.respond", _("Answer comment"), _("Comment answered"))
    actions.register_action(
        "consultations.report.publish", _("Publish response report"), _("Response report published")
    )
