"""Controlled documents for the server operator; every command acts as the system and is in the trail.

    pdca documents publish-due                     approved revisions whose effective date has come
    pdca documents import DIR --org SLUG --owner NAME [--type TYPE]
                                                   a folder of existing files, as draft documents
    pdca documents import-list FILE --org SLUG     the master list (Excel or CSV), all or nothing
    pdca documents master-list --org SLUG [--output FILE]
                                                   the document master list as PDF (documents in use)

Run publish-due daily (cron or the worker).
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, gettext_noop

from pdca.core import trail
from pdca.core.models import Organisation, Person
from pdca.core.spreadsheets import SpreadsheetInvalid
from pdca.documents import importing, pdf, selectors, services
from pdca.documents.choices import DocumentType
from pdca.documents.models import Document


class Command(BaseCommand):
    help = gettext_noop("Controlled documents (server operator).")

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        sub.add_parser("publish-due", help=gettext_lazy("Publish approved revisions whose effective date has come."))
        folder = sub.add_parser("import", help=gettext_lazy("Import a folder of files as draft documents."))
        folder.add_argument("folder", metavar="DIR")
        folder.add_argument("--org", required=True, help=gettext_lazy("The organisation's short name (slug)."))
        folder.add_argument("--owner", required=True, help=gettext_lazy("The person who will own the documents."))
        folder.add_argument(
            "--type",
            dest="doc_type",
            choices=DocumentType.values,
            default=DocumentType.PROCEDURE,
            help=gettext_lazy("Type of files whose name does not start with a known number prefix."),
        )
        master = sub.add_parser("import-list", help=gettext_lazy("Import the document master list (Excel or CSV)."))
        master.add_argument("file", metavar="FILE")
        master.add_argument("--org", required=True, help=gettext_lazy("The organisation's short name (slug)."))
        listing = sub.add_parser(
            "master-list", help=gettext_lazy("The document master list as PDF (documents in use).")
        )
        listing.add_argument("--org", required=True, help=gettext_lazy("The organisation's short name (slug)."))
        listing.add_argument(
            "--output", metavar="FILE", help=gettext_lazy("Where to write it (default: SLUG-master-list.pdf).")
        )

    def handle(self, *args, action, **options):
        getattr(self, f"do_{action.replace('-', '_')}")(**options)

    def do_publish_due(self, **_options):
        with trail.acting(None, source="cli"):
            published = services.publish_due()
        for revision in published:
            self.stdout.write(str(revision))
        self.stdout.write(_("%(n)s revision(s) made effective.") % {"n": len(published)})

    def do_import(self, folder, org, owner, doc_type, **_options):
        organisation, path = _organisation(org), Path(folder)
        if not path.is_dir():
            raise CommandError(_("%(path)s is not a folder.") % {"path": folder})
        person = Person.objects.filter(organisation=organisation, name__iexact=owner.strip()).first()
        if person is None:
            raise CommandError(_("No person called “%(name)s” in %(org)s.") % {"name": owner, "org": org})
        with trail.acting(None, source="cli"):
            report = importing.folder_import(org=organisation, folder=path, owner=person, by=None, doc_type=doc_type)
        for name, document in report.imported:
            self.stdout.write(f"{_('imported')}  {name}  →  {document.number}")
        for name, reason in report.refused:
            self.stdout.write(f"{_('refused')}   {name}: {reason}")
        self.stdout.write(_("%(i)s imported, %(r)s refused.") % {"i": len(report.imported), "r": len(report.refused)})

    def do_import_list(self, file, org, **_options):
        organisation = _organisation(org)
        try:
            with open(file, "rb") as handle, trail.acting(None, source="cli"):
                created = importing.master_list_import(org=organisation, fileobj=handle, filename=file, by=None)
        except OSError as exc:
            raise CommandError(_("Cannot read %(file)s: %(error)s") % {"file": file, "error": exc.strerror}) from exc
        except SpreadsheetInvalid as exc:
            raise CommandError("\n".join([_("Nothing was imported:"), *(str(e) for e in exc.errors)])) from exc
        self.stdout.write(_("%(n)s documents imported as drafts.") % {"n": len(created)})

    def do_master_list(self, org, output, **_options):
        organisation = _organisation(org)
        path = Path(output or f"{organisation.slug}-master-list.pdf")
        documents, criteria = selectors.master_list_documents(Document.objects.for_org(organisation), {})
        data = pdf.master_list(organisation, documents, criteria=criteria, progress=self._progress)
        try:
            path.write_bytes(data)
        except OSError as exc:
            raise CommandError(_("Cannot write %(file)s: %(error)s") % {"file": path, "error": exc.strerror}) from exc
        self.stdout.write(_("Master list written to %(file)s.") % {"file": path})

    def _progress(self, done, total):
        self.stderr.write(_("%(done)s of %(total)s documents") % {"done": done, "total": total})


def _organisation(slug: str) -> Organisation:
    organisation = Organisation.objects.filter(slug=slug).first()
    if organisation is None:
        raise CommandError(_("No organisation %(slug)s.") % {"slug": slug})
    return organisation
