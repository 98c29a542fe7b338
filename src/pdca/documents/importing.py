"""Bringing existing documents into pdca: the master list from a spreadsheet, and a folder of files.

The master list is checked row by row first and applied all or nothing (every bad cell is named);
each document arrives as a draft with its existing number and revision label, to be approved in
pdca. A folder is imported file by file: a file that cannot be a controlled document is refused
with its reason and the others still arrive, so one damaged file does not hold up a migration.
"""

import re
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from pdca.core import spreadsheets, trail
from pdca.core.exceptions import PdcaError
from pdca.core.services import require
from pdca.core.spreadsheets import Bad, SpreadsheetInvalid
from pdca.documents import services
from pdca.documents.choices import DocumentType
from pdca.documents.models import Document

# --- the master list

# Columns by position, as in the downloadable template; the heading row is not read.
LIST_COLUMNS = {
    "number": gettext_lazy("Number"),
    "title": gettext_lazy("Title"),
    "type": gettext_lazy("Type"),
    "owner": gettext_lazy("Owner"),
    "revision": gettext_lazy("Revision"),
    "issued": gettext_lazy("Issued"),
    "next_review": gettext_lazy("Next review"),
    "interval": gettext_lazy("Review every (months)"),
}


@dataclass
class _ListRow:
    number: str
    data: dict
    revision: str
    issued: object


def master_list_import(*, org, fileobj, filename: str, by) -> list[Document]:
    """Check every row of the master list (Excel or CSV), then create all its documents or none."""
    require(by, "add", Document, org)
    rows = spreadsheets.read_rows(fileobj, list(LIST_COLUMNS), csv_allowed=True, filename=filename)
    if not rows:
        raise spreadsheets.file_error(_("The file has no rows below its heading row."))
    parsed, errors = [], []
    check = _ListChecks(org)
    for number, cells in rows:
        row, row_errors = check.row(number, cells)
        errors += row_errors
        parsed.append(row)
    if errors:
        raise SpreadsheetInvalid(errors)
    return _create_all(org, parsed, by)


class _ListChecks:
    """Cell rules of the master list; numbers must be new to the organisation and to the file."""

    def __init__(self, org):
        self.person = spreadsheets.PeopleByName(org.pk)
        self.taken = set(Document.objects.filter(organisation=org).values_list("number", flat=True))
        self.seen: dict[str, int] = {}

    def row(self, number: int, cells: dict):
        row = spreadsheets.RowCells(number, cells, LIST_COLUMNS)
        data = {
            "title": row.get("title", spreadsheets.required_text, 300),
            "doc_type": row.get("type", spreadsheets.choice, DocumentType, required=True),
            "owner": row.get("owner", self.person, required=True),
            "next_review_date": row.get("next_review", spreadsheets.date),
            "review_interval_months": row.get("interval", spreadsheets.whole, 1, 120) or 12,
        }
        parsed = _ListRow(
            number=row.get("number", self.document_number, number) or "",
            data=data,
            revision=row.get("revision", spreadsheets.required_text, 20) if cells["revision"] else "",
            issued=row.get("issued", spreadsheets.date),
        )
        return parsed, row.errors

    def document_number(self, value, row: int) -> str:
        number = spreadsheets.plain(value)
        if not number:
            return ""  # numbered by its type, like a document created in pdca
        if len(number) > 40:
            raise Bad(_("longer than %(n)s characters") % {"n": 40})
        if number in self.taken:
            raise Bad(_("%(n)s is already in the register") % {"n": number})
        if number in self.seen:
            raise Bad(_("%(n)s is already on row %(row)s") % {"n": number, "row": self.seen[number]})
        self.seen[number] = row
        return number


@transaction.atomic
def _create_all(org, rows: list[_ListRow], by) -> list[Document]:
    created = []
    with trail.acting(by, source="import"):
        for row in rows:
            document = services.document_create(
                org=org, data=row.data, by=by, number=row.number, revision_label=row.revision
            )
            if row.issued:
                _note_issue(document, row.issued, by)
            created.append(document)
    return created


def _note_issue(document: Document, issued, by) -> None:
    """The date the document was issued outside pdca, kept on the imported draft for its history."""
    revision = document.revisions.get()
    note = _("Imported from the master list; issued %(date)s before pdca.") % {"date": issued.isoformat()}
    services.revision_update(revision, data={"change_summary": note}, by=by)


# --- a folder of files

# "QP-004 Control of documents.pdf", "WI-12_Deburring.docx": the number, then the title.
NAMED = re.compile(r"^(?P<number>[A-Za-z]{1,8}-\d{1,6})[\s_-]+(?P<title>.+)$")


@dataclass
class FolderReport:
    imported: list[tuple[str, Document]] = field(default_factory=list)
    refused: list[tuple[str, str]] = field(default_factory=list)


def folder_import(*, org, folder: Path, owner, by, doc_type: str = DocumentType.PROCEDURE) -> FolderReport:
    """Every file in `folder` and below becomes a draft document with the file as its content."""
    report = FolderReport()
    prefixes = _prefixes(org)
    for path in sorted(p for p in folder.rglob("*") if p.is_file() and not _hidden(p, folder)):
        name = str(path.relative_to(folder))
        try:
            report.imported.append((name, _import_file(org, path, owner, by, prefixes, doc_type)))
        except PdcaError as exc:
            report.refused.append((name, exc.message))
        except OSError as exc:
            report.refused.append((name, _("cannot be read: %(error)s") % {"error": exc.strerror or exc}))
    return report


def _hidden(path: Path, folder: Path) -> bool:
    return any(part.startswith(".") for part in path.relative_to(folder).parts)


def _prefixes(org) -> dict[str, str]:
    """Number prefix → document type, by the organisation's numbering scheme."""
    return {prefix.upper(): doc_type for doc_type, (prefix, _width) in services.numbering_scheme(org).items()}


def _split_name(stem: str, prefixes: dict) -> tuple[str, str]:
    """The number and the title in a file's name. The organisation's prefixes come first, longest first,
    because they may hold digits and dashes that the general pattern does not take (F2-012, WI-M-012)."""
    for prefix in sorted(prefixes, key=len, reverse=True):
        match = re.match(rf"(?P<number>{re.escape(prefix)}-\d{{1,6}})[\s_-]+(?P<title>.+)$", stem, re.IGNORECASE)
        if match:
            break
    else:
        match = NAMED.match(stem)
    return (match["number"].upper(), match["title"]) if match else ("", stem)


@transaction.atomic
def _import_file(org, path: Path, owner, by, prefixes: dict, default_type: str) -> Document:
    if path.stat().st_size > settings.PDCA_MAX_UPLOAD_BYTES:  # refused before reading it into memory
        mb = settings.PDCA_MAX_UPLOAD_BYTES // 2**20
        raise PdcaError(_("The file is larger than %(mb)d MB.") % {"mb": mb})
    upload = SimpleUploadedFile(path.name, path.read_bytes())
    number, title = _split_name(path.stem, prefixes)
    doc_type = prefixes.get(number.rsplit("-", 1)[0], default_type) if number else default_type
    if number and Document.objects.filter(organisation=org, number=number).exists():
        raise PdcaError(_("%(n)s is already in the register.") % {"n": number})
    data = {"title": title.replace("_", " ").strip()[:300], "doc_type": doc_type, "owner": owner}
    with trail.acting(by, source="import"):
        document = services.document_create(org=org, data=data, by=by, number=number)
        services.revision_upload(document.revisions.get(), upload=upload, by=by)
    return document
