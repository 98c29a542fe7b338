"""`pdca demo`: load the demo organisations (idempotent) and print the logins."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from pdca.core.demo import DEMO_PASSWORD, load_demo


class Command(BaseCommand):
    help = "Load the demo organisation (Harrow Precision Engineering) and print its logins."

    def add_arguments(self, parser):
        parser.add_argument("--force", action="store_true", help="Allow it with production settings.")

    def handle(self, *args, force=False, **options):
        if settings.PRODUCTION and not force:
            raise CommandError("Refusing to load demo accounts with production settings (use --force).")
        result = load_demo()
        self.stdout.write(f"Demo organisation: {result['organisation'].name}")
        self.stdout.write(f"Log in at {settings.PDCA_BASE_URL}/accounts/login/ with password {DEMO_PASSWORD!r} as:")
        for username, role, org in result["logins"]:
            self.stdout.write(f"  {username:<12} {role:<22} ({org})")
