"""Importing an existing customer list from CSV or Excel: a good file arrives whole (owners, kept numbers,
active flags); a bad one is refused with every bad cell named by row and column, and nothing is saved.
Through the page and the API."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook

from pdca.core.spreadsheets import SpreadsheetInvalid
from pdca.customers import importing
from pdca.customers.models import Customer
from tests.customers.factories import make_customer
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


def test_a_good_excel_list_arrives_whole(world):
    PersonFactory(organisation=world.org, name="Olivia Grant")
    calder = ["CUS-0100", "Calder Valve Company", "Oil and gas", "Tom Ridley", "t.ridley@calder.example"]
    rows = [
        [*calder, "", "Olivia Grant", "Yes", ""],
        ["", "Pennine Rail Systems", "Rail", "", "", "0113 496 0000", "", "No", "Lapsed 2024"],
    ]
    created = importing.customer_list_import(org=world.org, fileobj=_xlsx(rows), filename="c.xlsx", by=None)
    assert [c.number for c in created] == ["CUS-0100", "CUS-0101"]  # numbering continues after a kept number
    calder, pennine = created
    assert calder.account_owner.name == "Olivia Grant" and calder.is_active
    assert not pennine.is_active and pennine.notes == "Lapsed 2024"


def test_a_bad_csv_names_every_bad_cell_and_saves_nothing(world):
    make_customer(world.org, name="Don Valley Pumps")
    lines = [
        ",Don Valley Pumps,,,,,,,",  # row 2: already a customer
        ",,Rail,,,,,,",  # row 3: no name
        ",Humber Marine,,,not-an-email,,Nobody Known,maybe,",  # row 4: e-mail, owner, active
        ",Humber Marine,,,,,,,",  # row 5: twice in the file
    ]
    with pytest.raises(SpreadsheetInvalid) as refused:
        importing.customer_list_import(org=world.org, fileobj=_csv(*lines), filename="c.csv", by=None)
    found = {(e.row, e.column) for e in refused.value.errors}
    assert found == {
        (2, "name"),
        (3, "name"),
        (4, "contact_email"),
        (4, "account_owner"),
        (4, "is_active"),
        (5, "name"),
    }
    assert "row 4, contact e-mail:" in str(next(e for e in refused.value.errors if e.column == "contact_email"))
    assert Customer.objects.filter(organisation=world.org).count() == 1


def test_the_page_and_the_api_import(world):
    client = world.client(world.users["quality_manager"])
    url = reverse("customers:import", args=[world.org.slug])
    assert client.get(url, {"template": "xlsx"}).content[:2] == b"PK"
    upload = SimpleUploadedFile("c.csv", _csv(",Nidd Robotics,Automation,,,,,,").read(), content_type="text/csv")
    assert client.post(url, {"file": upload}).status_code == 302
    bad = SimpleUploadedFile("c.csv", _csv(",,Rail,,,,,,").read(), content_type="text/csv")
    response = client.post(url, {"file": bad})
    assert response.status_code == 400 and "row 2, name" in response.content.decode()
    api = world.api(world.users["quality_manager"])
    api_url = reverse("customer-import-list", args=[world.org.slug])
    good = SimpleUploadedFile("c.csv", _csv(",Aire Defence,Defence,,,,,,").read(), content_type="text/csv")
    response = api.post(api_url, {"file": good}, format="multipart")
    assert response.status_code == 201 and response.data[0]["name"] == "Aire Defence"
    assert world.client(world.users["employee"]).get(url).status_code == 403
