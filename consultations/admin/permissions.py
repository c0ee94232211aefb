"""Who may do what with comments in the admin: one permission, and no adding or deleting."""

from django.contrib.auth import get_user_model

from wagtail.permission_policies.base import BaseDjangoAuthPermissionPolicy

from consultations.models import Comment

MODERATE = "consultations.moderate_comment"


class ModerationPermissionPolicy(BaseDjangoAuthPermissionPolicy):
    """Viewing, moderating and answering comments all take `consultations.moderate_comment`.

    Nobody adds or deletes a comment in the admin, not even a superuser: comments come from
    citizens through the public form, and one that must not be seen is refused with a published
    reason, so that the public counts stay true.
    """

    actions = {"view", "change"}

    def user_has_permission(self, user, action):
        return action in self.actions and user.has_perm(MODERATE)

    def users_with_any_permission(self, actions):
        if not self.actions.intersection(actions):
            return get_user_model().objects.none()
        return self._get_users_with_any_permission_codenames(["moderate_comment"])


moderation_policy = ModerationPermissionPolicy(Comment)
