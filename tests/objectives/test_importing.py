"""Imports of KPI measurements and of an objectives register: good and bad files, all or nothing,
every bad row named with its reason; the pages that take them."""

import datetime
import io
from decimal import Decimal as D

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from openpyxl import Workbook

from pdca.core.spreadsheets import SpreadsheetInvalid
from pdca.objectives.importing import measurements_import, objectives_import
from pdca.objectives.models import Measurement, QualityObjective
from tests.factories import PersonFactory
from tests.harness import trail_of
from tests.objectives.factories import make_commitment, make_kpi, make_measurement, months_ago

pytestmark = pytest.mark.django_db


def csv_file(rows: list[list]) -> io.BytesIO:
    lines = [",".join(str(c) for c in row) for row in rows]
    return io.BytesIO(("\n".join(lines) + "\n").encode("utf-8"))


def xlsx_file(rows: list[list]) -> io.BytesIO:
    book = Workbook()
    for row in rows:
        book.active.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    buffer.seek(0)
    return buffer


HEAD = ["KPI", "Period", "Value", "Note"]


def test_a_good_csv_of_measurements_is_imported(world):
    otd, scrap = (
        make_kpi(world.org),
        make_kpi(world.org, name="Scrap rate", direction="lower", target=D("2"), green=D("2"), amber=D("3")),
    )
    rows = [
        HEAD,
        [otd.number, months_ago(2).isoformat(), "94.5", "From the ERP"],
        [otd.number, (months_ago(1) + datetime.timedelta(days=12)).isoformat(), "96", ""],
        ["scrap rate", months_ago(1).isoformat(), '"1,8"', ""],  # by name, any case; a decimal comma
    ]
    created = measurements_import(org=world.org, fileobj=csv_file(rows), filename="kpis.csv", by=world.users["admin"])
    assert len(created) == 3
    otd.refresh_from_db()
    scrap.refresh_from_db()
    assert (otd.latest_value, otd.latest_period) == (D("96"), months_ago(1))
    assert scrap.latest_value == D("1.8")
    assert {m.source for m in created} == {"import"}
    entry = trail_of(created[0], "create").get()
    assert entry.source == "import" and entry.actor == world.users["admin"]


def test_a_good_excel_file_of_measurements_is_imported(world):
    kpi = make_kpi(world.org)
    rows = [
        HEAD,
        [kpi.number, months_ago(3), 93, None],
        [kpi.number, datetime.datetime.combine(months_ago(2), datetime.time()), 97.25, "ok"],
    ]
    created = measurements_import(org=world.org, fileobj=xlsx_file(rows), filename="kpis.xlsx", by=None)
    assert [m.value for m in created] == [D("93"), D("97.25")]


def test_a_bad_file_names_every_bad_row_and_imports_nothing(world):
    kpi = make_kpi(world.org)
    make_measurement(world.org, kpi=kpi, period=months_ago(5), value="90")
    future = (timezone.localdate() + datetime.timedelta(days=45)).isoformat()
    rows = [
        HEAD,
        [kpi.number, months_ago(1).isoformat(), "95", ""],  # row 2: good
        [kpi.number, months_ago(2).isoformat(), "n/a", ""],  # row 3: not a number
        [kpi.number, future, "95", ""],  # row 4: future
        [kpi.number, months_ago(1).isoformat(), "96", ""],  # row 5: same period as row 2
        [kpi.number, months_ago(5).isoformat(), "91", ""],  # row 6: already in pdca
        ["KPI-0999", months_ago(1).isoformat(), "1", ""],  # row 7: unknown KPI
        [kpi.number, "last March", "1", ""],  # row 8: not a date
        [kpi.number, months_ago(3).isoformat(), "", ""],  # row 9: empty value
    ]
    with pytest.raises(SpreadsheetInvalid) as exc:
        measurements_import(org=world.org, fileobj=csv_file(rows), filename="kpis.csv", by=None)
    messages = [str(e) for e in exc.value.errors]
    assert {e.row for e in exc.value.errors} == {3, 4, 5, 6, 7, 8, 9}
    assert any(m.startswith("row 3, value:") and "“n/a” is not a number" in m for m in messages)
    assert any(m.startswith("row 4, period:") and "future" in m for m in messages)
    assert any(m.startswith("row 5, period:") and "row 2" in m for m in messages)
    assert any(m.startswith("row 6, period:") and "already has a value" in m for m in messages)
    assert any(m.startswith("row 7, kpi:") and "KPI-0999" in m for m in messages)
    assert any(m.startswith("row 8, period:") and "not a date" in m for m in messages)
    assert any(m.startswith("row 9, value:") and "empty" in m for m in messages)
    assert Measurement.objects.count() == 1


def test_a_file_that_is_not_a_spreadsheet_is_refused(world):
    with pytest.raises(SpreadsheetInvalid) as exc:
        measurements_import(org=world.org, fileobj=io.BytesIO(b"%PDF-1.4"), filename="kpis.xlsx", by=None)
    assert "not an Excel" in str(exc.value.errors[0])


def test_the_import_page_lists_problems_and_imports_nothing(world):
    kpi = make_kpi(world.org)
    client = world.client(world.users["quality_manager"])
    url = reverse("objectives:measurement_import", args=[world.org.slug])
    bad = SimpleUploadedFile("k.csv", csv_file([HEAD, [kpi.number, months_ago(1).isoformat(), "lots", ""]]).read())
    response = client.post(url, {"file": bad})
    assert response.status_code == 400
    assert "row 2, value" in response.content.decode() and "nothing was imported" in response.content.decode()
    good = SimpleUploadedFile("k.csv", csv_file([HEAD, [kpi.number, months_ago(1).isoformat(), "97", ""]]).read())
    response = client.post(url, {"file": good})
    assert response.status_code == 302 and kpi.measurements.count() == 1
    assert world.client(world.users["employee"]).get(url).status_code == 403
    template = client.get(url, {"template": "xlsx"})
    assert template.status_code == 200 and template.content[:2] == b"PK"


OBJECTIVE_HEAD = [
    "Number",
    "Objective",
    "What will be done",
    "Policy commitments",
    "Processes",
    "Direction",
    "Target",
    "Unit",
    "Baseline",
    "Deadline",
    "Owner",
    "Resources",
    "How results are evaluated",
]


def test_an_objectives_register_is_imported_as_drafts(world):
    from tests.processes.factories import make_process

    owner = PersonFactory(organisation=world.org, name="Rachel Dunn")
    commitment = make_commitment(world.org, title="Get it right for the customer")
    machining = make_process(world.org, name="Machining")
    rows = [
        OBJECTIVE_HEAD,
        [
            "OBJ-0100",
            "Deliver on time",
            "Capacity review",
            "get it right for the customer",
            "Machining",
            "Higher is better",
            95,
            "%",
            88,
            "2026-12-31",
            "Rachel Dunn",
            "Planner",
            "Monthly OTD",
        ],
        ["", "Fewer returns", "", "", "", "lower", "0.5", "%", "", "2026-12-31", "rachel dunn", "", ""],
    ]
    created = objectives_import(org=world.org, fileobj=xlsx_file(rows), filename="objectives.xlsx", by=None)
    first, second = created
    assert first.number == "OBJ-0100" and second.number == "OBJ-0101"
    assert first.status == second.status == "draft"
    assert list(first.commitments.all()) == [commitment] and list(first.processes.all()) == [machining]
    assert first.owner == owner and second.direction == "lower" and second.target == D("0.5")


def test_a_bad_objectives_register_names_every_bad_cell(world):
    PersonFactory(organisation=world.org, name="Rachel Dunn")
    QualityObjective.objects.all().delete()
    rows = [
        OBJECTIVE_HEAD,
        ["", "", "", "", "", "", "", "", "", "", "Nobody", "", ""],  # row 2: title, target, deadline, owner
        [
            "",
            "Fewer returns",
            "",
            "Unknown commitment",
            "",
            "sideways",
            "lots",
            "",
            "",
            "2026-12-31",
            "Rachel Dunn",
            "",
            "",
        ],
    ]
    with pytest.raises(SpreadsheetInvalid) as exc:
        objectives_import(org=world.org, fileobj=csv_file(rows), filename="objectives.csv", by=None)
    found = {(e.row, e.column) for e in exc.value.errors}
    assert {(2, "title"), (2, "target"), (2, "deadline"), (2, "owner")} <= found
    assert {(3, "commitments"), (3, "direction"), (3, "target")} <= found
    assert not QualityObjective.objects.exists()
