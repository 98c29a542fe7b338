"""Reading a spreadsheet someone filled in, for imports that apply all or nothing.

Rows come out keyed by column code and numbered as Excel shows them; each cell is parsed by a small
function that raises `Bad`, and `RowCells` turns every complaint into a `CellError` naming the row,
the column and the value, so one pass reports every bad cell at once. Used by the gap checklist and
the document master list.
"""

import csv
import datetime
import io
import zipfile
from dataclasses import dataclass

from django.utils.translation import gettext as _
from openpyxl import load_workbook
from openpyxl.utils.exceptions import InvalidFileException

MAX_ROWS = 50_000  # far above any real checklist or master list; bounds memory on a hostile file


@dataclass(frozen=True)
class CellError:
    """One bad cell: `row` as Excel numbers it (None for the file as a whole), `column` a column code."""

    row: int | None
    column: str
    value: object
    message: str
    label: str = ""  # the column's heading as people read it

    def __str__(self) -> str:
        if self.row is None:
            return self.message
        column = (self.label or self.column).lower()
        return _("row %(row)s, %(column)s: %(message)s") % {"row": self.row, "column": column, "message": self.message}


class SpreadsheetInvalid(Exception):
    """The file cannot be imported; `errors` names every bad cell. Nothing was changed."""

    def __init__(self, errors: list[CellError]):
        self.errors = errors
        super().__init__("; ".join(str(e) for e in errors[:5]))


class Bad(Exception):
    """A cell parser's complaint; becomes a CellError with the row and column."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def file_error(message: str) -> SpreadsheetInvalid:
    return SpreadsheetInvalid([CellError(None, "file", "", message)])


# --- reading


def read_rows(fileobj, codes: list[str], *, csv_allowed: bool = False, filename: str = "") -> list[tuple[int, dict]]:
    """The data rows (below the heading row) as {code: value} in column order; blank rows left out."""
    if csv_allowed and filename.lower().endswith(".csv"):
        return _numbered(_csv_rows(fileobj), codes)
    try:
        book = load_workbook(fileobj, read_only=True, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        expected = _("an Excel (.xlsx) or CSV file") if csv_allowed else _("an Excel (.xlsx) file")
        raise file_error(_("This is not %(expected)s.") % {"expected": expected}) from exc
    try:
        return _numbered(book.worksheets[0].iter_rows(min_row=2, values_only=True), codes)
    finally:
        book.close()


def _csv_rows(fileobj):
    raw = fileobj.read()
    try:
        text = raw.decode("utf-8-sig") if isinstance(raw, bytes) else raw
    except UnicodeDecodeError as exc:
        raise file_error(_("The CSV file is not UTF-8 text; save it as “CSV UTF-8” and try again.")) from exc
    dialect = csv.excel_tab if text.partition("\n")[0].count("\t") > text.partition("\n")[0].count(",") else csv.excel
    rows = csv.reader(io.StringIO(text), dialect)
    next(rows, None)  # the heading row
    return rows


def _numbered(rows, codes: list[str]) -> list[tuple[int, dict]]:
    numbered = []
    for number, values in enumerate(rows, start=2):
        if number > MAX_ROWS:
            raise file_error(_("The file has more than %(n)s rows.") % {"n": MAX_ROWS})
        values = (*values, *[None] * (len(codes) - len(values)))  # trailing empty cells may be cut
        if any(v not in (None, "") for v in values):
            numbered.append((number, dict(zip(codes, values, strict=False))))
    return numbered


class RowCells:
    """One row's cells: `get` parses one, keeping every complaint as a CellError."""

    def __init__(self, number: int, cells: dict, labels: dict[str, str]):
        self.number, self.cells, self.labels, self.errors = number, cells, labels, []

    def get(self, column: str, parse, *args, **kwargs):
        try:
            return parse(self.cells[column], *args, **kwargs)
        except Bad as exc:
            self.error(column, exc.message)
            return None

    def error(self, column: str, message: str) -> None:
        label = str(self.labels.get(column, column))
        self.errors.append(CellError(self.number, column, self.cells.get(column), message, label))


# --- cell parsers


def plain(value) -> str:
    return "" if value is None else str(value).strip()


def required_text(value, max_length: int) -> str:
    text = plain(value)
    if not text:
        raise Bad(_("empty; this column is required"))
    if len(text) > max_length:
        raise Bad(_("longer than %(n)s characters") % {"n": max_length})
    return text


def whole(value, low: int, high: int, *, required: bool = False) -> int | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        if required:
            raise Bad(_("empty; enter a whole number from %(low)s to %(high)s") % {"low": low, "high": high})
        return None
    number = _as_integer(value)
    if number is None:
        raise Bad(_("%(value)s is not a whole number") % {"value": value})
    if not low <= number <= high:
        raise Bad(_("%(value)s is outside %(low)s–%(high)s") % {"value": value, "low": low, "high": high})
    return number


def _as_integer(value) -> int | None:
    if isinstance(value, bool):  # True is an int to Python, not a number to anyone filling a sheet
        return None
    if isinstance(value, int):
        return value
    try:
        number = float(str(value).strip().replace(",", "."))
    except ValueError:
        return None
    return int(number) if number.is_integer() else None


def date(value) -> datetime.date | None:
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    text = plain(value)
    if not text:
        return None
    try:
        return datetime.date.fromisoformat(text)
    except ValueError:
        raise Bad(_("%(value)s is not a date; write it as YYYY-MM-DD") % {"value": value}) from None


def choice(value, choices, *, required: bool = False) -> str:
    """A TextChoices value, given as its value or its label in any case."""
    text = plain(value).casefold()
    if not text:
        if required:
            raise Bad(_("empty; choose one of: %(choices)s") % {"choices": ", ".join(str(c.label) for c in choices)})
        return ""
    for option in choices:
        if text in (option.value, str(option.label).casefold()):
            return option.value
    names = ", ".join(str(c.label) for c in choices)
    raise Bad(_("“%(value)s” is not one of: %(choices)s") % {"value": value, "choices": names})


class PeopleByName:
    """The organisation's people by name, for cells that name a person (one query)."""

    def __init__(self, org_id: int):
        from pdca.core.models import Person

        self.people: dict[str, list] = {}
        for person in Person.objects.filter(organisation_id=org_id).only("id", "name"):
            self.people.setdefault(person.name.strip().casefold(), []).append(person)

    def __call__(self, value, *, required: bool = False):
        name = plain(value)
        if not name:
            if required:
                raise Bad(_("empty; name a person of the organisation"))
            return None
        matches = self.people.get(name.casefold(), [])
        if not matches:
            raise Bad(_("“%(name)s” is not a person of the organisation") % {"name": name})
        if len(matches) > 1:  # matching by name must never pick one of two people at random
            raise Bad(_("more than one person is called “%(name)s”; rename one first") % {"name": name})
        return matches[0]


def checked_rows(fileobj, filename: str, columns, check) -> list:
    """Read a register file (Excel or CSV) and pass every row through `check.row(number, cells)`, which
    returns (parsed row, errors); then `check.unknown_clauses(parsed, rows)` where the check has it.
    Returns the parsed rows, or raises SpreadsheetInvalid with every error of the file: all or nothing."""
    rows = read_rows(fileobj, list(columns), csv_allowed=True, filename=filename)
    if not rows:
        raise file_error(_("The file has no rows below its heading row."))
    parsed, errors = [], []
    for number, cells in rows:
        row, row_errors = check.row(number, cells)
        parsed.append(row)
        errors += row_errors
    if hasattr(check, "unknown_clauses"):
        errors += check.unknown_clauses(parsed, rows)
    if errors:
        raise SpreadsheetInvalid(errors)
    return parsed
