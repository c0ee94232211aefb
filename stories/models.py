import datetime

from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import models
from django.utils.translation import gettext_lazy as _

from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.fields import StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index

from core.apifields import NameField
from core.http import query_without
from core.models import BasePage, IndexPage
from core.pages import private_q
from core.searchable import SearchablePage, SearchFacts, local_date
from core.text import plain
from taxonomy.choices import GovernmentLevel
from taxonomy.roles import AgencyOwnedPage, AgencyScopedPageForm

from .apifields import GALLERY_SPECS, ImageField
from .blocks import StoryBodyBlock
from .choices import StoryField
from .filters import StoryFilter


class StoryIndexPage(IndexPage):
    """The list of "Dân vận khéo" model stories, filterable by field."""

    subpage_types = ["stories.ModelStoryPage"]
    page_description = _("The list of model stories")
    template = "pages/story_index_page.html"

    class Meta(IndexPage.Meta):
        verbose_name = _("story index")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        stories = (
            ModelStoryPage.objects.child_of(self)
            .live()
            .exclude(private_q())
            .select_related("area", "image")
            .prefetch_related("image__renditions")
            .order_by("-recognition_year", "title")
        )
        filterset = StoryFilter(request.GET or None, queryset=stories, request=request)
        context["filter_form"] = filterset.form
        context["query_prefix"] = query_without(request, "page")
        context["stories"] = Paginator(filterset.qs, 12).get_page(request.GET.get("page"))
        return context


class ModelStoryPage(AgencyOwnedPage, SearchablePage, BasePage):
    """A "Dân vận khéo" (skilful mass mobilisation) model: who did what, where, and with what result.

    It belongs to the agency of its unit (taxonomy.roles), whose people edit it.
    """

    agency_field = "agency"
    base_form_class = AgencyScopedPageForm

    search_type = "story"
    search_type_label = _("Model stories")

    Field = StoryField

    Level = GovernmentLevel

    unit_name = models.CharField(_("unit"), max_length=300)
    agency = models.ForeignKey(
        "taxonomy.Agency",
        verbose_name=_("agency"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="stories",
        help_text=_("The agency whose people write and publish this story."),
    )
    area = models.ForeignKey(
        "taxonomy.Area",
        verbose_name=_("area"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="stories",
    )
    field = models.CharField(_("field"), max_length=40, choices=Field.choices)
    recognition_level = models.CharField(
        _("recognised at level"), max_length=20, choices=Level.choices, default=Level.PROVINCE
    )
    recognition_year = models.PositiveSmallIntegerField(_("year recognised"), null=True, blank=True)
    summary = models.TextField(_("summary"), blank=True)
    image = models.ForeignKey(
        "images.CustomImage",
        verbose_name=_("main image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    image_alt = models.CharField(
        _("main image: alternative text"),
        max_length=255,
        blank=True,
        help_text=_("What the image shows, for readers who cannot see it. Required with an image."),
    )
    featured = models.BooleanField(_("feature on the home page"), default=False)
    body = StreamField(StoryBodyBlock(), verbose_name=_("story"), blank=True)

    content_panels = [
        *Page.content_panels,
        MultiFieldPanel(
            [
                FieldPanel("unit_name"),
                FieldPanel("agency"),
                FieldPanel("area"),
                FieldPanel("field"),
                FieldPanel("recognition_level"),
                FieldPanel("recognition_year"),
            ],
            heading=_("Model"),
        ),
        FieldPanel("summary"),
        MultiFieldPanel([FieldPanel("image"), FieldPanel("image_alt")], heading=_("Main image")),
        FieldPanel("featured"),
        FieldPanel("body"),
        InlinePanel("gallery_images", label=_("Gallery")),
        InlinePanel("related_pages", label=_("Related policies and dialogues")),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("search_text"),
        index.SearchField("folded_search_text"),
        index.FilterField("field"),
        index.FilterField("recognition_year"),
    ]
    # The API (/api/v2/pages/, core.api): what the page shows, images as their renditions.
    api_fields = [
        APIField("unit_name"),
        APIField("agency", serializer=NameField()),
        APIField("area", serializer=NameField()),
        APIField("field"),
        APIField("recognition_level"),
        APIField("recognition_year"),
        APIField("summary"),
        APIField("image", serializer=ImageField(alt_field="image_alt")),
        APIField("body"),
        APIField("gallery_images"),
    ]
    parent_page_types = ["stories.StoryIndexPage"]
    subpage_types = []
    page_description = _('A "Dân vận khéo" model story')
    template = "pages/model_story_page.html"

    class Meta(BasePage.Meta):
        verbose_name = _("model story")
        verbose_name_plural = _("model stories")

    def search_facts(self):
        parts = [self.title, self.unit_name, self.summary]
        for block in self.body:
            if block.block_type == "paragraph":
                parts.append(plain(block.value))
            elif block.block_type == "quote":
                parts.append(block.value["quote"])
            elif block.block_type == "key_figure":
                parts.append(f"{block.value['figure']} {block.value['label']}")
        return SearchFacts(
            parts=parts,
            date=self.known_by_date,
            area_ids={self.area_id} - {None},
            byline=self.unit_name,
        )

    @property
    def known_by_date(self):
        """A model is known by the year it was recognised (1 January of it), or else by when it
        was published: a 2024 model is found under 2024."""
        if self.recognition_year:
            return datetime.date(self.recognition_year, 1, 1)
        return local_date(self.first_published_at)

    def clean(self):
        super().clean()
        if self.image_id and not self.image_alt.strip():
            raise ValidationError({"image_alt": _("Describe the image for readers who cannot see it.")})

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["gallery"] = self.gallery_images.select_related("image").prefetch_related("image__renditions")
        related_ids = list(self.related_pages.values_list("page_id", flat=True))
        pages = Page.objects.filter(pk__in=related_ids).live().exclude(private_q()).specific().in_bulk()
        context["related"] = [pages[pk] for pk in related_ids if pk in pages]
        index = self.get_parent()
        context["field_url"] = f"{index.url}?field={self.field}" if index else ""
        return context


class StoryGalleryImage(Orderable):
    page = ParentalKey(ModelStoryPage, on_delete=models.CASCADE, related_name="gallery_images")
    image = models.ForeignKey("images.CustomImage", verbose_name=_("image"), on_delete=models.CASCADE, related_name="+")
    alt_text = models.CharField(
        _("alternative text"), max_length=255, help_text=_("What the image shows, for readers who cannot see it")
    )
    caption = models.CharField(_("caption"), max_length=300, blank=True)

    panels = [FieldPanel("image"), FieldPanel("alt_text"), FieldPanel("caption")]
    api_fields = [
        APIField("image", serializer=ImageField(alt_field="alt_text", specs=GALLERY_SPECS)),
        APIField("alt_text"),
        APIField("caption"),
    ]

    def __str__(self):
        return self.alt_text


class StoryRelatedPage(Orderable):
    page_from = ParentalKey(ModelStoryPage, on_delete=models.CASCADE, related_name="related_pages")
    page = models.ForeignKey("wagtailcore.Page", verbose_name=_("page"), on_delete=models.CASCADE, related_name="+")

    panels = [FieldPanel("page")]

    def __str__(self):
        return str(self.page)
