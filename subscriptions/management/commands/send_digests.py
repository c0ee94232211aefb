from django.core.management.base import BaseCommand

from subscriptions.services import purge, send_due_digests


class Command(BaseCommand):
    help = (
        "Send each subscriber whose digest is due (daily, or weekly on Monday, from 07:00 site time) what is new "
        "for them, one task each; delete addresses left unconfirmed. Safe to run every hour: a digest goes out "
        "once per period, and an item never twice."
    )

    def handle(self, *args, **options):
        addresses, waiting = purge()
        enqueued = send_due_digests()
        self.stdout.write(
            f"Digests enqueued for {enqueued} subscriber(s); {addresses} unconfirmed address(es) and "
            f"{waiting} unconfirmed subscription(s) deleted."
        )
