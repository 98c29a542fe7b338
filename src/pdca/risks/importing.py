"""Bringing an existing risk register into pdca from Excel or CSV.

Every row is checked first and every bad cell named ("row 5, likelihood: must be 1 to 5 (not 7)");
only a file without any complaint is imported, all rows in one transaction. Columns are read by
position, as in the downloadable template; the heading row is not read.
"""

from dataclasses import dataclass

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from pdca.context.models import ContextIssue
from pdca.core import spreadsheets, trail
from pdca.core.exceptions import ValidationFailed
from pdca.core.services import require
from pdca.core.spreadsheets import Bad, CellError, SpreadsheetInvalid
from pdca.processes.models import Process
from pdca.risks import services
from pdca.risks.choices import SCALE, TREATMENTS_BY_KIND, RiskKind, Treatment
from pdca.risks.models import Risk, treatment_mismatch

COLUMNS = {
    "number": gettext_lazy("Number"),
    "title": gettext_lazy("Title"),
    "kind": gettext_lazy("Type"),
    "description": gettext_lazy("Description"),
    "context_issue": gettext_lazy("Context issue"),
    "process": gettext_lazy("Process"),
    "source_other": gettext_lazy("Other source"),
    "owner": gettext_lazy("Owner"),
    "likelihood": gettext_lazy("Likelihood"),
    "impact": gettext_lazy("Impact"),
    "treatment": gettext_lazy("Treatment"),
    "treatment_plan": gettext_lazy("Treatment plan"),
    "residual_likelihood": gettext_lazy("Residual likelihood"),
    "residual_impact": gettext_lazy("Residual impact"),
    "review_date": gettext_lazy("Next review"),
    "clauses": gettext_lazy("Clauses"),
}
COLUMN_HELP = [
    (COLUMNS["number"], gettext_lazy("Optional. Your existing number (e.g. RSK-0042); empty: numbered by pdca.")),
    (COLUMNS["title"], gettext_lazy("Required.")),
    (COLUMNS["kind"], gettext_lazy("Risk or Opportunity; empty: Risk.")),
    (COLUMNS["description"], gettext_lazy("Optional.")),
    (COLUMNS["context_issue"], gettext_lazy("Optional. The number or title of a context issue in pdca.")),
    (COLUMNS["process"], gettext_lazy("Optional. The number or name of a process in pdca.")),
    (COLUMNS["source_other"], gettext_lazy("Optional. Any other source, e.g. an audit finding.")),
    (COLUMNS["owner"], gettext_lazy("Required. The name of a person of the organisation.")),
    (COLUMNS["likelihood"], gettext_lazy("Required. 1 (rare) to 5 (almost certain).")),
    (COLUMNS["impact"], gettext_lazy("Required. 1 (negligible) to 5 (severe).")),
    (
        COLUMNS["treatment"],
        gettext_lazy(
            "Optional. Risks: accept, reduce, transfer, avoid. Opportunities: exploit, enhance, share, accept."
        ),
    ),
    (COLUMNS["treatment_plan"], gettext_lazy("Optional.")),
    (COLUMNS["residual_likelihood"], gettext_lazy("Optional, 1 to 5; give both residual ratings or neither.")),
    (COLUMNS["residual_impact"], gettext_lazy("Optional, 1 to 5.")),
    (COLUMNS["review_date"], gettext_lazy("Optional. A date (YYYY-MM-DD).")),
    (COLUMNS["clauses"], gettext_lazy("Optional. Clause keys separated by commas; empty: 6.1.1 for its type.")),
]


def headers() -> list[str]:
    return [str(label) for label in COLUMNS.values()]


def example_row() -> list:
    return [
        "",
        "Loss of the only 5-axis machine for more than a week",
        str(RiskKind.RISK.label),
        "Spindle failure on the DMG 5-axis would stop the aerospace work.",
        "",
        "",
        "Maintenance history",
        "",
        3,
        4,
        str(Treatment.REDUCE.label),
        "Preventive spindle service every 6 months; agree subcontract capacity.",
        2,
        4,
        "",
        "",
    ]


def rating(value, *, required: bool = True) -> int | None:
    """A likelihood or impact: a whole number 1 to 5."""
    if value is None or (isinstance(value, str) and not value.strip()):
        if required:
            raise Bad(_("empty; must be 1 to 5"))
        return None
    number = spreadsheets._as_integer(value)
    if number is None or number not in SCALE:
        raise Bad(_("must be 1 to 5 (not %(value)s)") % {"value": value})
    return number


@dataclass
class _Row:
    line: int
    number: str
    data: dict
    clauses: list[str] | None


def risk_register_import(*, org, fileobj, filename: str, by) -> list[Risk]:
    """Check every row of the register (Excel or CSV), then create all its entries or none."""
    require(by, "add", Risk, org)
    parsed = spreadsheets.checked_rows(fileobj, filename, COLUMNS, _Checks(org))
    return _create_all(org, parsed, by)


class _Checks:
    """Cell rules of the register; sources and owners are looked up once for the whole file."""

    def __init__(self, org):
        self.org = org
        self.person = spreadsheets.PeopleByName(org.pk)
        self.issues = _by_keys(ContextIssue.objects.filter(organisation=org), "number", "title")
        self.processes = _by_keys(Process.objects.filter(organisation=org), "number", "name")
        self.taken = set(Risk.objects.filter(organisation=org).values_list("number", flat=True))
        self.seen: dict[str, int] = {}

    def row(self, number: int, cells: dict):
        row = spreadsheets.RowCells(number, cells, COLUMNS)
        kind = row.get("kind", spreadsheets.choice, RiskKind) or RiskKind.RISK
        data = {
            "title": row.get("title", spreadsheets.required_text, 300),
            "kind": kind,
            "description": spreadsheets.plain(cells["description"]),
            "context_issue": row.get("context_issue", self.lookup, self.issues, _("context issue")),
            "process": row.get("process", self.lookup, self.processes, _("process")),
            "source_other": row.get("source_other", _text, 300),
            "owner": row.get("owner", self.person, required=True),
            "likelihood": row.get("likelihood", rating),
            "impact": row.get("impact", rating),
            "treatment": row.get("treatment", spreadsheets.choice, Treatment),
            "treatment_plan": spreadsheets.plain(cells["treatment_plan"]),
            "residual_likelihood": row.get("residual_likelihood", rating, required=False),
            "residual_impact": row.get("residual_impact", rating, required=False),
            "review_date": row.get("review_date", spreadsheets.date),
        }
        self.cross_checks(row, data)
        clauses = [k.strip() for k in spreadsheets.plain(cells["clauses"]).split(",") if k.strip()] or None
        parsed = _Row(line=number, number=row.get("number", self.risk_number, number) or "", data=data, clauses=clauses)
        return parsed, row.errors

    def cross_checks(self, row, data: dict) -> None:
        treatment, kind = data["treatment"], data["kind"]
        if treatment and treatment not in TREATMENTS_BY_KIND[kind]:
            row.error("treatment", treatment_mismatch(kind))
        residual = (row.cells["residual_likelihood"], row.cells["residual_impact"])
        given = [spreadsheets.plain(v) != "" for v in residual]
        if given[0] != given[1]:
            missing = "residual_impact" if given[0] else "residual_likelihood"
            row.error(missing, _("empty; give both residual ratings or neither"))

    def lookup(self, value, table: dict, what: str):
        key = spreadsheets.plain(value)
        if not key:
            return None
        found = table.get(key.casefold())
        if found is None:
            raise Bad(_("no %(what)s has the number or name “%(key)s”") % {"what": what, "key": key})
        return found

    def risk_number(self, value, row: int) -> str:
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


def _text(value, max_length: int) -> str:
    text = spreadsheets.plain(value)
    if len(text) > max_length:
        raise Bad(_("longer than %(n)s characters") % {"n": max_length})
    return text


def _by_keys(queryset, *fields) -> dict:
    """Rows by each of `fields`, case-insensitive; a name shared by two rows matches neither."""
    table, clashes = {}, set()
    for obj in queryset:
        for name in fields:
            key = str(getattr(obj, name)).strip().casefold()
            if key in table and table[key] != obj:
                clashes.add(key)
            table[key] = obj
    return {k: v for k, v in table.items() if k not in clashes}


@transaction.atomic
def _create_all(org, rows: list[_Row], by) -> list[Risk]:
    created = []
    with trail.acting(by, source="import"):
        for row in rows:
            try:
                risk = services.risk_create(
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
            created.append(risk)
    return created
