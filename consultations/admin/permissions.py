"""Who may do what with comments in the admin: one permission, and no adding or deleting."""

from django.contrib.auth import get_user_model

from wagtail.permission_policies.base import BaseDjangoAuthPermissionPolicy

from consultations.models import Comment

MODERATE = "consultations.moderate_comment"
ADD_OFFLINE = "consultations.add_offline_comment"


class ModerationPermissionPolicy(BaseDjangoAuthPermissionPolicy):
    """Viewing, moderating and answering comments all take `consultations.moderate_comment`.

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


moderation_policy = ModerationPermissionPolicy(Comment)
