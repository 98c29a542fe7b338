"""Importing an existing equipment list from CSV or Excel: a good file arrives whole (sites, owners, kept
numbers, calibration dates worked out); a bad one is refused with every bad cell named by row and column,
and nothing is saved. Through the page and the API."""

import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook

from pdca.core.models import Site
from pdca.core.spreadsheets import SpreadsheetInvalid
from pdca.equipment import importing
from pdca.equipment.models import Equipment
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
def people(world):
    PersonFactory(organisation=world.org, name="Joseph Adeyemi")
    PersonFactory(organisation=world.org, name="Martin Gale")
    Site.objects.create(organisation=world.org, name="Leeds works", headcount=30)


GOOD = [
    "GA-117,Bore gauge 18-35 mm,Measuring instrument,,Leeds works,Inspection,Joseph Adeyemi,Mitutoyo,511-711,"
    "B1234,2020-05-01,yes,12,45,18-35 mm,±3 µm,Setting ring,2025-01-31,",
    ",Mazak QTN 200 lathe,machine,,,Cell 2,martin gale,Mazak,QTN 200,M-77,2015-01-01,,,,,,,,",
    ",ERP server,IT system,Order processing,leeds works,,Martin Gale,,,,,no,,,,,,,hs.support.resources.infrastructure",
]


def test_a_good_csv_list_arrives_whole(world, people):
    created = importing.equipment_import(
        org=world.org, fileobj=_csv(*GOOD), filename="list.csv", by=world.users["quality_manager"]
    )
    assert [e.number for e in created] == ["GA-117", "EQ-0001", "EQ-0002"]
    bore, lathe, server = created
    assert bore.site.name == "Leeds works" and bore.owner.name == "Joseph Adeyemi"
    assert bore.needs_calibration and bore.calibration_interval_months == 12 and bore.calibration_warning_days == 45
    assert bore.next_calibration_due == datetime.date(2026, 1, 31)
    assert (lathe.kind, lathe.needs_calibration, lathe.status) == ("machine", False, "in_service")
    assert server.kind == "it_system"


def test_a_good_excel_list_arrives_whole(world, people):
    row = [
        "",
        "Torque wrench 20-100 Nm",
        "",
        "",
        "",
        "",
        "Martin Gale",
        "",
        "",
        "",
        "",
        "Yes",
        6,
        "",
        "",
        "",
        "",
        "",
        "",
    ]
    row[17] = datetime.datetime(2025, 2, 1)
    created = importing.equipment_import(org=world.org, fileobj=_xlsx([row]), filename="list.xlsx", by=None)
    assert created[0].next_calibration_due == datetime.date(2025, 8, 1)
    assert created[0].kind == "instrument"


def test_a_bad_list_names_every_bad_cell_and_saves_nothing(world, people):
    bad = [
        ",,Robot,,Hull,,Nobody,,,,,maybe,,,,,,2999-01-01,",  # name, kind, site, owner, calibrated, future date
        "GA-1,Gauge,,,,,Martin Gale,,,,,yes,,,,,,,",  # calibrated without an interval
        "GA-1,Gauge,,,,,Martin Gale,,,,,yes,200,,,,,,no.such.clause",  # number repeated, interval 200, clause
    ]
    with pytest.raises(SpreadsheetInvalid) as refused:
        importing.equipment_import(org=world.org, fileobj=_csv(*bad), filename="list.csv", by=None)
    cells = {(e.row, e.column) for e in refused.value.errors}
    assert cells == {
        (2, "name"),
        (2, "kind"),
        (2, "site"),
        (2, "owner"),
        (2, "needs_calibration"),
        (2, "last_calibrated_on"),
        (3, "calibration_interval_months"),
        (4, "number"),
        (4, "calibration_interval_months"),
        (4, "clauses"),
    }
    text = "\n".join(str(e) for e in refused.value.errors)
    assert "row 2" in text and "Hull" in text
    assert not Equipment.objects.filter(organisation=world.org).exists()


def test_the_import_page_lists_every_problem_or_imports(world, people):
    client = world.client(world.users["quality_manager"])
    address = reverse("equipment:import", args=[world.org.slug])
    assert client.get(address).status_code == 200
    template = client.get(address + "?template=xlsx")
    assert template.status_code == 200 and template.content[:2] == b"PK"
    bad = SimpleUploadedFile("list.csv", _csv(",,,,,,Nobody,,,,,,,,,,,,").getvalue())
    response = client.post(address, {"file": bad})
    assert response.status_code == 400 and "nothing was imported" in response.content.decode()
    good = SimpleUploadedFile("list.csv", _csv(*GOOD).getvalue())
    assert client.post(address, {"file": good}).status_code == 302
    assert Equipment.objects.filter(organisation=world.org).count() == 3
    assert world.client(world.users["employee"]).get(address).status_code == 403


def test_the_import_api_answers_with_every_bad_cell_or_the_new_equipment(world, people):
    api = world.api(world.users["process_owner"])
    address = reverse("equipment-import-list", kwargs={"org_slug": world.org.slug})
    bad = SimpleUploadedFile("list.csv", _csv(",,,,,,Nobody,,,,,,,,,,,,").getvalue())
    response = api.post(address, {"file": bad}, format="multipart")
    assert response.status_code == 400
    assert {e["column"] for e in response.data["errors"]} == {"name", "owner"}
    good = SimpleUploadedFile("list.csv", _csv(*GOOD).getvalue())
    response = api.post(address, {"file": good}, format="multipart")
    assert response.status_code == 201 and {e["number"] for e in response.data} == {"GA-117", "EQ-0001", "EQ-0002"}
    viewer = world.api(world.users["viewer"]).post(address, {"file": good}, format="multipart")
    assert viewer.status_code == 403
