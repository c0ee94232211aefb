import datetime

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel
from wagtail.models import Page

from consultations.status import Status, status_filter
from core.models import BasePage
from dialogues.models import Commitment, CommitmentTrackerPage, DialoguePage
from policies.models import PolicyPage
from policies.register import with_consultations
from stories.models import ModelStoryPage

# Commitments whose deadline falls within this many days are shown as due soon.
DUE_SOON = datetime.timedelta(days=30)


class HomePage(BasePage):
    """The front page: what is open for comment now, and what was recently done."""

    intro = models.TextField(_("introduction"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["wagtailcore.Page"]
    page_description = _("The portal's front page")
    max_count = 1
    template = "pages/home_page.html"

    class Meta(BasePage.Meta):
        verbose_name = _("home page")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        now = timezone.now()
        today = timezone.localdate()
        context["open_consultations"] = with_consultations(
            PolicyPage.objects.live()
            .public()
            .descendant_of(self)
            .filter(status_filter(Status.OPEN, now, response_limit_days=0))
            .select_related("response_report", "drafting_agency", "document_type")
            .order_by("consultation_closes_at")[:6]
        )
        commitments = Commitment.objects.public().select_related("agency", "dialogue")
        context["commitments_overdue"] = commitments.overdue_on(today).order_by("deadline")[:5]
        context["commitments_due_soon"] = commitments.due_between(today, today + DUE_SOON).order_by("deadline")[:5]
        context["tracker_url"] = CommitmentTrackerPage.url_for(request)
        context["latest_policies"] = (
            PolicyPage.objects.live().public().descendant_of(self).select_related("document_type").newest_first()[:5]
        )
        context["latest_dialogues"] = DialoguePage.objects.live().public().descendant_of(self).order_by("-held_at")[:3]
        stories = (
            ModelStoryPage.objects.live()
            .public()
            .descendant_of(self)
            .select_related("image")
            .prefetch_related("image__renditions")
        )
        featured = stories.filter(featured=True).order_by("-first_published_at")[:3]
        context["stories"] = featured or stories.order_by("-first_published_at")[:3]
        return context
