from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from modelcluster.fields import ParentalKey, ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Orderable, Page
from wagtail.search import index

from core.models import BasePage


class ConsultationQuerySet(models.QuerySet):
    def open_at(self, moment):
        return self.filter(opens_at__lte=moment, closes_at__gt=moment)


class Consultation(Orderable):
    """The window during which a draft policy takes public comments.

    A consultation's status is worked out here and nowhere else, from its dates.
    """

    class Status(models.TextChoices):
        UPCOMING = "upcoming", _("upcoming")
        OPEN = "open", _("open for comment")
        CLOSED = "closed", _("closed")

    policy = ParentalKey("policies.PolicyPage", on_delete=models.CASCADE, related_name="consultations")
    opens_at = models.DateTimeField(_("opens at"))
    closes_at = models.DateTimeField(_("closes at"))

    objects = ConsultationQuerySet.as_manager()

    panels = [FieldRowPanel([FieldPanel("opens_at"), FieldPanel("closes_at")])]

    class Meta(Orderable.Meta):
        verbose_name = _("consultation")
        verbose_name_plural = _("consultations")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(closes_at__gt=models.F("opens_at")),
                name="consultation_closes_after_it_opens",
            )
        ]

    def __str__(self):
        return str(self.policy)

    def clean(self):
        if self.opens_at and self.closes_at and self.closes_at <= self.opens_at:
            raise ValidationError({"closes_at": _("The consultation must close after it opens.")})

    def status_at(self, moment):
        """Upcoming before `opens_at`, open from `opens_at` up to (not including) `closes_at`."""
        if moment < self.opens_at:
            return self.Status.UPCOMING
        if moment < self.closes_at:
            return self.Status.OPEN
        return self.Status.CLOSED

    @property
    def status(self):
        return self.status_at(timezone.now())

    def days_left_at(self, moment):
        """Whole calendar days (in the site's time zone) until it closes; 0 on the last day."""
        if self.status_at(moment) != self.Status.OPEN:
            return 0
        return (timezone.localdate(self.closes_at) - timezone.localdate(moment)).days

    @property
    def days_left(self):
        return self.days_left_at(timezone.now())

    @property
    def length_in_days(self):
        return (self.closes_at - self.opens_at).days


class ConsultationIndexPage(BasePage):
    """Drafts for public comment: open now, coming up, and closed."""

    intro = models.TextField(_("introduction"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["home.HomePage"]
    subpage_types = []
    page_description = _("The list of drafts open for, or closed to, public comment")
    max_count = 1
    template = "pages/consultation_index_page.html"

    class Meta:
        verbose_name = _("consultation index")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        now = timezone.now()
        consultations = (
            Consultation.objects.filter(policy__live=True).select_related("policy").order_by("-closes_at")
        )
        context["open_consultations"] = consultations.open_at(now).order_by("closes_at")
        context["upcoming_consultations"] = consultations.filter(opens_at__gt=now).order_by("opens_at")
        context["closed_consultations"] = Paginator(consultations.filter(closes_at__lte=now), 20).get_page(
            request.GET.get("page")
        )
        return context


class DialogueIndexPage(BasePage):
    """The list of dialogues held between leaders and citizens."""

    intro = models.TextField(_("introduction"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["home.HomePage"]
    subpage_types = ["consultations.DialoguePage"]
    page_description = _("The list of dialogues with citizens")
    max_count = 1
    template = "pages/dialogue_index_page.html"

    class Meta:
        verbose_name = _("dialogue index")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        dialogues = DialoguePage.objects.child_of(self).live().select_related("agency").order_by("-held_at")
        context["dialogues"] = Paginator(dialogues, 20).get_page(request.GET.get("page"))
        return context


class DialoguePage(BasePage):
    """The outcome of one dialogue conference: who met whom, what was asked and concluded."""

    # The `type` this page has in search results, filters and exports.
    search_type = "dialogue"

    class Level(models.TextChoices):
        PROVINCE = "province", _("province")
        COMMUNE = "commune", _("commune")
        AGENCY = "agency", _("agency")

    held_at = models.DateTimeField(_("held at"))
    place = models.CharField(_("place"), max_length=300, blank=True)
    level = models.CharField(_("level"), max_length=20, choices=Level.choices, default=Level.PROVINCE)
    chaired_by = models.CharField(_("chaired by"), max_length=300, blank=True)
    agency = models.ForeignKey(
        "taxonomy.Agency",
        verbose_name=_("organising agency"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="dialogues",
    )
    areas = ParentalManyToManyField("taxonomy.Area", verbose_name=_("areas"), blank=True)
    summary = models.TextField(_("summary"), blank=True)
    conclusions = RichTextField(_("conclusions"), blank=True)

    content_panels = [
        *Page.content_panels,
        MultiFieldPanel(
            [
                FieldPanel("held_at"),
                FieldPanel("place"),
                FieldPanel("level"),
                FieldPanel("chaired_by"),
                FieldPanel("agency"),
                FieldPanel("areas"),
            ],
            heading=_("Dialogue"),
        ),
        FieldPanel("summary"),
        FieldPanel("conclusions"),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("summary", boost=2),
        index.SearchField("conclusions"),
        index.SearchField("place"),
        index.FilterField("held_at"),
    ]
    parent_page_types = ["consultations.DialogueIndexPage"]
    subpage_types = []
    page_description = _("The outcome of a dialogue between leaders and citizens")
    template = "pages/dialogue_page.html"

    class Meta:
        verbose_name = _("dialogue")
        verbose_name_plural = _("dialogues")
