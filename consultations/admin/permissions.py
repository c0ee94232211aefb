"""Who may do what with comments in the admin: one permission, for the pages of one's agencies,
and no adding or deleting."""

from django.contrib.auth import get_user_model

from wagtail.permission_policies.base import BaseDjangoAuthPermissionPolicy

from consultations.models import Comment
from taxonomy.roles import for_user, may_act_for

MODERATE = "consultations.moderate_comment"
ADD_OFFLINE = "consultations.add_offline_comment"


class ModerationPermissionPolicy(BaseDjangoAuthPermissionPolicy):
    """Viewing, moderating and answering comments all take `consultations.moderate_comment`, and
    only on the pages of the agencies one works for (taxonomy.roles); a provincial administrator
    has them all.

    Nobody adds or deletes a comment in the admin, not even a superuser: comments come from
    citizens through the public form, and one that must not be seen is refused with a published
    reason, so that the public counts stay true.

    Comments that reached the agency another way (a meeting, a letter…) are entered with the
    action "add_offline" (`consultations.add_offline_comment`), on their own screen
    (consultations.admin.offline); they then go through the same moderation.
    """

    actions = {"view", "change"}
    OFFLINE = "add_offline"

    def user_has_permission(self, user, action):
        if action == self.OFFLINE:
            return user.has_perm(ADD_OFFLINE)
        return action in self.actions and user.has_perm(MODERATE)

    def users_with_any_permission(self, actions):
        codenames = []
        if self.actions.intersection(actions):
            codenames.append("moderate_comment")
        if self.OFFLINE in actions:
            codenames.append("add_offline_comment")
        if not codenames:
            return get_user_model().objects.none()
        return self._get_users_with_any_permission_codenames(codenames)

    def user_has_permission_for_instance(self, user, action, instance):
        return self.user_has_permission(user, action) and may_act_for(user, instance.page)

    def instances_user_has_any_permission_for(self, user, actions):
        if not any(self.user_has_permission(user, action) for action in actions):
            return self.model.objects.none()
        return for_user(self.model.objects.all(), user, page_field="page")

    def pages_user_moderates(self, user, pages):
        """`pages` (a queryset of pages) narrowed to those whose comments `user` moderates."""
        if not self.user_has_permission(user, "change"):
            return pages.none()
        return for_user(pages, user, page_field="pk")


moderation_policy = ModerationPermissionPolicy(Comment)
