"""Spreadsheet imports, checked row by row and applied all or nothing (every bad cell named):

- measurements: KPI (number or name), period (any day of it), value, note; a bad value, a future
  date, a period given twice in the file or already in pdca, or an unknown KPI is named by row;
- an existing objectives register: each objective arrives as a draft (approved in pdca), with its
  number kept if it has one.
Both read the file through core.spreadsheets, like the document master list.
"""

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from pdca.core import spreadsheets, trail
from pdca.core.services import require
from pdca.core.spreadsheets import Bad, CellError, SpreadsheetInvalid
from pdca.objectives import services
from pdca.objectives.choices import Direction, MeasurementSource
from pdca.objectives.models import KPI, Measurement, PolicyCommitment, QualityObjective
from pdca.processes.models import Process

# --- measurements

MEASUREMENT_COLUMNS = {
    "kpi": gettext_lazy("KPI"),
    "period": gettext_lazy("Period"),
    "value": gettext_lazy("Value"),
    "note": gettext_lazy("Note"),
}
# Which column a service error about an item's field belongs to.
FIELD_COLUMNS = {"kpi": "kpi", "period": "period", "value": "value"}


def measurements_import(*, org, fileobj, filename: str, by) -> list[Measurement]:
    """Check every row of the file (Excel or CSV), then record all its values or none."""
    require(by, "add", Measurement, org)
    rows = spreadsheets.read_rows(fileobj, list(MEASUREMENT_COLUMNS), csv_allowed=True, filename=filename)
    if not rows:
        raise spreadsheets.file_error(_("The file has no rows below its heading row."))
    find = KPIFinder(org)
    items = [_measurement_item(number, cells, find) for number, cells in rows]
    try:
        with trail.acting(by, source="import"):
            return services.measurements_add_many(org=org, items=items, by=by, source=MeasurementSource.IMPORT)
    except services.BatchInvalid as exc:
        raise SpreadsheetInvalid(_cell_errors(exc.items, {n: c for n, c in rows})) from exc


def _measurement_item(number: int, cells: dict, find: "KPIFinder") -> dict:
    item = {"key": number, "label": _("row %(n)s") % {"n": number}, "note": spreadsheets.plain(cells["note"])}
    try:
        item["kpi"] = find(cells["kpi"])
    except Bad as exc:
        item["kpi"], item["kpi_error"] = None, exc.message
    try:
        item["period"] = spreadsheets.date(cells["period"])
    except Bad as exc:
        item["period_error"] = exc.message
    try:
        item["value"] = services.parse_value(cells["value"])
    except ValueError:
        raw = spreadsheets.plain(cells["value"])
        message = _("“%(v)s” is not a number") % {"v": raw} if raw else _("empty; enter the measured value")
        item["value"], item["value_error"] = None, message
    return item


def _cell_errors(items: dict, rows: dict) -> list[CellError]:
    errors = []
    for number, fields in sorted(items.items()):
        for field, messages in fields.items():
            column = FIELD_COLUMNS.get(field, "kpi")
            for message in messages:
                label = str(MEASUREMENT_COLUMNS[column])
                errors.append(CellError(number, column, rows[number].get(column), message.rstrip("."), label))
    return errors


class KPIFinder:
    """The organisation's KPIs by number or by name (one query)."""

    def __init__(self, org):
        self.by_number, self.by_name = {}, {}
        for kpi in KPI.objects.filter(organisation=org).only(
            "id", "organisation_id", "number", "name", "frequency", "version"
        ):
            self.by_number[kpi.number.casefold()] = kpi
            self.by_name.setdefault(kpi.name.strip().casefold(), []).append(kpi)

    def __call__(self, value):
        text = spreadsheets.plain(value)
        if not text:
            raise Bad(_("empty; give the KPI's number or name"))
        if text.casefold() in self.by_number:
            return self.by_number[text.casefold()]
        matches = self.by_name.get(text.casefold(), [])
        if len(matches) > 1:
            raise Bad(_("more than one KPI is called “%(name)s”; give its number") % {"name": text})
        if not matches:
            raise Bad(_("“%(kpi)s” is not a KPI of the organisation") % {"kpi": text})
        return matches[0]


# --- objectives

OBJECTIVE_COLUMNS = {
    "number": gettext_lazy("Number"),
    "title": gettext_lazy("Objective"),
    "description": gettext_lazy("What will be done"),
    "commitments": gettext_lazy("Policy commitments"),
    "processes": gettext_lazy("Processes"),
    "direction": gettext_lazy("Direction"),
    "target": gettext_lazy("Target"),
    "unit": gettext_lazy("Unit"),
    "baseline": gettext_lazy("Baseline"),
    "deadline": gettext_lazy("Deadline"),
    "owner": gettext_lazy("Owner"),
    "resources": gettext_lazy("Resources"),
    "evaluation": gettext_lazy("How results are evaluated"),
}


def objectives_import(*, org, fileobj, filename: str, by) -> list[QualityObjective]:
    """Check every row of an objectives register (Excel or CSV), then create all as drafts or none."""
    require(by, "add", QualityObjective, org)
    rows = spreadsheets.read_rows(fileobj, list(OBJECTIVE_COLUMNS), csv_allowed=True, filename=filename)
    if not rows:
        raise spreadsheets.file_error(_("The file has no rows below its heading row."))
    check, parsed, errors = _ObjectiveChecks(org), [], []
    for number, cells in rows:
        row = spreadsheets.RowCells(number, cells, OBJECTIVE_COLUMNS)
        parsed.append(check.row(row))
        errors += row.errors
    if errors:
        raise SpreadsheetInvalid(errors)
    return _create_objectives(org, parsed, by)


class _ObjectiveChecks:
    def __init__(self, org):
        self.person = spreadsheets.PeopleByName(org.pk)
        self.taken = set(QualityObjective.objects.filter(organisation=org).values_list("number", flat=True))
        self.seen: dict[str, int] = {}
        self.commitments = _by_name(PolicyCommitment.objects.filter(organisation=org), "title")
        self.processes = _by_name(Process.objects.filter(organisation=org), "name", "number")

    def row(self, row: spreadsheets.RowCells) -> tuple[str, dict]:
        data = {
            "title": row.get("title", spreadsheets.required_text, 300),
            "description": spreadsheets.plain(row.cells["description"]),
            "commitments": row.get("commitments", _names, self.commitments, _("policy commitment")) or [],
            "processes": row.get("processes", _names, self.processes, _("process")) or [],
            "direction": row.get("direction", spreadsheets.choice, Direction) or Direction.HIGHER,
            "target": row.get("target", _number, required=True),
            "unit": row.get("unit", _text, 30),
            "baseline": row.get("baseline", _number),
            "deadline": row.get("deadline", _required_date),
            "owner": row.get("owner", self.person, required=True),
            "resources": spreadsheets.plain(row.cells["resources"]),
            "evaluation": spreadsheets.plain(row.cells["evaluation"]),
        }
        return row.get("number", self.objective_number, row.number) or "", data

    def objective_number(self, value, row: int) -> str:
        number = spreadsheets.plain(value)
        if not number:
            return ""
        if len(number) > 30:
            raise Bad(_("longer than %(n)s characters") % {"n": 30})
        if number in self.taken:
            raise Bad(_("%(n)s is already in the register") % {"n": number})
        if number in self.seen:
            raise Bad(_("%(n)s is already on row %(row)s") % {"n": number, "row": self.seen[number]})
        self.seen[number] = row
        return number


def _by_name(queryset, *fields) -> dict:
    found = {}
    for obj in queryset:
        for name in fields:
            found.setdefault(str(getattr(obj, name)).strip().casefold(), []).append(obj)
    return found


def _names(value, known: dict, kind: str) -> list:
    """Rows named in a cell, separated by semicolons or new lines."""
    names = [n.strip() for n in spreadsheets.plain(value).replace("\n", ";").split(";") if n.strip()]
    rows, unknown = [], []
    for name in names:
        matches = known.get(name.casefold(), [])
        if len(matches) == 1:
            rows.append(matches[0])
        else:
            unknown.append(name)
    if unknown:
        raise Bad(_("no %(kind)s is called “%(names)s”") % {"kind": kind, "names": "”, “".join(unknown)})
    return list(dict.fromkeys(rows))


def _number(value, *, required: bool = False):
    if spreadsheets.plain(value) == "":
        if required:
            raise Bad(_("empty; this column is required"))
        return None
    try:
        return services.parse_value(value)
    except ValueError:
        raise Bad(_("“%(v)s” is not a number") % {"v": spreadsheets.plain(value)}) from None


def _text(value, max_length: int) -> str:
    text = spreadsheets.plain(value)
    if len(text) > max_length:
        raise Bad(_("longer than %(n)s characters") % {"n": max_length})
    return text


def _required_date(value):
    day = spreadsheets.date(value)
    if day is None:
        raise Bad(_("empty; this column is required"))
    return day


@transaction.atomic
def _create_objectives(org, rows: list[tuple[str, dict]], by) -> list[QualityObjective]:
    with trail.acting(by, source="import"):
        return [services.objective_create(org=org, data=data, by=by, number=number) for number, data in rows]
