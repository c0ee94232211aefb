"""The scorecard page: every agency's figures for a year, one agency over the years, the method,
and the files to take away (issue 15). The figures come from `scorecard.figures`; the pages only
show them (`scorecard.views`)."""

from django.utils.translation import gettext_lazy as _

from wagtail.contrib.routable_page.models import RoutablePageMixin, path

from core.models import IndexPage
from core.pages import site_section

from . import views


class ScorecardPage(RoutablePageMixin, IndexPage):
    """How each agency consults, answers and keeps its word, year by year, computed from the
    records. One per site, under the home page.

    Cached for readers like every listing (`IndexPage.cache_tags`: the page and `listings`,
    which a page published, a comment moderated or answered, a report or a commitment saved
    bump), and never past midnight (what is overdue changes by the day)."""

    subpage_types = []
    page_description = _("The agencies' scorecard: consultations, answers and commitments kept, per year")
    template = "scorecard/scorecard_page.html"

    class Meta(IndexPage.Meta):
        verbose_name = _("agency scorecard")

    @classmethod
    def for_request(cls, request):
        """The site's live scorecard page, among the home page's sections (read once per request
        with the menu), or None."""
        page = site_section(request, cls)
        # As its own type without a query: its own fields (the intro) are read only if used.
        return page.specific_deferred if page is not None else None

    @classmethod
    def headline(cls, request):
        """The province's headline figures of the current year for the home page, or None when
        the site has no scorecard (scorecard.views.province_headline)."""
        page = cls.for_request(request)
        return views.province_headline(request, page) if page is not None else None

    @path("")
    def table(self, request):
        """Every agency's figures for `?nam=` (the current year by default), sorted by
        `?sap-xep=` (a figure's key, `-key` for the largest first)."""
        return views.scorecard_table(request, self)

    @path("phuong-phap/")
    def method(self, request):
        return views.method_page(request, self)

    @path("co-quan/<slug:slug>/")
    def agency(self, request, slug):
        return views.agency_page(request, self, slug)

    @path("co-quan/<slug:slug>/<str:export_format>/")
    def agency_export(self, request, slug, export_format):
        return views.agency_export(request, self, slug, export_format)

    @path("<int:year>/<str:export_format>/")
    def year_export(self, request, year, export_format):
        return views.year_export(request, self, year, export_format)


def open_data_section(request):
    """The scorecard's files on the open data page (consultations.opendata), or nothing while
    the site has no scorecard page."""
    page = ScorecardPage.for_request(request)
    return views.open_data_links(request, page) if page is not None else None
