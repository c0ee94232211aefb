"""One search across the archive, the same on every backend.

The query is reduced to words (operators and quotes never reach a backend), then searched as
the words typed OR their folded forms, against pages that index both their text and its folded
copy: a query without diacritics finds text with them, and a page that has the exact words scores
on both forms, so it ranks above one that matches only once folded. A document number such as
"12/2024/NQ-HĐND" is matched exactly, in any spelling, and put first, followed by the pages whose
text cites it.
"""

import datetime
import html
import json
import logging
from collections import Counter
from dataclasses import dataclass, field, replace

from django.conf import settings
from django.db import connection
from django.db.models import F, Q, TextField
from django.db.models.functions import Cast
from django.utils import timezone
from django.utils.html import escape, strip_tags
from django.utils.safestring import mark_safe

from wagtail.contrib.search_promotions.models import SearchPromotion
from wagtail.models import Page, PageViewRestriction
from wagtail.search.query import Phrase, PlainText
from wagtail.search.utils import normalise_query_string

from consultations.models import ConsultationSettings
from consultations.status import Consultation, Status
from core.searchable import searchable_page_models
from core.text import document_key, fold, folded_words, looks_like_document_number, nfc, words

from . import postgres
from .models import SearchDocument

logger = logging.getLogger(__name__)

# Results are ranked and paged from at most this many candidates.
MAX_CANDIDATES = 500
# Matches are counted up to this many; beyond, PostgreSQL's estimate is shown as "about".
COUNT_CAP = 500


@dataclass
class Result:
    page: object
    type: str
    date: datetime.date | None
    agency: str
    snippet: str
    updated_at: datetime.datetime | None = None

    @property
    def plain_snippet(self):
        """The snippet as plain text, for JSON, CSV and feeds: no marks, no HTML entities."""
        return html.unescape(strip_tags(self.snippet))

    @property
    def title(self):
        return self.page.title

    @property
    def url(self):
        return self.page.url


@dataclass(frozen=True)
class Hit:
    """A page that answers the query, as its search document describes it (no page loaded)."""

    page_id: int
    type: str
    date: datetime.date | None
    agency_ids: frozenset
    sector_ids: frozenset
    area_ids: frozenset
    status: str = ""


@dataclass(frozen=True)
class Filters:
    types: frozenset = frozenset()
    agency: int | None = None
    sector: int | None = None
    area: int | None = None
    status: str = ""
    date_from: datetime.date | None = None
    date_to: datetime.date | None = None

    def without_types(self):
        return replace(self, types=frozenset())

    def admit(self, hit, types=True):
        """Whether `hit` passes every filter (the type filter only if `types`)."""
        return (
            (not types or not self.types or hit.type in self.types)
            and (not self.agency or self.agency in hit.agency_ids)
            and (not self.sector or self.sector in hit.sector_ids)
            and (not self.area or self.area in hit.area_ids)
            and (not self.status or hit.status == self.status)
            and (not self.date_from or (hit.date is not None and hit.date >= self.date_from))
            and (not self.date_to or (hit.date is not None and hit.date <= self.date_to))
        )


@dataclass
class Found:
    """What a search found: `hits` best first (at most MAX_CANDIDATES), how many documents of each
    type match with the other filters (`type_counts`: exact up to COUNT_CAP matches in all,
    estimated beyond, see `approximate`), and `total`."""

    hits: list = field(default_factory=list)
    type_counts: Counter = field(default_factory=Counter)
    total: int = 0
    # True when there were too many matches to count: the counts are estimates.
    approximate: bool = False


def search_types():
    """{"policy": PolicyPage, "dialogue": DialoguePage, "story": ModelStoryPage}: every page type
    that declares itself searchable (core.searchable), in the order of its app."""
    return {model.search_type: model for model in searchable_page_models()}


def query_terms(raw):
    """The words as typed (NFC, lower case), followed by their folded forms not already there."""
    typed = words(raw)
    terms = list(dict.fromkeys(typed + folded_words(raw)))
    return typed, terms[:32]


def document_status(document, rules, moment):
    """The consultation status of a policy's search document ("" for anything else)."""
    if document.withdrawn_on and document.withdrawn_on <= timezone.localdate(moment):
        return str(Status.WITHDRAWN)
    if document.consultation_opens_at and document.consultation_closes_at:
        consultation = Consultation(
            opens_at=document.consultation_opens_at,
            closes_at=document.consultation_closes_at,
            response_published_at=document.response_published_at,
            response_limit_days=rules.response_limit_days,
            withdrawn_on=document.withdrawn_on,
        )
        return str(consultation.status_at(moment))
    if document.adopted_on:
        return "adopted_without_consultation"
    return ""


def highlight(text, raw_query, length=240):
    """A snippet of `text` with the query's words marked, HTML-escaped before marking."""
    wanted = set(folded_words(raw_query))
    tokens = nfc(text).split()
    first = next((i for i, token in enumerate(tokens) if set(folded_words(token)) & wanted), 0)
    start = max(0, first - 12)
    chosen, size = [], 0
    for token in tokens[start:]:
        if size > length:
            break
        chosen.append(token)
        size += len(token) + 1
    html = []
    for token in chosen:
        escaped = escape(token)
        html.append(f"<mark>{escaped}</mark>" if set(folded_words(token)) & wanted else escaped)
    prefix = "… " if start else ""
    suffix = " …" if start + len(chosen) < len(tokens) else ""
    return mark_safe(prefix + " ".join(html) + suffix)  # noqa: S308 - every token escaped above


def _run(queryset, query, backend_name):
    return list(queryset.search(query, backend=backend_name)[:MAX_CANDIDATES])


def candidates(queryset, query):
    """Search with the configured backend; if it is an unreachable server, with the database."""
    try:
        return _run(queryset, query, "default")
    except Exception as error:  # noqa: BLE001 - any transport error of an external search server
        if "database" not in settings.WAGTAILSEARCH_BACKENDS:
            raise
        logger.warning("Search backend unavailable (%s); answering from the database index", error)
        return _run(queryset, query, "database")


def promoted_pages(raw_query):
    """Pages editors pinned for this query (Wagtail's search promotions), in their order."""
    promotions = (
        SearchPromotion.objects.filter(query__query_string=normalise_query_string(raw_query), page__live=True)
        .select_related("page")
        .order_by("sort_order")
    )
    return [promotion.page.specific for promotion in promotions]


def rerank(pages, raw_query, typed, phrase_ids=frozenset()):
    """Exact diacritics and whole phrases in a page's title or summary first, then pages whose
    text holds the whole phrase (`phrase_ids`, from the backend); otherwise the backend's order.
    Backends score folded and exact matches alike (and SQLite favours short titles), so this is
    what makes "dần dần" find "Dần dần…" before "dân" on SQLite and Elasticsearch."""
    phrase = " ".join(typed)
    folded_phrase = " ".join(folded_words(raw_query))

    def key(item):
        position, page = item
        head = " ".join(words(f"{page.title} {getattr(page, 'summary', '')}"))
        folded_head = fold(head)
        exact_words = sum(1 for word in set(typed) if word in head.split())
        return (
            -(bool(phrase) and len(typed) > 1 and f" {phrase} " in f" {head} "),
            -exact_words,
            -(len(typed) > 1 and f" {folded_phrase} " in f" {folded_head} "),
            -(page.pk in phrase_ids),
            position,
        )

    return [page for _, page in sorted(enumerate(pages), key=key)]


def phrase_matches(queryset, raw_query, typed):
    """Ids of pages whose text holds the words side by side, in either spelling (the backend's
    phrase search: FTS5 phrases on SQLite, match_phrase on Elasticsearch)."""
    if len(typed) < 2:
        return frozenset()
    query = Phrase(" ".join(typed)) | Phrase(" ".join(folded_words(raw_query)))
    return frozenset(page.pk for page in candidates(queryset, query))


def _hit(document, rules, moment):
    return Hit(
        page_id=document.page_id,
        type=document.type,
        date=document.date,
        agency_ids=frozenset(document.agency_ids),
        sector_ids=frozenset(document.sector_ids),
        area_ids=frozenset(document.area_ids),
        status=document_status(document, rules, moment),
    )


def _uses_postgres_documents():
    backend = settings.WAGTAILSEARCH_BACKENDS["default"]["BACKEND"]
    return connection.vendor == "postgresql" and backend.startswith("wagtail.search.backends.database")


def _ranked_documents(raw_query, typed, filters, order):
    """(search documents best first, type counts or None): on PostgreSQL from the weighted
    vectors (search/postgres.py); elsewhere from the Wagtail backend, reranked here."""
    if _uses_postgres_documents():
        folded = folded_words(raw_query)
        documents = postgres.candidates(typed, folded, filters, MAX_CANDIDATES, newest_first=order == "date")
        # Tier, then cover density; the sort is stable, so newest first among equals.
        documents.sort(key=lambda candidate: (candidate.tier, -candidate.rank))
        counts, approximate = postgres.count_by_type(typed, folded, filters, search_types(), COUNT_CAP)
        return documents, Counter(counts), approximate
    _, terms = query_terms(raw_query)
    queryset = Page.objects.live().public().type(*search_types().values())
    found = candidates(queryset.specific(), PlainText(" ".join(terms), operator="or"))
    pages = rerank(found, raw_query, typed, phrase_matches(queryset, raw_query, typed))
    found = SearchDocument.objects.in_bulk([page.pk for page in pages])
    return [found[page.pk] for page in pages if page.pk in found], None, False


def citing(key):
    """A filter for the documents whose text cites the document number `key` (document_key):
    jsonb's @> through its GIN index on PostgreSQL; the list read as text elsewhere."""
    if connection.features.supports_json_field_contains:
        return SearchDocument.objects.filter(cited_keys__contains=[key])
    as_text = SearchDocument.objects.annotate(cited_text=Cast("cited_keys", TextField()))
    # The key as it is written inside the JSON list, quotes included: "33-ct-tu", not "133-ct-tu".
    return as_text.filter(cited_text__contains=json.dumps(key))


def _pinned_documents(raw_query):
    """Documents to put first: the document with this number, editors' promotions, then the
    pages citing the number, newest first."""
    number = document_key(raw_query) if looks_like_document_number(raw_query) else ""
    itself, cited_by = [], []
    if number:
        itself = list(SearchDocument.objects.filter(document_number_key=number).values_list("page_id", flat=True))
        newest = (F("date").desc(nulls_last=True), "-page_id")
        cited_by = list(citing(number).order_by(*newest).values_list("page_id", flat=True)[:MAX_CANDIDATES])
    pinned = itself + [page.pk for page in promoted_pages(raw_query)] + cited_by
    found = SearchDocument.objects.in_bulk(pinned)
    return [found[pk] for pk in dict.fromkeys(pinned) if pk in found]


def restricted_page_ids():
    """Pages that need a login or a password to be seen (none, on most sites: one query)."""
    paths = list(PageViewRestriction.objects.values_list("page__path", flat=True))
    if not paths:
        return set()
    within = Q()
    for path in paths:
        within |= Q(path__startswith=path)
    return set(Page.objects.filter(within).values_list("pk", flat=True))


def find(raw_query, filters=Filters(), order="relevance"):
    """Found: every searchable type, best first (or newest first with order="date")."""
    typed, terms = query_terms(raw_query)
    if not terms:
        return Found()
    documents, type_counts, approximate = _ranked_documents(raw_query, typed, filters, order)
    ranked_ids = {document.page_id for document in documents}
    pinned = _pinned_documents(raw_query)
    pinned_ids = {document.page_id for document in pinned}
    documents = pinned + [document for document in documents if document.page_id not in pinned_ids]

    # Documents exist for live pages only (and results() loads live pages only); pages behind a
    # login or a password are left out here.
    hidden = restricted_page_ids()
    rules, moment = ConsultationSettings.load(), timezone.now()
    hits = [_hit(document, rules, moment) for document in documents if document.page_id not in hidden]
    hits = [hit for hit in hits if filters.admit(hit, types=False)]
    if type_counts is None:
        type_counts = Counter(hit.type for hit in hits)
    else:
        # Pinned pages count even where their text does not hold the words.
        type_counts.update(hit.type for hit in hits if hit.page_id in pinned_ids - ranked_ids)
    hits = [hit for hit in hits if filters.admit(hit)]
    if order == "date":
        hits.sort(key=lambda hit: hit.date or datetime.date.min, reverse=True)
    total = sum(count for kind, count in type_counts.items() if not filters.types or kind in filters.types)
    if filters.status or len(hits) > total:
        total, approximate = len(hits), False  # statuses are worked out here, from the hits themselves
    return Found(hits=hits, type_counts=type_counts, total=total, approximate=approximate)


def results(hits, raw_query):
    """[Result] for these hits, in their order: pages loaded in a few queries, snippets marked."""
    ids = [hit.page_id for hit in hits]
    pages = Page.objects.live().filter(pk__in=ids).specific().in_bulk()
    bylines = {
        document.page_id: document.agency.name if document.agency else document.byline
        for document in SearchDocument.objects.filter(page_id__in=ids).select_related("agency")
    }
    found = []
    for hit in hits:
        page = pages.get(hit.page_id)
        if page is not None:
            text = " ".join(part for part in [getattr(page, "summary", ""), page.title] if part)
            found.append(
                Result(
                    page,
                    hit.type,
                    hit.date,
                    bylines.get(page.pk, ""),
                    highlight(text, raw_query),
                    updated_at=page.last_published_at,
                )
            )
    return found
