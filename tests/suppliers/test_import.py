"""Importing an existing supplier list from CSV or Excel: a good file arrives whole (statuses recorded
as transitions, buyers, processes, kept numbers); a bad one is refused with every bad cell named by row
and column, and nothing is saved. Through the page and the API."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook

from pdca.core.spreadsheets import SpreadsheetInvalid
from pdca.suppliers import importing
from pdca.suppliers.models import Supplier
from tests.factories import PersonFactory
from tests.harness import trail_of

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


def test_a_good_file_arrives_whole(world):
    PersonFactory(organisation=world.org, name="Sian Pritchard")
    rows = [
        [
            "SUP-0100",
            "Sheffield Bar Stock",
            "316 bar",
            "Material or components",
            1,
            "Approved",
            "Sian Pritchard",
            "Jo Turner",
            "jo@bar.example",
            "",
            "",
            "https://bar.example",
            "",
            "",
        ],
        ["", "Calder Heat", "Vacuum hardening", "outsourced", 1, "On watch", "", "", "", "", "", "", "", ""],
        ["", "Brigg Logistics", "Haulage", "Service", "", "", "", "", "", "", "", "", "", ""],
    ]
    created = importing.supplier_list_import(
        org=world.org, fileobj=_xlsx(rows), filename="list.xlsx", by=world.users["admin"]
    )
    assert [s.number for s in created] == ["SUP-0100", "SUP-0101", "SUP-0102"]
    bar, calder, brigg = (Supplier.objects.get(pk=s.pk) for s in created)
    assert bar.status == "approved" and bar.owner.name == "Sian Pritchard" and bar.tier == 1
    assert calder.status == "on_watch" and calder.kind == "outsourced"
    assert brigg.status == "prospective" and brigg.tier == 2
    entry = trail_of(bar, "transition").get()
    assert entry.source == "import" and "Imported" in entry.reason


def test_a_bad_file_names_every_bad_cell_and_saves_nothing(world):
    make = "Existing Ltd"
    importing.supplier_list_import(org=world.org, fileobj=_csv(f",{make},bar,,,,,,,,,,,"), filename="a.csv", by=None)
    before = Supplier.objects.count()
    bad = _csv(
        ",,bar,,7,Approved,Nobody,,not-an-email,,,,,",
        f",{make},bar,Rocket fuel,,Sort of,,,,,,ftp//x,Unknown process,",
    )
    with pytest.raises(SpreadsheetInvalid) as exc:
        importing.supplier_list_import(org=world.org, fileobj=bad, filename="b.csv", by=None)
    found = {(e.row, e.column) for e in exc.value.errors}
    assert {(2, "name"), (2, "tier"), (2, "owner"), (2, "contact_email")} <= found
    assert {(3, "name"), (3, "kind"), (3, "status"), (3, "website"), (3, "processes")} <= found
    assert "row 2" in str(exc.value.errors[0]).lower()
    assert Supplier.objects.count() == before


def test_the_page_and_the_api_import(world):
    client = world.client(world.users["quality_manager"])
    url = reverse("suppliers:import", args=[world.org.slug])
    assert client.get(url, {"template": "xlsx"}).content[:2] == b"PK"
    upload = SimpleUploadedFile("list.csv", _csv(",Kirkstall Packaging,Crates,,3,,,,,,,,,").read())
    assert client.post(url, {"file": upload}).status_code == 302
    bad = SimpleUploadedFile("bad.csv", _csv(",,Crates,,3,,,,,,,,,").read())
    response = client.post(url, {"file": bad})
    assert response.status_code == 400 and "nothing was imported" in response.content.decode()
    api = world.api(world.users["quality_manager"])
    api_url = reverse("supplier-import-list", args=[world.org.slug])
    good = SimpleUploadedFile("l.csv", _csv(",Aire Fasteners,Bolts,,2,,,,,,,,,").read())
    assert api.post(api_url, {"file": good}, format="multipart").status_code == 201
    bad = SimpleUploadedFile("b.csv", _csv(",,Bolts,,9,,,,,,,,,").read())
    response = api.post(api_url, {"file": bad}, format="multipart")
    assert response.status_code == 400 and {e["column"] for e in response.data["errors"]} == {"name", "tier"}
    assert world.api(world.users["employee"]).post(api_url, {"file": good}, format="multipart").status_code == 403
