from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from archive.importer import import_lines


class Command(BaseCommand):
    help = "Import archived policies, dialogues and stories from a JSON Lines file (see README)."

    def add_arguments(self, parser):
        parser.add_argument("path", help="A .jsonl file: one JSON object a line")
        parser.add_argument(
            "--bulk",
            action="store_true",
            help="For a large first load: commit in batches, publish new pages without a first revision, "
            "index in bulk; run rebuild_references_index afterwards",
        )
        parser.add_argument("--batch-size", type=int, default=500, help="Records per batch with --bulk")

    def handle(self, path, bulk=False, batch_size=500, **options):
        done = errors = 0
        try:
            with open(path, encoding="utf-8") as handle:
                # Reported as they come: a bulk load of a large archive takes a while.
                for result in import_lines(handle, base_dir=Path(path).parent, bulk=bulk, batch_size=batch_size):
                    style = self.style.ERROR if not result.ok else self.style.SUCCESS
                    self.stdout.write(style(f"line {result.line_number}: {result.action}: {result.message}"))
                    done, errors = done + result.ok, errors + (not result.ok)
        except OSError as error:
            raise CommandError(f"Cannot read {path}: {error.strerror}") from error
        self.stdout.write(f"{done} imported or unchanged, {errors} with errors")
        if errors:
            raise CommandError(f"{errors} line(s) could not be imported")
