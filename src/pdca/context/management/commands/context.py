"""The context registers for the server operator; every command acts as the system and is in the trail.

pdca context import-legal FILE --org SLUG     the legal register (Excel or CSV), all or nothing
"""

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, gettext_noop

from pdca.context import importing
from pdca.core import trail
from pdca.core.cli import organisation
from pdca.core.spreadsheets import SpreadsheetInvalid


class Command(BaseCommand):
    help = gettext_noop("Context of the organisation (server operator).")

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        legal = sub.add_parser("import-legal", help=gettext_lazy("Import the legal register (Excel or CSV)."))
        legal.add_argument("file", metavar="FILE")
        legal.add_argument("--org", required=True, help=gettext_lazy("The organisation's short name (slug)."))

    def handle(self, *args, action, **options):
        getattr(self, f"do_{action.replace('-', '_')}")(**options)

    def do_import_legal(self, file, org, **_options):
        target = organisation(org)
        try:
            with open(file, "rb") as handle, trail.acting(None, source="cli"):
                created = importing.legal_import(org=target, fileobj=handle, filename=file, by=None)
        except OSError as exc:
            raise CommandError(_("Cannot read %(file)s: %(error)s") % {"file": file, "error": exc.strerror}) from exc
        except SpreadsheetInvalid as exc:
            raise CommandError("\n".join([_("Nothing was imported:"), *(str(e) for e in exc.errors)])) from exc
        for requirement in created:
            self.stdout.write(f"{requirement.number}  {requirement.title}")
        self.stdout.write(_("%(n)s requirements imported.") % {"n": len(created)})
