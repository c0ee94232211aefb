from django.conf import settings
from django.core.cache import caches
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import DEFAULT_DB_ALIAS

from home.backup import BackupError, content_counts, restore_backup


class Command(BaseCommand):
    help = (
        "Restore a folder written by `manage.py backup` into the configured database (which must be empty) "
        "and MEDIA_ROOT, then migrate if the backup is older than the code. README: 'Backup and restore'."
    )
    # The database may be empty: nothing may query it before the restore.
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument("backup", metavar="BACKUP", help="The backup folder (backup-YYYYMMDD-HHMMSS)")
        parser.add_argument(
            "--force",
            action="store_true",
            help="Restore even though the database has tables or MEDIA_ROOT has files, replacing them",
        )
        parser.add_argument("--database", default=DEFAULT_DB_ALIAS, help="Database alias (default: 'default')")

    def handle(self, *args, backup, force=False, database=DEFAULT_DB_ALIAS, **options):
        try:
            manifest, behind = restore_backup(backup, using=database, force=force)
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            f"Restored {manifest['name']} (made {manifest['created_at']}) and the files in {settings.MEDIA_ROOT}."
        )
        if behind:
            self.stdout.write("The backup is older than the code: migrating.")
            call_command("migrate", database=database, interactive=False, verbosity=options["verbosity"])
        # A page cached from the database just replaced must not be served (README "Backup and restore").
        for cache in caches.all():
            try:
                cache.clear()
            except Exception as error:  # the restore is done: say what to do by hand
                self.stderr.write(f"The cache could not be emptied ({error}); empty it by hand, or restart it.")
        expected, found = manifest["counts"], content_counts(database)
        for key, value in expected.items():
            mark = "" if found.get(key) == value else "   <- differs"
            self.stdout.write(f"  {key}: {found.get(key)} (backup: {value}){mark}")
        self.stdout.write(self.style.SUCCESS("Restore complete."))
