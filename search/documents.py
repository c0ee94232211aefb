"""Keep each live searchable page's SearchDocument (search/models.py) up to date.

Everything a document holds comes from the page's declared `search_facts()` (core.searchable).
"""

from django.db import connection

from wagtail.models import Page

from core.searchable import searchable_page_models
from core.text import cited_document_numbers, document_key, fold, folded_words, nfc, words

from . import postgres
from .models import SearchDocument


def refresh(pages):
    """Write the documents of these specific pages; remove those of pages no longer live."""
    live = [page for page in pages if page.live and page.search_type]
    live_ids = {page.pk for page in live}
    gone = [page.pk for page in pages if page.pk not in live_ids]
    if gone:
        SearchDocument.objects.filter(page_id__in=gone).delete()
    if not live:
        return
    # Where PostgreSQL's vectors rank, the words would only be a second copy of the text.
    keep_words = not postgres.in_use()
    documents = []
    for page in live:
        facts = page.facts_for_search()
        number_key = _number_key(facts.document_number)
        documents.append(
            SearchDocument(
                page_id=page.pk,
                type=page.search_type,
                date=facts.date,
                agency_ids=sorted(facts.agency_ids),
                sector_ids=sorted(facts.sector_ids),
                area_ids=sorted(facts.area_ids),
                consultation_opens_at=facts.consultation_opens_at,
                consultation_closes_at=facts.consultation_closes_at,
                response_published_at=facts.response_published_at,
                adopted_on=facts.adopted_on,
                withdrawn_on=facts.withdrawn_on,
                agency_id=facts.agency_id,
                byline=facts.byline[:300],
                document_number_key=number_key[:100],
                cited_keys=[key for key in cited_document_numbers(facts.text) if key != number_key],
                text=" ".join(words(facts.text)) if keep_words else "",
                folded_text=" ".join(folded_words(facts.text)) if keep_words else "",
            )
        )
    fields = [f.name for f in SearchDocument._meta.concrete_fields if f.name not in ("page", "vector", "title_vector")]
    SearchDocument.objects.bulk_create(documents, update_conflicts=True, unique_fields=["page"], update_fields=fields)
    if connection.vendor == "postgresql":
        _write_vectors(live)


def _number_key(document_number):
    """The canonical key of a page's own document number: of the number within the field if
    there is one ("Số 33-CT/TU"), else of the whole field."""
    cited = cited_document_numbers(document_number)
    return cited[0] if cited else document_key(document_number)


def _write_vectors(pages):
    """The weighted vector: title as typed (A), title folded (B), text as typed (C), folded (D)."""
    rows, params = [], []
    for page in pages:
        title, body = nfc(page.title).lower(), page.search_text().lower()
        rows.append("(%s::integer, %s, %s, %s, %s)")
        params += [page.pk, title, fold(title), body, fold(body)]
    with connection.cursor() as cursor:
        cursor.execute(
            f"""
            UPDATE search_searchdocument AS d SET
                title_vector = setweight(to_tsvector('simple', v.title), 'A')
                    || setweight(to_tsvector('simple', v.ftitle), 'B'),
                vector = setweight(to_tsvector('simple', v.title), 'A')
                    || setweight(to_tsvector('simple', v.ftitle), 'B')
                    || setweight(to_tsvector('simple', v.body), 'C') || setweight(to_tsvector('simple', v.fbody), 'D')
            FROM (VALUES {", ".join(rows)}) AS v(id, title, ftitle, body, fbody)
            WHERE d.page_id = v.id
            """,  # noqa: S608 - only placeholders are interpolated
            params,
        )


def missing():
    """Live searchable pages that have no search document (a database older than them)."""
    return Page.objects.live().type(*searchable_page_models()).filter(search_document__isnull=True)


def rebuild(batch_size=500, log=None):
    """Every live searchable page's document, written again; documents of other pages removed."""
    models = searchable_page_models()
    SearchDocument.objects.exclude(page__in=Page.objects.live().type(*models)).delete()
    done = 0
    for model in models:
        ids = list(model.objects.live().order_by("pk").values_list("pk", flat=True))
        for start in range(0, len(ids), batch_size):
            refresh(list(model.objects.filter(pk__in=ids[start : start + batch_size])))
            done += len(ids[start : start + batch_size])
            if log:
                log(done)
    return done
