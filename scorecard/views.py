"""What the scorecard's pages show: the table of agencies for a year, one agency over the years,
the method, and the files (`ScorecardPage`'s routes).

Every figure links to the records behind it: the register (`/van-ban/`) filtered by the agency a
record counts for and the date that puts it in the year, the tracker filtered by agency, year and
status. The links are built here from the same rules `scorecard.definitions` states.
"""

import logging
from urllib.parse import urlencode

from django.core.cache import cache
from django.http import Http404
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from core import pagecache
from core.memo import once_per_request
from core.pages import site_section
from dialogues.models import Commitment, CommitmentTrackerPage, DialogueIndexPage
from policies.filters import PolicyFilter
from policies.models import PolicyIndexPage
from taxonomy.models import Agency

from . import exports
from .charts import Bar, Series
from .definitions import (
    CHANNELS,
    COMMENTS,
    DOCUMENTS,
    FIGURES,
    FIGURES_BY_KEY,
    GROUPS,
    METHOD,
    REPORTS,
    Kind,
    figures_in,
)
from .figures import agency_history, current_year, scorecard_for_year
from .figures import scorecard_years as _scorecard_years

logger = logging.getLogger(__name__)

YEAR_PARAM = "nam"
SORT_PARAM = "sap-xep"
NAME = "ten"
EXPORT_FORMATS = ("csv", "json")
# The groups of figures about the drafts closed in a year (the rest of "documents" is about the
# documents adopted in it).
CONSULTATION_GROUPS = (COMMENTS, CHANNELS, REPORTS, DOCUMENTS)

# The columns of the table of agencies, in order: the main figure of each group. Every figure is on
# an agency's own page and in the files.
TABLE_KEYS = [
    "documents_issued",
    "share_adopted_after",
    "consultations",
    "short_windows",
    "comments_received",
    "share_answered",
    "reports_overdue",
    "commitments_made",
    "share_commitments_on_time",
]
# The figures shown as bar charts across agencies, and on the home page.
CHART_KEYS = ["share_adopted_after", "share_answered", "share_commitments_on_time"]
HEADLINE_KEYS = ["documents_issued", "share_adopted_after", "comments_received", "share_answered", "commitments_made"]


def scorecard_years():
    """The years with any record, newest first: read once per request."""
    return once_per_request("scorecard_years", _scorecard_years)


# --- Numbers as readers read them -------------------------------------------------------------


def display(definition, value):
    """A figure as the page shows it: a count, a percentage (one decimal at most) or days, in
    the site's number format; "—" when there is none (nothing to divide by, no value)."""
    if value is None:
        return "—"
    if definition.kind == Kind.SHARE:
        percent = round(value * 100, 1)
        return f"{number_format(percent, 0 if percent == int(percent) else 1)} %"
    if definition.kind == Kind.DAYS:
        return number_format(value, 0 if value == int(value) else 1)
    return number_format(value, 0, force_grouping=True)


def cell(definition, figures, links):
    value = definition.value_of(figures)
    return {
        "key": definition.key,
        "year": figures.year,
        "definition": definition,
        "value": value,
        "text": display(definition, value),
        "url": links.get(definition.key, "") if value else "",
    }


# --- The records behind a figure --------------------------------------------------------------


class RecordLinks:
    """The lists that show the records behind each figure of an agency (or the province, with
    no agency) in a year. The register and the tracker are found once per request."""

    def __init__(self, request):
        register = site_section(request, PolicyIndexPage)
        self.register = register.get_url(request) if register else ""
        self.tracker = CommitmentTrackerPage.url_for(request)
        dialogues = site_section(request, DialogueIndexPage)
        self.dialogues = dialogues.get_url(request) if dialogues else ""

    @staticmethod
    def _url(base, **params):
        if not base:
            return ""
        query = urlencode([(name, value) for name, value in params.items() if value not in (None, "")])
        return f"{base}?{query}" if query else base

    def for_figures(self, agency, year):
        agency_id = agency.pk if agency is not None else None
        issuing = {"agency": agency_id, "agency_role": PolicyFilter.ISSUING if agency_id else ""}
        drafting = {"agency": agency_id, "agency_role": PolicyFilter.DRAFTING if agency_id else ""}
        issued = lambda status="": self._url(self.register, **issuing, adopted_in=year, status=status)  # noqa: E731
        consulted = lambda status="": self._url(self.register, **drafting, closed_in=year, status=status)  # noqa: E731
        tracked = lambda status="": self._url(self.tracker, agency=agency_id, year=year, status=status)  # noqa: E731
        links = {
            "documents_issued": issued(),
            "adopted_after_consultation": issued(PolicyFilter.ADOPTED_AFTER_CONSULTATION),
            "share_adopted_after": issued(PolicyFilter.ADOPTED_AFTER_CONSULTATION),
            "adopted_without_consultation": issued(PolicyFilter.ADOPTED_WITHOUT_CONSULTATION),
            "share_adopted_without": issued(PolicyFilter.ADOPTED_WITHOUT_CONSULTATION),
            "reports_published": consulted("response_published"),
            "reports_on_time": consulted(PolicyFilter.REPORT_ON_TIME),
            "reports_overdue": consulted(PolicyFilter.REPORT_LATE),
            "commitments_made": tracked(),
            "commitments_done_on_time": tracked(Commitment.Status.DONE),
            "commitments_done_late": tracked(Commitment.Status.DONE),
            "commitments_overdue": tracked("overdue"),
            "commitments_cannot_be_done": tracked(Commitment.Status.CANNOT_BE_DONE),
            "share_commitments_on_time": tracked(),
            # The dialogues it organised in the year, each with its questions.
            "dialogues_held": self._url(self.dialogues, agency=agency_id, year=year),
            "questions_before": self._url(self.dialogues, agency=agency_id, year=year),
            "questions_during": self._url(self.dialogues, agency=agency_id, year=year),
        }
        # Consultations, their comments and their reports: the drafts closed in the year, each
        # with its comments received and published and its answer (each links to its comments).
        consultations = consulted()
        for definition in FIGURES:
            if definition.group in CONSULTATION_GROUPS:
                links.setdefault(definition.key, consultations)
        return {key: url for key, url in links.items() if url}


# --- The table of agencies --------------------------------------------------------------------


def chosen_year(request):
    """The year asked for with `?nam=`, or the current one; 404 for a year with no record
    (nor the current one) or for what is not a year."""
    raw = request.GET.get(YEAR_PARAM, "")
    this_year = current_year()
    if not raw:
        return this_year
    if not raw.isdigit() or len(raw) != 4:
        raise Http404
    year = int(raw)
    if year != this_year and year not in scorecard_years():
        raise Http404
    return year


def chosen_sort(request):
    """(key, descending) from `?sap-xep=` (`-key` for the largest first); by name otherwise."""
    raw = request.GET.get(SORT_PARAM, "")
    descending = raw.startswith("-")
    key = raw.removeprefix("-")
    if key not in TABLE_KEYS:
        return NAME, False
    return key, descending


def sorted_rows(rows, key, descending):
    """Rows sorted by one figure, agencies without a value (None) last whichever the direction;
    equal values keep the order by name."""
    if key == NAME:
        return list(rows)
    definition = FIGURES_BY_KEY[key]
    with_value = [row for row in rows if definition.value_of(row[1]) is not None]
    without = [row for row in rows if definition.value_of(row[1]) is None]
    # Python's sort is stable both ways: equal values stay in the order by name.
    with_value.sort(key=lambda row: definition.value_of(row[1]), reverse=descending)
    return with_value + without


def column_headers(year, key, descending):
    """Each column's header: its label, the link that sorts by it (largest first, then smallest
    first when it is already so), and its aria-sort."""
    headers = []
    for column in [NAME, *TABLE_KEYS]:
        current = column == key
        if column == NAME:
            label, param = _("Agency"), ""
            sort = "ascending" if current else ""
        else:
            definition = FIGURES_BY_KEY[column]
            label = definition.short_label
            param = column if current and descending else f"-{column}"
            sort = ("descending" if descending else "ascending") if current else ""
        query = {YEAR_PARAM: year}
        if param:
            query[SORT_PARAM] = param
        headers.append(
            {
                "key": column,
                "label": label,
                "title": FIGURES_BY_KEY[column].label if column != NAME else label,
                "url": "?" + urlencode(query),
                "aria_sort": sort,
            }
        )
    return headers


def sort_options(key, descending):
    """The orders the year form offers (the column headings sort too, but a phone shows the
    table as cards, without them): [(value, label, selected)]."""
    options = [("", _("Agency name"), key == NAME)]
    for column in TABLE_KEYS:
        label = FIGURES_BY_KEY[column].label
        options.append((f"-{column}", _("%(figure)s, largest first") % {"figure": label}, key == column and descending))
        options.append((column, _("%(figure)s, smallest first") % {"figure": label}, key == column and not descending))
    return options


def table_context(request, page, year, key, descending):
    scorecard = scorecard_for_year(year)
    links = RecordLinks(request)
    columns = [FIGURES_BY_KEY[k] for k in TABLE_KEYS]
    rows = []
    for agency, figures in sorted_rows(scorecard.rows, key, descending):
        # An agency's links are built once for its row, not once per cell.
        agency_links = links.for_figures(agency, year)
        rows.append(
            {
                "agency": agency,
                "url": page.url + page.reverse_subpage("agency", args=[agency.slug]),
                "cells": [cell(definition, figures, agency_links) for definition in columns],
                "figures": figures,
            }
        )
    province_links = links.for_figures(None, year)
    years = sorted({current_year(), *scorecard_years()}, reverse=True)
    return {
        "scorecard": scorecard,
        "year": year,
        "years": years,
        "is_current_year": year == current_year(),
        "sort_key": key,
        "sort_options": sort_options(key, descending),
        "headers": column_headers(year, key, descending),
        "rows": rows,
        "province": [cell(definition, scorecard.province, province_links) for definition in columns],
        "charts": chart_bars(page, scorecard),
        "method_url": page.url + page.reverse_subpage("method"),
        "csv_url": page.url + page.reverse_subpage("year_export", args=[year, "csv"]),
        "json_url": page.url + page.reverse_subpage("year_export", args=[year, "json"]),
    }


def chart_bars(page, scorecard):
    """[(definition, [Bar])] for the bar charts across agencies: the agencies with a value only
    (an agency with nothing to divide by has no bar), each bar linking to the agency's page."""
    charts = []
    for key in CHART_KEYS:
        definition = FIGURES_BY_KEY[key]
        bars = [
            Bar(
                label=agency.name,
                value=definition.value_of(figures),
                url=page.url + page.reverse_subpage("agency", args=[agency.slug]),
            )
            for agency, figures in scorecard.rows
            if definition.value_of(figures) is not None
        ]
        charts.append((definition, bars))
    return charts


def year_series(history):
    """[Series] of the shares shown as year-on-year lines on an agency's page."""
    return [
        Series(
            label=str(FIGURES_BY_KEY[key].label),
            points=[(figures.year, FIGURES_BY_KEY[key].value_of(figures)) for figures in history],
        )
        for key in CHART_KEYS
    ]


def scorecard_table(request, page):
    year = chosen_year(request)
    key, descending = chosen_sort(request)
    context = page.get_context(request)
    context.update(table_context(request, page, year, key, descending))
    return TemplateResponse(request, page.get_template(request), context)


# --- The home page's headline figures ----------------------------------------------------------

# How long the province's headline figures are kept at most; a page published, a comment
# moderated or answered, a report or a commitment saved (`listings`) or a rule or agency changed
# (`site`) makes them be computed afresh at once, and so does a new day.
HEADLINE_SECONDS = 300


def province_headline(request, page):
    """The province's headline figures for the current year, for the home page, with a link to
    the scorecard `page`: {"year", "figures": [(definition, text)], "url"}.

    Computing a year's figures takes a few queries over every record of the year; the home page
    has none to spare (its budget is 12). The figures are the same for every reader, so they are
    kept in the shared cache under the versions of the page cache's `site` and `listings` tags
    (core.pagecache: what bumps them is what changes a figure) and today's date (what is overdue
    changes by the day): the next request after a change computes them again.
    """
    year = current_year()
    try:
        versions = pagecache.tag_versions([pagecache.SITE, pagecache.LISTINGS])
        day = timezone.localdate().isoformat()
        key = f"scorecard:headline:{day}:{versions[pagecache.SITE]}:{versions[pagecache.LISTINGS]}"
        values = cache.get(key)
    except Exception:
        # The cache does not answer: the figures are computed for this request.
        logger.exception("Scorecard: could not read the headline figures from the cache")
        key = values = None
    if values is None:
        figures = scorecard_for_year(year).province
        values = [FIGURES_BY_KEY[k].value_of(figures) for k in HEADLINE_KEYS]
        if key is not None:
            try:
                cache.set(key, values, HEADLINE_SECONDS)
            except Exception:
                logger.exception("Scorecard: could not keep the headline figures in the cache")
    return {
        "year": year,
        "figures": [
            (FIGURES_BY_KEY[k], display(FIGURES_BY_KEY[k], value))
            for k, value in zip(HEADLINE_KEYS, values, strict=True)
        ],
        "url": page.get_url(request),
    }


# --- One agency over the years ----------------------------------------------------------------


def agency_or_404(slug):
    agency = Agency.objects.filter(slug=slug).first()
    if agency is None:
        raise Http404
    return agency


def history_groups(history, links_for):
    """[(group, [(definition, [cell per year])])] for every figure, group by group."""
    groups = []
    for group in GROUPS:
        rows = []
        for definition in figures_in(group.key):
            rows.append((definition, [cell(definition, figures, links_for(figures.year)) for figures in history]))
        groups.append((group, rows))
    return groups


def agency_page(request, page, slug):
    agency = agency_or_404(slug)
    history = agency_history(agency)
    links = RecordLinks(request)
    memo = {}

    def links_for(year):
        if year not in memo:
            memo[year] = links.for_figures(agency, year)
        return memo[year]

    context = page.get_context(request)
    context.update(
        {
            "agency": agency,
            "history": history,
            # An agency with no record has one all-zero year: the page says so instead of a table.
            "has_records": any(not figures.is_empty for figures in history),
            "years": [figures.year for figures in history],
            "groups": history_groups(history, links_for),
            "series": year_series(history),
            "parent_agency": agency.parent,
            "sub_agencies": list(agency.children.order_by("name")),
            "method_url": page.url + page.reverse_subpage("method"),
            "csv_url": page.url + page.reverse_subpage("agency_export", args=[agency.slug, "csv"]),
            "json_url": page.url + page.reverse_subpage("agency_export", args=[agency.slug, "json"]),
        }
    )
    return TemplateResponse(request, "scorecard/agency_page.html", context)


# --- The method --------------------------------------------------------------------------------


def method_page(request, page):
    context = page.get_context(request)
    context.update(
        {
            "rules": METHOD,
            "groups": [(group, figures_in(group.key)) for group in GROUPS],
            "open_data_url": reverse("open_data"),
        }
    )
    return TemplateResponse(request, "scorecard/method_page.html", context)


# --- Files ------------------------------------------------------------------------------------


def open_data_links(request, page):
    """The scorecard `page`'s files, for the open data page (consultations.opendata): one CSV
    and one JSON per year with records, the method, and where each agency's own files are."""
    # The years listed change with the records.
    pagecache.declare(request, pagecache.LISTINGS)
    links = []
    for year in sorted({current_year(), *scorecard_years()}, reverse=True):
        for export_format in EXPORT_FORMATS:
            label = _("Agency scorecard %(year)s, %(format)s file") % {"year": year, "format": export_format.upper()}
            links.append((label, page.url + page.reverse_subpage("year_export", args=[year, export_format])))
    links.append((_("How each figure is computed"), page.url + page.reverse_subpage("method")))
    return {
        "id": "bang-diem",
        "heading": _("Agency scorecard"),
        "text": _(
            "Each agency's figures for a year (documents, consultations, comments and answers, "
            "response reports, dialogues and commitments), computed from the records above, with a "
            "row for the whole province; each agency's page also has its figures over the years as "
            "CSV and JSON. The columns are the figures' keys, defined on the method page."
        ),
        "links": links,
    }


def year_export(request, page, year, export_format):
    if export_format not in EXPORT_FORMATS or (year != current_year() and year not in scorecard_years()):
        raise Http404
    scorecard = scorecard_for_year(year)
    return exports.scorecard_csv(scorecard) if export_format == "csv" else exports.scorecard_json(scorecard)


def agency_export(request, page, slug, export_format):
    if export_format not in EXPORT_FORMATS:
        raise Http404
    agency = agency_or_404(slug)
    history = agency_history(agency)
    return exports.agency_csv(agency, history) if export_format == "csv" else exports.agency_json(agency, history)
