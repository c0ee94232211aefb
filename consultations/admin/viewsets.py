"""The editors' side of a consultation under /admin/y-kien/: the comment queue, and the overview
of consultations with their reports, grouped in the menu under "Public comment"."""

from django.contrib.auth.models import Permission
from django.core.exceptions import PermissionDenied
from django.db.models import Case, Value, When
from django.urls import path, reverse
from django.utils.functional import cached_property
from django.utils.text import Truncator, capfirst
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from wagtail.admin.menu import MenuItem
from wagtail.admin.panels import FieldPanel, ObjectList
from wagtail.admin.ui.tables import BulkActionsCheckboxColumn, Column, DateColumn, StatusTagColumn
from wagtail.admin.views import generic
from wagtail.admin.viewsets.base import ViewSet, ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets.button import HeaderButton

from consultations import services
from consultations.models import Comment, group_receipt_code

from . import views
from .filters import CommentFilterSet
from .forms import CommentAnswerForm
from .offline import OfflineCommentViewSet
from .permissions import moderation_policy

URL_PREFIX = "y-kien"


class FactPanel(FieldPanel):
    """A fact shown read-only to the moderator: an empty one is said in words, not as "None"."""

    def format_value_for_display(self, value):
        if value in (None, ""):
            return _("Not given")
        return super().format_value_for_display(value)


class ReceiptCodePanel(FieldPanel):
    """The code of the comment's receipt, as the citizen reads it out ("K7QM-4TZP")."""

    def format_value_for_display(self, value):
        return group_receipt_code(value)


def moderation_label(comment):
    if comment.rejection_reason:
        return f"{comment.get_state_display()}: {comment.get_rejection_reason_display()}"
    return comment.get_state_display()


class CommentIndexView(generic.IndexView):
    page_title = pgettext_lazy("citizen comments", "Comments")

    @cached_property
    def columns(self):
        return [BulkActionsCheckboxColumn("bulk_actions", obj_type="comment"), *super().columns]

    def _get_title_column(self, field_name, **kwargs):
        # As Wagtail's snippet listing does, give the title an id so that each row's checkbox
        # says which comment it selects; and show only the start of a long comment.
        # A third of the width, as Wagtail's own title columns take: a comment is read, not skimmed.
        kwargs.setdefault("width", "30%")
        return super()._get_title_column(
            field_name,
            get_title_id=lambda comment: f"comment_{comment.pk}_title",
            accessor=lambda comment: Truncator(getattr(comment, field_name)).words(25),
            **kwargs,
        )

    def get_base_queryset(self):
        # Only the comments on the pages of the moderator's agencies (taxonomy.roles).
        comments = self.permission_policy.instances_user_has_permission_for(self.request.user, "view")
        return comments.select_related("page", "area")

    @cached_property
    def header_buttons(self):
        # Comments received at a meeting, by letter…: typed in on their own screen (admin/offline.py).
        buttons = super().header_buttons
        if moderation_policy.user_has_permission(self.request.user, moderation_policy.OFFLINE):
            buttons.append(
                HeaderButton(_("Enter a comment received elsewhere"), url=reverse("offline_comments:choose_page"))
            )
        return buttons

    @cached_property
    def no_results_message(self):
        if self.is_filtering:
            return _("No comments match these filters.")
        return _("No comments yet.")


class CommentAnswerView(generic.EditView):
    """One comment's answer, recorded and logged by the same rule as an answer to many."""

    error_message = _("Nothing was changed: see the errors below.")

    def get_object(self, queryset=None):
        comment = super().get_object(queryset)
        if not self.user_has_permission_for_instance("change", comment):
            raise PermissionDenied
        return comment

    def save_instance(self):
        data = self.form.cleaned_data
        services.respond(
            [self.object],
            data["response_outcome"],
            data["response_text"],
            self.request.user,
            agency=data["response_agency"],
        )
        return self.object

    def get_success_message(self):
        return _("%(n)s comment(s) answered.") % {"n": 1}


class CommentViewSet(ModelViewSet):
    model = Comment
    name = "comments"
    url_prefix = URL_PREFIX
    icon = "comment"
    menu_label = pgettext_lazy("citizen comments", "Comments")
    menu_name = "comments"
    index_view_class = CommentIndexView
    edit_view_class = CommentAnswerView
    index_template_name = "consultations/admin/comment_index.html"
    list_display = [
        "body",
        Column("page", label=_("Draft or dialogue")),
        "section_title",
        Column("public_name", label=_("Who commented")),
        StatusTagColumn(
            "state",
            label=capfirst(Comment._meta.get_field("state").verbose_name),
            accessor=moderation_label,
            sort_key="state",
            primary=lambda comment: comment.state == Comment.State.PENDING,
        ),
        "response_outcome",
        DateColumn(
            "submitted_at",
            label=capfirst(Comment._meta.get_field("submitted_at").verbose_name),
            sort_key="submitted_at",
        ),
    ]
    # What awaits a decision first, then the newest.
    ordering = [Case(When(state=Comment.State.PENDING, then=Value(0)), default=Value(1)), "-submitted_at", "-pk"]
    filterset_class = CommentFilterSet
    list_per_page = 50
    edit_handler = ObjectList(
        [
            FieldPanel("page", read_only=True),
            ReceiptCodePanel("receipt_code", read_only=True),
            FieldPanel("section_title", read_only=True),
            FieldPanel("body", read_only=True),
            FactPanel("channel", read_only=True),
            FactPanel("received_on", read_only=True),
            FactPanel("scan", read_only=True),
            FieldPanel("state", read_only=True),
            FieldPanel("response_outcome"),
            FieldPanel("response_text"),
            FieldPanel("response_agency"),
        ],
        base_form_class=CommentAnswerForm,
    )
    copy_view_enabled = False
    # Nothing refers to a comment; indexing what each comment refers to would only cost writes.
    add_to_reference_index = False

    # No view adds or deletes a comment: comments come from citizens, and a refused one keeps its
    # place in the public counts (the moderation policy refuses both too). Nothing refers to a
    # comment, so there is no usage view either.
    WITHOUT = {"add", "delete", "usage"}

    def get_urlpatterns(self):
        return [pattern for pattern in super().get_urlpatterns() if pattern.name not in self.WITHOUT]

    def get_common_view_kwargs(self, **kwargs):
        return super().get_common_view_kwargs(**({f"{name}_url_name": None for name in self.WITHOUT} | kwargs))

    def get_permissions_to_register(self):
        # The two permissions that matter (moderating; entering comments received elsewhere), not
        # Django's add/change/delete for the model.
        return Permission.objects.filter(
            content_type__app_label="consultations", codename__in=["moderate_comment", "add_offline_comment"]
        )


class ModeratorMenuItem(MenuItem):
    def is_shown(self, request):
        return moderation_policy.user_has_permission(request.user, "view")


class ConsultationsViewSet(ViewSet):
    """Each consulted draft with its counts, and the report; beside the queue, at the same prefix."""

    name = "consultations_admin"
    url_prefix = URL_PREFIX
    icon = "doc-full"
    menu_label = _("Consultations and reports")
    menu_name = "consultations"
    menu_item_class = ModeratorMenuItem

    def get_urlpatterns(self):
        return [
            path("dot-lay-y-kien/", views.ConsultationsView.as_view(), name="consultations"),
            path("bao-cao/<int:policy_id>/", views.PublishReportView.as_view(), name="publish_report"),
        ]


class PublicCommentViewSetGroup(ViewSetGroup):
    items = (CommentViewSet, OfflineCommentViewSet, ConsultationsViewSet)
    menu_label = _("Public comment")
    menu_name = "public-comment"
    menu_icon = "comment"
    menu_order = 250
