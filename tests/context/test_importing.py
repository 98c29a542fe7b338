"""Importing the legal register from Excel or CSV: a good file (numbers kept, owners and processes by name,
a last check recorded), a bad file with every bad cell named and nothing saved, and the same through the
page, the API and the CLI."""

import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone
from openpyxl import Workbook, load_workbook

from pdca.context import importing, services
from pdca.context.models import ComplianceCheck, LegalRequirement
from pdca.core.spreadsheets import SpreadsheetInvalid
from tests.context.factories import make_legal
from tests.factories import PersonFactory
from tests.processes.factories import make_process

HEAD = [str(label) for label in importing.COLUMNS.values()]
TODAY = timezone.localdate()
LAST = TODAY - datetime.timedelta(days=40)


def csv_file(rows) -> io.BytesIO:
    lines = [",".join(HEAD)] + [",".join(f'"{cell}"' for cell in row) for row in rows]
    return io.BytesIO("\n".join(lines).encode("utf-8"))


def xlsx_file(rows) -> io.BytesIO:
    book = Workbook()
    sheet = book.active
    sheet.append(HEAD)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    buffer.seek(0)
    return buffer


def row(**cells) -> list:
    values = dict.fromkeys(importing.COLUMNS, "")
    values.update(title="Pressure Equipment (Safety) Regulations 2016", kind="Regulation")
    values.update(cells)
    return [values[code] for code in importing.COLUMNS]


@pytest.fixture
def people(world):
    return {"helen": PersonFactory(organisation=world.org, name="Helen Okafor")}


@pytest.fixture
def good_rows(world, people):
    make_process(world.org, name="Machining", number="PRC-0003")
    make_process(world.org, name="Dispatch")
    return [
        row(
            number="LR-17",
            reference="SI 2016/1105",
            issuer="UK Parliament",
            owner="helen okafor",
            processes="PRC-0003; Dispatch",
            systems="Quality (ISO 9001), iso 45001",
            interval=6,
            last_checked=LAST.isoformat(),
            last_result="partly compliant",
            url="https://www.legislation.gov.uk/",
        ),
        row(title="REACH Regulation (EC) 1907/2006", kind="law", systems="environment"),
        row(
            title="Customer quality manual (Northern Hydraulics)",
            kind="Customer-specific requirement",
            next_check="2030-01-31",
            how_complied="Contract review checks each order",
        ),
    ]


def test_a_good_file_creates_every_requirement_with_its_first_check(world, people, good_rows):
    created = importing.legal_import(org=world.org, fileobj=csv_file(good_rows), filename="legal.csv", by=None)
    assert [r.number for r in created] == ["LR-17", "LEG-0001", "LEG-0002"]
    first, reach, customer = created
    assert first.owner == people["helen"] and first.systems == ["quality", "safety"]
    assert sorted(p.name for p in first.processes.all()) == ["Dispatch", "Machining"]
    check = ComplianceCheck.objects.get(legal_requirement=first)
    assert (check.checked_on, check.result) == (LAST, "partly")
    first.refresh_from_db()
    assert first.last_result == "partly" and first.next_check_date == services.next_check_after(LAST, 6)
    assert reach.kind == "law" and reach.systems == ["environment"] and reach.next_check_date == TODAY
    assert customer.kind == "customer" and customer.next_check_date == datetime.date(2030, 1, 31)
    assert not customer.checks.exists()


def test_an_excel_file_is_read_the_same_way(world, good_rows):
    created = importing.legal_import(org=world.org, fileobj=xlsx_file(good_rows), filename="legal.xlsx", by=None)
    assert len(created) == 3 and created[0].check_interval_months == 6


def test_a_bad_file_names_every_bad_cell_and_saves_nothing(world, people):
    make_legal(world.org)  # LEG-0001 is taken
    rows = [
        row(number="LEG-0001", title="", kind="treaty", owner="Nobody Here"),
        row(number="X-1", interval=0, next_check="31/01/2027", url="ftp://example.org/x", systems="finance"),
        row(
            number="X-1",
            processes="Painting",
            last_checked=(TODAY + datetime.timedelta(days=3)).isoformat(),
            last_result="compliant",
        ),
        row(last_result="not compliant"),
        row(last_checked=LAST.isoformat()),
    ]
    with pytest.raises(SpreadsheetInvalid) as refused:
        importing.legal_import(org=world.org, fileobj=csv_file(rows), filename="legal.csv", by=None)
    found = {(e.row, e.column) for e in refused.value.errors}
    assert found == {
        (2, "number"),
        (2, "title"),
        (2, "kind"),
        (2, "owner"),
        (3, "interval"),
        (3, "next_check"),
        (3, "url"),
        (3, "systems"),
        (4, "number"),
        (4, "processes"),
        (4, "last_checked"),
        (5, "last_checked"),
        (6, "last_result"),
    }
    text = [str(e) for e in refused.value.errors]
    assert "row 2, number: LEG-0001 is already in the register" in text
    assert "row 4, number: X-1 is already on row 3" in text
    assert any(t.startswith("row 2, kind: “treaty” is not one of:") for t in text)
    assert any(t.startswith("row 4, processes: no process is called or numbered “Painting”") for t in text)
    assert LegalRequirement.objects.filter(organisation=world.org).count() == 1
    assert not ComplianceCheck.objects.exists()


def test_a_file_that_is_not_a_spreadsheet_or_is_empty_is_refused(world):
    with pytest.raises(SpreadsheetInvalid) as refused:
        importing.legal_import(org=world.org, fileobj=io.BytesIO(b"%PDF-1.4"), filename="legal.xlsx", by=None)
    assert "not an Excel (.xlsx) or CSV file" in str(refused.value.errors[0])
    with pytest.raises(SpreadsheetInvalid) as refused:
        importing.legal_import(org=world.org, fileobj=csv_file([]), filename="legal.csv", by=None)
    assert "no rows" in str(refused.value.errors[0])


def test_the_template_reads_back_as_a_valid_register(world):
    client = world.client(world.users["quality_manager"])
    response = client.get(reverse("context:legal_import", args=[world.org.slug]), {"template": "xlsx"})
    assert response.status_code == 200
    created = importing.legal_import(
        org=world.org, fileobj=io.BytesIO(response.content), filename="template.xlsx", by=None
    )
    assert created[0].reference == "SI 2008/1597" and created[0].systems == ["quality", "safety"]
    headings = [c.value for c in next(load_workbook(io.BytesIO(response.content)).active.iter_rows(max_row=1))]
    assert headings == HEAD


def test_the_page_imports_or_lists_the_problems(world, good_rows):
    page = reverse("context:legal_import", args=[world.org.slug])
    client = world.client(world.users["quality_manager"])
    assert client.get(page).status_code == 200
    bad = client.post(page, {"file": SimpleUploadedFile("legal.csv", csv_file([row(kind="")]).getvalue())})
    assert bad.status_code == 400 and "row 2, kind: empty" in bad.content.decode()
    good = client.post(page, {"file": SimpleUploadedFile("legal.csv", csv_file(good_rows).getvalue())})
    assert good.status_code == 302 and LegalRequirement.objects.filter(organisation=world.org).count() == 3
    assert world.client(world.users["process_owner"]).get(page).status_code == 403
    assert world.client(world.outsider).post(page).status_code == 404


def test_the_api_imports_or_answers_every_bad_cell(world, good_rows):
    url = reverse("legalrequirement-import-register", args=[world.org.slug])
    api = world.api(world.users["top_management"])
    bad = api.post(url, {"file": SimpleUploadedFile("legal.csv", csv_file([row(title="", interval="x")]).getvalue())})
    assert bad.status_code == 400
    assert {(e["row"], e["column"]) for e in bad.data["errors"]} == {(2, "title"), (2, "interval")}
    good = api.post(url, {"file": SimpleUploadedFile("legal.csv", csv_file(good_rows).getvalue())})
    assert good.status_code == 201 and [r["number"] for r in good.data] == ["LR-17", "LEG-0001", "LEG-0002"]
    assert world.api(world.users["employee"]).post(url, {}).status_code == 403
    assert world.api(world.outsider).post(url, {}).status_code == 404


def test_the_cli_imports_or_lists_the_problems(world, good_rows, tmp_path):
    good, bad = tmp_path / "good.csv", tmp_path / "bad.csv"
    good.write_bytes(csv_file(good_rows).getvalue())
    bad.write_bytes(csv_file([row(kind="treaty")]).getvalue())
    with pytest.raises(CommandError) as refused:
        call_command("context", "import-legal", str(bad), org=world.org.slug)
    assert "row 2, kind" in str(refused.value)
    out = io.StringIO()
    call_command("context", "import-legal", str(good), org=world.org.slug, stdout=out)
    assert "3 requirements imported." in out.getvalue()
    assert LegalRequirement.objects.get(number="LR-17").checks.count() == 1
