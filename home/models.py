from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel
from wagtail.models import Page

from consultations.models import Consultation, DialoguePage
from core.models import BasePage
from policies.models import PolicyPage
from stories.models import ModelStoryPage


class HomePage(BasePage):
    """The front page: what is open for comment now, and what was recently done."""

    intro = models.TextField(_("introduction"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["wagtailcore.Page"]
    page_description = _("The portal's front page")
    max_count = 1
    template = "pages/home_page.html"

    class Meta:
        verbose_name = _("home page")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        now = timezone.now()
        context["now"] = now
        context["open_consultations"] = (
            Consultation.objects.open_at(now)
            .filter(policy__live=True)
            .select_related("policy")
            .order_by("closes_at")[:6]
        )
        context["latest_policies"] = PolicyPage.objects.live().descendant_of(self).order_by("-issued_on")[:5]
        context["latest_dialogues"] = DialoguePage.objects.live().descendant_of(self).order_by("-held_at")[:3]
        context["stories"] = (
            ModelStoryPage.objects.live().descendant_of(self).order_by("-first_published_at")[:3]
        )
        return context
