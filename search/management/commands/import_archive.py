from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from search.archive import import_lines


class Command(BaseCommand):
    help = "Import archived policies, dialogues and stories from a JSON Lines file (see README)."

    def add_arguments(self, parser):
        parser.add_argument("path", help="A .jsonl file: one JSON object a line")

    def handle(self, path, **options):
        try:
            with open(path, encoding="utf-8") as handle:
                results = import_lines(handle, base_dir=Path(path).parent)
        except OSError as error:
            raise CommandError(f"Cannot read {path}: {error.strerror}") from error
        for result in results:
            style = self.style.ERROR if not result.ok else self.style.SUCCESS
            self.stdout.write(style(f"line {result.line_number}: {result.action}: {result.message}"))
        errors = sum(1 for r in results if not r.ok)
        self.stdout.write(f"{len(results) - errors} imported or unchanged, {errors} with errors")
        if errors:
            raise CommandError(f"{errors} line(s) could not be imported")
