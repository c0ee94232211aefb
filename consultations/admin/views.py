"""The editors' side of a consultation: the moderation queue, answers, and the report."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Case, Count, Q, Value, When
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView

from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.models import Page

from consultations import services
from consultations.models import Comment
from consultations.pages import commentable_page_models
from core.http import query_without

from .forms import BulkActionForm, PublishReportForm, QueueFilterForm

MODERATE = "consultations.moderate_comment"


class ModeratorRequiredMixin:
    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm(MODERATE):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class QueueView(ModeratorRequiredMixin, WagtailAdminTemplateMixin, TemplateView):
    """Every comment, pending first, filterable by draft, state and answer."""

    template_name = "consultations/admin/queue.html"
    page_title = gettext_lazy("Comments")
    header_icon = "comment"

    def filtered(self, form):
        pending_first = Case(When(state=Comment.State.PENDING, then=Value(0)), default=Value(1))
        comments = Comment.objects.select_related("page", "area").order_by(pending_first, "-submitted_at")
        if form.is_valid():
            if form.cleaned_data["policy"]:
                comments = comments.filter(page=form.cleaned_data["policy"])
            if form.cleaned_data["state"]:
                comments = comments.filter(state=form.cleaned_data["state"])
            if form.cleaned_data["answered"] == "yes":
                comments = comments.exclude(response_outcome="")
            elif form.cleaned_data["answered"] == "no":
                comments = comments.filter(response_outcome="")
        return comments

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        filters = QueueFilterForm(self.request.GET or None)
        page = Paginator(self.filtered(filters), 50).get_page(self.request.GET.get("p"))
        context.update(
            {
                "filters": filters,
                "comments": page,
                "query": query_without(self.request, "p"),
                "action_form": kwargs.get("action_form") or BulkActionForm(),
            }
        )
        return context

    def post(self, request, *args, **kwargs):
        form = BulkActionForm(request.POST)
        if not form.is_valid():
            messages.error(request, _("Nothing was changed: see the errors below."))
            return self.render_to_response(self.get_context_data(action_form=form))
        comments = list(form.cleaned_data["comments"])
        action = form.cleaned_data["action"]
        if action == form.APPROVE:
            n = services.approve(comments, request.user)
            messages.success(request, _("%(n)s comment(s) published.") % {"n": n})
        elif action == form.REJECT:
            n = services.reject(comments, form.cleaned_data["reason"], request.user)
            messages.success(request, _("%(n)s comment(s) not published.") % {"n": n})
        else:
            n = services.respond(
                comments,
                form.cleaned_data["outcome"],
                form.cleaned_data["response_text"].strip(),
                request.user,
                agency=form.cleaned_data["agency"],
            )
            skipped = len(comments) - n
            messages.success(request, _("%(n)s comment(s) answered.") % {"n": n})
            if skipped:
                messages.warning(request, _("%(n)s unpublished comment(s) were not answered.") % {"n": skipped})
        return redirect(request.get_full_path())


class ConsultationsView(ModeratorRequiredMixin, WagtailAdminTemplateMixin, TemplateView):
    """Each consulted draft with its counts, and the button that publishes its report."""

    template_name = "consultations/admin/consultations.html"
    page_title = gettext_lazy("Consultations")
    header_icon = "comment"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        rows = []
        for model in commentable_page_models():
            if model.publishes_response_report:
                rows += [(page, page.consultation) for page in self.consulted(model)]
        # Latest closing first; pages without a window are not consultations.
        rows = [row for row in rows if row[1] is not None]
        rows.sort(key=lambda row: row[1].closes_at, reverse=True)
        context["rows"] = rows
        context["report_form"] = PublishReportForm()
        return context

    @staticmethod
    def consulted(model):
        """Pages of this type with their comment counts."""
        return (
            model.objects.all()
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
