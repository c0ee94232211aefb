"""Every dialogue's commitments in one admin list, to see what falls due and what is overdue.

Commitments are edited on their dialogue's page, so the list only lists: each row leads to the
dialogue's editor.
"""

from django.contrib.auth.models import Permission
from django.urls import reverse
from django.utils import formats
from django.utils.text import Truncator, capfirst
from django.utils.translation import gettext_lazy as _

from wagtail.admin.ui.tables import Column, StatusTagColumn
from wagtail.admin.views import generic
from wagtail.admin.viewsets.model import ModelViewSet

from dialogues.commitments import Commitment
from taxonomy.roles import for_user

from .filters import CommitmentAdminFilterSet


def status_label(commitment):
    if commitment.is_overdue:
        return _("overdue")
    return commitment.get_status_display()


class CommitmentIndexView(generic.IndexView):
    page_title = _("Commitments")

    def get_base_queryset(self):
        # Each agency sees the commitments of its own dialogues (taxonomy.roles).
        return for_user(super().get_base_queryset(), self.request.user, page_field="dialogue").select_related(
            "dialogue", "agency"
        )

    def get_edit_url(self, instance):
        return reverse("wagtailadmin_pages:edit", args=(instance.dialogue_id,))

    def _get_title_column(self, field_name, **kwargs):
        return super()._get_title_column(
            field_name, accessor=lambda commitment: Truncator(commitment.text).words(20), **kwargs
        )

    @property
    def no_results_message(self):
        if self.is_filtering:
            return _("No commitments match these filters.")
        return _("No commitments yet.")


class CommitmentViewSet(ModelViewSet):
    model = Commitment
    name = "commitments"
    url_prefix = "cam-ket"
    icon = "tasks"
    menu_label = _("Commitments")
    menu_name = "commitments"
    add_to_admin_menu = True
    menu_order = 255
    index_view_class = CommitmentIndexView
    list_display = [
        "text",
        Column("dialogue", label=_("Dialogue")),
        Column("agency", label=capfirst(Commitment._meta.get_field("agency").verbose_name)),
        # The date itself (dd/mm/yyyy), not "in 3 days": a deadline is read as a date.
        Column(
            "deadline",
            label=capfirst(Commitment._meta.get_field("deadline").verbose_name),
            accessor=lambda commitment: formats.date_format(commitment.deadline, "SHORT_DATE_FORMAT"),
            sort_key="deadline",
        ),
        StatusTagColumn(
            "status",
            label=capfirst(Commitment._meta.get_field("status").verbose_name),
            accessor=status_label,
            primary=lambda commitment: commitment.is_overdue,
        ),
    ]
    ordering = ["deadline", "pk"]
    filterset_class = CommitmentAdminFilterSet
    list_per_page = 50
    add_to_reference_index = False
    copy_view_enabled = False
    inspect_view_enabled = False
    # Ordered by deadline; their order on the dialogue page is set there.
    sort_order_field = None

    # Only the list: a commitment is added, changed and removed on its dialogue's page.
    ONLY = {"index", "index_results"}

    def get_urlpatterns(self):
        return [pattern for pattern in super().get_urlpatterns() if pattern.name in self.ONLY]

    def get_common_view_kwargs(self, **kwargs):
        names = ("add", "edit", "delete", "usage", "history", "inspect", "copy")
        return super().get_common_view_kwargs(**({f"{name}_url_name": None for name in names} | kwargs))

    def get_permissions_to_register(self):
        # Seeing the list is the only thing to grant; changing happens through page permissions.
        return Permission.objects.filter(content_type__app_label="dialogues", codename="view_commitment")
