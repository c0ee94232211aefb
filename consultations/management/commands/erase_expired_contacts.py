from django.core.management.base import BaseCommand

from consultations.services import erase_expired_contacts


class Command(BaseCommand):
    help = (
        "Erase commenters' e-mail and phone once the retention period after the response report has passed. "
        "Safe to run daily (e.g. from cron)."
    )

    def handle(self, *args, **options):
        erased = erase_expired_contacts()
        self.stdout.write(f"Contact details erased from {erased} comment(s).")
