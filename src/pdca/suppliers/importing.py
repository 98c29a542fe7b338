"""Bringing an existing supplier list into pdca from Excel or CSV.

Every row is checked first and every bad cell named ("row 5, tier: must be 1 to 3 (not 7)"); only a
file without any complaint is imported, all rows in one transaction. Columns are read by position, as
in the downloadable template; the heading row is not read. A status other than prospective (an approved
supplier list usually holds approved suppliers) is recorded as a transition with the reason "imported".
"""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator, validate_email
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from pdca.core import spreadsheets, trail
from pdca.core.exceptions import ValidationFailed
from pdca.core.services import require
from pdca.core.spreadsheets import Bad, CellError, SpreadsheetInvalid
from pdca.processes.models import Process
from pdca.suppliers import services
from pdca.suppliers.choices import SupplierStatus, SupplyKind, Tier
from pdca.suppliers.models import Supplier

COLUMNS = {
    "number": gettext_lazy("Number"),
    "name": gettext_lazy("Name"),
    "supplies": gettext_lazy("What they supply"),
    "kind": gettext_lazy("Kind of supply"),
    "tier": gettext_lazy("Tier"),
    "status": gettext_lazy("Status"),
    "owner": gettext_lazy("Responsible buyer"),
    "contact_name": gettext_lazy("Contact"),
    "contact_email": gettext_lazy("Contact e-mail"),
    "contact_phone": gettext_lazy("Contact phone"),
    "address": gettext_lazy("Address"),
    "website": gettext_lazy("Website"),
    "processes": gettext_lazy("Processes served"),
    "notes": gettext_lazy("Notes"),
}
COLUMN_HELP = [
    (COLUMNS["number"], gettext_lazy("Optional. Your existing number (e.g. SUP-0042); empty: numbered by pdca.")),
    (COLUMNS["name"], gettext_lazy("Required.")),
    (COLUMNS["supplies"], gettext_lazy("Required. The products, processes or services bought.")),
    (
        COLUMNS["kind"],
        gettext_lazy(
            "Material or components, Outsourced process, Service, Calibration or testing, "
            "Delivered direct to customer; empty: material."
        ),
    ),
    (COLUMNS["tier"], gettext_lazy("1 (critical), 2 (major) or 3 (minor); empty: 2.")),
    (
        COLUMNS["status"],
        gettext_lazy("Prospective, Approved, Conditional, On watch or Disqualified; empty: prospective."),
    ),
    (COLUMNS["owner"], gettext_lazy("Optional. The name of a person of the organisation.")),
    (COLUMNS["contact_name"], gettext_lazy("Optional.")),
    (COLUMNS["contact_email"], gettext_lazy("Optional. An e-mail address.")),
    (COLUMNS["contact_phone"], gettext_lazy("Optional.")),
    (COLUMNS["address"], gettext_lazy("Optional.")),
    (COLUMNS["website"], gettext_lazy("Optional. A full address (https://…).")),
    (COLUMNS["processes"], gettext_lazy("Optional. Numbers or names of processes in pdca, separated by semicolons.")),
    (COLUMNS["notes"], gettext_lazy("Optional.")),
]


def headers() -> list[str]:
    return [str(label) for label in COLUMNS.values()]


def example_row() -> list:
    return [
        "",
        "Sheffield Bar Stock Ltd",
        "316 and 304 stainless bar, 10–80 mm",
        str(SupplyKind.MATERIAL.label),
        1,
        str(SupplierStatus.APPROVED.label),
        "",
        "Jo Turner",
        "sales@sheffieldbar.example",
        "0114 496 0000",
        "",
        "https://sheffieldbar.example",
        "",
        "",
    ]


def tier(value) -> int:
    if value is None or (isinstance(value, str) and not value.strip()):
        return Tier.MAJOR
    number = spreadsheets._as_integer(value)
    if number is None or number not in Tier.values:
        raise Bad(_("must be 1 to 3 (not %(value)s)") % {"value": value})
    return number


def _text(value, max_length: int) -> str:
    text = spreadsheets.plain(value)
    if len(text) > max_length:
        raise Bad(_("longer than %(n)s characters") % {"n": max_length})
    return text


def _email(value) -> str:
    text = spreadsheets.plain(value)
    if text:
        try:
            validate_email(text)
        except ValidationError:
            raise Bad(_("“%(v)s” is not an e-mail address") % {"v": text}) from None
    return text


def _url(value) -> str:
    text = spreadsheets.plain(value)
    if text:
        try:
            URLValidator()(text)
        except ValidationError:
            raise Bad(_("“%(v)s” is not a web address (https://…)") % {"v": text}) from None
    return text


@dataclass
class _Row:
    line: int
    number: str
    status: str
    data: dict


def supplier_list_import(*, org, fileobj, filename: str, by) -> list[Supplier]:
    """Check every row of the supplier list (Excel or CSV), then create all its suppliers or none."""
    require(by, "add", Supplier, org)
    parsed = spreadsheets.checked_rows(fileobj, filename, COLUMNS, _Checks(org))
    return _create_all(org, parsed, by)


class _Checks:
    """Cell rules of the list; people and processes are looked up once for the whole file."""

    def __init__(self, org):
        self.org = org
        self.person = spreadsheets.PeopleByName(org.pk)
        self.processes = {}
        for process in Process.objects.filter(organisation=org).only("id", "number", "name"):
            self.processes[str(process.number).casefold()] = process
            self.processes.setdefault(process.name.strip().casefold(), process)
        self.taken = set(Supplier.objects.filter(organisation=org).values_list("number", flat=True))
        self.names = {n.casefold() for n in Supplier.objects.filter(organisation=org).values_list("name", flat=True)}
        self.seen: dict[str, int] = {}

    def row(self, number: int, cells: dict):
        row = spreadsheets.RowCells(number, cells, COLUMNS)
        data = {
            "name": row.get("name", self.name, number),
            "supplies": row.get("supplies", spreadsheets.required_text, 5000),
            "kind": row.get("kind", spreadsheets.choice, SupplyKind) or SupplyKind.MATERIAL,
            "tier": row.get("tier", tier),
            "owner": row.get("owner", self.person),
            "contact_name": row.get("contact_name", _text, 200),
            "contact_email": row.get("contact_email", _email),
            "contact_phone": row.get("contact_phone", _text, 50),
            "address": spreadsheets.plain(cells["address"]),
            "website": row.get("website", _url),
            "processes": row.get("processes", self.process_list) or [],
            "notes": spreadsheets.plain(cells["notes"]),
        }
        status = row.get("status", spreadsheets.choice, SupplierStatus) or SupplierStatus.PROSPECTIVE
        parsed = _Row(
            line=number, number=row.get("number", self.supplier_number, number) or "", status=status, data=data
        )
        return parsed, row.errors

    def name(self, value, line: int) -> str:
        name = spreadsheets.required_text(value, 200)
        key = name.casefold()
        if key in self.names:
            raise Bad(_("“%(n)s” is already a supplier") % {"n": name})
        if f"name:{key}" in self.seen:
            raise Bad(_("“%(n)s” is already on row %(row)s") % {"n": name, "row": self.seen[f"name:{key}"]})
        self.seen[f"name:{key}"] = line
        return name

    def process_list(self, value) -> list:
        found, missing = [], []
        for key in (k.strip() for k in spreadsheets.plain(value).split(";")):
            if key:
                process = self.processes.get(key.casefold())
                (found.append(process) if process else missing.append(key))
        if missing:
            raise Bad(_("no process has the number or name %(keys)s") % {"keys": ", ".join(f"“{k}”" for k in missing)})
        return found

    def supplier_number(self, value, line: int) -> str:
        number = spreadsheets.plain(value)
        if not number:
            return ""
        if len(number) > 30:
            raise Bad(_("longer than %(n)s characters") % {"n": 30})
        if number in self.taken:
            raise Bad(_("%(n)s is already in the register") % {"n": number})
        if number in self.seen:
            raise Bad(_("%(n)s is already on row %(row)s") % {"n": number, "row": self.seen[number]})
        self.seen[number] = line
        return number


# Imported statuses are reached from prospective in one recorded step each.
_PATH = {
    SupplierStatus.APPROVED: [SupplierStatus.APPROVED],
    SupplierStatus.CONDITIONAL: [SupplierStatus.CONDITIONAL],
    SupplierStatus.ON_WATCH: [SupplierStatus.APPROVED, SupplierStatus.ON_WATCH],
    SupplierStatus.DISQUALIFIED: [SupplierStatus.DISQUALIFIED],
}


@transaction.atomic
def _create_all(org, rows: list[_Row], by) -> list[Supplier]:
    created = []
    reason = _("Imported from the existing supplier list.")
    with trail.acting(by, source="import"):
        for row in rows:
            try:
                supplier = services.supplier_create(org=org, data=row.data, by=by, number=row.number or None)
                for status in _PATH.get(row.status, []):
                    services._move(supplier, status, by=by, reason=reason)
            except ValidationFailed as exc:  # a rule the cell checks did not foresee: still named by row
                raise SpreadsheetInvalid(
                    [
                        CellError(row.line, field, "", message, str(COLUMNS.get(field, field)))
                        for field, messages in exc.errors.items()
                        for message in messages
                    ]
                ) from exc
            created.append(supplier)
    return created
