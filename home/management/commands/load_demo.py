import secrets

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from home.demo import DEMO_AGENCY, ensure_demo_staff, load_demo

CREDENTIALS_FILE = settings.BASE_DIR / "var" / "demo-admin.txt"


class Command(BaseCommand):
    help = "Load the Vietnamese demo content (idempotent). With --admin, also a demo administrator."

    def add_arguments(self, parser):
        parser.add_argument(
            "--admin",
            action="store_true",
            help="Create (once) an administrator with a random password and print its login",
        )

    def handle(self, *args, admin=False, **options):
        results = load_demo()
        for result in results:
            if not result.ok:
                self.stderr.write(self.style.ERROR(f"demo line {result.line_number}: {result.message}"))
        counts = {}
        for result in results:
            counts[result.action] = counts.get(result.action, 0) + 1
        self.stdout.write("Demo content: " + ", ".join(f"{n} {action}" for action, n in sorted(counts.items())))
        if any(not r.ok for r in results):
            raise CommandError("Some demo records could not be loaded")
        if admin:
            self.ensure_admin()

    def ensure_admin(self):
        if not settings.DEBUG:
            raise CommandError("--admin is for the development settings only")
        User = get_user_model()
        user = User.objects.filter(username="admin").first()
        password = CREDENTIALS_FILE.read_text().strip() if CREDENTIALS_FILE.exists() else ""
        if user is None or not password or not user.check_password(password):
            password = secrets.token_urlsafe(12)
            if user is None:
                user = User.objects.create_superuser("admin", "admin@example.invalid", password)
            else:
                user.set_password(password)
                user.save()
            CREDENTIALS_FILE.parent.mkdir(parents=True, exist_ok=True)
            CREDENTIALS_FILE.write_text(password + "\n")
            CREDENTIALS_FILE.chmod(0o600)
        self.stdout.write(
            self.style.SUCCESS(
                f"Admin login (development only): http://127.0.0.1:8000/admin/  user: admin  password: {password}"
            )
        )
        staff = ensure_demo_staff(password)
        self.stdout.write(f"Staff of {DEMO_AGENCY}, same password (development only):")
        for username, role in staff:
            self.stdout.write(self.style.SUCCESS(f"  user: {username}  ({role.label})  password: {password}"))
