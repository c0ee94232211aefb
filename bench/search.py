"""Archive search at scale: generate N Vietnamese documents, import them through the archive
importer, and time a fixed set of 50 queries three ways in the same run and database.

    python -m bench search --documents 100000

The import is skipped when the database already holds the same generated documents, so the
query part can be measured again without re-importing.
"""

import json
import logging
import statistics
import sys
import time

from django.conf import settings
from django.db import connection, transaction

from bench.generate import generate

PREFIX = "bench-"


def prepare_site():
    """The home page, its sections and the taxonomies of the demo, without its documents."""
    from home.demo import DEMO_DIR, ensure_home, ensure_section, ensure_taxonomy
    from taxonomy.models import Agency, Area, Sector

    data = json.loads((DEMO_DIR / "site.json").read_text(encoding="utf-8"))
    with transaction.atomic():
        home = ensure_home(data["home"])
        for section in data["sections"]:
            ensure_section(home, section)
        ensure_taxonomy(Agency, data["agencies"])
        ensure_taxonomy(Sector, data["sectors"])
        ensure_taxonomy(Area, data["areas"])


def imported_count():
    from core.models import searchable_page_models

    return sum(model.objects.filter(archive_id__startswith=PREFIX).count() for model in searchable_page_models())


def load(documents, batch_size=500):
    """Import the generated documents (bulk mode); return seconds taken, or None if already there."""
    from search.archive import import_lines

    present = imported_count()
    if present == documents:
        return None
    if present:
        sys.exit(f"The database holds {present} generated documents, not {documents}: use a fresh database.")
    prepare_site()
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
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE") if connection.vendor == "postgresql" and not connection.in_atomic_block else None
    return time.perf_counter() - started


def percentile(values, share):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def run(documents):
    print(f"Archive search, {documents} documents, database {settings.DATABASES['default']['NAME']}")
    seconds = load(documents)
    if seconds is None:
        print("Import: already done in this database (same generator, same count)")
    else:
        print(f"Import: {seconds:.0f} s, {seconds / documents * 1000:.1f} ms per document")
