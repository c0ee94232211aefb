from django.core.paginator import Paginator
from django.db import models
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from core.models import BasePage

from .blocks import PolicyTextBlock
from .sections import outline


class PolicyIndexPage(BasePage):
    """The list of policy documents: drafts under consultation, adopted and withdrawn texts."""

    intro = models.TextField(_("introduction"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["home.HomePage"]
    subpage_types = ["policies.PolicyPage"]
    page_description = _("The list of policy documents")
    max_count = 1
    template = "pages/policy_index_page.html"

    class Meta:
        verbose_name = _("policy index")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        policies = (
            PolicyPage.objects.child_of(self)
            .live()
            .select_related("issuing_agency", "drafting_agency")
            .order_by("-issued_on", "-first_published_at")
        )
        context["policies"] = Paginator(policies, 20).get_page(request.GET.get("page"))
        return context


class PolicyPage(BasePage):
    """One policy document and its text, section by section."""

    # The `type` this page has in search results, filters and exports.
    search_type = "policy"

    class DocumentType(models.TextChoices):
        RESOLUTION = "nghi-quyet", _("resolution")
        DECISION = "quyet-dinh", _("decision")
        DIRECTIVE = "chi-thi", _("directive")
        PLAN = "ke-hoach", _("plan")
        CONCLUSION = "ket-luan", _("conclusion")
        PROJECT = "de-an", _("scheme")
        REGULATION = "quy-dinh", _("regulation")
        NOTICE = "thong-bao", _("notice")
        OTHER = "khac", _("other")

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
    issued_on = models.DateField(
        _("date"), null=True, blank=True, help_text=_("The date printed on the document")
    )
    adopted_on = models.DateField(_("adopted on"), null=True, blank=True)
    withdrawn_on = models.DateField(_("withdrawn on"), null=True, blank=True)

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
        InlinePanel("consultations", max_num=1, label=_("Consultation")),
        MultiFieldPanel([FieldPanel("adopted_on"), FieldPanel("withdrawn_on")], heading=_("Outcome")),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("document_number", boost=5),
        index.SearchField("summary", boost=2),
        index.SearchField("text"),
        index.FilterField("document_type"),
        index.FilterField("issued_on"),
    ]
    api_fields = [
        APIField("document_number"),
        APIField("document_type"),
        APIField("issued_on"),
        APIField("summary"),
        APIField("text"),
    ]
    parent_page_types = ["policies.PolicyIndexPage"]
    subpage_types = []
    page_description = _("A draft or adopted policy document, with its text section by section")
    template = "pages/policy_page.html"

    class Meta:
        verbose_name = _("policy")
        verbose_name_plural = _("policies")

    @cached_property
    def sections(self):
        return outline(self.text)

    @cached_property
    def consultation(self):
        return self.consultations.first()

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["sections"] = self.sections
        context["consultation"] = self.consultation
        return context
