"""Customers for the server operator; every command acts as the system and is in the trail.

    pdca customers refresh-feeds [--org SLUG]     recompute every KPI fed from customer data (all periods)

Feeds follow feedback and answers as they arrive; run this after a bulk change or nightly to be sure.
"""

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, gettext_noop

from pdca.core import trail
from pdca.core.models import Organisation
from pdca.customers import services


class Command(BaseCommand):
    help = gettext_noop("Customers (server operator).")

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        refresh = sub.add_parser("refresh-feeds", help=gettext_lazy("Recompute the KPIs fed from customer data."))
        refresh.add_argument("--org", help=gettext_lazy("The organisation's short name (slug); default: all."))

    def handle(self, *args, action, org=None, **options):
        organisations = Organisation.objects.all()
        if org:
            organisations = organisations.filter(slug=org)
            if not organisations.exists():
                raise CommandError(_("No organisation has the short name %(s)s.") % {"s": org})
        total = 0
        with trail.acting(None, source="cli"):
            for organisation in organisations:
                total += services.feeds_refresh(organisation)
        self.stdout.write(_("%(n)s KPI feeds refreshed.") % {"n": total})
