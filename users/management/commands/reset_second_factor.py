from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from users import second_factor


class Command(BaseCommand):
    help = "Remove an account's authenticator app (a lost or replaced phone); its next login enrols a new one."

    def add_arguments(self, parser):
        parser.add_argument("username")

    def handle(self, username, **options):
        User = get_user_model()
        try:
            user = User.objects.get_by_natural_key(username)
        except User.DoesNotExist as error:
            raise CommandError(f"No account named {username!r}.") from error
        removed = second_factor.reset(user)
        self.stdout.write(f"{username}: {removed} authenticator app(s) removed; the next login sets up a new one.")
