from django.core.paginator import Paginator
from django.db import models
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from core.models import BasePage, IndexPage

from .blocks import StoryBodyBlock


class StoryIndexPage(IndexPage):
    """The list of "Dân vận khéo" model stories, filterable by field."""

    subpage_types = ["stories.ModelStoryPage"]
    page_description = _("The list of model stories")
    template = "pages/story_index_page.html"

    class Meta:
        verbose_name = _("story index")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        stories = (
            ModelStoryPage.objects.child_of(self).live().select_related("area").order_by("-recognition_year", "title")
        )
        field = request.GET.get("field")
        if field in ModelStoryPage.Field.values:
            stories = stories.filter(field=field)
        context["fields"] = ModelStoryPage.Field.choices
        context["selected_field"] = field if field in ModelStoryPage.Field.values else ""
        context["stories"] = Paginator(stories, 12).get_page(request.GET.get("page"))
        return context


class ModelStoryPage(BasePage):
    """A "Dân vận khéo" (skilful mass mobilisation) model: who did what, where, and with what result."""

    # The `type` this page has in search results, filters and exports.
    search_type = "story"

    class Field(models.TextChoices):
        ECONOMY = "kinh-te", _("economy")
        CULTURE_SOCIETY = "van-hoa-xa-hoi", _("culture and society")
        DEFENCE_SECURITY = "quoc-phong-an-ninh", _("defence and security")
        POLITICAL_SYSTEM = "xay-dung-he-thong-chinh-tri", _("building the political system")

    class Level(models.TextChoices):
        PROVINCE = "province", _("province")
        COMMUNE = "commune", _("commune")
        AGENCY = "agency", _("agency")

    unit_name = models.CharField(_("unit"), max_length=300)
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
    body = StreamField(StoryBodyBlock(), verbose_name=_("story"), blank=True)

    content_panels = [
        *Page.content_panels,
        MultiFieldPanel(
            [
                FieldPanel("unit_name"),
                FieldPanel("area"),
                FieldPanel("field"),
                FieldPanel("recognition_level"),
                FieldPanel("recognition_year"),
            ],
            heading=_("Model"),
        ),
        FieldPanel("summary"),
        FieldPanel("body"),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("unit_name", boost=2),
        index.SearchField("summary", boost=2),
        index.SearchField("body"),
        index.FilterField("field"),
        index.FilterField("recognition_year"),
    ]
    parent_page_types = ["stories.StoryIndexPage"]
    subpage_types = []
    page_description = _('A "Dân vận khéo" model story')
    template = "pages/model_story_page.html"

    class Meta:
        verbose_name = _("model story")
        verbose_name_plural = _("model stories")
