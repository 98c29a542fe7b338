"""Bringing existing documents in: the master list (all or nothing) and a folder of files (file by file)."""

import io

import docx
import pytest
from django.core.management import CommandError, call_command
from openpyxl import Workbook

from pdca.core.models import TrailEntry
from pdca.core.spreadsheets import SpreadsheetInvalid
from pdca.documents import importing
from pdca.documents.models import Document
from tests.factories import PersonFactory, pdf_bytes

HEADING = ["Number", "Title", "Type", "Owner", "Revision", "Issued", "Next review", "Review every (months)"]


def workbook(rows) -> io.BytesIO:
    book = Workbook()
    for row in [HEADING, *rows]:
        book.active.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    buffer.seek(0)
    return buffer


def docx_bytes(text="Deburring steps") -> bytes:
    document = docx.Document()
    document.add_paragraph(text)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def test_it_imports_the_master_list_keeping_numbers_and_revision_labels(world):
    owner = PersonFactory(organisation=world.org, name="Dana Reyes")
    rows = [
        ["QP-004", "Control of documents", "Procedure", "Dana Reyes", "Rev C", "2024-03-01", "2027-03-01", 24],
        ["", "Deburring", "work instruction", "dana reyes", "", None, None, None],
    ]
    created = importing.master_list_import(
        org=world.org, fileobj=workbook(rows), filename="list.xlsx", by=world.users["quality_manager"]
    )
    first, second = created
    assert (first.number, first.doc_type, first.owner, first.review_interval_months) == (
        "QP-004",
        "procedure",
        owner,
        24,
    )
    assert str(first.next_review_date) == "2027-03-01"
    revision = first.revisions.get()
    assert revision.label == "Rev C" and revision.status == "draft" and "2024-03-01" in revision.change_summary
    assert second.number.startswith("WI-") and second.review_interval_months == 12
    assert TrailEntry.objects.filter(object_id=first.pk, source="import").exists()


def test_every_bad_cell_of_the_master_list_is_named_and_nothing_is_imported(world):
    PersonFactory(organisation=world.org, name="Dana Reyes")
    importing.master_list_import(
        org=world.org, fileobj=workbook([["QP-001", "Old", "procedure", "Dana Reyes"]]), filename="a.xlsx", by=None
    )
    rows = [
        ["QP-001", "Taken number", "procedure", "Dana Reyes"],
        ["QP-009", "", "leaflet", "Nobody Known", "", "1st of May", "", 500],
        ["QP-009", "Twice in the file", "procedure", "Dana Reyes"],
    ]
    with pytest.raises(SpreadsheetInvalid) as raised:
        importing.master_list_import(org=world.org, fileobj=workbook(rows), filename="b.xlsx", by=None)
    problems = {(e.row, e.column) for e in raised.value.errors}
    assert problems == {
        (2, "number"),
        (3, "title"),
        (3, "type"),
        (3, "owner"),
        (3, "issued"),
        (3, "interval"),
        (4, "number"),
    }
    assert "row 3, type: “leaflet” is not one of" in "; ".join(str(e) for e in raised.value.errors)
    assert Document.objects.filter(organisation=world.org).count() == 1


def test_the_master_list_may_be_csv_and_a_file_of_another_kind_is_refused(world):
    PersonFactory(organisation=world.org, name="Dana Reyes")
    text = "Number;Title\n"  # a heading row only is not a list
    with pytest.raises(SpreadsheetInvalid):
        importing.master_list_import(org=world.org, fileobj=io.BytesIO(text.encode()), filename="l.csv", by=None)
    csv = "Number,Title,Type,Owner\nF-010,Goods-in record,form,Dana Reyes\n"
    [form] = importing.master_list_import(org=world.org, fileobj=io.BytesIO(csv.encode()), filename="l.csv", by=None)
    assert (form.number, form.doc_type) == ("F-010", "form")
    with pytest.raises(SpreadsheetInvalid) as raised:
        importing.master_list_import(org=world.org, fileobj=io.BytesIO(b"%PDF-1.4"), filename="l.xlsx", by=None)
    assert "not an Excel" in str(raised.value)


def test_an_employee_cannot_import_a_master_list(world):
    from pdca.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        importing.master_list_import(
            org=world.org, fileobj=workbook([["", "T", "form", "x"]]), filename="l.xlsx", by=world.users["employee"]
        )


def test_a_folder_imports_good_files_and_names_the_refused_ones(world, tmp_path):
    owner = PersonFactory(organisation=world.org, name="Dana Reyes")
    (tmp_path / "QP-004 Control of documents.pdf").write_bytes(pdf_bytes())
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "WI-12_Deburring.docx").write_bytes(docx_bytes())
    (tmp_path / "Supplier approval.pdf").write_bytes(pdf_bytes())
    (tmp_path / "empty.pdf").write_bytes(b"")
    (tmp_path / "notes.pdf").write_bytes(b"just some text pretending to be a PDF")
    (tmp_path / ".hidden.pdf").write_bytes(pdf_bytes())
    report = importing.folder_import(org=world.org, folder=tmp_path, owner=owner, by=None)
    imported = {name: doc for name, doc in report.imported}
    assert set(imported) == {"QP-004 Control of documents.pdf", "sub/WI-12_Deburring.docx", "Supplier approval.pdf"}
    assert imported["QP-004 Control of documents.pdf"].number == "QP-004"
    deburring = imported["sub/WI-12_Deburring.docx"]
    assert (deburring.number, deburring.doc_type, deburring.title) == ("WI-12", "work_instruction", "Deburring")
    assert imported["Supplier approval.pdf"].number.startswith("QP-")
    assert deburring.revisions.get().file.size > 0
    assert {name for name, _reason in report.refused} == {"empty.pdf", "notes.pdf"}
    again = importing.folder_import(org=world.org, folder=tmp_path, owner=owner, by=None)
    assert ("QP-004 Control of documents.pdf", "QP-004 is already in the register.") in again.refused


def test_the_cli_imports_a_folder_and_a_master_list(world, tmp_path):
    PersonFactory(organisation=world.org, name="Dana Reyes")
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "POL-1 Quality policy.pdf").write_bytes(pdf_bytes())
    (tmp_path / "docs" / "bad.docx").write_bytes(b"PK not really")
    out = io.StringIO()
    call_command(
        "documents", "import", str(tmp_path / "docs"), "--org", world.org.slug, "--owner", "dana reyes", stdout=out
    )
    assert "POL-1" in out.getvalue() and "bad.docx" in out.getvalue() and "1 imported, 1 refused." in out.getvalue()
    listing = tmp_path / "list.xlsx"
    listing.write_bytes(workbook([["F-001", "Training record", "form", "Dana Reyes"]]).getvalue())
    out = io.StringIO()
    call_command("documents", "import-list", str(listing), "--org", world.org.slug, stdout=out)
    assert "1 documents imported" in out.getvalue()
    listing.write_bytes(workbook([["F-001", "Again", "form", "Dana Reyes"]]).getvalue())
    with pytest.raises(CommandError, match="row 2, number: F-001 is already in the register"):
        call_command("documents", "import-list", str(listing), "--org", world.org.slug)
    with pytest.raises(CommandError, match="No person"):
        call_command("documents", "import", str(tmp_path / "docs"), "--org", world.org.slug, "--owner", "Nobody")


def test_the_import_page_shows_every_problem_or_imports_and_offers_a_template(world):
    PersonFactory(organisation=world.org, name="Dana Reyes")
    client = world.client(world.users["quality_manager"])
    url = f"/o/{world.org.slug}/documents/import/"
    register = client.get(f"/o/{world.org.slug}/documents/register/").content.decode()
    assert url in register  # the register offers the import
    template = client.get(url, {"template": "xlsx"})
    assert template.status_code == 200 and template.content[:2] == b"PK"
    bad = workbook([["QP-001", "", "procedure", "Nobody"]])
    bad.name = "list.xlsx"
    answer = client.post(url, {"file": bad})
    html = answer.content.decode()
    assert answer.status_code == 400 and "row 2, title" in html and "row 2, owner" in html
    good = workbook([["QP-001", "Control of records", "procedure", "Dana Reyes", "B"]])
    good.name = "list.xlsx"
    assert client.post(url, {"file": good}).status_code == 302
    assert Document.objects.get(organisation=world.org, number="QP-001").revisions.get().label == "B"
    assert world.client(world.users["employee"]).get(url).status_code == 403
