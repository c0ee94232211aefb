"""Policy documents: the register, each document with its text section by section, and the list
of drafts open for comment. A draft takes comments through the participation engine
(`consultations.pages.CommentablePage`)."""

from rest_framework import serializers

from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.core.paginator import Paginator
from django.db import models
from django.db.models import F, prefetch_related_objects
from django.db.models.functions import Coalesce, TruncDate
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from modelcluster.fields import ParentalKey, ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import StreamField
from wagtail.models import Orderable, Page, PageManager
from wagtail.query import PageQuerySet
from wagtail.search import index

from consultations import receipts
from consultations import services as consultation_services
from consultations import views as consultation_views
from consultations.masking import mask_personal_numbers
from consultations.models import ConsultationSettings
from consultations.pages import CommentablePage
from consultations.status import Consultation, Status, status_filter
from core import prepared, shellcache
from core.apifields import NameField
from core.models import BasePage, IndexPage
from core.pages import private_q
from core.searchable import SearchablePage, SearchFacts, ids, local_date
from core.text import plain
from taxonomy.roles import AgencyOwnedPage, Role

from . import register, views
from .blocks import PolicyTextBlock
from .forms import PolicyPageForm
from .sections import outline


class PolicyPageQuerySet(PageQuerySet):
    def newest_first(self):
        """By the date each document is known by (`PolicyPage.known_by_date`), newest first: every
        document has one, drafts included, so the order is the same on every database."""
        known_by = Coalesce(
            "issued_on",
            "adopted_on",
            TruncDate("consultation_opens_at"),
            TruncDate("first_published_at"),
            output_field=models.DateField(),
        )
        return self.annotate(known_by=known_by).order_by(F("known_by").desc(nulls_last=True), "-pk")


class PolicyIndexPage(RoutablePageMixin, IndexPage):
    """The register of policy documents, with each one's consultation facts."""

    subpage_types = ["policies.PolicyPage"]
    page_description = _("The register of policy documents and their consultations")
    template = "pages/policy_index_page.html"

    class Meta(IndexPage.Meta):
        verbose_name = _("policy register")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context.update(register.register_context(request, PolicyPage.objects.child_of(self)))
        return context

    @path("")
    def register_list(self, request):
        """The register, or the same filtered list as CSV (`?format=csv`)."""
        return register.register_export(request, PolicyPage.objects.child_of(self)) or self.render(request)


class PolicyPage(AgencyOwnedPage, SearchablePage, CommentablePage, BasePage):
    """One policy document: its text section by section, its consultation and what came of it.

    It belongs to its drafting agency, or without one to its issuing agency (taxonomy.roles).
    """

    agency_field = "drafting_agency"
    # Moderators publish the response report from the consultations screen, not by editing.
    role_page_permissions = {**AgencyOwnedPage.role_page_permissions, Role.MODERATOR: []}

    base_form_class = PolicyPageForm
    objects = PageManager.from_queryset(PolicyPageQuerySet)()
    # What the page shows besides its own fields, joined when it is served (core.pages).
    route_select_related = ("document_type", "drafting_agency", "issuing_agency", "response_report")

    search_type = "policy"
    search_type_label = pgettext_lazy("legal documents", "Documents")
    publishes_response_report = True
    contact_retention_from = "response_report__published_at"

    document_number = models.CharField(
        _("document number"), max_length=100, blank=True, help_text=_("As printed, e.g. 33-CT/TU")
    )
    document_type = models.ForeignKey(
        "taxonomy.DocumentType", verbose_name=_("document type"), on_delete=models.PROTECT, related_name="policies"
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
            heading=pgettext_lazy("legal document", "Document"),
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

    search_fields = [
        *Page.search_fields,
        index.SearchField("search_text"),
        index.SearchField("folded_search_text"),
        index.FilterField("document_type"),
        index.FilterField("issued_on"),
    ]
    api_fields = [
        APIField("document_number"),
        # The slug, as before types were data; the name, which a reader cannot know otherwise.
        APIField("document_type", serializer=serializers.SlugRelatedField(slug_field="slug", read_only=True)),
        APIField("document_type_name", serializer=serializers.CharField(source="document_type.name")),
        APIField("issued_on"),
        APIField("summary"),
        APIField("text"),
        APIField("consultation_opens_at"),
        APIField("consultation_closes_at"),
        APIField("adopted_on"),
        APIField("withdrawn_on"),
        # What the agency scorecard counts besides the fields above (scorecard.definitions), so
        # that anyone may recompute it: counts and dates, never a commenter.
        APIField("issuing_agency", serializer=NameField()),
        APIField("drafting_agency", serializer=NameField()),
        APIField("short_window_reason"),
        APIField("consultation_record"),
    ]
    parent_page_types = ["policies.PolicyIndexPage"]
    subpage_types = []
    page_description = _("A draft or adopted policy document, with its text section by section")
    template = "pages/policy_page.html"

    class Meta(BasePage.Meta):
        verbose_name = _("policy")
        verbose_name_plural = _("policies")
        constraints = [
            *BasePage.Meta.constraints,
            models.CheckConstraint(
                condition=models.Q(consultation_opens_at__isnull=True, consultation_closes_at__isnull=True)
                | models.Q(consultation_closes_at__gt=models.F("consultation_opens_at")),
                name="consultation_window_is_whole_and_ordered",
            ),
        ]

    def clean(self):
        super().clean()
        opens, closes = self.consultation_opens_at, self.consultation_closes_at
        if bool(opens) != bool(closes):
            missing = "consultation_closes_at" if opens else "consultation_opens_at"
            raise ValidationError({missing: _("Give both the opening and the closing time, or neither.")})
        if opens and closes <= opens:
            raise ValidationError({"consultation_closes_at": _("Comments must close after they open.")})

    def search_facts(self):
        """The text, and the comments and answers published on it."""
        parts = [self.title, self.document_number, self.summary]
        parts += [f"{s.title} {plain(s.text)}" for s in self.sections]
        if self.pk:
            for body, answer in self.public_comments.published().values_list("body", "response_text"):
                parts += [mask_personal_numbers(body), mask_personal_numbers(answer)]
        report = self.report if self.pk else None
        return SearchFacts(
            parts=parts,
            date=self.known_by_date,
            agency_ids={self.issuing_agency_id, self.drafting_agency_id} - {None},
            sector_ids=ids(self.sectors),
            area_ids=ids(self.areas),
            agency_id=self.issuing_agency_id,
            document_number=self.document_number,
            consultation_opens_at=self.consultation_opens_at,
            consultation_closes_at=self.consultation_closes_at,
            response_published_at=report.published_at if report else None,
            adopted_on=self.adopted_on,
            withdrawn_on=self.withdrawn_on,
        )

    @property
    def known_by_date(self):
        """The date the document is known by: issued, adopted, consulted, or first published."""
        for value in (self.issued_on, self.adopted_on, self.consultation_opens_at, self.first_published_at):
            if value:
                return local_date(value)
        return None

    # --- Consultation -------------------------------------------------------------------

    @staticmethod
    def consultation_rules():
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
            minimum_days=rules.minimum_days_for(self.document_type if self.document_type_id else None),
            short_window_reason=self.short_window_reason,
            withdrawn_on=self.withdrawn_on,
        )

    @cached_property
    def consultation(self):
        return self.consultation_for(self.consultation_rules())

    @property
    def consultation_record(self):
        """The consultation's facts as open data (the API): the minimum length that applied,
        when the response report was due and published, and how many comments came, were
        published or not (by reason): counts and dates only. None when not consulted."""
        consultation = self.consultation
        if consultation is None:
            return None
        counts = consultation_services.comment_counts(self)
        published_at = consultation.response_published_at
        return {
            "minimum_days": consultation.minimum_days,
            "response_due_at": timezone.localtime(consultation.response_due_at).isoformat(),
            "response_published_at": timezone.localtime(published_at).isoformat() if published_at else None,
            "comments_received": counts["received"],
            "comments_published": counts["published"],
            "comments_pending": counts["pending"],
            "comments_not_published": counts["rejected_by_code"],
        }

    # --- Sitemap (core.sitemaps) ----------------------------------------------------------

    @classmethod
    def prepare_for_sitemap(cls, pages):
        """Each draft's response report, for the whole batch in one query."""
        prefetch_related_objects(pages, "response_report")

    def get_sitemap_urls(self, request=None):
        """The document, and the pages readers use beside it: all its published comments once
        its window has opened, and its response report once published."""
        urls = super().get_sitemap_urls(request)
        base = urls[0]["location"]
        opens_at = self.consultation_opens_at
        if opens_at and self.consultation_closes_at and opens_at <= timezone.now():
            urls.append({"location": base + self.reverse_subpage("comments_page").lstrip("/"), "lastmod": None})
        if self.report is not None:
            urls.append(
                {
                    "location": base + self.reverse_subpage("response_report_page").lstrip("/"),
                    "lastmod": self.report.published_at,
                }
            )
        return urls

    @classmethod
    def offline_entry_candidates(cls):
        """Drafts put out for comment whose report is not out yet (consultations.pages)."""
        return (
            super()
            .offline_entry_candidates()
            .filter(
                consultation_opens_at__isnull=False, consultation_closes_at__isnull=False, response_report__isnull=True
            )
        )

    @property
    def adopted_without_consultation(self):
        return bool(self.adopted_on) and self.consultation is None

    @property
    def is_draft(self):
        """Consulted, and neither adopted nor withdrawn yet."""
        return self.consultation is not None and not self.adopted_on and not self.withdrawn_on

    @property
    def answering_agency(self):
        return self.drafting_agency

    @property
    def owning_agency_id(self):
        return self.drafting_agency_id or self.issuing_agency_id

    @classmethod
    def agency_q(cls, agencies):
        return models.Q(drafting_agency__in=agencies) | models.Q(
            drafting_agency__isnull=True, issuing_agency__in=agencies
        )

    # --- Text ---------------------------------------------------------------------------

    @cached_property
    def sections(self):
        return outline(self.text)

    # A table of contents is worth its space from this many sections up.
    TABLE_OF_CONTENTS_FROM = 4

    @property
    def has_table_of_contents(self):
        return len(self.sections) >= self.TABLE_OF_CONTENTS_FROM

    # How many comments each section shows on the page itself; the rest are one link away.
    COMMENTS_PREVIEW = 3

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # The comments themselves are read only if the sections' markup is not kept (policy_tags).
        preview = consultation_services.LazyPreview(self, self.COMMENTS_PREVIEW)
        totals = consultation_services.published_totals(self)
        known = {s.block_id for s in self.sections}
        context["sections"] = [
            (section, preview.of_section(section.block_id), totals.get(section.block_id, 0))
            for section in self.sections
        ]
        # Comments on the whole draft, and on sections since removed from it.
        context["general_total"] = sum(n for key, n in totals.items() if key not in known)
        context["general_comments"] = (
            [c for key, group in preview.by_section.items() if key not in known for c in group]
            if context["general_total"]
            else []
        )
        context["consultation"] = self.consultation
        context["counts"] = consultation_services.comment_counts(self) if self.consultation else None
        context["report"] = self.report
        # Kept between requests until a page changes (core.shellcache); a document saved bumps it.
        context["attachments"] = shellcache.kept(
            ("attachments", self.pk), lambda: self._attachments(request), content=True
        )
        return context

    def _attachments(self, request):
        if getattr(request, "is_preview", False):
            # The attachments being edited, not yet saved.
            return list(self.attachments.select_related("document"))
        # As `self.attachments`, its SQL compiled once per process (core.prepared).
        return prepared.run(
            "policy_attachments",
            lambda pk: PolicyAttachment.objects.filter(page_id=pk).select_related("document"),
            self.pk,
        )

    # --- Routes -------------------------------------------------------------------------

    def published_comment_url(self, comment, answered=False):
        """A published comment is read on the comments' pages (consultations.pages), where it
        falls among the others; once its answer is out, in the response report."""
        if answered and self.report is not None:
            return f"{self.url}{self.reverse_subpage('response_report_page')}#{comment.anchor}"
        number = receipts.position_among_published(comment) // consultation_views.COMMENTS_PER_PAGE + 1
        query = f"?page={number}" if number > 1 else ""
        return f"{self.url}{self.reverse_subpage('comments_page')}{query}#{comment.anchor}"

    @path("")
    def policy(self, request):
        return self.render(request)

    @path("bao-cao/")
    def response_report_page(self, request):
        return consultation_views.response_report(request, self)

    @path("y-kien/")
    def comments_page(self, request):
        return consultation_views.comments_page(request, self)

    @path("y-kien/<str:export_format>/")
    def comments_export(self, request, export_format):
        return consultation_views.comments_export(request, self, export_format)

    @path("phien-ban/")
    def versions(self, request):
        return views.versions(request, self)


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


class ConsultationIndexPage(IndexPage):
    """Drafts for public comment: open now, coming up, and closed."""

    subpage_types = []
    page_description = _("The list of drafts open for, or closed to, public comment")
    template = "pages/consultation_index_page.html"

    class Meta(IndexPage.Meta):
        verbose_name = _("consultation index")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        now = timezone.now()
        rules = ConsultationSettings.load(request_or_site=request)
        consulted = (
            PolicyPage.objects.live()
            .exclude(private_q())
            .filter(consultation_opens_at__isnull=False)
            .select_related("response_report", "drafting_agency", "document_type")
        )
        context["open_consultations"] = register.with_consultations(
            consulted.filter(status_filter(Status.OPEN, now, 0)).order_by("consultation_closes_at"), rules
        )
        context["upcoming_consultations"] = register.with_consultations(
            consulted.filter(status_filter(Status.UPCOMING, now, 0)).order_by("consultation_opens_at"), rules
        )
        closed = Paginator(
            consulted.filter(consultation_closes_at__lte=now).order_by("-consultation_closes_at"), 20
        ).get_page(request.GET.get("page"))
        context["closed_page"] = closed
        context["closed_consultations"] = register.with_consultations(closed, rules)
        return context
