import datetime

from django.db import models
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel
from wagtail.models import Page

from consultations.models import Comment, ConsultationSettings
from consultations.status import Status, status_filter
from core.models import BasePage
from core.pagecache import LISTINGS
from dialogues.models import Commitment, CommitmentTrackerPage, DialoguePage
from policies.models import PolicyPage
from policies.register import with_consultations
from stories.models import ModelStoryPage

# Commitments whose deadline falls within this many days are shown as due soon.
DUE_SOON = datetime.timedelta(days=30)


class HomePage(BasePage):
    """The front page: what is open for comment now, and what was recently done."""

    # The page's H1. The header already names the site, so the heading says what the page offers;
    # left blank, a default line in the site's language is shown.
    heading = models.CharField(
        _("heading"),
        max_length=120,
        blank=True,
        help_text=_("The main heading of the front page. Leave blank for the default welcome line."),
    )
    intro = models.TextField(_("introduction"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("heading"), FieldPanel("intro")]
    parent_page_types = ["wagtailcore.Page"]
    page_description = _("The portal's front page")
    max_count = 1
    template = "pages/home_page.html"

    class Meta(BasePage.Meta):
        verbose_name = _("home page")

    def cache_tags(self):
        # The front page lists open drafts, responses, commitments and stories (core.pagecache).
        return [*super().cache_tags(), LISTINGS]

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        now = timezone.now()
        today = timezone.localdate()
        # The sections below are each a list of published pages outside password-protected parts of
        # the site: the protected parts are looked up once, not once per list (`.public()` would).
        private = Page.objects.private_q()
        published = lambda model: model.objects.live().exclude(private).descendant_of(self)  # noqa: E731
        rules = ConsultationSettings.load()
        context["open_consultations"] = with_consultations(
            published(PolicyPage)
            .filter(status_filter(Status.OPEN, now, response_limit_days=0))
            .select_related("response_report", "drafting_agency", "document_type")
            .order_by("consultation_closes_at")[:6],
            rules,
        )
        commitments = Commitment.objects.public().select_related("agency", "dialogue")
        context["commitments_overdue"] = commitments.overdue_on(today).order_by("deadline")[:5]
        context["commitments_due_soon"] = commitments.due_between(today, today + DUE_SOON).order_by("deadline")[:5]
        context["tracker_url"] = CommitmentTrackerPage.url_for(request)
        # What is open is listed above; "latest documents" is what else is new, not the same again.
        open_ids = [policy.pk for policy, _consultation in context["open_consultations"]]
        context["latest_policies"] = with_consultations(
            published(PolicyPage)
            .exclude(pk__in=open_ids)
            .select_related("document_type", "response_report")
            .newest_first()[:5],
            rules,
        )
        context["recent_reports"] = self.recent_reports(published(PolicyPage))
        context["latest_dialogues"] = published(DialoguePage).order_by("-held_at")[:3]
        stories = published(ModelStoryPage).select_related("image").prefetch_related("image__renditions")
        featured = stories.filter(featured=True).order_by("-first_published_at")[:3]
        context["stories"] = featured or stories.order_by("-first_published_at")[:3]
        return context

    @staticmethod
    def recent_reports(policies, count=3):
        """The drafts whose response report was published last, each with how many comments it
        answered: one query."""
        answered = Q(public_comments__state=Comment.State.PUBLISHED) & ~Q(public_comments__response_outcome="")
        return (
            policies.filter(response_report__isnull=False)
            .select_related("response_report")
            .annotate(comments_answered=Count("public_comments", filter=answered))
            .order_by("-response_report__published_at", "-pk")[:count]
        )
