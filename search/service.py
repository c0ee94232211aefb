"""One search across the archive, the same on every backend.

The query is reduced to words (operators and quotes never reach a backend), then searched as
the words typed OR their folded forms, against pages that index both their text and its folded
copy: a query without diacritics finds text with them, and a page that has the exact words scores
on both forms, so it ranks above one that matches only once folded. A document number such as
"12/2024/NQ-HĐND" is matched exactly, in any spelling, and put first, followed by the pages whose
text cites it.
"""

import datetime
import functools
import html
import json
import logging
from collections import Counter
from dataclasses import dataclass, field, replace

from django.conf import settings
from django.db import connection
from django.db.models import F, Q, TextField, Value
from django.db.models.functions import Cast, Coalesce
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.safestring import mark_safe

from wagtail.contrib.search_promotions.models import SearchPromotion
from wagtail.models import Page, PageViewRestriction
from wagtail.search.backends import get_search_backend
from wagtail.search.query import Phrase, PlainText
from wagtail.search.utils import normalise_query_string

from consultations.models import ConsultationSettings
from consultations.status import Consultation, Status
from core.http import public_url
from core.pages import private_q
from core.searchable import searchable_page_models
from core.text import WORD, document_key, fold, folded_words, looks_like_document_number, nfc, words

from . import postgres, questions
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
    # The page's address, worked out with the request's copy of the sites' root paths (one
    # cache read for the whole list, not one per result).
    url: str | None = None

    @cached_property
    def full_url(self):
        """The page's absolute address, at the site's public URL (as BasePage.get_full_url gives
        it) from the address already worked out, not worked out a second time."""
        return public_url(self.url) if self.url is not None else None

    @property
    def plain_snippet(self):
        """The snippet as plain text, for JSON, CSV and feeds: no marks, no HTML entities.

        highlight() escaped every word and added nothing but <mark> and </mark>: taking those
        out and unescaping gives the words back (what strip_tags did, through an HTML parser)."""
        return html.unescape(self.snippet.replace("<mark>", "").replace("</mark>", ""))

    @property
    def title(self):
        return self.page.title

    @property
    def type_name(self):
        """The page's type in words, e.g. "policy document"."""
        return self.page.specific_class.get_verbose_name()


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

    @property
    def truncated(self):
        """More documents match than the hits list (they stop at MAX_CANDIDATES)."""
        return self.total > len(self.hits)


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


@functools.lru_cache(maxsize=20_000)
def _token_words(token):
    """The folded, lower-case words of one token of a snippet: folded once per process, not once
    per result (a page of results repeats most of its words, and so do the pages after it)."""
    return frozenset(WORD.findall(fold(token).lower()))


def highlight(text, raw_query, length=240):
    """A snippet of `text` with the query's words marked, HTML-escaped before marking."""
    wanted = set(folded_words(raw_query))
    tokens = nfc(text).split()

    def is_marked(token):
        return not wanted.isdisjoint(_token_words(token))

    first = next((i for i, token in enumerate(tokens) if is_marked(token)), 0)
    start = max(0, first - 12)
    chosen, size = [], 0
    for token in tokens[start:]:
        if size > length:
            break
        chosen.append(token)
        size += len(token) + 1
    # The standard library's escape, as Django's `escape` is (without its lazy-string wrapper).
    marked = [f"<mark>{html.escape(token)}</mark>" if is_marked(token) else html.escape(token) for token in chosen]
    prefix = "… " if start else ""
    suffix = " …" if start + len(chosen) < len(tokens) else ""
    return mark_safe(prefix + " ".join(marked) + suffix)  # noqa: S308 - every token escaped above


def _run(queryset, query, backend_name):
    """At most MAX_CANDIDATES pages matching `query`, newest first where the backend can."""
    if get_search_backend(backend_name).query_compiler_class.HANDLES_ORDER_BY_EXPRESSIONS:
        # A database backend (SQLite's FTS5) can keep the queryset's order: the newest matches, as
        # PostgreSQL takes each tier. Elasticsearch can sort only on its own fields: its best.
        newest = queryset.order_by(F("search_document__date").desc(nulls_last=True), F("pk").desc())
        return list(newest.search(query, backend=backend_name, order_by_relevance=False)[:MAX_CANDIDATES])
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


def promoted_page_ids(raw_query):
    """The pages editors pinned for this query (Wagtail's search promotions), in their order."""
    promotions = SearchPromotion.objects.filter(
        query__query_string=normalise_query_string(raw_query), page__live=True
    ).order_by("sort_order")
    return list(promotions.values_list("page_id", flat=True))


# ts_rank_cd's default weights of a vector's parts (search/postgres.py), times ten so that equal
# ranks are equal: title as typed (A), title folded (B), text as typed (C), text folded (D).
WEIGHTS = {"title": 10, "folded_title": 4, "text": 2, "folded_text": 1}
TITLE_PARTS = ("title", "folded_title")
# A tsvector keeps at most this many positions of one word, and ts_rank_cd counts those.
MAX_POSITIONS = 256


def python_tiers(words):
    """[(part, how, wanted)]: the tiers of search/postgres.py, strictest first, to check in Python,
    for a search.questions.Words.

    "Every word in either spelling" needs only the folded words: a word is in the text as typed
    only if its folded form is in the folded text. So do "most of the words" (`wanted` is then
    (how many, words)) and "any word".
    """
    typed, folded, key_typed, key_folded = words.typed, words.folded, words.key_typed, words.key_folded
    with_marks, keys_with_marks = typed != folded, key_typed != key_folded
    found = [
        ("title", "phrase", typed) if with_marks else None,
        ("title", "every", key_typed) if keys_with_marks else None,
        ("folded_title", "phrase", folded),
        ("folded_title", "every", key_folded),
        ("text", "phrase", typed) if with_marks else None,
        ("text", "every", key_typed) if keys_with_marks else None,
        ("folded_text", "phrase", folded),
        ("folded_text", "every", key_folded),
        ("folded_text", "most", (words.at_least, key_folded)) if words.at_least else None,
        ("folded_text", "any", key_folded),
    ]
    return [tier for tier in found if tier]


def query_words(raw_query, typed=None):
    """The search.questions.Words of a query: on PostgreSQL, a long question keeps its rarest key
    words by the statistics of the vectors."""
    typed = words(raw_query) if typed is None else typed
    frequency = postgres.frequency if postgres.in_use() else None
    return questions.words_of(typed, folded_words(raw_query), frequency)


class _Words:
    """One candidate's words, as its PostgreSQL vector holds them: title and text (which begins
    with the title), each as typed and folded; counted only when a tier or the rank needs it."""

    def __init__(self, title, document):
        self.parts = {"title": " ".join(words(title)), "folded_title": " ".join(folded_words(title))}
        # A document written while PostgreSQL's vectors ranked keeps no words: its title stands in.
        self.parts["text"] = document.text or self.parts["title"]
        self.parts["folded_text"] = document.folded_text or self.parts["folded_title"]
        self._counts = {}

    def counts(self, part):
        if part not in self._counts:
            self._counts[part] = Counter(self.parts[part].split())
        return self._counts[part]

    def holds(self, part, how, wanted):
        if how == "phrase":
            return f" {' '.join(wanted)} " in f" {self.parts[part]} "
        counts = self.counts(part)
        if how == "most":
            at_least, wanted = wanted
            return sum(word in counts for word in wanted) >= at_least
        return (all if how == "every" else any)(word in counts for word in wanted)

    def rank(self, terms, parts):
        """ts_rank_cd of any of the words over these parts: each position of one counts its
        part's weight."""
        return sum(WEIGHTS[part] * min(self.counts(part)[term], MAX_POSITIONS) for part in parts for term in terms)


def rerank(pages, documents, raw_query, typed):
    """The search documents of these pages ({page id: document}) in the order PostgreSQL gives
    them (search/postgres.py), worked out from the words each document keeps: by the strictest
    tier a page reaches, then by its rank, then newest first.

    Backends score a folded match like the exact one and a long text holding the words apart like
    a title holding them together; here "giá đắt" finds the page with "giá đắt" before the many
    with "giá đất", and "ho tro hien dat" the title "Hỗ trợ hiến đất…" before a long plan.
    """
    asked = query_words(raw_query, typed)
    tiers, terms = python_tiers(asked), asked.terms

    def key(page):
        document = documents[page.pk]
        found = _Words(page.title, document)
        tier = next((i for i, (part, how, wanted) in enumerate(tiers) if found.holds(part, how, wanted)), len(tiers))
        # As there, a title tier ranks by the title's vector alone, a text tier by the whole.
        parts = TITLE_PARTS if tier < len(tiers) and tiers[tier][0] in TITLE_PARTS else WEIGHTS
        newest = (document.date is None, -document.date.toordinal() if document.date else 0, -page.pk)
        return (tier, -found.rank(terms, parts), *newest)

    return [documents[page.pk] for page in sorted((page for page in pages if page.pk in documents), key=key)]


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


def _ranked_documents(raw_query, typed, filters, order):
    """(search documents best first, type counts or None): on PostgreSQL from the weighted
    vectors (search/postgres.py); elsewhere from the Wagtail backend, ranked here as there."""
    if postgres.in_use():
        documents, counts, approximate = postgres.search(
            query_words(raw_query, typed),
            filters,
            MAX_CANDIDATES,
            search_types(),
            COUNT_CAP,
            newest_first=order == "date",
        )
        # Tier, then cover density; the sort is stable, so newest first among equals.
        documents.sort(key=lambda candidate: (candidate.tier, -candidate.rank))
        return documents, Counter(counts), approximate
    pages = backend_candidates(raw_query, typed)
    documents = SearchDocument.objects.in_bulk([page.pk for page in pages])
    return rerank(pages, documents, raw_query, typed), None, False


def backend_queries(raw_query, typed):
    """What Wagtail's backend is asked, strictest first, as PostgreSQL asks its tiers: the phrase
    as typed, then folded, every key word as typed, then folded, then any key word in either
    spelling (which holds "most of the key words" of a long question, worked out in rerank)."""
    asked = query_words(raw_query, typed)
    with_marks, keys_with_marks = asked.typed != asked.folded, asked.key_typed != asked.key_folded
    several = len(asked.folded) > 1
    queries = [
        Phrase(" ".join(asked.typed)) if several and with_marks else None,
        Phrase(" ".join(asked.folded)) if several else None,
        PlainText(" ".join(asked.key_typed), operator="and") if keys_with_marks else None,
        PlainText(" ".join(asked.key_folded), operator="and") if len(asked.key_folded) > 1 else None,
        PlainText(" ".join(asked.terms), operator="or"),
    ]
    return [query for query in queries if query]


def backend_candidates(raw_query, typed):
    """Pages (as Wagtail's Page: only their titles are read) for rerank(): the matches of each
    query of backend_queries() in turn (see _run), until MAX_CANDIDATES are held. Asked only for
    any word, a backend's 500 could leave out the long text holding the whole phrase.

    What PostgreSQL asks first and a backend cannot: the title alone. Wagtail indexes the title
    as typed only, and SQLite's FTS5 folds "â" but not "ấ" nor "đ", so "dat" would not find the
    title "Giá đất". Past 500 matches of a query, a title match can be left out here."""
    queryset = Page.objects.live().exclude(private_q()).type(*search_types().values())
    found = {}
    for query in backend_queries(raw_query, typed):
        for page in candidates(queryset, query):
            found.setdefault(page.pk, page)
        if len(found) >= MAX_CANDIDATES:
            break
    return list(found.values())[:MAX_CANDIDATES]


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
    pinned = itself + promoted_page_ids(raw_query) + cited_by
    found = SearchDocument.objects.defer("text", "folded_text").in_bulk(pinned)
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


# What a result reads of its page: its title, address, type and feed entry (and its summary).
RESULT_FIELDS = ("title", "url_path", "path", "depth", "content_type", "locale", "translation_key", "last_published_at")


def _path_from_page(model):
    """The lookup from Page down to a page type's own table ("policypage"), through each
    multi-table parent in between."""
    names = []
    while model is not Page:
        model, link = next((parent, link) for parent, link in model._meta.parents.items() if issubclass(parent, Page))
        names.append(link.related_query_name())
    return "__".join(reversed(names))


def _has_summary(model):
    return any(f.name == "summary" for f in model._meta.concrete_fields)


def result_pages(hits):
    """{page id: (live page, byline)} for these hits, in one query whatever their types: each page
    made an instance of its own type holding only what a result shows (its summary joined from
    its type's table; a body is never read), as `.only()` would make it; the byline is its search
    document's agency name, or else the document's byline.

    One query for every type, not one per type: each of those cost more to build than to run."""
    types = search_types()
    kinds = {hit.page_id: types[hit.type] for hit in hits if hit.type in types}
    if not kinds:
        return {}
    summaries = [F(f"{_path_from_page(model)}__summary") for model in types.values() if _has_summary(model)]
    attnames = ["id", *(Page._meta.get_field(name).attname for name in RESULT_FIELDS)]
    rows = (
        Page.objects.live()
        .filter(pk__in=list(kinds))
        .values_list(
            *attnames,
            Coalesce(*summaries, Value(""), output_field=TextField()),
            "search_document__agency__name",
            "search_document__byline",
        )
    )
    found = {}
    for *page_values, summary, agency_name, byline in rows:
        model = kinds[page_values[0]]
        values = dict(zip(attnames, page_values, strict=True))
        values[model._meta.pk.attname] = values["id"]
        if _has_summary(model):
            values["summary"] = summary
        fields = [f.attname for f in model._meta.concrete_fields if f.attname in values]
        page = model.from_db(rows.db, fields, [values[name] for name in fields])
        found[page.pk] = (page, agency_name if agency_name is not None else byline or "")
    return found


def results(hits, raw_query, request=None):
    """[Result] for these hits, in their order: pages loaded in one query, snippets marked;
    addresses as seen from `request` (Page.get_url)."""
    pages = result_pages(hits)
    found = []
    for hit in hits:
        page, byline = pages.get(hit.page_id, (None, ""))
        if page is not None:
            text = " ".join(part for part in [getattr(page, "summary", ""), page.title] if part)
            found.append(
                Result(
                    page,
                    hit.type,
                    hit.date,
                    byline,
                    highlight(text, raw_query),
                    updated_at=page.last_published_at,
                    url=page.get_url(request),
                )
            )
    return found
