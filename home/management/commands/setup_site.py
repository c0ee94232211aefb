from django.core.management.base import BaseCommand, CommandError

from home.setup import SetupError, setup_site


class Command(BaseCommand):
    help = (
        "Set up a real site without demo content: the home page and its sections, the default rules, "
        "the groups and the site's public address (idempotent). Then import_archive can load documents."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--url",
            required=True,
            help="The site's public address, e.g. https://thamvan.hatinh.gov.vn (must equal PUBLIC_URL)",
        )
        parser.add_argument(
            "--taxonomies",
            metavar="FILE",
            help='Also load agencies, sectors and areas from a JSON file ({"agencies": [...], "sectors": [...], '
            '"areas": [...]}, as in demo/site.json); none are created otherwise',
        )

    def handle(self, *args, url, taxonomies=None, **options):
        try:
            changes = setup_site(url, taxonomies=taxonomies)
        except SetupError as error:
            raise CommandError(f"{error} Nothing was changed.") from error
        for line in changes:
            self.stdout.write(line)
        self.stdout.write(self.style.SUCCESS(f"{len(changes)} change(s)." if changes else "Nothing to change."))
