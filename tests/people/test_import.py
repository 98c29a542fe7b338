"""Importing a people and training matrix from CSV or Excel: a good file creates the people, sites,
roles, competences and assessments (updating those already recorded); a bad one is refused with every
bad cell named by row and column, and nothing is saved. Through the page and the API-less service."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from pdca.core.models import Person
from pdca.core.spreadsheets import SpreadsheetInvalid
from pdca.people import importing
from pdca.people.models import Competence, JobRole, PersonCompetence
from tests.people.factories import make_assessment, make_competence, person_in

pytestmark = pytest.mark.django_db
HEAD = ",".join(importing.headers())


def _csv(*lines) -> io.BytesIO:
    return io.BytesIO(("\n".join([HEAD, *lines]) + "\n").encode())


def test_a_good_file_creates_people_roles_competences_and_assessments(world):
    org = world.org
    sam = person_in(org, name="Sam Okafor")
    milling = make_competence(org, name="Milling")
    make_assessment(org, person=sam, competence=milling, level=1)
    data = _csv(
        "Sam Okafor,,Leeds,Setter,Milling,,3,2025-03-01,,observed at work,Signed off",
        "New Starter,new@example.test,Leeds,Setter,Forklift licence,qualification,2,2025-02-01,2028-02-01,,",
    )
    result = importing.matrix_import(org=org, fileobj=data, filename="matrix.csv", by=world.users["admin"])
    assert result == {"people": 1, "competences": 1, "assessments": 2}
    assert PersonCompetence.objects.get(person=sam, competence=milling).level == 3  # updated, not duplicated
    newcomer = Person.objects.get(organisation=org, name="New Starter")
    assert newcomer.site.name == "Leeds"
    assert set(JobRole.objects.get(organisation=org, name="Setter").people.all()) == {sam, newcomer}
    forklift = Competence.objects.get(organisation=org, name="Forklift licence")
    assert forklift.category == "qualification"
    assert PersonCompetence.objects.get(person=newcomer).valid_until.isoformat() == "2028-02-01"


def test_a_bad_file_names_every_bad_cell_and_saves_nothing(world):
    org = world.org
    data = _csv(
        "Ann,,,,Milling,,7,2025-01-01,,,",
        ",,,,,,2,not a date,,,",
        "Bob,,,,Milling,,2,2025-03-01,2025-01-01,,",
        "Bob,,,,milling,,3,,,,",
    )
    with pytest.raises(SpreadsheetInvalid) as exc:
        importing.matrix_import(org=org, fileobj=data, filename="m.csv", by=world.users["admin"])
    found = {(e.row, e.column) for e in exc.value.errors}
    assert {
        (2, "level"),
        (3, "person"),
        (3, "competence"),
        (3, "assessed_on"),
        (4, "valid_until"),
        (5, "competence"),
    } <= found
    assert "row 2" in str(exc.value.errors[0]).lower()
    assert not Person.objects.filter(organisation=org, name__in=["Ann", "Bob"]).exists()
    assert not Competence.objects.filter(organisation=org).exists()


def test_the_import_page_takes_a_file_for_writers_only(world):
    url = reverse("people:import", args=[world.org.slug])
    upload = SimpleUploadedFile("m.csv", _csv("Ann,,,,Milling,,2,2025-01-01,,,").getvalue(), content_type="text/csv")
    assert world.client(world.users["auditor"]).post(url, {"file": upload}).status_code == 403
    upload.seek(0)
    response = world.client(world.users["quality_manager"]).post(url, {"file": upload})
    assert response.status_code == 302
    assert PersonCompetence.objects.filter(organisation=world.org, person__name="Ann").exists()
    template = world.client(world.users["quality_manager"]).get(url, {"template": "xlsx"})
    assert template.status_code == 200 and template.content[:2] == b"PK"
