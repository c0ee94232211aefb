from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import ObjectList
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views import snippets
from wagtail.snippets.views.snippets import SnippetViewSet

from dialogues.commitments import Commitment, CommitmentUpdate
from taxonomy.roles import for_user, may_act_for

from .viewsets import CommitmentViewSet

DIALOGUE = "commitment__dialogue"


class AgencyCommitmentUpdatePolicy(ModelPermissionPolicy):
    """Django's model permissions, on the progress of the commitments of one's agencies'
    dialogues only (taxonomy.roles); a provincial administrator has them all."""

    def user_has_permission_for_instance(self, user, action, instance):
        return self.user_has_permission(user, action) and may_act_for(user, instance.commitment.dialogue)

    def instances_user_has_any_permission_for(self, user, actions):
        if not self.user_has_any_permission(user, actions):
            return self.model.objects.none()
        return for_user(self.model.objects.all(), user, page_field=DIALOGUE)


commitment_update_policy = AgencyCommitmentUpdatePolicy(CommitmentUpdate)
# Before anything asks Wagtail for the policy of progress updates, which would settle on the default.
register_permission_policy(CommitmentUpdate, commitment_update_policy)


class CommitmentUpdateForm(WagtailAdminModelForm):
    """Offers only the commitments of the editor's agencies' dialogues."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields.get("commitment")
        if field is not None and self.for_user is not None:
            field.queryset = for_user(Commitment.objects.all(), self.for_user, page_field="dialogue")


class CommitmentUpdateIndexView(snippets.IndexView):
    def get_base_queryset(self):
        return commitment_update_policy.instances_user_has_permission_for(self.request.user, "view").select_related(
            "commitment"
        )


class CommitmentUpdateEditView(snippets.EditView):
    def get_object(self, queryset=None):
        update = super().get_object(queryset)
        if not commitment_update_policy.user_has_permission_for_instance(self.request.user, "change", update):
            raise PermissionDenied
        return update


class CommitmentUpdateViewSet(SnippetViewSet):
    """Progress on dialogue commitments; the commitments themselves are edited on their dialogue."""

    model = CommitmentUpdate
    icon = "history"
    menu_label = _("Commitment progress")
    add_to_admin_menu = True
    menu_order = 260
    list_display = ["commitment", "date", "text"]
    list_filter = ["date"]
    search_fields = ["text"]
    index_view_class = CommitmentUpdateIndexView
    edit_view_class = CommitmentUpdateEditView
    edit_handler = ObjectList(CommitmentUpdate.panels, base_form_class=CommitmentUpdateForm)


register_snippet(CommitmentUpdateViewSet)


@hooks.register("register_admin_viewset")
def register_commitment_list():
    return CommitmentViewSet()
