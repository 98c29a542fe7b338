"""Bringing an existing equipment list (instruments, machines, buildings, IT systems) into pdca from
Excel or CSV.

Every row is checked first and every bad cell named ("row 5, Calibration interval (months): empty; …");
only a file without any complaint is imported, all rows in one transaction. Columns are read by position,
as in the downloadable template; the heading row is not read.
"""

from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from pdca.core import spreadsheets, trail
from pdca.core.exceptions import ValidationFailed
from pdca.core.models import Site
from pdca.core.services import require
from pdca.core.spreadsheets import Bad, CellError, SpreadsheetInvalid
from pdca.equipment import services
from pdca.equipment.choices import DEFAULT_WARNING_DAYS, EquipmentKind
from pdca.equipment.models import Equipment

COLUMNS = {
    "number": gettext_lazy("Number"),
    "name": gettext_lazy("Name"),
    "kind": gettext_lazy("Kind"),
    "description": gettext_lazy("Description"),
    "site": gettext_lazy("Site"),
    "location": gettext_lazy("Location"),
    "owner": gettext_lazy("Responsible person"),
    "manufacturer": gettext_lazy("Manufacturer"),
    "model_number": gettext_lazy("Model"),
    "serial_number": gettext_lazy("Serial number"),
    "in_service_since": gettext_lazy("In service since"),
    "needs_calibration": gettext_lazy("Calibrated"),
    "calibration_interval_months": gettext_lazy("Calibration interval (months)"),
    "calibration_warning_days": gettext_lazy("Warn days before"),
    "measuring_range": gettext_lazy("Range"),
    "tolerance": gettext_lazy("Tolerance"),
    "traceability": gettext_lazy("Traceability"),
    "last_calibrated_on": gettext_lazy("Last calibrated"),
    "clauses": gettext_lazy("Clauses"),
}
COLUMN_HELP = [
    (
        COLUMNS["number"],
        gettext_lazy("Optional. Your existing number (e.g. EQ-0042 or GA-117); empty: numbered by pdca."),
    ),
    (COLUMNS["name"], gettext_lazy("Required.")),
    (
        COLUMNS["kind"],
        gettext_lazy(
            "Measuring instrument, Machine, Tooling or fixture, Building or utility, IT system, Vehicle or Other;"
            " empty: Measuring instrument."
        ),
    ),
    (COLUMNS["description"], gettext_lazy("Optional.")),
    (COLUMNS["site"], gettext_lazy("Optional. The name of one of the organisation's sites.")),
    (COLUMNS["location"], gettext_lazy("Optional.")),
    (COLUMNS["owner"], gettext_lazy("Required. The name of a person of the organisation.")),
    (COLUMNS["manufacturer"], gettext_lazy("Optional.")),
    (COLUMNS["model_number"], gettext_lazy("Optional.")),
    (COLUMNS["serial_number"], gettext_lazy("Optional.")),
    (COLUMNS["in_service_since"], gettext_lazy("Optional. A date (YYYY-MM-DD).")),
    (
        COLUMNS["needs_calibration"],
        gettext_lazy("Yes for measuring equipment that is calibrated or verified; empty: no."),
    ),
    (COLUMNS["calibration_interval_months"], gettext_lazy("Required when calibrated: 1 to 120.")),
    (COLUMNS["calibration_warning_days"], gettext_lazy("Optional, 0 to 365; empty: 30.")),
    (COLUMNS["measuring_range"], gettext_lazy("Optional, e.g. 0–25 mm.")),
    (COLUMNS["tolerance"], gettext_lazy("Optional, e.g. ±2 µm.")),
    (COLUMNS["traceability"], gettext_lazy("Optional. The standard it is calibrated against.")),
    (
        COLUMNS["last_calibrated_on"],
        gettext_lazy("Optional. A date (YYYY-MM-DD), not in the future; the next calibration follows from it."),
    ),
    (
        COLUMNS["clauses"],
        gettext_lazy("Optional. Clause keys separated by commas; empty: 7.1.5.2 if calibrated, else 7.1.3."),
    ),
]
YES = {"yes", "y", "true", "1", "x", "ja", "oui"}
NO = {"", "no", "n", "false", "0"}


def headers() -> list[str]:
    return [str(label) for label in COLUMNS.values()]


def example_row() -> list:
    return [
        "",
        "Outside micrometer 0–25 mm",
        str(EquipmentKind.INSTRUMENT.label),
        "Turned diameters at the lathes.",
        "",
        "Inspection room",
        "",
        "Mitutoyo",
        "293-240-30",
        "71234567",
        "2021-03-01",
        "Yes",
        12,
        30,
        "0–25 mm",
        "±1 µm",
        "Gauge blocks, UKAS certificate",
        "2025-01-15",
        "",
    ]


def yes_no(value) -> bool:
    text = spreadsheets.plain(value).casefold()
    if text in YES:
        return True
    if text in NO:
        return False
    raise Bad(_("write yes or no (not %(value)s)") % {"value": value})


def _text(value, max_length: int) -> str:
    text = spreadsheets.plain(value)
    if len(text) > max_length:
        raise Bad(_("longer than %(n)s characters") % {"n": max_length})
    return text


@dataclass
class _Row:
    line: int
    number: str
    data: dict
    clauses: list[str] | None


def equipment_import(*, org, fileobj, filename: str, by) -> list[Equipment]:
    """Check every row of the equipment list (Excel or CSV), then create all of it or none."""
    require(by, "add", Equipment, org)
    parsed = spreadsheets.checked_rows(fileobj, filename, COLUMNS, _Checks(org))
    return _create_all(org, parsed, by)


class _Checks:
    """Cell rules of the list; sites, people and numbers are looked up once for the whole file."""

    def __init__(self, org):
        self.org = org
        self.person = spreadsheets.PeopleByName(org.pk)
        self.sites = {s.name.strip().casefold(): s for s in Site.objects.filter(organisation=org)}
        self.taken = set(Equipment.objects.filter(organisation=org).values_list("number", flat=True))
        self.seen: dict[str, int] = {}

    def row(self, number: int, cells: dict):
        row = spreadsheets.RowCells(number, cells, COLUMNS)
        calibrated = bool(row.get("needs_calibration", yes_no))
        data = {
            "name": row.get("name", spreadsheets.required_text, 200),
            "kind": row.get("kind", spreadsheets.choice, EquipmentKind) or EquipmentKind.INSTRUMENT,
            "description": spreadsheets.plain(cells["description"]),
            "site": row.get("site", self.site),
            "location": row.get("location", _text, 200),
            "owner": row.get("owner", self.person, required=True),
            "manufacturer": row.get("manufacturer", _text, 200),
            "model_number": row.get("model_number", _text, 200),
            "serial_number": row.get("serial_number", _text, 100),
            "in_service_since": row.get("in_service_since", spreadsheets.date),
            "needs_calibration": calibrated,
            "calibration_interval_months": row.get(
                "calibration_interval_months", spreadsheets.whole, 1, 120, required=calibrated
            ),
            "calibration_warning_days": row.get("calibration_warning_days", spreadsheets.whole, 0, 365),
            "measuring_range": row.get("measuring_range", _text, 200),
            "tolerance": row.get("tolerance", _text, 200),
            "traceability": row.get("traceability", _text, 300),
            "last_calibrated_on": row.get("last_calibrated_on", self.past_date),
        }
        if data["calibration_warning_days"] is None:
            data["calibration_warning_days"] = DEFAULT_WARNING_DAYS
        clauses = [k.strip() for k in spreadsheets.plain(cells["clauses"]).split(",") if k.strip()] or None
        parsed = _Row(
            line=number, number=row.get("number", self.equipment_number, number) or "", data=data, clauses=clauses
        )
        return parsed, row.errors

    def site(self, value):
        name = spreadsheets.plain(value)
        if not name:
            return None
        found = self.sites.get(name.casefold())
        if found is None:
            raise Bad(_("no site is called “%(name)s”") % {"name": name})
        return found

    def past_date(self, value):
        day = spreadsheets.date(value)
        if day is not None and day > timezone.localdate():
            raise Bad(_("%(value)s is in the future") % {"value": day.isoformat()})
        return day

    def equipment_number(self, value, row: int) -> str:
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

    def unknown_clauses(self, parsed: list[_Row], rows) -> list:
        """Clause keys that no catalogue of the organisation has: one query for the whole file."""
        from pdca.standards.selectors import unknown_keys

        keys = sorted({k for row in parsed for k in row.clauses or []})
        unknown = set(unknown_keys(self.org, keys)) if keys else set()
        errors = []
        for row, (number, cells) in zip(parsed, rows, strict=True):
            bad = [k for k in row.clauses or [] if k in unknown]
            if bad:
                cell = spreadsheets.RowCells(number, cells, COLUMNS)
                cell.error("clauses", _("unknown clause: %(keys)s") % {"keys": ", ".join(bad)})
                errors += cell.errors
        return errors


@transaction.atomic
def _create_all(org, rows: list[_Row], by) -> list[Equipment]:
    created = []
    with trail.acting(by, source="import"):
        for row in rows:
            try:
                equipment = services.equipment_create(
                    org=org, data=row.data, by=by, clauses=row.clauses, number=row.number or None
                )
            except ValidationFailed as exc:  # a rule the cell checks above did not foresee: still named by row
                raise SpreadsheetInvalid(
                    [
                        CellError(row.line, field, "", message, str(COLUMNS.get(field, field)))
                        for field, messages in exc.errors.items()
                        for message in messages
                    ]
                ) from exc
            created.append(equipment)
    return created
