"""`pdca catalogue import FILE --org SLUG --user EMAIL`, `pdca catalogue list`, `pdca catalogue sync`."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from pdca.core.cli import command_user, organisation
from pdca.core.exceptions import PdcaError
from pdca.standards import selectors, services
from pdca.standards.catalogue import CatalogueInvalid
from pdca.standards.models import Standard


class Command(BaseCommand):
    help = "Work with standards catalogues."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        imp = sub.add_parser("import", help="Import an organisation's own catalogue from a YAML file.")
        imp.add_argument("file")
        imp.add_argument("--org", required=True, help="Organisation short name (slug).")
        imp.add_argument("--user", required=True, help="E-mail of the member the import is recorded as.")
        mapping = sub.add_parser("mapping", help="Load a mapping between two shipped catalogues.")
        mapping.add_argument("file")
        sub.add_parser("sync", help="Load or refresh the catalogues shipped with pdca.")
        lst = sub.add_parser("list", help="List catalogues with their sizes.")
        lst.add_argument("--org", help="Include this organisation's own catalogues.")

    def handle(self, *args, action, **options):
        getattr(self, f"do_{action}")(**options)

    def do_import(self, file, org, user, **_):
        org = organisation(org)
        by = command_user(org, user)
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"{file}: no such file")
        try:
            standard = services.catalogue_import(
                org=org, text=path.read_text(encoding="utf-8"), filename=path.name, by=by
            )
        except CatalogueInvalid as exc:
            raise CommandError("\n".join(f"{exc.filename}: {e}" for e in exc.errors)) from exc
        except PdcaError as exc:
            raise CommandError(exc.message) from exc
        counts = selectors.catalogue_counts(standard)
        self.stdout.write(
            f"Imported {standard.slug}: {counts['clauses']} clauses, {counts['requirements']} requirements"
        )

    def do_mapping(self, file, **_):
        path = Path(file)
        try:
            count = services.mapping_import(text=path.read_text(encoding="utf-8"), filename=path.name)
        except CatalogueInvalid as exc:
            raise CommandError("\n".join(f"{exc.filename}: {e}" for e in exc.errors)) from exc
        self.stdout.write(f"Loaded {count} links")

    def do_sync(self, **_):
        for standard in services.catalogue_sync_shipped():
            self.stdout.write(f"{standard.slug}: up to date")

    def do_list(self, org=None, **_):
        standards = selectors.standards_for(organisation(org)) if org else Standard.objects.filter(organisation=None)
        for standard in standards:
            counts = selectors.catalogue_counts(standard)
            owner = "shipped" if standard.is_shipped else "private"
            self.stdout.write(
                f"{standard.slug:30} {owner:8} {counts['clauses']:4} clauses "
                f"{counts['requirements']:4} requirements  {standard.title}"
            )
