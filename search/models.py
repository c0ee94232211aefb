"""What search knows about each published page without loading it.

Wagtail's own index holds the text; this table adds, per live searchable page, the facts that
filters and facets need (type, date, agencies, sectors, areas, consultation dates), so a search
can filter, count and page through thousands of matches without loading a page object each.

On PostgreSQL it also holds a weighted tsvector of the page's words — title as typed (A), title
folded (B), body as typed (C), body folded (D) — with a GIN index beside an index on the date,
so candidates are selected tier by tier with a bound on how many are read (search/postgres.py).
Those indexes are PostgreSQL's own (NULLS LAST, GIN) and made by the migration there only.

Elsewhere (SQLite, the quick-start database; Elasticsearch) Wagtail's backend finds candidates
and search/service.py ranks them as PostgreSQL would, from the words kept here instead of vectors.

Every database keeps the document numbers each page cites, so that a search for "33-CT/TU" finds
the pages that refer to the directive after the directive itself.
"""

from django.contrib.postgres.search import SearchVectorField
from django.db import models

from wagtail.models import Page


class SearchDocument(models.Model):
    page = models.OneToOneField(Page, on_delete=models.CASCADE, primary_key=True, related_name="search_document")
    type = models.CharField(max_length=20)
    date = models.DateField(null=True)
    agency_ids = models.JSONField(default=list)
    sector_ids = models.JSONField(default=list)
    area_ids = models.JSONField(default=list)
    consultation_opens_at = models.DateTimeField(null=True)
    consultation_closes_at = models.DateTimeField(null=True)
    response_published_at = models.DateTimeField(null=True)
    adopted_on = models.DateField(null=True)
    withdrawn_on = models.DateField(null=True)
    # Shown beside the result: the agency's name (read when shown), or else the byline.
    agency = models.ForeignKey("taxonomy.Agency", null=True, on_delete=models.SET_NULL, related_name="+")
    byline = models.CharField(max_length=300, blank=True)
    # A document number in canonical form (core.text.document_key), for exact lookups.
    document_number_key = models.CharField(max_length=100, blank=True, db_index=True)
    # The document numbers its text cites (canonical keys, not its own): a JSON list, looked up
    # with @> through a GIN index on PostgreSQL, as text elsewhere.
    cited_keys = models.JSONField(default=list)
    # Only written on PostgreSQL; other databases search through Wagtail's backend. The title has
    # a vector of its own, small enough to stay in the row: checking it costs no TOAST read.
    vector = SearchVectorField(null=True)
    title_vector = SearchVectorField(null=True)
    # Only written where the vectors are not used: the page's words one space apart, lower case,
    # as typed and folded, which ranking reads in Python (search/service.py, rerank).
    text = models.TextField(blank=True)
    folded_text = models.TextField(blank=True)

    def __str__(self):
        return f"{self.type} {self.page_id}"
