"""One search across the archive, the same on every backend.

The query is reduced to words (operators and quotes never reach a backend), then searched as
the words typed OR their folded forms, against pages that index both their text and its folded
copy: a query without diacritics finds text with them, and a page that has the exact words scores
on both forms, so it ranks above one that matches only once folded. A document number such as
"12/2024/NQ-HĐND" is matched exactly, in any spelling, and put first.
"""

import datetime
import logging
from dataclasses import dataclass

from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import mark_safe

from wagtail.models import Page
from wagtail.search.query import PlainText

from core.models import searchable_page_models
from core.text import fold

from .text import document_key, folded_words, looks_like_document_number, nfc, words

logger = logging.getLogger(__name__)

# Results are ranked and paged from at most this many candidates.
MAX_CANDIDATES = 500


@dataclass
class Result:
    page: object
    type: str
    date: datetime.date | None
    agency: str
    snippet: str
    status: str = ""
    agency_ids: frozenset = frozenset()
    sector_ids: frozenset = frozenset()
    area_ids: frozenset = frozenset()

    @property
    def title(self):
        return self.page.title

    @property
    def url(self):
        return self.page.url


def search_types():
    """{"policy": PolicyPage, "dialogue": DialoguePage, "story": ModelStoryPage} — from the models."""
    return {model.search_type: model for model in searchable_page_models()}


def query_terms(raw):
    """The words as typed (NFC, lower case), followed by their folded forms not already there."""
    typed = words(raw)
    terms = list(dict.fromkeys(typed + folded_words(raw)))
    return typed, terms[:32]


def page_date(page):
    for attribute in ("issued_on", "held_at", "adopted_on", "consultation_opens_at", "first_published_at"):
        value = getattr(page, attribute, None)
        if value:
            return timezone.localdate(value) if isinstance(value, datetime.datetime) else value
    return None


TAXONOMY_FIELDS = {"sectors": "sector_ids", "areas": "area_ids", "agencies_present": "agency_ids"}


def taxonomies(pages):
    """{page pk: {"agency_ids", "sector_ids", "area_ids"}} for all pages in a few queries.

    Foreign keys are read from the loaded pages; many-to-many links one query per relation and
    page type, never one per page.
    """
    found = {page.pk: {"agency_ids": set(), "sector_ids": set(), "area_ids": set()} for page in pages}
    by_model = {}
    for page in pages:
        by_model.setdefault(type(page), []).append(page)
        for attribute, key in (
            ("issuing_agency_id", "agency_ids"),
            ("drafting_agency_id", "agency_ids"),
            ("agency_id", "agency_ids"),
            ("area_id", "area_ids"),
        ):
            value = getattr(page, attribute, None)
            if value:
                found[page.pk][key].add(value)
    for model, members in by_model.items():
        for name, key in TAXONOMY_FIELDS.items():
            field = next((f for f in model._meta.get_fields() if f.name == name and f.many_to_many), None)
            if field is None:
                continue
            through = field.remote_field.through
            source, target = field.m2m_field_name(), field.m2m_reverse_field_name()
            rows = through.objects.filter(**{f"{source}_id__in": [p.pk for p in members]})
            for page_id, value in rows.values_list(f"{source}_id", f"{target}_id"):
                found[page_id][key].add(value)
    return found


def consultation_statuses(pages):
    """{page pk: status} for the drafts among `pages`: reports loaded in one query."""
    from consultations.models import ConsultationSettings, ResponseReport

    policies = [page for page in pages if page.search_type == "policy"]
    if not policies:
        return {}
    rules = ConsultationSettings.load()
    reports = {r.policy_id: r for r in ResponseReport.objects.filter(policy_id__in=[p.pk for p in policies])}
    statuses = {}
    for policy in policies:
        policy.__dict__["report"] = reports.get(policy.pk)  # fills the cached property
        consultation = policy.consultation_for(rules)
        if consultation is not None:
            statuses[policy.pk] = str(consultation.status)
        elif policy.adopted_on:
            statuses[policy.pk] = "adopted_without_consultation"
    return statuses


def agency_names(pages):
    from taxonomy.models import Agency

    ids = {getattr(p, "issuing_agency_id", None) or getattr(p, "agency_id", None) for p in pages} - {None}
    return Agency.objects.in_bulk(ids)


def page_agency(page, names):
    agency_id = getattr(page, "issuing_agency_id", None) or getattr(page, "agency_id", None)
    if agency_id in names:
        return names[agency_id].name
    return getattr(page, "unit_name", "")


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
        from django.conf import settings

        if "database" not in settings.WAGTAILSEARCH_BACKENDS:
            raise
        logger.warning("Search backend unavailable (%s); answering from the database index", error)
        return _run(queryset, query, "database")


def promoted_pages(raw_query):
    """Pages editors pinned for this query (Wagtail's search promotions), in their order."""
    from wagtail.contrib.search_promotions.models import SearchPromotion
    from wagtail.search.utils import normalise_query_string

    promotions = (
        SearchPromotion.objects.filter(query__query_string=normalise_query_string(raw_query), page__live=True)
        .select_related("page")
        .order_by("sort_order")
    )
    return [promotion.page.specific for promotion in promotions]


def rerank(pages, raw_query, typed):
    """Exact diacritics and whole phrases in a page's title or summary first; otherwise the
    backend's order. Backends score folded and exact matches alike (and SQLite favours short
    titles), so this is what makes "dần dần" find "Dần dần…" before "dân"."""
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
            position,
        )

    return [page for _, page in sorted(enumerate(pages), key=key)]


def search(raw_query, date_from=None, date_to=None, order="relevance"):
    """[Result] of every searchable type, best first (or newest first with order="date")."""
    typed, terms = query_terms(raw_query)
    if not terms:
        return []
    chosen = list(search_types().values())
    queryset = Page.objects.live().public().type(*chosen).specific()
    found = rerank(candidates(queryset, PlainText(" ".join(terms), operator="or")), raw_query, typed)

    promoted = promoted_pages(raw_query)
    if promoted:
        found = promoted + [page for page in found if page.pk not in {p.pk for p in promoted}]

    if looks_like_document_number(raw_query) and "policy" in {m.search_type for m in chosen}:
        from policies.models import PolicyPage

        exact = list(PolicyPage.objects.live().public().filter(document_number_key=document_key(raw_query)))
        found = exact + [page for page in found if page.pk not in {p.pk for p in exact}]

    names = agency_names(found)
    links = taxonomies(found)
    statuses = consultation_statuses(found)
    results = []
    for page in found:
        date = page_date(page)
        if (date_from and (date is None or date < date_from)) or (date_to and (date is None or date > date_to)):
            continue
        text = " ".join(part for part in [getattr(page, "summary", ""), page.title] if part)
        results.append(
            Result(
                page,
                page.search_type,
                date,
                page_agency(page, names),
                highlight(text, raw_query),
                statuses.get(page.pk, ""),
                **{key: frozenset(values) for key, values in links[page.pk].items()},
            )
        )
    if order == "date":
        results.sort(key=lambda r: r.date or datetime.date.min, reverse=True)
    return results
