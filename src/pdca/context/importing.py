"""Bringing an existing legal register into pdca from Excel or CSV: every row is checked first and the
file is applied all or nothing, every bad cell named (core.spreadsheets does the reading and the naming).

Columns are read by position, as in the downloadable template. A row with a last check date and result
also gets that compliance check, so the register starts with its history and its next due date.
"""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from pdca.context import services
from pdca.context.choices import LEGAL_PREFIX, ComplianceResult, LegalKind, ManagementSystem
from pdca.context.models import LegalRequirement
from pdca.core import spreadsheets, trail
from pdca.core.services import require
from pdca.core.spreadsheets import Bad, SpreadsheetInvalid

COLUMNS = {
    "number": gettext_lazy("Number"),
    "title": gettext_lazy("Title"),
    "reference": gettext_lazy("Reference"),
    "kind": gettext_lazy("Kind"),
    "issuer": gettext_lazy("Issued by"),
    "jurisdiction": gettext_lazy("Jurisdiction"),
    "applicability": gettext_lazy("Applies to"),
    "systems": gettext_lazy("Management systems"),
    "owner": gettext_lazy("Owner"),
    "how_complied": gettext_lazy("How compliance is ensured"),
    "processes": gettext_lazy("Processes"),
    "interval": gettext_lazy("Check every (months)"),
    "next_check": gettext_lazy("Next check"),
    "url": gettext_lazy("Link to the text"),
    "last_checked": gettext_lazy("Last checked"),
    "last_result": gettext_lazy("Last result"),
}
EXAMPLE = [
    "",
    "Supply of Machinery (Safety) Regulations 2008",
    "SI 2008/1597",
    "Regulation",
    "UK Parliament",
    "United Kingdom",
    "Machined assemblies supplied as partly completed machinery",
    "Quality (ISO 9001), Health and safety (ISO 45001)",
    "",
    "Declaration of incorporation issued with every assembly",
    "",
    12,
    "",
    "https://www.legislation.gov.uk/uksi/2008/1597",
    "",
    "",
]


@dataclass
class _Row:
    number: str
    data: dict
    last_checked: object
    last_result: str


def legal_import(*, org, fileobj, filename: str, by) -> list[LegalRequirement]:
    """Check every row of the legal register (Excel or CSV), then create all its requirements or none."""
    require(by, "add", LegalRequirement, org)
    rows = spreadsheets.read_rows(fileobj, list(COLUMNS), csv_allowed=True, filename=filename)
    if not rows:
        raise spreadsheets.file_error(_("The file has no rows below its heading row."))
    check, parsed, errors = _Checks(org), [], []
    for number, cells in rows:
        row, row_errors = check.row(number, cells)
        parsed.append(row)
        errors += row_errors
    if errors:
        raise SpreadsheetInvalid(errors)
    return _create_all(org, parsed, by)


class _Checks:
    """The cell rules; numbers must be new to the organisation and to the file."""

    def __init__(self, org):
        from pdca.processes.models import Process

        self.person = spreadsheets.PeopleByName(org.pk)
        self.taken = set(LegalRequirement.objects.filter(organisation=org).values_list("number", flat=True))
        self.seen: dict[str, int] = {}
        self.processes = {}
        for process in Process.objects.filter(organisation=org).only("id", "number", "name"):
            self.processes[process.number.casefold()] = process
            self.processes.setdefault(process.name.strip().casefold(), process)

    def row(self, number: int, cells: dict):
        row = spreadsheets.RowCells(number, cells, COLUMNS)
        data = {
            "title": row.get("title", spreadsheets.required_text, 300),
            "reference": row.get("reference", _text, 200),
            "kind": row.get("kind", spreadsheets.choice, LegalKind, required=True),
            "issuer": row.get("issuer", _text, 200),
            "jurisdiction": row.get("jurisdiction", _text, 100),
            "applicability": row.get("applicability", _text, 5000),
            "systems": row.get("systems", _systems),
            "owner": row.get("owner", self.person),
            "how_complied": row.get("how_complied", _text, 5000),
            "processes": row.get("processes", self.process_list) or [],
            "check_interval_months": row.get("interval", spreadsheets.whole, 1, 120) or 12,
            "next_check_date": row.get("next_check", spreadsheets.date),
            "source_url": row.get("url", _url),
        }
        last_checked = row.get("last_checked", _past_date)
        last_result = row.get("last_result", spreadsheets.choice, ComplianceResult)
        if last_checked and not last_result and cells.get("last_result") in (None, ""):
            row.error("last_result", _("empty; say what the last check found"))
        if last_result and not last_checked and cells.get("last_checked") in (None, ""):
            row.error("last_checked", _("empty; give the date of the last check"))
        parsed = _Row(row.get("number", self.legal_number, number) or "", data, last_checked, last_result or "")
        return parsed, row.errors

    def legal_number(self, value, row: int) -> str:
        number = spreadsheets.plain(value)
        if not number:
            return ""  # numbered LEG-nnnn like a requirement entered in pdca
        if len(number) > 30:
            raise Bad(_("longer than %(n)s characters") % {"n": 30})
        if number in self.taken:
            raise Bad(_("%(n)s is already in the register") % {"n": number})
        if number in self.seen:
            raise Bad(_("%(n)s is already on row %(row)s") % {"n": number, "row": self.seen[number]})
        self.seen[number] = row
        return number

    def process_list(self, value) -> list:
        found, unknown = [], []
        for name in _split(value):
            process = self.processes.get(name.casefold())
            (found if process else unknown).append(process or name)
        if unknown:
            raise Bad(_("no process is called or numbered %(p)s") % {"p": ", ".join(f"“{n}”" for n in unknown)})
        return list(dict.fromkeys(found))


def _split(value) -> list[str]:
    return [part.strip() for part in spreadsheets.plain(value).replace(";", ",").split(",") if part.strip()]


def _text(value, max_length: int) -> str:
    text = spreadsheets.plain(value)
    if len(text) > max_length:
        raise Bad(_("longer than %(n)s characters") % {"n": max_length})
    return text


def _systems(value) -> list[str]:
    names = _split(value)
    if not names:
        return [ManagementSystem.QUALITY.value]
    # "Quality (ISO 9001)" contains a comma-free label; "quality" and "ISO 9001" are accepted too.
    found, unknown = [], []
    for name in names:
        folded = name.casefold()
        match = next(
            (
                s.value
                for s in ManagementSystem
                if folded in (s.value, str(s.label).casefold()) or folded == _standard_of(s.label)
            ),
            None,
        )
        (found if match else unknown).append(match or name)
    if unknown:
        labels = ", ".join(str(s.label) for s in ManagementSystem)
        raise Bad(
            _("%(v)s is not one of: %(choices)s") % {"v": ", ".join(f"“{n}”" for n in unknown), "choices": labels}
        )
    return list(dict.fromkeys(found))


def _standard_of(label) -> str:
    """ "Quality (ISO 9001)" → "iso 9001"."""
    text = str(label)
    return text[text.find("(") + 1 : text.rfind(")")].casefold() if "(" in text else ""


def _url(value) -> str:
    text = spreadsheets.plain(value)
    if not text:
        return ""
    if len(text) > 500:
        raise Bad(_("longer than %(n)s characters") % {"n": 500})
    try:
        URLValidator(schemes=["http", "https"])(text)
    except ValidationError:
        raise Bad(_("%(v)s is not a web address (https://…)") % {"v": text}) from None
    return text


def _past_date(value):
    day = spreadsheets.date(value)
    if day and day > timezone.localdate():
        raise Bad(_("%(d)s is in the future") % {"d": day.isoformat()})
    return day


@transaction.atomic
def _create_all(org, rows: list[_Row], by) -> list[LegalRequirement]:
    created = []
    with trail.acting(by, source="import"):
        for row in rows:
            requirement = services.legal_create(org=org, data=row.data, by=by, number=row.number)
            if row.last_checked:
                services.compliance_check_record(
                    org=org,
                    data={
                        "legal_requirement": requirement,
                        "checked_on": row.last_checked,
                        "result": row.last_result,
                        "notes": _("Imported with the register."),
                    },
                    by=by,
                )
            created.append(requirement)
    return created


def template_rows() -> tuple[list[str], list[list]]:
    """The heading row and one example, for the downloadable template."""
    return [str(label) for label in COLUMNS.values()], [EXAMPLE]


__all__ = ["COLUMNS", "LEGAL_PREFIX", "legal_import", "template_rows"]
