"""Approve, refuse or answer the comments ticked in the queue, through the rules in services."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_list_or_404
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from wagtail.admin import messages
from wagtail.admin.admin_url_finder import AdminURLFinder
from wagtail.admin.views.bulk_action import BulkAction
from wagtail.admin.views.generic.permissions import PermissionCheckedMixin

from consultations import services
from consultations.models import Comment

from .filters import CommentFilterSet
from .forms import AnswerForm, RejectForm


class CommentBulkAction(PermissionCheckedMixin, BulkAction):
    models = [Comment]
    # The moderation policy (consultations.admin.permissions) turns this into moderate_comment.
    permission_required = "change"
    template_name = "consultations/admin/confirm_bulk_action.html"

    @classmethod
    def get_queryset(cls, model, object_ids):
        return get_list_or_404(model.objects.select_related("page", "area"), pk__in=object_ids)

    @cached_property
    def comments_user_may_change(self):
        """The ids of the requested comments this user moderates: one query, not one per ticked comment."""
        comments = self.permission_policy.instances_user_has_permission_for(self.request.user, "change")
        requested = self.request.GET.getlist("id")
        if "all" not in requested:
            comments = comments.filter(pk__in=[pk for pk in requested if pk.isdigit()])
        return set(comments.values_list("pk", flat=True))

    def check_perm(self, obj):
        return obj.pk in self.comments_user_may_change

    def get_actionable_objects(self):
        objects, without_access = super().get_actionable_objects()
        # A comment of another agency's page named in the request: refuse the whole request.
        if without_access["items_with_no_access"]:
            raise PermissionDenied
        return objects, without_access

    def get_all_objects_in_listing_query(self, parent_id):
        # "Select all in listing" sends the listing's filters along: act on the comments the
        # moderator was looking at, filtered exactly as the listing filters them.
        comments = self.permission_policy.instances_user_has_permission_for(self.request.user, "change")
        filters = CommentFilterSet(self.request.GET, request=self.request)
        if filters.is_valid():
            comments = filters.filter_queryset(comments)
        return comments.values_list("pk", flat=True)

    @cached_property
    def url_finder(self):
        return AdminURLFinder(self.request.user)

    def object_context(self, obj):
        return {"item": obj, "edit_url": self.url_finder.get_edit_url(obj)}

    def get_execution_context(self):
        return {"user": self.request.user}

    def form_invalid(self, form):
        messages.error(self.request, _("Nothing was changed: see the errors below."))
        return super().form_invalid(form)


class ApproveBulkAction(CommentBulkAction):
    display_name = gettext_lazy("Approve and publish")
    aria_label = display_name
    action_type = "approve"
    action_priority = 10

    @classmethod
    def execute_action(cls, objects, user=None, **kwargs):
        return services.approve(objects, user), 0

    def get_success_message(self, num_parent_objects, num_child_objects):
        return _("%(n)s comment(s) published.") % {"n": num_parent_objects}


class RejectBulkAction(CommentBulkAction):
    display_name = gettext_lazy("Do not publish")
    aria_label = display_name
    action_type = "reject"
    action_priority = 20
    form_class = RejectForm
    classes = {"serious"}

    def get_execution_context(self):
        return {**super().get_execution_context(), "reason": self.cleaned_form.cleaned_data["reason"]}

    @classmethod
    def execute_action(cls, objects, user=None, reason=None, **kwargs):
        return services.reject(objects, reason, user), 0

    def get_success_message(self, num_parent_objects, num_child_objects):
        return _("%(n)s comment(s) not published.") % {"n": num_parent_objects}


class AnswerBulkAction(CommentBulkAction):
    display_name = gettext_lazy("Answer")
    aria_label = display_name
    action_type = "respond"
    action_priority = 30
    form_class = AnswerForm

    def get_execution_context(self):
        data = self.cleaned_form.cleaned_data
        return {
            **super().get_execution_context(),
            "outcome": data["outcome"],
            "text": data["response_text"],
            "agency": data["agency"],
        }

    @classmethod
    def execute_action(cls, objects, user=None, outcome=None, text="", agency=None, **kwargs):
        return services.respond(objects, outcome, text, user, agency=agency), 0

    def get_success_message(self, num_parent_objects, num_child_objects):
        skipped = len(self.actionable_objects) - num_parent_objects
        if skipped:
            # Wagtail shows the one message this returns; the skipped comments need a warning.
            messages.warning(self.request, _("%(n)s unpublished comment(s) were not answered.") % {"n": skipped})
        return _("%(n)s comment(s) answered.") % {"n": num_parent_objects}
