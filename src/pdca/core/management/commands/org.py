"""`pdca org create --name N --slug S --admin EMAIL` and `pdca org list`: the operator's commands."""

from django.core.management.base import BaseCommand, CommandError

from pdca.core import services, trail
from pdca.core.exceptions import PdcaError
from pdca.core.models import Organisation, User


class Command(BaseCommand):
    help = "Create and list organisations (server operator)."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        create = sub.add_parser("create", help="Create an organisation with its first administrator.")
        create.add_argument("--name", required=True)
        create.add_argument("--slug", required=True, help="Short name used in addresses.")
        create.add_argument("--admin", required=True, help="E-mail of an existing user; becomes administrator.")
        sub.add_parser("list", help="List organisations.")

    def handle(self, *args, action, **options):
        if action == "list":
            for org in Organisation.objects.order_by("slug"):
                self.stdout.write(f"{org.slug:20} {org.name}")
            return
        admin = User.objects.filter(email__iexact=options["admin"]).first()
        if admin is None:
            raise CommandError(f"No user with the e-mail {options['admin']}; create it with `pdca user create`.")
        try:
            with trail.acting(None, source="cli"):
                org = services.organisation_create(name=options["name"], slug=options["slug"], by=None, admin=admin)
        except PdcaError as exc:
            raise CommandError("; ".join(f"{k}: {' '.join(v)}" for k, v in exc.errors.items())) from exc
        self.stdout.write(f"Created {org.slug} with {admin.email} as administrator")
