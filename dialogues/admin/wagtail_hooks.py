from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from dialogues.commitments import CommitmentUpdate

from .viewsets import CommitmentViewSet


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


register_snippet(CommitmentUpdateViewSet)


@hooks.register("register_admin_viewset")
def register_commitment_list():
    return CommitmentViewSet()
