from django.core.management.base import BaseCommand

from search import documents


class Command(BaseCommand):
    help = (
        "Write again the search document (filters, facets, and on PostgreSQL the weighted text) of every "
        "live searchable page. Pages keep their own up to date; this is for an existing database."
    )

    def handle(self, **options):
        done = documents.rebuild(log=lambda n: self.stdout.write(f"{n} pages") if n % 5000 == 0 else None)
        self.stdout.write(self.style.SUCCESS(f"{done} search documents written"))
