from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import DEFAULT_DB_ALIAS

from home.backup import BackupError, make_backup, prune


class Command(BaseCommand):
    help = (
        "Back up the database (a consistent dump: pg_dump, or SQLite's online backup) and the uploaded files "
        "into one timestamped folder with a manifest. `manage.py restore FOLDER` puts it back."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--output",
            metavar="DIR",
            help="Folder to write the backup into (created if missing); default: BACKUP_ROOT (var/backups)",
        )
        parser.add_argument(
            "--keep",
            type=int,
            metavar="N",
            help="Afterwards, delete all but the N newest backups in that folder",
        )
        parser.add_argument("--database", default=DEFAULT_DB_ALIAS, help="Database alias (default: 'default')")

    def handle(self, *args, output=None, keep=None, database=DEFAULT_DB_ALIAS, **options):
        output = output or settings.BACKUP_ROOT
        try:
            if keep is not None and keep < 1:
                raise BackupError("--keep must be at least 1.")
            path, manifest = make_backup(output, using=database)
            removed = prune(output, keep) if keep else []
        except BackupError as error:
            raise CommandError(str(error)) from error
        counts = manifest["counts"]
        self.stdout.write(
            f"{manifest['name']}: {counts['pages']} pages ({counts['live_pages']} live), "
            f"{counts['comments']} comments, {counts['answers']} answers, "
            f"{manifest['media']['files']} media files."
        )
        for old in removed:
            self.stdout.write(f"Deleted the older backup {old.name}.")
        self.stdout.write(self.style.SUCCESS(f"Backup written to {path}"))
