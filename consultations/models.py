import hashlib
import uuid

from django.conf import settings
from django.core.paginator import Paginator
from django.db import models
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from modelcluster.fields import ParentalKey, ParentalManyToManyField
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.contrib.settings.models import BaseGenericSetting, register_setting
from wagtail.fields import RichTextField
from wagtail.models import Orderable, Page
from wagtail.search import index

from core.models import BasePage, IndexPage
from policies.choices import DocumentType
from search.text import SearchText, plain
from taxonomy.choices import GovernmentLevel

from .commitments import Commitment, CommitmentStatusChange, CommitmentUpdate  # noqa: F401 - registers them
from .masking import mask_personal_numbers
from .status import Consultation, Status, status_filter


@register_setting(icon="time")
class ConsultationSettings(ClusterableModel, BaseGenericSetting):
    """Rules of consultation that the province sets and may change without a release.

    The 2025 law's minimum comment periods are not settled here, so each document type's minimum
    is an editable rule; types without a rule use the default.
    """

    default_minimum_days = models.PositiveSmallIntegerField(_("default minimum length (days)"), default=30)
    response_limit_days = models.PositiveSmallIntegerField(
        _("days allowed to publish the response"),
        default=30,
        help_text=_("After this many days from closing without a published response, it is overdue."),
    )
    contact_retention_days = models.PositiveSmallIntegerField(
        _("days to keep commenters' contact details"),
        default=90,
        help_text=_("Counted from the publication of the response report."),
    )

    panels = [
        FieldPanel("default_minimum_days"),
        InlinePanel("minimum_lengths", label=_("Minimum length by document type")),
        FieldPanel("response_limit_days"),
        FieldPanel("contact_retention_days"),
    ]

    class Meta:
        verbose_name = _("consultation rules")

    def minimum_days_for(self, document_type):
        for rule in self.minimum_lengths.all():
            if rule.document_type == document_type:
                return rule.days
        return self.default_minimum_days


class MinimumLength(Orderable):
    rules = ParentalKey(ConsultationSettings, on_delete=models.CASCADE, related_name="minimum_lengths")
    document_type = models.CharField(_("document type"), max_length=20, choices=DocumentType.choices)
    days = models.PositiveSmallIntegerField(_("minimum days"))

    panels = [FieldPanel("document_type"), FieldPanel("days")]

    class Meta(Orderable.Meta):
        verbose_name = _("minimum length")
        constraints = [models.UniqueConstraint(fields=["rules", "document_type"], name="one_minimum_per_document_type")]


class PublicIdentity(models.Model):
    """Who spoke, as the public sees them: by name only if they asked, otherwise by area."""

    display_name = models.CharField(_("name"), max_length=100, blank=True)
    show_name = models.BooleanField(_("show my name"), default=False)
    area = models.ForeignKey("taxonomy.Area", verbose_name=_("area"), null=True, blank=True, on_delete=models.SET_NULL)

    class Meta:
        abstract = True

    @property
    def public_name(self):
        if self.show_name and self.display_name.strip():
            return self.display_name.strip()
        if self.area_id:
            return _("Citizen in %(area)s") % {"area": self.area.name}
        return _("Citizen")


class CommentQuerySet(models.QuerySet):
    def published(self):
        return self.filter(state=Comment.State.PUBLISHED)

    def pending(self):
        return self.filter(state=Comment.State.PENDING)


class Comment(PublicIdentity):
    """A citizen's comment on a draft policy, on the whole text or on one section.

    Nothing is public before an editor approves it. The commenter's contact details are private:
    they are used only to send the agency's answer, and erased after the retention period.
    """

    class State(models.TextChoices):
        PENDING = "pending", _("awaiting moderation")
        PUBLISHED = "published", _("published")
        REJECTED = "rejected", _("not published")

    class RejectionReason(models.TextChoices):
        SPAM = "spam", _("spam or advertising")
        OFFENSIVE = "offensive", _("offensive language")
        OFF_TOPIC = "off_topic", _("not about this draft")
        PERSONAL_DATA = "personal_data", _("contains personal data")
        DUPLICATE = "duplicate", _("duplicate")

    class Outcome(models.TextChoices):
        ACCEPTED = "accepted", _("accepted")
        PARTLY = "partly", _("partly accepted")
        NOT_ACCEPTED = "not_accepted", _("not accepted, with explanation")

    # A draft policy, or a dialogue taking questions in advance: any page with a `consultation`.
    page = models.ForeignKey(
        "wagtailcore.Page", verbose_name=_("page"), on_delete=models.CASCADE, related_name="public_comments"
    )
    # The StreamField block id of the section: stable across revisions of the draft.
    section_id = models.CharField(_("section"), max_length=64, blank=True, db_index=True)
    section_title = models.CharField(_("section title"), max_length=300, blank=True)
    body = models.TextField(_("comment"))
    contact_email = models.EmailField(_("e-mail"), blank=True)
    contact_phone = models.CharField(_("phone"), max_length=20, blank=True)
    consent_at = models.DateTimeField(_("consent given at"))
    submitted_at = models.DateTimeField(_("submitted at"), default=timezone.now, db_index=True)
    submission_token = models.UUIDField(unique=True, default=uuid.uuid4, editable=False)
    # A keyed hash of the sender's address, for rate limits; never the address itself.
    sender_hash = models.CharField(max_length=64, blank=True, db_index=True, editable=False)
    state = models.CharField(
        _("moderation"), max_length=20, choices=State.choices, default=State.PENDING, db_index=True
    )
    rejection_reason = models.CharField(
        _("reason not published"), max_length=20, choices=RejectionReason.choices, blank=True
    )
    moderated_at = models.DateTimeField(_("moderated at"), null=True, blank=True)
    response_outcome = models.CharField(_("outcome"), max_length=20, choices=Outcome.choices, blank=True)
    response_text = models.TextField(_("response"), blank=True)
    responded_at = models.DateTimeField(_("responded at"), null=True, blank=True)
    response_agency = models.ForeignKey(
        "taxonomy.Agency",
        verbose_name=_("responding agency"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    contact_erased_at = models.DateTimeField(_("contact details erased at"), null=True, blank=True)
    answer_emailed_at = models.DateTimeField(_("answer e-mailed at"), null=True, blank=True)

    objects = CommentQuerySet.as_manager()

    panels = [
        FieldPanel("response_outcome"),
        FieldPanel("response_text"),
        FieldPanel("response_agency"),
    ]

    class Meta:
        verbose_name = _("comment")
        verbose_name_plural = _("comments")
        ordering = ["submitted_at", "pk"]
        permissions = [("moderate_comment", _("Can moderate and answer comments"))]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(state="rejected") | ~models.Q(rejection_reason=""),
                name="rejected_comment_has_a_reason",
            )
        ]

    def __str__(self):
        return f"{self.public_name}: {self.body[:60]}"

    @cached_property
    def public_body(self):
        """The comment as published: phone and citizen ID numbers masked."""
        return mask_personal_numbers(self.body)

    @property
    def public_response(self):
        return mask_personal_numbers(self.response_text)

    @property
    def has_response(self):
        return bool(self.response_outcome)

    @property
    def anchor(self):
        return f"y-kien-{self.pk}"

    @staticmethod
    def hash_sender(address):
        return hashlib.sha256(f"{settings.SECRET_KEY}:{address}".encode()).hexdigest()


class ResponseReport(models.Model):
    """The agency's published answer to a consultation: when, by whom, with what introduction."""

    policy = models.OneToOneField(
        "policies.PolicyPage",
        on_delete=models.CASCADE,
        related_name="response_report",
        verbose_name=_("policy"),
    )
    introduction = models.TextField(_("introduction"), blank=True)
    published_at = models.DateTimeField(_("published at"), default=timezone.now)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("response report")
        verbose_name_plural = _("response reports")

    def __str__(self):
        return str(self.policy)


class ConsultationIndexPage(IndexPage):
    """Drafts for public comment: open now, coming up, and closed."""

    subpage_types = []
    page_description = _("The list of drafts open for, or closed to, public comment")
    template = "pages/consultation_index_page.html"

    class Meta:
        verbose_name = _("consultation index")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        from policies.models import PolicyPage, with_consultations

        now = timezone.now()
        rules = ConsultationSettings.load(request_or_site=request)
        consulted = (
            PolicyPage.objects.live()
            .filter(consultation_opens_at__isnull=False)
            .select_related("response_report", "drafting_agency")
        )
        context["open_consultations"] = with_consultations(
            consulted.filter(status_filter(Status.OPEN, now, 0)).order_by("consultation_closes_at"), rules
        )
        context["upcoming_consultations"] = with_consultations(
            consulted.filter(status_filter(Status.UPCOMING, now, 0)).order_by("consultation_opens_at"), rules
        )
        closed = Paginator(
            consulted.filter(consultation_closes_at__lte=now).order_by("-consultation_closes_at"), 20
        ).get_page(request.GET.get("page"))
        context["closed_page"] = closed
        context["closed_consultations"] = with_consultations(closed, rules)
        return context


class DialogueIndexPage(IndexPage):
    """The list of dialogues held between leaders and citizens."""

    subpage_types = ["consultations.DialoguePage"]
    page_description = _("The list of dialogues with citizens")
    template = "pages/dialogue_index_page.html"

    class Meta:
        verbose_name = _("dialogue index")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        dialogues = DialoguePage.objects.child_of(self).live().select_related("agency").order_by("-held_at")
        context["dialogues"] = Paginator(dialogues, 20).get_page(request.GET.get("page"))
        context["tracker_url"] = CommitmentTrackerPage.url_for(request)
        return context


class DialoguePage(SearchText, RoutablePageMixin, BasePage):
    """The outcome of one dialogue conference: who met whom, what was asked, answered, concluded
    and promised. Before it is held, it can take citizens' questions in advance."""

    # The `type` this page has in search results, filters and exports.
    search_type = "dialogue"

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
    parent_page_types = ["consultations.DialogueIndexPage"]
    subpage_types = []
    page_description = _("The outcome of a dialogue between leaders and citizens")
    template = "pages/dialogue_page.html"

    # Its search text includes questions and commitments, edited inline (search/signals.py).
    search_reads_inline_children = True

    # Questions sent in advance use the comment machinery, which asks these of its page.
    sections = ()
    comment_form_title = _("Send a question for the dialogue")

    class Meta:
        verbose_name = _("dialogue")
        verbose_name_plural = _("dialogues")

    def section_by_anchor(self, anchor):
        return None

    def search_parts(self):
        """What was asked, answered, concluded and promised, and progress on the promises."""
        parts = [self.title, self.summary, self.place, self.chaired_by, plain(self.conclusions)]
        for question in self.questions.all():
            parts += [question.question, question.answer]
        parts += [commitment.text for commitment in self.commitments.all()]
        if self.pk:
            parts += CommitmentUpdate.objects.filter(commitment__dialogue=self).values_list("text", flat=True)
        if self.pk:
            parts += [
                mask_personal_numbers(body) for body in self.public_comments.published().values_list("body", flat=True)
            ]
        return parts

    def section_by_id(self, block_id):
        return None

    @property
    def drafting_agency(self):
        return self.agency

    @cached_property
    def consultation(self):
        """The window for questions in advance: from publication until the dialogue starts."""
        if not self.accepts_questions:
            return None
        opens = self.first_published_at or self.latest_revision_created_at or timezone.now()
        return Consultation(opens_at=min(opens, self.held_at), closes_at=self.held_at, minimum_days=0)

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

    @path("")
    def dialogue(self, request):
        return self.render(request)

    @path("cau-hoi/")
    def comment(self, request):
        from .views import comment_form

        return comment_form(request, self)

    @path("cau-hoi/da-gui/")
    def comment_sent(self, request):
        from .views import comment_sent

        return comment_sent(request, self)


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

    class Meta(Orderable.Meta):
        verbose_name = _("question")
        verbose_name_plural = _("questions")

    def __str__(self):
        return self.question[:80]


class CommitmentTrackerPage(IndexPage):
    """Every dialogue commitment in one list: filter, sort by deadline, export."""

    subpage_types = []
    page_description = _("The tracker of commitments made at dialogues")
    template = "pages/commitment_tracker_page.html"

    class Meta:
        verbose_name = _("commitment tracker")

    @classmethod
    def url_for(cls, request):
        """The tracker's URL, or "" while the site has none."""
        tracker = cls.objects.live().first()
        return tracker.get_url(request) if tracker else ""

    def get_context(self, request, *args, **kwargs):
        from .tracker import tracker_context

        context = super().get_context(request, *args, **kwargs)
        context.update(tracker_context(request))
        return context

    def serve(self, request, *args, **kwargs):
        from .tracker import tracker_export

        return tracker_export(request) or super().serve(request, *args, **kwargs)
