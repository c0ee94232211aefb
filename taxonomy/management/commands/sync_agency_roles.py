from django.core.management.base import BaseCommand

from taxonomy.roles import sync_agency_roles


class Command(BaseCommand):
    help = (
        "Create or bring in step every agency's editor, moderator and leader groups, their permissions and "
        "collections, the provincial administrators' group and the approval workflow. Safe to repeat."
    )

    def handle(self, *args, **options):
        changes = sync_agency_roles()
        for line in changes:
            self.stdout.write(line)
        self.stdout.write(f"{len(changes)} change(s).")
