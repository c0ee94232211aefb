"""The consultations overview and the publication of a response report."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView

from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.models import Page

from consultations import services
from consultations.models import Comment, ConsultationSettings
from consultations.pages import commentable_page_models

from .filters import ConsultationFilterSet
from .forms import PublishReportForm
from .permissions import MODERATE, moderation_policy


class ModeratorRequiredMixin:
    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm(MODERATE):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class ConsultationsView(ModeratorRequiredMixin, WagtailAdminTemplateMixin, TemplateView):
    """Each consulted draft with its counts, and the button that publishes its report."""

    template_name = "consultations/admin/consultations.html"
    page_title = gettext_lazy("Consultations")
    header_icon = "comment"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        rules = ConsultationSettings.load(request_or_site=self.request)
        filters = {"moment": timezone.now(), "response_limit_days": rules.response_limit_days}
        rows = []
        for model in commentable_page_models():
            if model.publishes_response_report:
                filterset = ConsultationFilterSet(
                    self.request.GET, queryset=self.consulted(model, self.request.user), **filters
                )
                rows += [(page, page.consultation) for page in filterset.qs]
        # The form, with what was chosen, even when no page type publishes reports.
        context["filters"] = ConsultationFilterSet(self.request.GET, queryset=Page.objects.none(), **filters)
        context["is_filtering"] = any(self.request.GET.get(name) for name in context["filters"].filters)
        # Latest closing first; pages without a window are not consultations.
        rows = [row for row in rows if row[1] is not None]
        rows.sort(key=lambda row: row[1].closes_at, reverse=True)
        context["rows"] = rows
        return context

    @staticmethod
    def consulted(model, user):
        """Pages of this type of the user's agencies, with their comment counts."""
        return (
            moderation_policy.pages_user_moderates(user, model.objects.all())
            .select_related("response_report")
            .annotate(
                received=Count("public_comments"),
                pending=Count("public_comments", filter=Q(public_comments__state=Comment.State.PENDING)),
                published=Count("public_comments", filter=Q(public_comments__state=Comment.State.PUBLISHED)),
                answered=Count(
                    "public_comments",
                    filter=Q(public_comments__state=Comment.State.PUBLISHED) & ~Q(public_comments__response_outcome=""),
                ),
            )
        )


class PublishReportView(ModeratorRequiredMixin, TemplateView):
    http_method_names = ["post"]

    def post(self, request, policy_id):
        page = get_object_or_404(Page, pk=policy_id).specific
        if not getattr(page, "publishes_response_report", False):
            raise Http404
        if not moderation_policy.pages_user_moderates(request.user, Page.objects.filter(pk=page.pk)).exists():
            raise PermissionDenied
        form = PublishReportForm(request.POST)
        introduction = form.cleaned_data["introduction"] if form.is_valid() else ""
        try:
            _report, created = services.publish_report(page, request.user, introduction=introduction)
        except services.Refusal as refusal:
            messages.error(request, str(refusal))
        else:
            if created:
                messages.success(request, _("The response report on “%(title)s” is published.") % {"title": page.title})
            else:
                messages.info(request, _("That report was already published."))
        return redirect(reverse("consultations_admin:consultations"))
