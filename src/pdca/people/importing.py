"""Bringing an existing people and training matrix into pdca from Excel or CSV.

One assessment per row: a person, their site and job role, a competence, the level and when it was
assessed. People, sites, job roles and competences not yet in pdca are created (a training matrix is
usually the first list of staff a QMS receives); an assessment already recorded is updated. Every row
is checked first and every bad cell named ("row 4, Level: 7 is outside 0–4"); only a file without any
complaint is imported, in one transaction. Columns are read by position, as in the template.
"""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from pdca.core import spreadsheets, trail
from pdca.core.exceptions import ValidationFailed
from pdca.core.models import Person, Site
from pdca.core.services import require
from pdca.core.spreadsheets import Bad, CellError, SpreadsheetInvalid
from pdca.people import services
from pdca.people.choices import CompetenceCategory, EvidenceKind
from pdca.people.models import Competence, JobRole, PersonCompetence

COLUMNS = {
    "person": gettext_lazy("Person"),
    "email": gettext_lazy("E-mail"),
    "site": gettext_lazy("Site"),
    "role": gettext_lazy("Job role"),
    "competence": gettext_lazy("Competence"),
    "category": gettext_lazy("Category"),
    "level": gettext_lazy("Level"),
    "assessed_on": gettext_lazy("Assessed on"),
    "valid_until": gettext_lazy("Requalify by"),
    "evidence_kind": gettext_lazy("Evidence"),
    "evidence": gettext_lazy("Evidence details"),
}
COLUMN_HELP = [
    (COLUMNS["person"], gettext_lazy("Required. A new name creates the person.")),
    (COLUMNS["email"], gettext_lazy("Optional, for a new person.")),
    (COLUMNS["site"], gettext_lazy("Optional. A new site name creates the site.")),
    (COLUMNS["role"], gettext_lazy("Optional. The person holds this job role (created if new).")),
    (COLUMNS["competence"], gettext_lazy("Required. A new name creates the competence.")),
    (COLUMNS["category"], gettext_lazy("Optional, for a new competence: skill, knowledge, qualification, experience.")),
    (COLUMNS["level"], gettext_lazy("Required. 0 (not yet) to 4 (expert, trains others).")),
    (COLUMNS["assessed_on"], gettext_lazy("Optional. A date (YYYY-MM-DD), not in the future; empty: today.")),
    (COLUMNS["valid_until"], gettext_lazy("Optional. A date after the assessment; empty: from the competence.")),
    (COLUMNS["evidence_kind"], gettext_lazy("Optional: training record, qualification, experience, observed, test.")),
    (COLUMNS["evidence"], gettext_lazy("Optional. What shows the level.")),
]


def headers() -> list[str]:
    return [str(label) for label in COLUMNS.values()]


def example_rows() -> list[list]:
    return [
        [
            "Sam Okafor",
            "",
            "Leeds",
            "CNC setter-operator",
            "5-axis programming",
            "Skill",
            3,
            "2025-03-01",
            "",
            "Observed at work",
            "Signed off by the cell leader",
        ],
        [
            "Sam Okafor",
            "",
            "Leeds",
            "CNC setter-operator",
            "First-article inspection",
            "Skill",
            2,
            "2025-03-01",
            "",
            "Training record",
            "TRN-0004",
        ],
    ]


def _level(value) -> int:
    return spreadsheets.whole(value, 0, 4, required=True)


def matrix_import(*, org, fileobj, filename: str, by) -> dict:
    """Check every row, then create and update everything or nothing. Returns counts."""
    require(by, "add", PersonCompetence, org)
    rows = spreadsheets.read_rows(fileobj, list(COLUMNS), csv_allowed=True, filename=filename)
    if not rows:
        raise spreadsheets.file_error(_("The file has no rows below its heading row."))
    today = timezone.localdate()
    parsed, errors, seen = [], [], {}
    for number, cells in rows:
        row = spreadsheets.RowCells(number, cells, COLUMNS)
        data = {
            "person": row.get("person", spreadsheets.required_text, 200),
            "email": row.get("email", spreadsheets.plain),
            "site": row.get("site", _text, 200),
            "role": row.get("role", _text, 200),
            "competence": row.get("competence", spreadsheets.required_text, 200),
            "category": row.get("category", spreadsheets.choice, CompetenceCategory) or CompetenceCategory.SKILL,
            "level": row.get("level", _level),
            "assessed_on": row.get("assessed_on", spreadsheets.date) or today,
            "valid_until": row.get("valid_until", spreadsheets.date),
            "evidence_kind": row.get("evidence_kind", spreadsheets.choice, EvidenceKind) or EvidenceKind.OBSERVATION,
            "evidence": spreadsheets.plain(cells["evidence"]),
        }
        if data["assessed_on"] and data["assessed_on"] > today:
            row.error("assessed_on", _("a future date; an assessment records what was found"))
        if data["valid_until"] and data["assessed_on"] and data["valid_until"] <= data["assessed_on"]:
            row.error("valid_until", _("must be after the assessment date"))
        key = ((data["person"] or "").casefold(), (data["competence"] or "").casefold())
        if all(key) and key in seen:
            row.error(
                "competence",
                _("this person's %(c)s is already on row %(row)s") % {"c": data["competence"], "row": seen[key]},
            )
        seen[key] = number
        parsed.append((number, data))
        errors += row.errors
    if errors:
        raise SpreadsheetInvalid(errors)
    return _apply(org, parsed, by)


def _text(value, max_length: int) -> str:
    text = spreadsheets.plain(value)
    if len(text) > max_length:
        raise Bad(_("longer than %(n)s characters") % {"n": max_length})
    return text


def _by_name(queryset) -> dict:
    return {obj.name.strip().casefold(): obj for obj in queryset}


@transaction.atomic
def _apply(org, parsed, by) -> dict:
    people = _by_name(Person.objects.filter(organisation=org))
    sites = _by_name(Site.objects.filter(organisation=org))
    roles = _by_name(JobRole.objects.filter(organisation=org))
    competences = _by_name(Competence.objects.filter(organisation=org))
    counts = {"people": 0, "competences": 0, "assessments": 0}
    with trail.acting(by, source="import"):
        for line, data in parsed:
            try:
                _apply_row(org, data, by, people, sites, roles, competences, counts)
            except ValidationFailed as exc:  # a rule the checks above did not foresee: still named by row
                raise SpreadsheetInvalid(
                    [
                        CellError(line, field, "", message, str(COLUMNS.get(field, field)))
                        for field, messages in exc.errors.items()
                        for message in messages
                    ]
                ) from exc
    return counts


def _apply_row(org, data, by, people, sites, roles, competences, counts) -> None:
    site = None
    if data["site"]:
        site = sites.get(data["site"].casefold())
        if site is None:
            site = sites[data["site"].casefold()] = Site.objects.create(organisation=org, name=data["site"])
    person = people.get(data["person"].casefold())
    if person is None:
        person = Person.objects.create(organisation=org, name=data["person"], email=data["email"] or "", site=site)
        people[data["person"].casefold()] = person
        counts["people"] += 1
    if data["role"]:
        role = roles.get(data["role"].casefold())
        if role is None:
            role = roles[data["role"].casefold()] = services.row_create(
                JobRole, org=org, data={"name": data["role"]}, by=by
            )
        role.people.add(person)
    competence = competences.get(data["competence"].casefold())
    if competence is None:
        competence = services.row_create(
            Competence, org=org, data={"name": data["competence"], "category": data["category"]}, by=by
        )
        competences[data["competence"].casefold()] = competence
        counts["competences"] += 1
    values = {
        "level": data["level"],
        "assessed_on": data["assessed_on"],
        "valid_until": data["valid_until"],
        "evidence_kind": data["evidence_kind"],
        "evidence": data["evidence"],
    }
    current = PersonCompetence.objects.filter(person=person, competence=competence).first()
    if current is None:
        services.competence_assess(org=org, data={"person": person, "competence": competence, **values}, by=by)
    else:
        services.competence_reassess(current, data=values, by=by)
    counts["assessments"] += 1
