"""Bringing an existing process list into pdca from a spreadsheet (Excel or CSV).

Every row is checked first and the list is applied all or nothing: if any cell is wrong, nothing is
imported and every bad cell is named (row, column, value, what is wrong). Each process arrives as a
draft with its existing number, to be approved in pdca. The columns are those of the register's Excel
export, so an exported register can be edited and imported elsewhere (its status column is not read).
"""

from dataclasses import dataclass

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from pdca.core import spreadsheets, trail
from pdca.core.services import require
from pdca.core.spreadsheets import Bad, SpreadsheetInvalid
from pdca.documents.models import Document
from pdca.processes import services
from pdca.processes.choices import Importance, ProcessType
from pdca.processes.models import Process

# Columns by position, as in the downloadable template and the Excel export; the heading row is not read.
COLUMNS = {
    "number": gettext_lazy("Number"),
    "name": gettext_lazy("Name"),
    "type": gettext_lazy("Type"),
    "owner": gettext_lazy("Owner"),
    "importance": gettext_lazy("Importance"),
    "purpose": gettext_lazy("Purpose"),
    "inputs": gettext_lazy("Inputs"),
    "outputs": gettext_lazy("Outputs"),
    "suppliers": gettext_lazy("Suppliers (who provides the inputs)"),
    "customers": gettext_lazy("Customers (who receives the outputs)"),
    "resources": gettext_lazy("Resources (equipment, infrastructure, environment)"),
    "competences": gettext_lazy("People and competences"),
    "criteria": gettext_lazy("Criteria and monitoring"),
    "methods": gettext_lazy("Methods (document numbers)"),
    "members": gettext_lazy("People working in it"),
    "status": gettext_lazy("Status (not read: imported as drafts)"),
    "next_review": gettext_lazy("Next review"),
}
TEXTS = ("purpose", "inputs", "outputs", "suppliers", "customers", "resources", "competences", "criteria")


@dataclass
class _Row:
    number: str
    data: dict


def process_list_import(*, org, fileobj, filename: str, by) -> list[Process]:
    """Check every row of the process list, then create all its processes (as drafts) or none."""
    require(by, "add", Process, org)
    rows = spreadsheets.read_rows(fileobj, list(COLUMNS), csv_allowed=True, filename=filename)
    if not rows:
        raise spreadsheets.file_error(_("The file has no rows below its heading row."))
    check, parsed, errors = _Checks(org, rows), [], []
    for number, cells in rows:
        row, row_errors = check.row(number, cells)
        errors += row_errors
        parsed.append(row)
    if errors:
        raise SpreadsheetInvalid(errors)
    return _create_all(org, parsed, by)


class _Checks:
    """Cell rules of the process list; numbers and names must be new to the register and to the file."""

    def __init__(self, org, rows):
        self.person = spreadsheets.PeopleByName(org.pk)
        existing = Process.objects.filter(organisation=org).values_list("number", "name")
        self.numbers = {number.casefold() for number, _name in existing}
        self.names = {name.casefold() for _number, name in existing}
        self.seen_numbers: dict[str, int] = {}
        self.seen_names: dict[str, int] = {}
        wanted = {n for _row, cells in rows for n in _split(cells["methods"], commas=True)}
        self.documents = {d.number: d for d in Document.objects.filter(organisation=org, number__in=wanted)}

    def row(self, number: int, cells: dict) -> tuple[_Row, list]:
        row = spreadsheets.RowCells(number, cells, COLUMNS)
        data = {
            "name": row.get("name", self.name, number),
            "process_type": row.get("type", spreadsheets.choice, ProcessType, required=True),
            "owner": row.get("owner", self.person, required=True),
            "importance": row.get("importance", importance) or Importance.MEDIUM,
            **{name: spreadsheets.plain(cells[name]) for name in TEXTS},
            "documents": row.get("methods", self.methods) or [],
            "members": row.get("members", self.members) or [],
            "next_review_date": row.get("next_review", spreadsheets.date),
        }
        return _Row(number=row.get("number", self.number, number) or "", data=data), row.errors

    def number(self, value, row: int) -> str:
        number = spreadsheets.plain(value)
        if not number:
            return ""  # numbered PRC-0001…, like a process created in pdca
        if len(number) > 30:
            raise Bad(_("longer than %(n)s characters") % {"n": 30})
        return self._new(number, row, self.numbers, self.seen_numbers)

    def name(self, value, row: int) -> str:
        name = spreadsheets.required_text(value, 200)
        return self._new(name, row, self.names, self.seen_names)

    @staticmethod
    def _new(value: str, row: int, taken: set, seen: dict) -> str:
        key = value.casefold()
        if key in taken:
            raise Bad(_("%(v)s is already in the register") % {"v": value})
        if key in seen:
            raise Bad(_("%(v)s is already on row %(row)s") % {"v": value, "row": seen[key]})
        seen[key] = row
        return value

    def methods(self, value) -> list:
        numbers = _split(value, commas=True)
        missing = [n for n in numbers if n not in self.documents]
        if missing:
            raise Bad(_("no document has the number %(n)s") % {"n": ", ".join(missing)})
        return [self.documents[n] for n in numbers]

    def members(self, value) -> list:
        people, problems = [], []
        for name in _split(value, commas=";" not in str(value or "")):
            try:
                people.append(self.person(name, required=True))
            except Bad as exc:
                problems.append(exc.message)
        if problems:
            raise Bad("; ".join(problems))
        return list(dict.fromkeys(people))


def importance(value) -> int | None:
    """1 to 3, or the level as the register and its export write it ("3 — high", "high")."""
    text = spreadsheets.plain(value).casefold()
    for level in Importance:
        if text and text in (str(level.label).casefold(), str(level.label).casefold().split("— ")[-1]):
            return level.value
    return spreadsheets.whole(value, 1, 3)


def _split(value, *, commas: bool) -> list[str]:
    """A cell holding several entries: one per line or separated by semicolons (and commas if `commas`)."""
    text = spreadsheets.plain(value).replace("\n", ";")
    if commas:
        text = text.replace(",", ";")
    return list(dict.fromkeys(part.strip() for part in text.split(";") if part.strip()))


@transaction.atomic
def _create_all(org, rows: list[_Row], by) -> list[Process]:
    with trail.acting(by, source="import"):
        return [services.process_create(org=org, data=row.data, by=by, number=row.number) for row in rows]
