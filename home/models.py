import datetime

from django.db import models
from django.db.models import Case, Count, Q, Value, When
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel
from wagtail.models import Page

from consultations.models import Comment, ConsultationSettings
from consultations.status import Status, status_filter
from core.models import BasePage
from core.pagecache import LISTINGS
from core.pages import private_q
from dialogues.models import Commitment, CommitmentTrackerPage, DialoguePage
from policies.models import PolicyPage
from policies.register import with_consultations
from scorecard.models import ScorecardPage
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
        private = private_q()
        published = lambda model: model.objects.live().exclude(private).descendant_of(self)  # noqa: E731
        rules = ConsultationSettings.load()
        open_now = status_filter(Status.OPEN, now, response_limit_days=0)
        context["open_consultations"], context["latest_policies"] = self.open_and_latest(
            published(PolicyPage), open_now, rules
        )
        commitments = Commitment.objects.public().select_related("agency", "dialogue")
        context["commitments_overdue"], context["commitments_due_soon"] = commitments.overdue_and_due(
            today, today + DUE_SOON, 5
        )
        context["tracker_url"] = CommitmentTrackerPage.url_for(request)
        context["recent_reports"] = self.recent_reports(published(PolicyPage))
        context["latest_dialogues"] = published(DialoguePage).order_by("-held_at")[:3]
        stories = published(ModelStoryPage).select_related("image").prefetch_related("image__renditions")
        featured = stories.filter(featured=True).order_by("-first_published_at")[:3]
        context["stories"] = featured or stories.order_by("-first_published_at")[:3]
        # The province's figures of the year so far, kept in the shared cache between changes.
        context["headline"] = ScorecardPage.headline(request)
        return context

    # How many drafts open for comment, and how many other documents, the page lists.
    OPEN_SHOWN = 6
    LATEST_SHOWN = 5

    @classmethod
    def open_and_latest(cls, policies, open_now, rules):
        """[(policy, consultation)] open for comment, closing soonest first; and the newest
        documents besides those (what is open is listed above; "latest documents" is what else is
        new, not the same again). One query: the first open drafts and enough of the newest
        documents to fill the second list whatever the first holds."""
        open_ids = policies.filter(open_now).order_by("consultation_closes_at", "pk").values("pk")[: cls.OPEN_SHOWN]
        newest_ids = policies.newest_first().values("pk")[: cls.OPEN_SHOWN + cls.LATEST_SHOWN]
        rows = list(
            policies.filter(Q(pk__in=open_ids) | Q(pk__in=newest_ids))
            .select_related("response_report", "drafting_agency", "document_type")
            .annotate(is_open=Case(When(open_now, then=Value(True)), default=Value(False)))
            .newest_first()
        )
        opened = sorted((p for p in rows if p.is_open), key=lambda p: (p.consultation_closes_at, p.pk))[
            : cls.OPEN_SHOWN
        ]
        shown = {p.pk for p in opened}
        latest = [p for p in rows if p.pk not in shown][: cls.LATEST_SHOWN]
        return with_consultations(opened, rules), with_consultations(latest, rules)

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
