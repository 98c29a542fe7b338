"""`pdca search reindex [--org SLUG]`: rebuild the search index from the rows (server operator)."""

import time

from django.core.management.base import BaseCommand

from pdca.core import search
from pdca.core.cli import organisation
from pdca.core.models import Organisation


class Command(BaseCommand):
    help = "Maintain the full-text search index."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        reindex = sub.add_parser("reindex", help="Index every registered kind of row again; drop entries of gone rows.")
        reindex.add_argument("--org", help="Only this organisation (short name); default: all, and repair the index.")

    def handle(self, *args, action, **options):
        started = time.perf_counter()
        orgs = [organisation(options["org"])] if options["org"] else Organisation.objects.order_by("pk")
        count = search.reindex(orgs, repair=not options["org"])
        kinds = ", ".join(sorted(k.name for k in search.KINDS.values() if k.rebuild)) or "none"
        self.stdout.write(f"Indexed {count} rows ({kinds}) in {time.perf_counter() - started:.1f} s")
