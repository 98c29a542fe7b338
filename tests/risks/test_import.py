"""Importing an existing risk register from CSV or Excel: a good file arrives whole (sources, owners,
scores, residual ratings, clauses, kept numbers); a bad one is refused with every bad cell named by row
and column, and nothing is saved. Through the page and the API."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook

from pdca.context.models import ContextIssue
from pdca.core.models import TrailEntry
from pdca.core.spreadsheets import SpreadsheetInvalid
from pdca.processes.models import Process
from pdca.risks import importing
from pdca.risks.models import Risk
from tests.factories import PersonFactory

HEAD = ",".join(importing.headers())


def _csv(*lines) -> io.BytesIO:
    return io.BytesIO(("\n".join([HEAD, *lines]) + "\n").encode())


def _xlsx(rows) -> io.BytesIO:
    book = Workbook()
    sheet = book.active
    sheet.append(importing.headers())
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    buffer.seek(0)
    return buffer


@pytest.fixture
def register(world):
    owner = PersonFactory(organisation=world.org, name="Helen Okafor")
    PersonFactory(organisation=world.org, name="Darren Hughes")
    process = Process.objects.create(organisation=world.org, number="PRO-0003", name="Purchasing", owner=owner)
    issue = ContextIssue.objects.create(
        organisation=world.org, number="CTX-0002", title="Steel prices", direction="external", category="economic"
    )
    return {"owner": owner, "process": process, "issue": issue}


GOOD = [
    "RSK-0100,Single source of bar stock,Risk,Only one mill,CTX-0002,Purchasing,,Helen Okafor,4,4,reduce,"
    "Second mill,2,4,2030-06-30,",
    ",Complete manifolds offer,Opportunity,,,,Sales meeting,Darren Hughes,3,4,Exploit,,,,,"
    "hs.planning.risks.determination.opportunities",
    ",Gauges past due,,,,pro-0003,,helen okafor,2,3,,,,,,",
]


def test_a_good_csv_register_arrives_whole(world, register):
    created = importing.risk_register_import(
        org=world.org, fileobj=_csv(*GOOD), filename="risks.csv", by=world.users["quality_manager"]
    )
    assert [r.number for r in created] == ["RSK-0100", "RSK-0101", "RSK-0102"]  # numbering continues after
    first, second, third = (Risk.objects.get(pk=r.pk) for r in created)
    assert (first.context_issue, first.process, first.owner) == (
        register["issue"],
        register["process"],
        register["owner"],
    )
    assert (first.score, first.residual_score, first.treatment, str(first.review_date)) == (
        16,
        8,
        "reduce",
        "2030-06-30",
    )
    assert (second.kind, second.treatment, second.source_other, second.score) == (
        "opportunity",
        "exploit",
        "Sales meeting",
        12,
    )
    assert (third.kind, third.process, third.owner, third.residual_score) == (
        "risk",
        register["process"],
        register["owner"],
        None,
    )
    tags = set(
        TrailEntry.objects.filter(content_type__model="risk", source="import").values_list("object_id", flat=True)
    )
    assert tags == {first.pk, second.pk, third.pk}


def test_a_good_excel_register_arrives_whole(world, register):
    rows = [
        ["", "Spindle failure", "Risk", "", "", "", "", "Helen Okafor", 3, 5, "Reduce", "Monitoring", 2, 4, None, ""]
    ]
    created = importing.risk_register_import(org=world.org, fileobj=_xlsx(rows), filename="r.xlsx", by=None)
    assert [(r.number, r.score, r.residual_score) for r in created] == [("RSK-0001", 15, 8)]


def test_a_bad_register_names_every_bad_cell_and_saves_nothing(world, register):
    Risk.objects.create(
        organisation=world.org, number="RSK-0007", title="Old", owner=register["owner"], likelihood=1, impact=1, score=1
    )
    bad = _csv(
        GOOD[0],
        ",Flood of the Leeds works,Risk,,,,,Helen Okafor,7,3,,,,,,",  # row 3: likelihood 7
        ",,Risk,,CTX-9999,Welding,,Nobody Here,2,,exploit,,3,,next week,hs.nowhere",  # row 4: many
        "RSK-0100,Duplicate in the file,Opportunity,,,,,Helen Okafor,2,2,reduce,,,,,",  # row 5
        "RSK-0007,Already in the register,Weather,,,,,Helen Okafor,2,two,,,,9,,",  # row 6
    )
    with pytest.raises(SpreadsheetInvalid) as refused:
        importing.risk_register_import(org=world.org, fileobj=bad, filename="risks.csv", by=None)
    messages = [str(e) for e in refused.value.errors]
    assert "row 3, likelihood: must be 1 to 5 (not 7)" in messages
    expected_row_4 = [
        "row 4, title: empty; this column is required",
        "row 4, context issue: no context issue has the number or name “CTX-9999”",
        "row 4, process: no process has the number or name “Welding”",
        "row 4, owner: “Nobody Here” is not a person of the organisation",
        "row 4, impact: empty; must be 1 to 5",
        "row 4, treatment: does not fit a risk: choose accept, reduce, transfer, avoid",
        "row 4, residual impact: empty; give both residual ratings or neither",
        "row 4, next review: next week is not a date; write it as YYYY-MM-DD",
        "row 4, clauses: unknown clause: hs.nowhere",
    ]
    for message in expected_row_4:
        assert message in messages, (message, messages)
    assert "row 5, number: RSK-0100 is already on row 2" in messages
    assert "row 5, treatment: does not fit an opportunity: choose exploit, enhance, share, accept" in messages
    assert "row 6, number: RSK-0007 is already in the register" in messages
    assert any(m.startswith("row 6, type: “Weather” is not one of") for m in messages)
    assert "row 6, impact: must be 1 to 5 (not two)" in messages
    assert "row 6, residual likelihood: empty; give both residual ratings or neither" in messages
    assert "row 6, residual impact: must be 1 to 5 (not 9)" in messages
    assert not any(m.startswith("row 2,") for m in messages)
    assert list(Risk.objects.values_list("number", flat=True)) == ["RSK-0007"]


def test_a_file_that_is_not_a_spreadsheet_is_refused(world):
    with pytest.raises(SpreadsheetInvalid, match="not an Excel"):
        importing.risk_register_import(org=world.org, fileobj=io.BytesIO(b"%PDF-1.4"), filename="r.xlsx", by=None)
    with pytest.raises(SpreadsheetInvalid, match="no rows"):
        importing.risk_register_import(org=world.org, fileobj=_csv(), filename="r.csv", by=None)


def test_the_import_page_lists_every_problem_or_imports(world, register):
    client = world.client(world.users["process_owner"])
    address = reverse("risks:import", args=[world.org.slug])
    assert client.get(address).status_code == 200
    template = client.get(address + "?template=xlsx")
    assert template.status_code == 200 and template.content[:2] == b"PK"
    bad = SimpleUploadedFile("r.csv", _csv(",Flood,Risk,,,,,Helen Okafor,7,3,,,,,,").getvalue())
    response = client.post(address, {"file": bad})
    assert response.status_code == 400
    assert "row 2, likelihood: must be 1 to 5 (not 7)" in response.content.decode()
    assert not Risk.objects.exists()
    good = SimpleUploadedFile("r.csv", _csv(*GOOD).getvalue())
    response = client.post(address, {"file": good})
    assert response.status_code == 302 and Risk.objects.count() == 3
    assert world.client(world.users["employee"]).get(address).status_code == 403


def test_the_import_api_answers_with_every_bad_cell_or_the_new_entries(world, register):
    api = world.api(world.users["quality_manager"])
    address = reverse("risk-import-register", kwargs={"org_slug": world.org.slug})
    bad = SimpleUploadedFile("r.csv", _csv(",Flood,Risk,,,,,Helen Okafor,7,3,,,,,,").getvalue())
    response = api.post(address, {"file": bad}, format="multipart")
    assert response.status_code == 400
    assert response.data["errors"] == [
        {
            "row": 2,
            "column": "likelihood",
            "message": "must be 1 to 5 (not 7)",
            "text": "row 2, likelihood: must be 1 to 5 (not 7)",
        }
    ]
    good = SimpleUploadedFile("r.csv", _csv(*GOOD).getvalue())
    response = api.post(address, {"file": good}, format="multipart")
    assert response.status_code == 201 and [r["number"] for r in response.data] == ["RSK-0100", "RSK-0101", "RSK-0102"]
    viewer = world.api(world.users["viewer"]).post(address, {"file": good}, format="multipart")
    assert viewer.status_code == 403
