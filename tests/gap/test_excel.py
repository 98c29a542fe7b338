"""The Excel checklist: export, fill in offline, import back — all or nothing, every bad cell named."""

import datetime
import io

import pytest
from openpyxl import load_workbook

from pdca.core.exceptions import PermissionDenied, TransitionNotAllowed
from pdca.core.models import Action, TrailEntry
from pdca.gap import excel, services
from pdca.gap.choices import SCORE_HELP, AssessmentStatus
from pdca.gap.models import Response
from tests.factories import PersonFactory
from tests.gap.reporting import iso9001, new_assessment, responses, score_some

COL = {code: index + 1 for index, code in enumerate(excel.CODES)}
DUE = datetime.date(2026, 6, 30)


def workbook(assessment):
    return load_workbook(io.BytesIO(excel.export(assessment)))


def saved(book) -> io.BytesIO:
    buffer = io.BytesIO()
    book.save(buffer)
    buffer.seek(0)
    return buffer


def row_of(sheet, key: str) -> int:
    return next(cell.row for cell in sheet["A"] if cell.value == key)


def edit(sheet, row: int, **values) -> None:
    for code, value in values.items():
        sheet.cell(row=row, column=COL[code]).value = value  # cell(value=None) would leave the old value


def snapshot(assessment) -> list:
    fields = ("score", "weight", "evidence", "gap", "priority", "action_id", "version")
    return list(Response.objects.filter(assessment=assessment).order_by("position").values_list(*fields))


@pytest.fixture
def assessment(world):
    assessment = new_assessment(world.org)
    score_some(assessment)
    return assessment


def test_the_export_is_a_checklist_with_one_row_per_requirement_and_a_scale(assessment):
    book = workbook(assessment)
    sheet, scale = book.worksheets
    assert [c.value for c in sheet[1]] == [str(c.label) for c in excel.COLUMNS]
    assert all(c.font.bold for c in sheet[1]) and sheet.freeze_panes == "B2"
    assert sheet.cell(row=2, column=COL["requirement"]).alignment.wrap_text
    assert sheet.cell(row=2, column=COL["due"]).number_format == "yyyy-mm-dd"
    assert sheet.max_row == 1 + iso9001().requirements.count()
    first = responses(assessment)[0]
    assert [c.value for c in sheet[2]][:7] == [
        first.requirement.key,
        first.requirement.clause.number,
        first.requirement.text,
        "\n".join(first.requirement.guidance),
        "yes",
        3,
        first.weight,
    ]
    validated = {str(dv.sqref).split(":")[0][0] for dv in sheet.data_validations.dataValidation}
    assert validated == {"F", "G", "J", "L"}  # score, weight, priority, due date
    assert scale.title == "Scale" and [scale.cell(row=r, column=1).value for r in range(2, 7)] == [0, 1, 2, 3, 4]
    assert scale.cell(row=5, column=3).value == str(SCORE_HELP[3])


def test_an_edited_checklist_imports_its_values_and_raises_the_action(world, assessment):
    owner = PersonFactory(organisation=world.org, name="Dana Reyes")
    book = workbook(assessment)
    sheet = book.active
    target = responses(assessment)[5]  # not scored yet
    edit(
        sheet,
        row_of(sheet, target.requirement.key),
        score=2,
        weight=3,
        evidence="Minutes of May",
        gap="Nobody reviews it.",
        priority="High",
        owner="dana REYES",
        due=DUE,
    )
    summary = excel.import_responses(assessment, saved(book), by=world.users["quality_manager"])

    assert summary == {"updated": 1, "actions": 1}
    target = Response.objects.select_related("action").get(pk=target.pk)
    assert (target.score, target.weight, target.evidence, target.gap, target.priority) == (
        2,
        3,
        "Minutes of May",
        "Nobody reviews it.",
        "high",
    )
    assert (target.action.owner, target.action.due_date, target.action.priority) == (owner, DUE, "high")
    assert TrailEntry.objects.filter(object_id=target.pk, source="import", action="update").exists()
    again = excel.import_responses(assessment, io.BytesIO(excel.export(assessment)), by=None)
    assert again == {"updated": 0, "actions": 0}  # an untouched export changes nothing


def test_an_import_moves_the_existing_action_to_another_owner_and_date(world, assessment):
    first, second = PersonFactory(organisation=world.org), PersonFactory(organisation=world.org, name="Lee Wong")
    target = responses(assessment)[1]
    action = services.response_raise_action(target, data={"title": "Fix", "owner": first, "due_date": DUE}, by=None)
    book = workbook(assessment)
    edit(book.active, row_of(book.active, target.requirement.key), owner="Lee Wong", due=datetime.date(2026, 9, 1))
    assert excel.import_responses(assessment, saved(book), by=None) == {"updated": 0, "actions": 1}
    action.refresh_from_db()
    assert (action.owner, action.due_date) == (second, datetime.date(2026, 9, 1))


def test_every_bad_cell_is_reported_with_its_row_and_column_and_nothing_changes(world):
    excluded = iso9001().requirements.filter(may_be_not_applicable=True).order_by("position").first()
    services.applicability_set(
        org=world.org, requirement=excluded, applicable=False, justification="No design.", by=None
    )
    assessment = new_assessment(world.org)
    score_some(assessment)
    before, actions = snapshot(assessment), Action.objects.count()
    book = workbook(assessment)
    sheet = book.active
    keys = [r.requirement.key for r in responses(assessment)]
    edit(sheet, 2, score=7)
    edit(sheet, 3, score=2.5)
    edit(sheet, 4, weight=5)
    edit(sheet, 5, due="31/02/2026", owner="Nobody Known", gap="Missing")
    edit(sheet, 6, priority="urgent")
    edit(sheet, 7, key="hs.no.such.requirement")
    edit(sheet, 8, key=keys[0])
    edit(sheet, row_of(sheet, excluded.key), score=3)
    edit(sheet, 9, owner=world.users["admin"].get_full_name() or str(world.users["admin"]))
    edit(sheet, 10, weight=None)

    with pytest.raises(excel.SpreadsheetInvalid) as raised:
        excel.import_responses(assessment, saved(book), by=None)
    found = {(e.row, e.column) for e in raised.value.errors}
    assert found == {
        (2, "score"),
        (3, "score"),
        (4, "weight"),
        (5, "due"),
        (5, "owner"),
        (6, "priority"),
        (7, "key"),
        (8, "key"),
        (row_of(sheet, excluded.key), "score"),
        (9, "due"),
        (9, "gap"),
        (10, "weight"),
    }
    messages = {str(e) for e in raised.value.errors}
    assert "row 2, score: 7 is outside 0–4" in messages
    assert "row 3, score: 2.5 is not a whole number" in messages
    assert f"row 8, key: {keys[0]} is already on row 2" in messages
    assert "row 5, owner: “Nobody Known” is not a person of the organisation" in messages
    assert snapshot(assessment) == before and Action.objects.count() == actions


def test_a_file_that_is_not_excel_is_refused(assessment):
    with pytest.raises(excel.SpreadsheetInvalid) as raised:
        excel.import_responses(assessment, io.BytesIO(b"key,score\nx,1\n"), by=None)
    assert [str(e) for e in raised.value.errors] == ["This is not an Excel (.xlsx) file."]


def test_a_completed_assessment_refuses_an_import(assessment):
    book = workbook(assessment)
    for status in (AssessmentStatus.IN_PROGRESS, AssessmentStatus.UNDER_REVIEW, AssessmentStatus.COMPLETED):
        services.assessment_transition(assessment, status=status, by=None)
    edit(book.active, 2, score=1)
    with pytest.raises(TransitionNotAllowed):
        excel.import_responses(assessment, saved(book), by=None)


def test_a_role_that_may_not_score_changes_nothing(world, assessment):
    before = snapshot(assessment)
    book = workbook(assessment)
    edit(book.active, 2, score=1)
    with pytest.raises(PermissionDenied):
        excel.import_responses(assessment, saved(book), by=world.users["viewer"])
    assert snapshot(assessment) == before
