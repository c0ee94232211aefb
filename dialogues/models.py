"""Dialogues between leaders and citizens: what was asked, answered, concluded and promised.

A dialogue that takes questions in advance is a page that takes comments
(`consultations.pages.CommentablePage`): the questions go through the same form, privacy rules
and moderation as comments on drafts.
"""

from rest_framework import serializers

from django.core.paginator import Paginator
from django.db import models
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from modelcluster.fields import ParentalKey, ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField
from wagtail.models import Orderable, Page
from wagtail.search import index

from consultations.masking import mask_personal_numbers
from consultations.models import PublicIdentity
from consultations.pages import CommentablePage
from consultations.status import Consultation
from core.apifields import NameField, UrlField
from core.models import BasePage, IndexPage
from core.pages import private_q, site_section
from core.searchable import SearchablePage, SearchFacts, ids, local_date
from core.text import plain
from taxonomy.choices import GovernmentLevel
from taxonomy.roles import AgencyOwnedPage, AgencyScopedPageForm, Role

from .commitments import Commitment, CommitmentStatusChange, CommitmentUpdate, summary  # noqa: F401 - registers them
from .filters import DialogueFilter
from .questions import QUESTIONS, question_sent_message
from .tracker import tracker_context, tracker_export


class DialogueIndexPage(IndexPage):
    """The list of dialogues held between leaders and citizens."""

    subpage_types = ["dialogues.DialoguePage"]
    page_description = _("The list of dialogues with citizens")
    template = "pages/dialogue_index_page.html"

    class Meta(IndexPage.Meta):
        verbose_name = _("dialogue index")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        dialogues = (
            DialoguePage.objects.child_of(self)
            .live()
            .exclude(private_q())
            .select_related("agency")
            .order_by("-held_at")
        )
        filterset = DialogueFilter(request.GET or None, queryset=dialogues, request=request)
        context["filter_form"] = filterset.form
        context["dialogues"] = Paginator(filterset.qs, 20).get_page(request.GET.get("page"))
        context["tracker_url"] = CommitmentTrackerPage.url_for(request)
        return context


class DialoguePage(AgencyOwnedPage, SearchablePage, CommentablePage, BasePage):
    """The outcome of one dialogue conference: who met whom, what was asked, answered, concluded
    and promised. Before it is held, it can take citizens' questions in advance.

    It belongs to its organising agency (taxonomy.roles), whose moderators may edit it too: the
    commitments and their status are edited on the page.
    """

    agency_field = "agency"
    base_form_class = AgencyScopedPageForm
    role_page_permissions = {**AgencyOwnedPage.role_page_permissions, Role.MODERATOR: ["change"]}

    search_type = "dialogue"
    search_type_label = _("Dialogues")

    Level = GovernmentLevel

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
    agencies_present = ParentalManyToManyField(
        "taxonomy.Agency", verbose_name=_("agencies present"), blank=True, related_name="dialogues_attended"
    )
    areas = ParentalManyToManyField("taxonomy.Area", verbose_name=_("areas"), blank=True)
    sectors = ParentalManyToManyField("taxonomy.Sector", verbose_name=_("topics"), blank=True)
    summary = models.TextField(_("summary"), blank=True)
    conclusions = RichTextField(_("conclusions"), blank=True)
    conclusion_document = models.ForeignKey(
        "wagtaildocs.Document",
        verbose_name=_("signed conclusion notice"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    accepts_questions = models.BooleanField(
        _("take questions in advance"),
        default=False,
        help_text=_("Citizens may send questions from publication until the dialogue starts."),
    )

    content_panels = [
        *Page.content_panels,
        MultiFieldPanel(
            [
                FieldPanel("held_at"),
                FieldPanel("place"),
                FieldPanel("level"),
                FieldPanel("chaired_by"),
                FieldPanel("agency"),
                FieldPanel("agencies_present"),
                FieldPanel("areas"),
                FieldPanel("sectors"),
                FieldPanel("accepts_questions"),
            ],
            heading=_("Dialogue"),
        ),
        FieldPanel("summary"),
        InlinePanel("questions", label=_("Questions and answers")),
        FieldPanel("conclusions"),
        FieldPanel("conclusion_document"),
        InlinePanel("commitments", label=_("Commitments")),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("search_text"),
        index.SearchField("folded_search_text"),
        index.FilterField("held_at"),
    ]
    # The API (/api/v2/pages/, core.api): what the page shows, never a person's contact details;
    # each commitment as /api/v2/commitments/ gives it (dialogues.api), with its progress.
    api_fields = [
        APIField("held_at"),
        APIField("place"),
        APIField("level"),
        APIField("chaired_by"),
        APIField("agency", serializer=NameField()),
        APIField("agencies_present", serializer=NameField()),
        APIField("areas", serializer=NameField()),
        APIField("sectors", serializer=NameField()),
        APIField("summary"),
        APIField("conclusions"),
        APIField("conclusion_document", serializer=UrlField()),
        APIField("accepts_questions"),
        APIField("questions"),
        APIField("commitments_summary"),
        APIField("commitments"),
    ]
    parent_page_types = ["dialogues.DialogueIndexPage"]
    subpage_types = []
    page_description = _("The outcome of a dialogue between leaders and citizens")
    template = "pages/dialogue_page.html"

    # Its search text includes questions and commitments, edited inline (search/signals.py).
    search_reads_inline_children = True

    # Questions sent in advance, through the participation engine.
    comment_path = "cau-hoi"
    comment_wording = QUESTIONS
    comment_form_shows_status = False
    contact_retention_from = "held_at"

    class Meta(BasePage.Meta):
        verbose_name = _("dialogue")
        verbose_name_plural = _("dialogues")

    @property
    def answering_agency(self):
        return self.agency

    def comment_sent_message(self):
        return question_sent_message(self)

    @classmethod
    def offline_entry_candidates(cls):
        """Dialogues taking questions in advance (consultations.pages)."""
        return super().offline_entry_candidates().filter(accepts_questions=True)

    @cached_property
    def consultation(self):
        """The window for questions in advance: from publication until the dialogue starts."""
        if not self.accepts_questions:
            return None
        opens = self.first_published_at or self.latest_revision_created_at or timezone.now()
        return Consultation(opens_at=min(opens, self.held_at), closes_at=self.held_at, minimum_days=0)

    def search_facts(self):
        """What was asked, answered, concluded and promised, and progress on the promises."""
        parts = [self.title, self.summary, self.place, self.chaired_by, plain(self.conclusions)]
        for question in self.questions.all():
            parts += [question.public_question, question.public_answer]
        parts += [commitment.text for commitment in self.commitments.all()]
        if self.pk:
            parts += CommitmentUpdate.objects.filter(commitment__dialogue=self).values_list("text", flat=True)
            # Questions sent in advance, and the answers the page shows (those given an outcome).
            comments = self.public_comments.published().values_list("body", "response_outcome", "response_text")
            for body, outcome, answer in comments:
                parts += [mask_personal_numbers(body), mask_personal_numbers(answer) if outcome else ""]
        return SearchFacts(
            parts=parts,
            date=local_date(self.held_at),
            agency_ids={self.agency_id, *ids(self.agencies_present)} - {None},
            sector_ids=ids(self.sectors),
            area_ids=ids(self.areas),
            agency_id=self.agency_id,
        )

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        today = timezone.localdate()
        commitments = list(
            self.commitments.select_related("agency").prefetch_related("updates__evidence").order_by("deadline")
        )
        context["commitments"] = [(c, c.is_overdue_on(today)) for c in commitments]
        context["questions"] = self.questions.select_related("area")
        context["consultation"] = self.consultation
        context["advance_questions"] = self.public_comments.published().select_related("area")
        return context

    @property
    def commitments_summary(self):
        """How many commitments, and how many done (on time), awaited, impossible and overdue."""
        return summary(self.commitments.all(), timezone.localdate())

    @path("")
    def dialogue(self, request):
        return self.render(request)


class DialogueQuestion(PublicIdentity, Orderable):
    """A question or opinion raised at the dialogue, and the answer given on the spot."""

    dialogue = ParentalKey(DialoguePage, on_delete=models.CASCADE, related_name="questions")
    question = models.TextField(_("question or opinion"))
    answer = models.TextField(_("answer given"), blank=True)

    panels = [
        FieldRowPanel([FieldPanel("display_name"), FieldPanel("show_name")]),
        FieldPanel("area"),
        FieldPanel("question"),
        FieldPanel("answer"),
    ]

    # In the API, as on the page: the name only with consent, phone numbers masked.
    api_fields = [
        APIField("asked_by", serializer=serializers.CharField(source="public_name", read_only=True)),
        APIField("area", serializer=NameField()),
        APIField("question", serializer=serializers.CharField(source="public_question", read_only=True)),
        APIField("answer", serializer=serializers.CharField(source="public_answer", read_only=True)),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("question")
        verbose_name_plural = _("questions")

    def __str__(self):
        return self.question[:80]

    # Editors type what was said at the dialogue, and people say their phone numbers aloud: the
    # question and the answer are published masked, like a citizen's comment.
    @property
    def public_question(self):
        return mask_personal_numbers(self.question)

    @property
    def public_answer(self):
        return mask_personal_numbers(self.answer)


class CommitmentTrackerPage(RoutablePageMixin, IndexPage):
    """Every dialogue commitment in one list: filter, sort by deadline, export."""

    subpage_types = []
    page_description = _("The tracker of commitments made at dialogues")
    template = "pages/commitment_tracker_page.html"

    class Meta(IndexPage.Meta):
        verbose_name = _("commitment tracker")

    @classmethod
    def url_for(cls, request):
        """The tracker's URL, or "" while the site has none."""
        tracker = site_section(request, cls) or cls.objects.live().first()
        return tracker.get_url(request) if tracker else ""

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context.update(tracker_context(request))
        return context

    @path("")
    def tracker(self, request):
        """The tracker, or the same filtered list as CSV or JSON (`?format=csv|json`)."""
        return tracker_export(request) or self.render(request)
