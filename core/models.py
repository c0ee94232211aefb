from django.core.validators import FileExtensionValidator
from django.db import models
from django.templatetags.static import static
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import StreamField
from wagtail.models import Page, Site
from wagtail.search import index

from . import pages, prepared, shellcache
from .blocks import ContentBodyBlock, body_search_text
from .forms import BasePageForm
from .http import public_url
from .memo import once_per_request
from .pagecache import LISTINGS, page_tag
from .searchable import SearchablePage, SearchFacts, local_date
from .text import vietnamese_slug
from .validators import validate_emblem_size, validate_svg_content


@register_setting(icon="site")
class SiteSettings(BaseSiteSetting):
    """The portal's name and the publishing office's public contact details, edited in the admin.

    These are an office's published details (switchboard, public mailbox), not anybody's personal
    contact data, so they are shown in every page's footer.
    """

    site_name = models.CharField(_("site name"), max_length=200, default="Cổng lấy ý kiến và minh bạch chính sách")
    owner_name = models.CharField(_("owning organisation"), max_length=200, default="Ủy ban nhân dân tỉnh Hà Tĩnh")
    address = models.CharField(_("address"), max_length=300, blank=True)
    phone = models.CharField(_("phone"), max_length=50, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    office_hours = models.CharField(_("office hours"), max_length=200, blank=True)
    emblem = models.FileField(
        _("emblem"),
        upload_to="emblem/",
        blank=True,
        validators=[FileExtensionValidator(["svg"]), validate_emblem_size, validate_svg_content],
        help_text=_("The province's emblem as an SVG file of at most 100 KB, shown beside the site's name."),
    )
    # Issue 14 writes these pages; until they exist the footer simply leaves their links out.
    privacy_page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("privacy notice"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    accessibility_page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("accessibility statement"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    how_to_comment_page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("how to comment"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Linked from the footer and from every form that asks for personal data."),
    )

    panels = [
        FieldPanel("site_name"),
        FieldPanel("emblem"),
        MultiFieldPanel(
            [
                FieldPanel("owner_name"),
                FieldPanel("address"),
                FieldPanel("phone"),
                FieldPanel("email"),
                FieldPanel("office_hours"),
            ],
            heading=_("Public contact details shown in the footer"),
        ),
        MultiFieldPanel(
            [FieldPanel("privacy_page"), FieldPanel("accessibility_page"), FieldPanel("how_to_comment_page")],
            heading=_("Pages linked from the footer"),
        ),
    ]

    class Meta:
        verbose_name = _("site settings")
        verbose_name_plural = _("site settings")

    def __str__(self):
        return self.site_name

    @classmethod
    def for_site(cls, site):
        """Wagtail's, kept between requests while the site does not change (core.shellcache):
        every page's header and footer read it."""
        if site is None:
            return super().for_site(site)
        return shellcache.kept(("setting", cls._meta.label, site.pk), lambda: cls._read_for_site(site))

    @classmethod
    def _read_for_site(cls, site):
        """Wagtail's `for_site` (created when missing), its query compiled once per process
        (core.prepared)."""
        found = prepared.run(
            ("setting", cls._meta.label), lambda pk: cls.base_queryset().filter(site_id=pk).order_by(), site.pk
        )
        return found[0] if found else super().for_site(site)

    def linked_pages(self):
        """{"privacy": page, "accessibility": page, "how_to_comment": page} for those set and live,
        in one query for all three (none when none is set, or when the request has read them
        already as the home page's live children, core.pages.live_pages_read), once per settings
        object: Wagtail keeps one per request, read by the footer and by the forms' privacy hint
        alike."""
        cached = self.__dict__.get("_linked_pages")
        if cached is None:
            ids = {key: getattr(self, f"{key}_page_id") for key in ("privacy", "accessibility", "how_to_comment")}
            wanted = {pk for pk in ids.values() if pk}
            read = pages.live_pages_read()
            found = {pk: read[pk] for pk in wanted if pk in read}
            if wanted - found.keys():
                # Those not read with the menu already (the home page's live children); its SQL
                # compiled once per process (core.prepared).
                pages_found = prepared.run(
                    "linked_pages", lambda pks: Page.objects.live().filter(pk__in=pks), sorted(wanted - found.keys())
                )
                found.update((page.pk, page) for page in pages_found)
            cached = self.__dict__["_linked_pages"] = {key: found[pk] for key, pk in ids.items() if pk in found}
        return cached

    @property
    def emblem_url(self):
        """The emblem the province uploaded, else the neutral placeholder: the header and the
        browser's tab icon show the same one."""
        return self.emblem.url if self.emblem else static("img/emblem-placeholder.svg")


def site_settings():
    """The default site's settings, read once per request (core.memo)."""
    return once_per_request(("setting", SiteSettings._meta.label), lambda: SiteSettings.for_site(default_site()))


def default_site():
    return Site.objects.filter(is_default_site=True).first()


class BasePage(Page):
    """What every page type of the portal shares.

    `archive_id` is the identifier a page had in the archive it was imported from; the importer
    finds the page again by it, so importing the same file twice changes nothing.
    """

    # Unique where set (a constraint on each page type); blank for pages made in the admin.
    archive_id = models.CharField(_("archive identifier"), max_length=100, blank=True, editable=False)
    # A digest of the archive record last imported, so an unchanged record is left alone.
    archive_digest = models.CharField(max_length=64, blank=True, editable=False)

    # A copy made in the admin is a new page, not the archived record again.
    exclude_fields_in_copy = ["archive_id", "archive_digest"]

    # Offers only units and agencies that exist today, besides the page's own (core.forms).
    base_form_class = BasePageForm

    def get_full_url(self, request=None):
        """The page's absolute address at the site's public URL (`settings.PUBLIC_URL`), not at
        the host of the Site record or of the request: e-mails, exports, feeds and the API's
        `html_url` all give readers the same address."""
        url = self.get_url(request)
        return public_url(url) if url is not None else None

    # Wagtail's property is bound to its own method: point it at ours.
    full_url = property(get_full_url)

    # Serving in few queries (core.pages): the pages along a URL in one query, the view
    # restrictions in one; a type names the relations its page shows (joined when served).
    route = pages.route
    route_select_related = ()

    def get_view_restrictions(self):
        return pages.view_restrictions_for(self)

    class Meta:
        abstract = True
        constraints = [
            models.UniqueConstraint(
                fields=["archive_id"],
                condition=~models.Q(archive_id=""),
                name="%(app_label)s_%(class)s_unique_archive_id",
            )
        ]

    def cache_tags(self):
        """What the page's answers (its own and its sub-routes': comments, report, exports)
        depend on, for the page cache (core.pagecache): itself, and the whole site (always
        added). A page that lists other records adds `listings`."""
        return [page_tag(self)]

    def _set_core_field_defaults(self):
        # Wagtail fills an empty slug from the title keeping its diacritics, which browsers send
        # percent-encoded (/d%E1%BB%B1-th%E1%BA%A3o-.../, 300 characters): a new page's slug is
        # folded to ASCII instead, from its title or from the slug typed. A page that already
        # has a non-ASCII slug keeps it, and with it every link to it.
        if self.slug and not self.slug.isascii() and not self._is_stored_slug():
            self.slug = vietnamese_slug(self.slug) or ""
        if not self.slug and self._parent_is_known():
            base_slug = vietnamese_slug(self.title)
            if base_slug:
                self.slug = self._get_autogenerated_slug(base_slug)
        super()._set_core_field_defaults()

    def _parent_is_known(self):
        # As Wagtail's own check: siblings are needed to make the slug unique.
        return bool(self.path or getattr(self, "_cached_parent_obj", None))

    def _is_stored_slug(self):
        return bool(self.pk) and Page.objects.filter(pk=self.pk, slug=self.slug).exists()

    def save(self, *args, **kwargs):
        # Wagtail copies every field to an alias, and again each time the original is published,
        # ignoring exclude_fields_in_copy: an alias would take the archived record's identifier
        # and break its uniqueness. An alias is not the archived record.
        if self.alias_of_id:
            self.archive_id = self.archive_digest = ""
        return super().save(*args, **kwargs)


class IndexPage(BasePage):
    """A section of the site under the home page that lists one kind of content."""

    intro = models.TextField(_("introduction"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["home.HomePage"]
    max_count = 1

    def cache_tags(self):
        # It lists the pages of its section: any of them published, changed or answered shows here.
        return [*super().cache_tags(), LISTINGS]

    class Meta(BasePage.Meta):
        abstract = True


class ContentPage(SearchablePage, BasePage):
    """A page of plain information written by the site's editors: the privacy notice, the
    accessibility statement, how to comment, and the like. It may hold pages of its own kind.

    It belongs to the site, not to an agency: it lives beside the sections, where only the
    provincial administrators have page permissions (taxonomy.roles gives agencies theirs on
    their own sections only).
    """

    search_type = "page"
    search_type_label = _("Information pages")
    # Last among search's filters: readers come for the documents, dialogues and stories.
    search_type_order = 100

    intro = models.TextField(_("introduction"), blank=True, help_text=_("One or two sentences: what this page is for."))
    body = StreamField(ContentBodyBlock(), verbose_name=pgettext_lazy("content of a page", "body"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro"), FieldPanel("body")]
    search_fields = [
        *Page.search_fields,
        index.SearchField("search_text"),
        index.SearchField("folded_search_text"),
    ]
    parent_page_types = ["home.HomePage", "core.ContentPage"]
    subpage_types = ["core.ContentPage"]
    page_description = _("A page of information: the privacy notice, the accessibility statement, a guide")
    template = "pages/content_page.html"

    class Meta(BasePage.Meta):
        verbose_name = _("information page")
        verbose_name_plural = _("information pages")

    def search_facts(self):
        return SearchFacts(
            parts=[self.title, self.intro, *body_search_text(self.body)],
            date=local_date(self.last_published_at or self.first_published_at),
        )

    def cache_tags(self):
        # It lists its live sub-pages.
        return [*super().cache_tags(), LISTINGS]

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["contents"] = [
            (anchor, block.value["text"])
            for block in self.body
            if block.block_type == "heading"
            and block.value["level"] == "h2"
            and (anchor := vietnamese_slug(block.value["text"]))
        ]
        context["children"] = ContentPage.objects.child_of(self).live().exclude(pages.private_q())
        return context
