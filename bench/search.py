"""Archive search at scale: generate N Vietnamese documents, import them through the archive
importer, and time a fixed set of 50 queries three ways in the same run and database.

    python -m bench search --documents 100000

The import is skipped when the database already holds the same generated documents, so the
query part can be measured again without re-importing.
"""

import logging
import statistics
import sys
import time

from django.conf import settings
from django.db import connection
from django.test import Client

from wagtail.models import Page

from archive.importer import import_lines
from bench.generate import generate
from core.searchable import searchable_page_models
from home.demo import ensure_site
from search import documents as search_documents
from search import service

# Imported by bench/__main__.py once Django is set up.

PREFIX = "bench-"


def imported_count():
    return sum(model.objects.filter(archive_id__startswith=PREFIX).count() for model in searchable_page_models())


def load(documents, batch_size=500):
    """Import the generated documents (bulk mode); return seconds taken, or None if already there."""
    present = imported_count()
    if present == documents:
        return None
    if present:
        sys.exit(f"The database holds {present} generated documents, not {documents}: use a fresh database.")
    ensure_site()
    logging.getLogger("wagtail").setLevel(logging.WARNING)  # one "Page created" line per document otherwise
    started = time.perf_counter()
    errors = 0
    for result in import_lines(generate(documents), bulk=True, batch_size=batch_size):
        errors += not result.ok
        if result.line_number % 5000 == 0:
            rate = result.line_number / (time.perf_counter() - started)
            print(f"  {result.line_number:>7} imported, {rate:.0f}/s", flush=True)
    if errors:
        sys.exit(f"{errors} generated records could not be imported")
    return time.perf_counter() - started


def percentile(values, share):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def run(documents, runs=5):
    print(f"Archive search, {documents} documents, database {settings.DATABASES['default']['NAME']}")
    seconds = load(documents)
    if seconds is None:
        print("Import: already done in this database (same generator, same count)")
    else:
        print(
            f"Import (pages, revisions skipped, Wagtail index and search documents in bulk): {seconds:.0f} s, "
            f"{seconds / documents * 1000:.1f} ms per document"
        )
    if search_documents.missing().exists():
        # A database imported before search documents existed.
        started = time.perf_counter()
        search_documents.rebuild()
        print(f"Search documents built afterwards: {time.perf_counter() - started:.0f} s")
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    print(f"{len(QUERIES)} queries, {runs} timed runs each after one warm-up, the ways interleaved:")
    report(time_queries(runs))


# Fifty fixed queries: the commonest syllables, one and two words with and without diacritics,
# longer phrases and document numbers in several spellings.
QUERIES = [
    # one word
    "dân",
    "của",
    "và",
    "người",
    "dan",
    "nguoi",
    "đất",
    "dat",
    "giá",
    "gia",
    "thôn",
    "chợ",
    "cho",
    "học",
    "phí",
    "môi",
    "mầm",
    "vận",
    "khéo",
    "kheo",
    "đô",
    "thị",
    "nghèo",
    "ngheo",
    "Vũng",
    # two words
    "dân vận",
    "dan van",
    "người dân",
    "nguoi dan",
    "giá đất",
    "gia dat",
    "đối thoại",
    "doi thoai",
    "an ninh",
    "do thi",
    "hộ nghèo",
    "ho ngheo",
    "du lịch",
    "chuyển đổi",
    "thủ tục",
    "nhân dân",
    "khởi nghiệp",
    # longer, and document numbers
    "dân vận khéo",
    "dan van kheo",
    "hỗ trợ người dân hiến đất",
    "giá đất cụ thể",
    "Dân biết, dân bàn",
    "1236/2019/NQ-HĐND",
    "1236/2019/nq-hdnd",
    "45677/2020/NQ-HDND",
]
assert len(QUERIES) == 50, len(QUERIES)


def ours(query):
    """The whole search as the page runs it: candidates, filters, counts, then the first 20 results."""
    found = service.find(query)
    return service.results(found.hits[:20], query)


def ours_page(query):
    """The same through HTTP: the whole search page, template and all (Django's test client)."""
    response = ours_page.client.get("/tim-kiem/", {"q": query})
    assert response.status_code == 200, response.status_code
    return response


ours_page.client = None


def stock(query):
    """Wagtail's own search on the same pages, the query as typed: no folding, its own ranking."""
    return list(Page.objects.live().public().type(*service.search_types().values()).search(query)[:20])


def raw_sql(query):
    """The floor: one ranked full-text query on Wagtail's index entries, through its GIN index."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT object_id FROM wagtailsearch_indexentry WHERE body @@ plainto_tsquery('simple', %s) "
            "ORDER BY ts_rank(body, plainto_tsquery('simple', %s)) DESC LIMIT 20",
            [query, query],
        )
        return cursor.fetchall()


def time_queries(runs):
    """{method: {query: [ms, …]}}, the methods interleaved query by query so they share the noise."""
    ours_page.client = Client()
    methods = {"ours": ours, "ours, whole page (HTTP)": ours_page, "stock Wagtail": stock, "raw SQL + GIN": raw_sql}
    timings = {name: {query: [] for query in QUERIES} for name in methods}
    for query in QUERIES:
        for function in methods.values():
            function(query)  # warm: plans, caches
    for _ in range(runs):
        for query in QUERIES:
            for name, function in methods.items():
                started = time.perf_counter()
                function(query)
                timings[name][query].append((time.perf_counter() - started) * 1000)
    return timings


def report(timings):
    short = [q for q in QUERIES if len(q.split()) <= 2 and "/" not in q]
    rows = []
    for name, by_query in timings.items():
        every = [ms for values in by_query.values() for ms in values]
        worst = max(short, key=lambda q: percentile(by_query[q], 0.95))
        rows.append((name, statistics.median(every), percentile(every, 0.95), percentile(by_query[worst], 0.95), worst))
    base = {name: (p50, p95) for name, p50, p95, *_ in rows}
    print("| search | p50 ms | p95 ms | worst 1–2 word query, its p95 ms | p50 / ours | p95 / ours |")
    print("| --- | ---: | ---: | --- | ---: | ---: |")
    for name, p50, p95, worst_p95, worst in rows:
        print(
            f"| {name} | {p50:.1f} | {p95:.1f} | {worst!r}: {worst_p95:.1f} "
            f"| {p50 / base['ours'][0]:.2f} | {p95 / base['ours'][1]:.2f} |"
        )
    print()
    print("Slowest queries (ours, p95 ms):")
    for query in sorted(QUERIES, key=lambda q: -percentile(timings["ours"][q], 0.95))[:8]:
        print(f"  {query!r}: {percentile(timings['ours'][query], 0.95):.1f}")
