"""`pdca documents publish-due`: make effective the approved revisions whose effective date has come.

Run it daily (cron or the worker); it acts as the system, and every publication is in the trail.
Later subcommands (folder and spreadsheet imports) join this command.
"""

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, gettext_noop

from pdca.core import trail
from pdca.documents import services


class Command(BaseCommand):
    help = gettext_noop("Controlled documents (server operator).")

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        sub.add_parser("publish-due", help=gettext_lazy("Publish approved revisions whose effective date has come."))

    def handle(self, *args, action, **options):
        getattr(self, f"do_{action.replace('-', '_')}")(**options)

    def do_publish_due(self, **_options):
        with trail.acting(None, source="cli"):
            published = services.publish_due()
        for revision in published:
            self.stdout.write(str(revision))
        self.stdout.write(_("%(n)s revision(s) made effective.") % {"n": len(published)})
