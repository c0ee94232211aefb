from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.db import models
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from modelcluster.fields import ParentalKey, ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index

from consultations.masking import mask_personal_numbers
from consultations.status import Consultation
from core.models import BasePage, IndexPage
from search.text import SearchText, document_key, plain

from .blocks import PolicyTextBlock
from .choices import DocumentType
from .forms import PolicyPageForm
from .sections import outline


class PolicyIndexPage(IndexPage):
    """The register of policy documents, with each one's consultation facts."""

    subpage_types = ["policies.PolicyPage"]
    page_description = _("The register of policy documents and their consultations")
    template = "pages/policy_index_page.html"

    class Meta:
        verbose_name = _("policy register")

    def get_context(self, request, *args, **kwargs):
        from .register import register_context

        context = super().get_context(request, *args, **kwargs)
        context.update(register_context(self, request))
        return context

    def serve(self, request, *args, **kwargs):
        from .register import register_export

        export = register_export(self, request)
        return export or super().serve(request, *args, **kwargs)


class PolicyPage(SearchText, RoutablePageMixin, BasePage):
    """One policy document: its text section by section, its consultation and what came of it."""

    base_form_class = PolicyPageForm

    # The `type` this page has in search results, filters and exports.
    search_type = "policy"

    DocumentType = DocumentType

    document_number = models.CharField(
        _("document number"), max_length=100, blank=True, help_text=_("As printed, e.g. 33-CT/TU")
    )
    document_type = models.CharField(
        _("document type"), max_length=20, choices=DocumentType.choices, default=DocumentType.DECISION
    )
    issuing_agency = models.ForeignKey(
        "taxonomy.Agency",
        verbose_name=_("issuing agency"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="issued_policies",
    )
    drafting_agency = models.ForeignKey(
        "taxonomy.Agency",
        verbose_name=_("drafting agency"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="drafted_policies",
    )
    sectors = ParentalManyToManyField("taxonomy.Sector", verbose_name=_("sectors"), blank=True)
    areas = ParentalManyToManyField("taxonomy.Area", verbose_name=_("areas"), blank=True)
    summary = models.TextField(_("summary"), blank=True)
    text = StreamField(PolicyTextBlock(), verbose_name=_("text"), blank=True)
    issued_on = models.DateField(_("date"), null=True, blank=True, help_text=_("The date printed on the document"))

    consultation_opens_at = models.DateTimeField(_("comments open at"), null=True, blank=True)
    consultation_closes_at = models.DateTimeField(_("comments close at"), null=True, blank=True)
    short_window_reason = models.TextField(
        _("why the window is shorter than the minimum"),
        blank=True,
        help_text=_("Required when the window is shorter than the minimum for this document type."),
    )

    adopted_on = models.DateField(_("adopted on"), null=True, blank=True)
    final_document = models.ForeignKey(
        "wagtaildocs.Document",
        verbose_name=_("adopted text (signed document)"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    withdrawn_on = models.DateField(_("withdrawn on"), null=True, blank=True)
    withdrawn_reason = models.TextField(_("why it was withdrawn"), blank=True)

    content_panels = [
        *Page.content_panels,
        MultiFieldPanel(
            [
                FieldPanel("document_number"),
                FieldPanel("document_type"),
                FieldPanel("issued_on"),
                FieldPanel("issuing_agency"),
                FieldPanel("drafting_agency"),
                FieldPanel("sectors"),
                FieldPanel("areas"),
            ],
            heading=_("Document"),
        ),
        FieldPanel("summary"),
        FieldPanel("text"),
        InlinePanel("attachments", label=_("Attachments")),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("consultation_opens_at"), FieldPanel("consultation_closes_at")]),
                FieldPanel("short_window_reason"),
            ],
            heading=_("Public consultation"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("adopted_on"),
                FieldPanel("final_document"),
                FieldPanel("withdrawn_on"),
                FieldPanel("withdrawn_reason"),
            ],
            heading=_("Outcome"),
        ),
    ]
    document_number_key = models.CharField(max_length=100, blank=True, db_index=True, editable=False)

    search_fields = [
        *Page.search_fields,
        index.SearchField("search_text"),
        index.SearchField("folded_search_text"),
        index.FilterField("document_type"),
        index.FilterField("issued_on"),
    ]
    api_fields = [
        APIField("document_number"),
        APIField("document_type"),
        APIField("issued_on"),
        APIField("summary"),
        APIField("text"),
        APIField("consultation_opens_at"),
        APIField("consultation_closes_at"),
        APIField("adopted_on"),
        APIField("withdrawn_on"),
    ]
    parent_page_types = ["policies.PolicyIndexPage"]
    subpage_types = []
    page_description = _("A draft or adopted policy document, with its text section by section")
    template = "pages/policy_page.html"

    class Meta:
        verbose_name = _("policy")
        verbose_name_plural = _("policies")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(consultation_opens_at__isnull=True, consultation_closes_at__isnull=True)
                | models.Q(consultation_closes_at__gt=models.F("consultation_opens_at")),
                name="consultation_window_is_whole_and_ordered",
            )
        ]

    def clean(self):
        super().clean()
        opens, closes = self.consultation_opens_at, self.consultation_closes_at
        if bool(opens) != bool(closes):
            missing = "consultation_closes_at" if opens else "consultation_opens_at"
            raise ValidationError({missing: _("Give both the opening and the closing time, or neither.")})
        if opens and closes <= opens:
            raise ValidationError({"consultation_closes_at": _("Comments must close after they open.")})

    def save(self, *args, **kwargs):
        self.document_number_key = document_key(self.document_number)
        super().save(*args, **kwargs)

    def search_parts(self):
        """The text, and the comments and answers published on it."""
        parts = [self.title, self.document_number, self.summary]
        parts += [f"{s.title} {plain(s.text)}" for s in self.sections]
        if self.pk:
            for body, answer in self.public_comments.published().values_list("body", "response_text"):
                parts += [mask_personal_numbers(body), mask_personal_numbers(answer)]
        return parts

    # --- Consultation -------------------------------------------------------------------

    @staticmethod
    def consultation_rules():
        from consultations.models import ConsultationSettings

        return ConsultationSettings.load()

    @cached_property
    def report(self):
        """The published response report, or None."""
        try:
            return self.response_report
        except ObjectDoesNotExist:
            return None

    def consultation_for(self, rules):
        """The consultation window under the given rules, or None if the draft was not consulted."""
        if not (self.consultation_opens_at and self.consultation_closes_at):
            return None
        return Consultation(
            opens_at=self.consultation_opens_at,
            closes_at=self.consultation_closes_at,
            response_published_at=self.report.published_at if self.pk and self.report else None,
            response_limit_days=rules.response_limit_days,
            minimum_days=rules.minimum_days_for(self.document_type),
            short_window_reason=self.short_window_reason,
        )

    @cached_property
    def consultation(self):
        return self.consultation_for(self.consultation_rules())

    @property
    def adopted_without_consultation(self):
        return bool(self.adopted_on) and self.consultation is None

    # --- Text ---------------------------------------------------------------------------

    @cached_property
    def sections(self):
        return outline(self.text)

    def section_by_anchor(self, anchor):
        return next((s for s in self.sections if s.anchor == anchor), None) if anchor else None

    def section_by_id(self, block_id):
        return next((s for s in self.sections if s.block_id == block_id), None) if block_id else None

    # How many comments each section shows on the page itself; the rest are one link away.
    COMMENTS_PREVIEW = 3

    def get_context(self, request, *args, **kwargs):
        from consultations.services import comment_counts, comments_preview

        context = super().get_context(request, *args, **kwargs)
        preview, totals = comments_preview(self, self.COMMENTS_PREVIEW)
        known = {s.block_id for s in self.sections}
        context["sections"] = [
            (section, preview.get(section.block_id, []), totals.get(section.block_id, 0)) for section in self.sections
        ]
        # Comments on the whole draft, and on sections since removed from it.
        context["general_comments"] = [c for key, group in preview.items() if key not in known for c in group]
        context["general_total"] = sum(n for key, n in totals.items() if key not in known)
        context["consultation"] = self.consultation
        context["counts"] = comment_counts(self) if self.consultation else None
        context["report"] = self.report
        context["attachments"] = list(self.attachments.select_related("document"))
        return context

    # --- Routes -------------------------------------------------------------------------

    @path("")
    def policy(self, request):
        return self.render(request)

    @path("gop-y/")
    def comment(self, request):
        from consultations.views import comment_form

        return comment_form(request, self)

    @path("gop-y/da-gui/")
    def comment_sent(self, request):
        from consultations.views import comment_sent

        return comment_sent(request, self)

    @path("bao-cao/")
    def response_report_page(self, request):
        from consultations.views import response_report

        return response_report(request, self)

    @path("y-kien/")
    def comments_page(self, request):
        from consultations.views import comments_page

        return comments_page(request, self)

    @path("y-kien/<str:export_format>/")
    def comments_export(self, request, export_format):
        from consultations.views import comments_export

        return comments_export(request, self, export_format)

    @path("phien-ban/")
    def versions(self, request):
        from .views import versions

        return versions(request, self)


def with_consultations(policies, rules=None):
    """[(policy, consultation or None)], loading the consultation rules once for all of them.

    Select `response_report` on the queryset to keep this to one query.
    """
    rules = rules or PolicyPage.consultation_rules()
    return [(policy, policy.consultation_for(rules)) for policy in policies]


class PolicyAttachment(Orderable):
    page = ParentalKey(PolicyPage, on_delete=models.CASCADE, related_name="attachments")
    document = models.ForeignKey("wagtaildocs.Document", verbose_name=_("document"), on_delete=models.CASCADE)
    title = models.CharField(_("title"), max_length=255, blank=True, help_text=_("Defaults to the document's title"))

    panels = [FieldPanel("document"), FieldPanel("title")]

    class Meta(Orderable.Meta):
        verbose_name = _("attachment")

    @property
    def display_title(self):
        return self.title or self.document.title
