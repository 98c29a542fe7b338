"""Catalogue pages and API: tree, search, requirement page, read-only API; flat query counts."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from pdca.standards import services
from pdca.standards.models import Requirement
from tests.standards.test_catalogue import GOOD


def _queries(client, url):
    client.get(url)  # warm per-process caches (content types, permissions)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries), response


def test_the_tree_costs_the_same_queries_for_a_small_and_the_full_catalogue(world):
    services.catalogue_import(org=world.org, text=GOOD, filename="csr.yaml", by=None)
    client = world.client(world.users["employee"])
    small, _ = _queries(client, f"/o/{world.org.slug}/catalogue/acme-csr-2024/")
    full, response = _queries(client, f"/o/{world.org.slug}/catalogue/iso9001-2015/")
    assert small == full
    html = response.content.decode()
    assert "8.5.1" in html and "Production and service provision" in html
    assert html.count('href="/o/acme/catalogue/iso9001-2015/hs.') >= 150


def test_search_keeps_matches_and_their_parent_clauses(world):
    client = world.client(world.users["viewer"])
    response = client.get(f"/o/{world.org.slug}/catalogue/", {"q": "calibrat"})
    rows = response.context["rows"]
    numbers = [r["clause"].number for r in rows]
    assert "7" in numbers and "7.1" in numbers and any(n.startswith("7.1.5") for n in numbers)
    assert all("calibrat" in req.text.lower() or "calibrat" in req.key for r in rows for req in r["requirements"])
    assert 0 < response.context["match_count"] < Requirement.objects.count() / 5


def test_requirement_page_shows_guidance_and_evidence(world):
    req = Requirement.objects.filter(standard__slug="iso9001-2015", is_key=True).first()
    response = world.client(world.users["employee"]).get(f"/o/{world.org.slug}/catalogue/iso9001-2015/{req.key}/")
    html = response.content.decode()
    assert req.text in html and req.guidance[0] in html and req.evidence[0] in html and "key requirement" in html
    assert (
        world.client(world.users["employee"]).get(f"/o/{world.org.slug}/catalogue/iso9001-2015/hs.no.such/").status_code
        == 404
    )


def test_the_api_lists_and_filters_requirements_read_only(world):
    api = world.api(world.users["viewer"])
    response = api.get(f"/api/v1/o/{world.org.slug}/requirements/", {"clause": "8.5.1"})
    assert response.status_code == 200 and response.data["count"] >= 3
    assert {r["clause"] for r in response.data["results"]} == {"8.5.1"}
    first = response.data["results"][0]
    assert api.patch(f"/api/v1/o/{world.org.slug}/requirements/{first['id']}/", {"text": "x"}).status_code == 405
    assert api.get(f"/api/v1/o/{world.org.slug}/standards/iso9001-2015/").data["shipped"] is True


def test_requirement_page_links_other_catalogues_the_organisation_sees_and_no_others(world):
    """Same stable key and explicit mappings show up, but never another organisation's private catalogue."""
    from pdca.standards.models import RequirementMapping

    services.catalogue_import(org=world.org, text=GOOD, filename="csr.yaml", by=None)
    other_text = GOOD.replace("code: acme-csr", "code: rival-csr").replace("Acme", "Rival")
    services.catalogue_import(org=world.other, text=other_text, filename="csr.yaml", by=None)
    iso = Requirement.objects.filter(standard__slug="iso9001-2015", is_key=True).first()
    own = Requirement.objects.get(standard__organisation=world.org, key="csr.packaging.labels")
    rival = Requirement.objects.get(standard__organisation=world.other, key="csr.packaging.labels")
    RequirementMapping.objects.create(source=iso, target=own, relation="related")
    RequirementMapping.objects.create(source=iso, target=rival, relation="related")
    client = world.client(world.users["employee"])

    count, response = _queries(client, f"/o/{world.org.slug}/catalogue/iso9001-2015/{iso.key}/")
    assert [m.target for m in response.context["mapped"]] == [own]
    count_csr, response = _queries(client, f"/o/{world.org.slug}/catalogue/{own.standard.slug}/csr.packaging.labels/")
    assert response.context["same_key"] == []  # the rival's requirement with the same key stays invisible
    assert "Rival" not in response.content.decode()
    assert count == count_csr
    assert client.get(f"/o/{world.org.slug}/catalogue/{rival.standard.slug}/csr.packaging.labels/").status_code == 404
