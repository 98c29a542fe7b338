"""The catalogue: the shipped ISO 9001 file, the loader's validation, private catalogues, the CLI."""

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from pdca.core.exceptions import PermissionDenied, ValidationFailed
from pdca.core.models import TrailEntry
from pdca.standards import services
from pdca.standards.catalogue import CatalogueInvalid, parse_catalogue
from pdca.standards.models import Clause, Requirement, RequirementMapping, Standard

GOOD = """format: 1
standard:
  code: acme-csr
  edition: "2024"
  title: Acme customer-specific requirements
clauses:
  - number: "1"
    title: Packaging
    key: csr.packaging
    requirements:
      - key: csr.packaging.labels
        text: Every box carries the customer's part number and batch.
        guidance: ["Can you show a labelled box from this week?"]
        evidence: [Photo of a labelled box]
        di: retain
        weight: 3
        key_requirement: true
  - number: "2"
    title: Delivery
    key: csr.delivery
    clauses:
      - number: "2.1"
        title: Notice
        key: csr.delivery.notice
        requirements:
          - key: csr.delivery.notice.asn
            text: An advance shipping notice is sent before each delivery.
"""


def test_the_shipped_iso_9001_catalogue_is_complete(db):
    iso = Standard.objects.get(slug="iso9001-2015", organisation=None)
    numbers = set(Clause.objects.filter(standard=iso).values_list("number", flat=True))
    expected = {
        "4",
        "4.1",
        "4.2",
        "4.3",
        "4.4",
        "5.1.2",
        "6.3",
        "7.1.5.2",
        "7.5.3",
        "8.3.6",
        "8.5.1",
        "8.7",
        "9.2",
        "9.3.3",
        "10.2",
        "10.3",
    }
    assert expected <= numbers
    requirements = Requirement.objects.filter(standard=iso)
    assert requirements.count() >= 150
    assert all(r.guidance and r.evidence and r.text for r in requirements)
    assert requirements.filter(climate=True, clause__number__in=["4.1", "4.2"]).count() >= 2
    key_clauses = set(requirements.filter(is_key=True).values_list("clause__number", flat=True))
    assert {"4.3", "8.5.1", "9.2.2", "10.2.1"} <= key_clauses
    assert requirements.filter(may_be_not_applicable=True, clause__number__startswith="8.3").exists()
    assert not requirements.filter(may_be_not_applicable=True, clause__number__regex=r"^(4|5|6|9|10)\.").exists()
    assert requirements.filter(clause__number="4.3", documented_information="maintain").exists()
    assert Clause.objects.get(standard=iso, number="10.2").key == "hs.improvement.nonconformity"
    assert Clause.objects.get(standard=iso, number="10.3").key == "hs.improvement.continual"


def test_every_requirement_key_starts_with_its_clause_key(db):
    for req in Requirement.objects.select_related("clause"):
        assert req.key.startswith(req.clause.key + "."), req.key


def test_syncing_the_shipped_catalogue_again_changes_nothing(db):
    ids = set(Requirement.objects.values_list("id", flat=True))
    with CaptureQueriesContext(connection) as queries:
        services.catalogue_sync_shipped()
    assert set(Requirement.objects.values_list("id", flat=True)) == ids
    assert len(queries) <= 2  # only the checksum look-up


def test_an_organisation_imports_its_own_catalogue_privately(world):
    qm = world.users["quality_manager"]
    standard = services.catalogue_import(org=world.org, text=GOOD, filename="csr.yaml", by=qm)
    assert standard.organisation == world.org and standard.slug == "acme-csr-2024"
    assert [c.number for c in standard.clauses.order_by("position")] == ["1", "2", "2.1"]
    assert standard.requirements.get(key="csr.packaging.labels").is_key
    entry = TrailEntry.objects.get(organisation=world.org, action="import")
    assert entry.actor == qm and entry.changes["requirements"] == {"new": 2}
    assert world.client(qm).get(f"/o/{world.org.slug}/catalogue/acme-csr-2024/").status_code == 200
    assert world.client(world.outsider).get(f"/o/{world.other.slug}/catalogue/acme-csr-2024/").status_code == 404
    outsider_api = world.api(world.outsider).get(f"/api/v1/o/{world.other.slug}/standards/")
    assert "acme-csr-2024" not in {s["slug"] for s in outsider_api.data["results"]}


def test_reimporting_keeps_ids_and_applies_changes(world):
    services.catalogue_import(org=world.org, text=GOOD, filename="csr.yaml", by=None)
    labels = Requirement.objects.get(key="csr.packaging.labels")
    changed = GOOD.replace("part number and batch", "part number, batch and date").replace(
        "csr.delivery.notice.asn", "csr.delivery.notice.email"
    )
    services.catalogue_import(org=world.org, text=changed, filename="csr.yaml", by=None)
    labels.refresh_from_db()
    assert "batch and date" in labels.text
    assert not Requirement.objects.filter(key="csr.delivery.notice.asn").exists()
    assert Requirement.objects.filter(key="csr.delivery.notice.email").exists()


def test_shipped_catalogues_cannot_be_replaced(world):
    text = GOOD.replace("code: acme-csr", "code: iso9001").replace('edition: "2024"', 'edition: "2015"')
    with pytest.raises(ValidationFailed):
        services.catalogue_import(org=world.org, text=text, filename="x.yaml", by=None)
    assert Standard.objects.get(slug="iso9001-2015").requirements.count() >= 150


def test_only_managers_may_import(world):
    with pytest.raises(PermissionDenied):
        services.catalogue_import(org=world.org, text=GOOD, filename="csr.yaml", by=world.users["auditor"])
    assert not Standard.objects.filter(organisation=world.org).exists()


@pytest.mark.parametrize(
    ("bad", "line", "path", "words"),
    [
        (GOOD.replace("weight: 3", "weight: 7"), 16, "clauses[0].requirements[0].weight", "maximum"),
        (GOOD.replace("di: retain", "di: keep"), 15, "clauses[0].requirements[0].di", "is not one of"),
        (
            GOOD.replace("key: csr.packaging.labels", "key: other.labels"),
            11,
            "clauses[0].requirements[0].key",
            "must start with",
        ),
        (GOOD.replace('number: "2.1"', 'number: "3.1"'), 22, "clauses[1].clauses[0].number", "not inside its parent"),
        (
            GOOD.replace("        di: retain\n", "        di: retain\n        colour: red\n"),
            11,
            "clauses[0].requirements[0]",
            "colour",
        ),
        (
            GOOD.replace("key: csr.delivery.notice\n", "key: csr.packaging\n"),
            24,
            "clauses[1].clauses[0].key",
            "used twice",
        ),
        ("format: 1\nstandard: [unclosed\n", 3, "", ""),
        (GOOD.replace("format: 1", "format: 2"), 1, "format", "1 was expected"),
    ],
)
def test_bad_files_name_line_and_field_and_import_nothing(world, bad, line, path, words):
    with pytest.raises(CatalogueInvalid) as exc:
        services.catalogue_import(org=world.org, text=bad, filename="bad.yaml", by=None)
    error = exc.value.errors[0]
    assert exc.value.filename == "bad.yaml"
    assert error.line == line and error.path == path and words in error.message, error
    assert not Standard.objects.filter(organisation=world.org).exists()


def test_the_import_page_lists_every_error(world):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client = world.client(world.users["quality_manager"])
    bad = GOOD.replace("weight: 3", "weight: 9").replace("di: retain", "di: keep")
    response = client.post(
        f"/o/{world.org.slug}/catalogue/import/", {"file": SimpleUploadedFile("bad.yaml", bad.encode())}
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "bad.yaml has 2 errors" in html and "line 15" in html and "line 16" in html
    ok = client.post(f"/o/{world.org.slug}/catalogue/import/", {"file": SimpleUploadedFile("ok.yaml", GOOD.encode())})
    assert ok.status_code == 302 and Standard.objects.filter(organisation=world.org).count() == 1
    assert world.client(world.users["employee"]).get(f"/o/{world.org.slug}/catalogue/import/").status_code == 403


def test_the_cli_imports_as_a_member_and_reports_bad_files(world, tmp_path, capsys):
    path = tmp_path / "csr.yaml"
    path.write_text(GOOD)
    call_command("catalogue", "import", str(path), "--org", "acme", "--user", world.users["admin"].email)
    assert "Imported acme-csr-2024: 3 clauses, 2 requirements" in capsys.readouterr().out
    assert TrailEntry.objects.get(action="import").actor == world.users["admin"]
    with pytest.raises(CommandError, match="not a member"):
        call_command("catalogue", "import", str(path), "--org", "acme", "--user", world.outsider.email)
    with pytest.raises(CommandError, match="does not allow"):
        call_command("catalogue", "import", str(path), "--org", "acme", "--user", world.users["viewer"].email)
    path.write_text(GOOD.replace("weight: 3", "weight: 0"))
    with pytest.raises(CommandError, match=r"csr.yaml: line 16, clauses\[0\].requirements\[0\].weight"):
        call_command("catalogue", "import", str(path), "--org", "acme", "--user", world.users["admin"].email)


def test_mappings_link_requirements_between_catalogues(db, tmp_path):
    second = GOOD.replace("code: acme-csr", "code: iso-test").replace('"2024"', '"2026"')
    standard = services._write(parse_catalogue(second), org=None)
    mapping = tmp_path / "map.yaml"
    mapping.write_text(
        f"format: 1\nmapping: {{from: iso9001-2015, to: {standard.slug}}}\nlinks:\n"
        "  - {from: hs.context.scope.boundaries, to: csr.packaging.labels, relation: related}\n"
    )
    call_command("catalogue", "mapping", str(mapping))
    link = RequirementMapping.objects.get()
    assert link.source.key == "hs.context.scope.boundaries" and link.target.standard == standard
    mapping.write_text(mapping.read_text().replace("csr.packaging.labels", "csr.nothing"))
    with pytest.raises(CommandError, match=r"line 4, links\[0\].to: unknown requirement"):
        call_command("catalogue", "mapping", str(mapping))
