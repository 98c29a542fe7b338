"""Importing an existing process list (Excel or CSV): all of it as drafts, or nothing with every bad cell named;
through the page and the API, for those who may add processes only."""

import csv
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from pdca.core.spreadsheets import SpreadsheetInvalid
from pdca.processes import importing
from pdca.processes.models import Process
from tests.documents.factories import make_document
from tests.factories import PersonFactory
from tests.harness import trail_of
from tests.processes.factories import make_process

HEADINGS = [str(label) for label in importing.COLUMNS.values()]


def row(**cells) -> list:
    """A row in the columns' order; unnamed cells empty."""
    values = {"type": "Core", "importance": "", **cells}
    return [values.get(code, "") for code in importing.COLUMNS]


def csv_file(rows, name="processes.csv") -> SimpleUploadedFile:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(HEADINGS)
    writer.writerows(rows)
    return SimpleUploadedFile(name, buffer.getvalue().encode("utf-8-sig"), content_type="text/csv")


def xlsx_file(rows, name="processes.xlsx") -> SimpleUploadedFile:
    book = Workbook()
    book.active.append(HEADINGS)
    for values in rows:
        book.active.append(values)
    buffer = io.BytesIO()
    book.save(buffer)
    return SimpleUploadedFile(name, buffer.getvalue())


@pytest.fixture
def people(world):
    return {
        "Helen Okafor": PersonFactory(organisation=world.org, name="Helen Okafor"),
        "Darren Hughes": PersonFactory(organisation=world.org, name="Darren Hughes"),
        "Aisha Begum": PersonFactory(organisation=world.org, name="Aisha Begum"),
    }


def good_rows(world):
    make_document(world.org, title="CNC start-up", number="WI-0001", doc_type="work_instruction")
    make_document(world.org, title="Deburring", number="WI-0002", doc_type="work_instruction")
    return [
        row(
            number="P-10",
            name="CNC machining",
            type="core (operational)",
            owner="darren hughes",
            importance=3,
            purpose="Parts to drawing",
            inputs="Works orders",
            outputs="Machined parts",
            methods="WI-0001, WI-0002",
            members="Aisha Begum; Helen Okafor",
            status="Approved, in use",
            next_review="2027-03-01",
        ),
        row(name="Management review", type="management", owner="Helen Okafor"),
        row(name="Training", type="Support", owner="Helen Okafor", importance="1"),
        row(name="Dispatch", type="Core", owner="Helen Okafor", importance="3 — high"),
    ]


def _import(world, upload, by=None):
    return importing.process_list_import(
        org=world.org, fileobj=upload, filename=upload.name, by=by or world.users["quality_manager"]
    )


@pytest.mark.parametrize("make_file", [csv_file, xlsx_file])
def test_a_good_list_arrives_whole_as_drafts(world, people, make_file):
    created = _import(world, make_file(good_rows(world)))
    assert [p.name for p in created] == ["CNC machining", "Management review", "Training", "Dispatch"]
    machining = Process.objects.get(name="CNC machining")
    assert machining.number == "P-10" and machining.process_type == "core" and machining.importance == 3
    assert machining.owner == people["Darren Hughes"] and machining.status == "draft"  # never imported as approved
    assert sorted(machining.documents.values_list("number", flat=True)) == ["WI-0001", "WI-0002"]
    assert set(machining.members.all()) == {people["Aisha Begum"], people["Helen Okafor"]}
    assert str(machining.next_review_date) == "2027-03-01"
    others = Process.objects.exclude(pk=machining.pk).order_by("number")
    assert [p.number for p in others] == ["PRC-0001", "PRC-0002", "PRC-0003"]
    assert [p.importance for p in others] == [2, 1, 3]
    assert trail_of(machining, "create").get().source == "import"


def test_every_bad_cell_is_named_and_nothing_is_imported(world, people):
    make_process(world.org, name="Purchasing", number="PRC-0007")
    rows = [
        row(name="CNC machining", type="core", owner="Darren Hughes"),
        row(name="cnc MACHINING", type="Assembly", owner="Nobody Known", importance=5),
        row(number="PRC-0007", name="Purchasing", type="support", owner="", methods="WI-9999", members="Ghost"),
        row(name="", type="core", owner="Helen Okafor", next_review="next March"),
        row(number="P-1", name="Dispatch", owner="Helen Okafor", importance="very high"),
        row(number="P-1", name="Sales", owner="Helen Okafor"),
    ]
    with pytest.raises(SpreadsheetInvalid) as refused:
        _import(world, csv_file(rows))
    found = {(e.row, e.column) for e in refused.value.errors}
    assert found == {
        (3, "name"),  # already on row 2 (case does not matter)
        (3, "type"),
        (3, "owner"),
        (3, "importance"),
        (4, "number"),  # already in the register
        (4, "name"),
        (4, "owner"),  # required
        (4, "methods"),
        (4, "members"),
        (5, "name"),  # required
        (5, "next_review"),
        (6, "importance"),
        (7, "number"),  # already on row 6
    }
    messages = {(e.row, e.column): str(e) for e in refused.value.errors}
    assert "Assembly" in messages[(3, "type")] and "Nobody Known" in messages[(3, "owner")]
    assert "WI-9999" in messages[(4, "methods")] and "row 4, methods" in messages[(4, "methods")].lower()
    assert "already on row 2" in messages[(3, "name")]
    assert Process.objects.count() == 1


def test_a_file_that_is_not_a_spreadsheet_is_refused(world, people):
    with pytest.raises(SpreadsheetInvalid, match="not an Excel"):
        _import(world, SimpleUploadedFile("processes.xlsx", b"not a workbook"))
    with pytest.raises(SpreadsheetInvalid, match="no rows"):
        _import(world, csv_file([]))


def test_the_export_reads_back_as_an_import(world, people):
    make_process(world.org, name="Sales", owner=people["Helen Okafor"], members=[people["Aisha Begum"]])
    client = world.client(world.users["quality_manager"])
    exported = client.get(reverse("processes:process_list", args=[world.org.slug]), {"export": "xlsx"})
    sheet = load_workbook(io.BytesIO(exported.content)).active
    assert [c.value for c in sheet[1]][: len(HEADINGS) - 2] == HEADINGS[: len(HEADINGS) - 2]
    Process.objects.all().delete()
    created = _import(world, SimpleUploadedFile("register.xlsx", exported.content))
    assert [(p.number, p.name, list(p.members.all())) for p in created] == [
        ("PRC-0001", "Sales", [people["Aisha Begum"]])
    ]


# --- the page and the API


def test_the_page_imports_a_good_file_and_lists_every_problem_of_a_bad_one(world, people):
    client = world.client(world.users["quality_manager"])
    url = reverse("processes:import", args=[world.org.slug])
    assert client.get(url).status_code == 200
    template = client.get(url, {"template": "xlsx"})
    assert template.status_code == 200 and template.content[:2] == b"PK"
    bad = client.post(url, {"file": csv_file([row(name="X", type="core", owner="Nobody")])})
    assert bad.status_code == 400
    assert "row 2, owner: “Nobody” is not a person of the organisation" in bad.content.decode()
    assert not Process.objects.exists()
    good = client.post(url, {"file": csv_file(good_rows(world))})
    assert good.status_code == 302 and Process.objects.count() == 4


def test_the_api_imports_all_or_nothing(world, people):
    api = world.api(world.users["admin"])
    url = reverse("process-import-list", args=[world.org.slug])
    bad = api.post(url, {"file": csv_file([row(name="X", type="nope", owner="Helen Okafor")])}, format="multipart")
    assert bad.status_code == 400
    assert bad.data["errors"] == [
        {"row": 2, "column": "type", "value": "nope", "message": bad.data["errors"][0]["message"]}
    ]
    assert "nope" in bad.data["errors"][0]["message"] and not Process.objects.exists()
    missing = api.post(url, {}, format="multipart")
    assert missing.status_code == 400 and missing.data["errors"][0]["column"] == "file"
    good = api.post(url, {"file": xlsx_file(good_rows(world))}, format="multipart")
    assert good.status_code == 201 and good.data["created"][0]["name"] == "CNC machining"
    assert Process.objects.count() == 4


@pytest.mark.parametrize("role", ["process_owner", "employee", "viewer"])
def test_only_those_who_add_processes_may_import(world, people, role):
    user = world.users[role]
    assert world.client(user).get(reverse("processes:import", args=[world.org.slug])).status_code == 403
    response = world.client(user).post(reverse("processes:import", args=[world.org.slug]), {"file": csv_file([])})
    assert response.status_code == 403
    response = world.api(user).post(
        reverse("process-import-list", args=[world.org.slug]), {"file": csv_file(good_rows(world))}, format="multipart"
    )
    assert response.status_code == 403 and not Process.objects.exists()
