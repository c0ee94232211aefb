"""Keep each live searchable page's SearchDocument (search/models.py) up to date."""

import datetime

from django.db import connection
from django.utils import timezone

from wagtail.models import Page

from core.text import fold

from .models import SearchDocument
from .text import nfc

TAXONOMY_RELATIONS = {"sectors": "sector_ids", "areas": "area_ids", "agencies_present": "agency_ids"}
TAXONOMY_KEYS = {"issuing_agency_id": "agency_ids", "drafting_agency_id": "agency_ids", "agency_id": "agency_ids"}


def page_date(page):
    """The date a page is known by: issued, held, adopted, consulted, or first published."""
    for attribute in ("issued_on", "held_at", "adopted_on", "consultation_opens_at", "first_published_at"):
        value = getattr(page, attribute, None)
        if value:
            return timezone.localdate(value) if isinstance(value, datetime.datetime) else value
    return None


def linked_ids(pages):
    """{page pk: {"sector_ids", "area_ids", "agency_ids"}} from many-to-many links in the
    database: one query per relation and page type, never one per page."""
    found = {page.pk: {"agency_ids": set(), "sector_ids": set(), "area_ids": set()} for page in pages}
    by_model = {}
    for page in pages:
        by_model.setdefault(type(page), []).append(page.pk)
    for model, ids in by_model.items():
        for name, key in TAXONOMY_RELATIONS.items():
            field = next((f for f in model._meta.get_fields() if f.name == name and f.many_to_many), None)
            if field is None:
                continue
            source, target = field.m2m_field_name(), field.m2m_reverse_field_name()
            rows = field.remote_field.through.objects.filter(**{f"{source}_id__in": ids})
            for page_id, value in rows.values_list(f"{source}_id", f"{target}_id"):
                found[page_id][key].add(value)
    return found


def taxonomy_ids(page, linked=None):
    """{"agency_ids", "sector_ids", "area_ids"}: sorted ids. Many-to-many values are read from the
    instance (so a page being saved counts with the values it is being saved with) unless
    `linked` already holds them from the database."""
    found = {"agency_ids": set(), "sector_ids": set(), "area_ids": set()}
    for attribute, key in TAXONOMY_KEYS.items():
        if getattr(page, attribute, None):
            found[key].add(getattr(page, attribute))
    if getattr(page, "area_id", None):
        found["area_ids"].add(page.area_id)
    if linked is not None:
        for key, values in linked.items():
            found[key] |= set(values)
    else:
        for relation, key in TAXONOMY_RELATIONS.items():
            if hasattr(page, relation):
                found[key] |= {item.pk for item in getattr(page, relation).all()}
    return {key: sorted(values) for key, values in found.items()}


def refresh(pages, linked=None):
    """Write the documents of these specific pages; remove those of pages no longer live.

    `linked` ({page pk: linked_ids}) saves queries when refreshing many pages loaded from the
    database.
    """
    live = [page for page in pages if page.live and getattr(page, "search_type", None)]
    live_ids = {page.pk for page in live}
    gone = [page.pk for page in pages if page.pk not in live_ids]
    if gone:
        SearchDocument.objects.filter(page_id__in=gone).delete()
    if not live:
        return
    reports = _report_dates(live)
    documents = []
    for page in live:
        documents.append(
            SearchDocument(
                page_id=page.pk,
                type=page.search_type,
                date=page_date(page),
                consultation_opens_at=getattr(page, "consultation_opens_at", None),
                consultation_closes_at=getattr(page, "consultation_closes_at", None),
                response_published_at=reports.get(page.pk),
                adopted_on=getattr(page, "adopted_on", None),
                **taxonomy_ids(page, None if linked is None else linked[page.pk]),
            )
        )
    fields = [f.name for f in SearchDocument._meta.concrete_fields if f.name not in ("page", "vector")]
    SearchDocument.objects.bulk_create(documents, update_conflicts=True, unique_fields=["page"], update_fields=fields)
    if connection.vendor == "postgresql":
        _write_vectors(live)


def _report_dates(pages):
    from consultations.models import ResponseReport

    ids = [page.pk for page in pages if getattr(page, "search_type", "") == "policy"]
    return dict(ResponseReport.objects.filter(policy_id__in=ids).values_list("policy_id", "published_at"))


def _write_vectors(pages):
    """The weighted vector: title as typed (A), title folded (B), text as typed (C), folded (D)."""
    rows, params = [], []
    for page in pages:
        title, body = nfc(page.title).lower(), nfc(page.search_text()).lower()
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
    from core.models import searchable_page_models

    return Page.objects.live().type(*searchable_page_models()).filter(search_document__isnull=True)


def rebuild(batch_size=500, log=None):
    """Every live searchable page's document, written again; documents of other pages removed."""
    from core.models import searchable_page_models

    models = searchable_page_models()
    SearchDocument.objects.exclude(page__in=Page.objects.live().type(*models)).delete()
    done = 0
    for model in models:
        ids = list(model.objects.live().order_by("pk").values_list("pk", flat=True))
        for start in range(0, len(ids), batch_size):
            pages = list(model.objects.filter(pk__in=ids[start : start + batch_size]))
            refresh(pages, linked=linked_ids(pages))
            done += len(pages)
            if log:
                log(done)
    return done
