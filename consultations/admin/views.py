"""The consultations overview and the publication of a response report."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.http import Http404
from django.middleware.csrf import get_token
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy
from django.views.generic import TemplateView

from wagtail.admin.ui.tables import Column, Table, TitleColumn
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


def short_date(moment):
    return date_format(timezone.localtime(moment), "SHORT_DATE_FORMAT")


class CellColumn(Column):
    """A column whose cell has its own template (a link to the filtered queue, the report form)."""

    def __init__(self, name, cell_template_name, **kwargs):
        super().__init__(name, **kwargs)
        self.cell_template_name = cell_template_name

    def get_cell_context_data(self, instance, parent_context):
        # A cell is rendered in a context of its own, without the page's token the report's form needs.
        context = super().get_cell_context_data(instance, parent_context)
        context["csrf_token"] = get_token(context["request"])
        return context


class AdminScreenMixin(WagtailAdminTemplateMixin):
    """A screen of our own headed as Wagtail's are: breadcrumbs ending in its title (without
    them Wagtail's header shows the first breadcrumb, "Trang chủ", on every such screen)."""

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [{"url": "", "label": self.get_page_title()}]


class ConsultationsView(ModeratorRequiredMixin, AdminScreenMixin, TemplateView):
    """Each consulted draft with its counts, and the button that publishes its report, laid out
    as Wagtail's own listings are: breadcrumbs and title in the header, Wagtail's table."""

    template_name = "consultations/admin/consultations.html"
    page_title = gettext_lazy("Consultations and reports")
    header_icon = "comment"

    columns = [
        TitleColumn(
            "title",
            label=pgettext_lazy("draft policy", "Draft"),
            url_name="wagtailadmin_pages:edit",
            width="26%",
        ),
        Column(
            "window",
            label=gettext_lazy("Window"),
            accessor=lambda page: (
                f"{short_date(page.consultation.opens_at)} – {short_date(page.consultation.closes_at)}"
            ),
            width="16%",
        ),
        Column(
            "status", label=gettext_lazy("Status"), accessor=lambda page: page.consultation.status.label, width="12%"
        ),
        Column("received", label=gettext_lazy("Received"), width="8%"),
        CellColumn(
            "pending",
            "consultations/admin/pending_cell.html",
            label=gettext_lazy("Awaiting moderation"),
            width="10%",
        ),
        CellColumn(
            "published",
            "consultations/admin/published_cell.html",
            label=gettext_lazy("Published / answered"),
            width="10%",
        ),
        CellColumn("report", "consultations/admin/report_cell.html", label=gettext_lazy("Response report")),
    ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        rules = ConsultationSettings.load(request_or_site=self.request)
        filters = {"moment": timezone.now(), "response_limit_days": rules.response_limit_days}
        pages = []
        for model in commentable_page_models():
            if model.publishes_response_report:
                filterset = ConsultationFilterSet(
                    self.request.GET, queryset=self.consulted(model, self.request.user), **filters
                )
                pages += list(filterset.qs)
        # The form, with what was chosen, even when no page type publishes reports.
        context["filters"] = ConsultationFilterSet(self.request.GET, queryset=Page.objects.none(), **filters)
        context["is_filtering"] = any(self.request.GET.get(name) for name in context["filters"].filters)
        # Latest closing first; pages without a window are not consultations.
        pages = [page for page in pages if page.consultation is not None]
        pages.sort(key=lambda page: page.consultation.closes_at, reverse=True)
        context["table"] = Table(self.columns, pages, classname="listing")
        return context

    @staticmethod
    def consulted(model, user):
        """Pages of this type of the user's agencies, with their comment counts and what their
        consultation reads of themselves (a draft's document type sets its minimum window)."""
        return (
            moderation_policy.pages_user_moderates(user, model.objects.all())
            .select_related("response_report", *getattr(model, "route_select_related", ()))
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
