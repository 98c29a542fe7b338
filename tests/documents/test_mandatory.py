"""The mandatory documented information checklist: what is in place, what is missing, what is advice."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from pdca.core import evidence
from pdca.core import services as core
from pdca.core.models import Site
from pdca.standards.models import Standard
from tests.documents.factories import make_document, make_effective

SCOPE = "hs.context.scope.statement"  # "maintain" in the shipped catalogue
POLICY = "hs.leadership.policy.communicating.documented"
CALIBRATION = "hs.support.resources.monitoring.traceability.calibration"  # "retain"


def iso(world):
    return Standard.objects.get(slug="iso9001-2015", organisation=None)


def by_key(world):
    return {item.requirement.key: item for item in evidence.checklist(world.org, iso(world))}


def test_an_effective_tagged_document_puts_an_item_in_place_and_a_draft_does_not(world):
    items = by_key(world)
    assert items[SCOPE].status == "missing" and items[SCOPE].needs == {"maintain"}
    draft = make_document(world.org, title="Scope draft")
    core.clause_tags_set(target=draft, keys=[SCOPE], by=None)
    assert by_key(world)[SCOPE].status == "missing"  # a draft is not documented information yet
    effective = make_effective(world.org, title="QMS scope")
    core.clause_tags_set(target=effective, keys=["hs.context.scope"], by=None)  # the clause above covers it
    item = by_key(world)[SCOPE]
    assert item.status == "present" and item.found["maintain"][0][0].model == "documents.Document"


def test_a_top_level_clause_tag_is_too_broad_to_count(world):
    effective = make_effective(world.org, title="Everything about leadership")
    core.clause_tags_set(target=effective, keys=["hs.leadership"], by=None)
    assert by_key(world)[POLICY].status == "missing"


def test_records_and_registers_count_through_declared_sources(world):
    site_source = evidence.Source(kind=evidence.RETAIN, label="Sites as records (test)", model="core.Site")
    register = evidence.Source(
        kind=evidence.MAINTAIN,
        label="Scope register (test)",
        model="core.Site",
        live=lambda sites: sites.filter(name="Scope"),
        keys=(SCOPE,),
    )
    evidence.register(site_source)
    evidence.register(register)
    try:
        site = Site.objects.create(organisation=world.org, name="Calibration lab")
        core.clause_tags_set(target=site, keys=[CALIBRATION], by=None)
        assert by_key(world)[CALIBRATION].status == "present"
        assert by_key(world)[SCOPE].status == "missing"
        Site.objects.create(organisation=world.org, name="Scope")
        assert by_key(world)[SCOPE].status == "present"
        assert by_key(world)[CALIBRATION].found["retain"][0][0] is site_source
    finally:
        evidence.SOURCES.remove(site_source)
        evidence.SOURCES.remove(register)


def test_items_needed_only_to_the_extent_necessary_are_advice(world):
    advisory = [item for item in by_key(world).values() if item.requirement.extent_necessary]
    assert advisory and all(item.status == "advice" for item in advisory)


def test_requirements_declared_not_applicable_are_never_missing(world):
    from pdca.gap import services as gap
    from pdca.standards.models import Requirement

    design = [i for i in by_key(world).values() if i.requirement.key.startswith("hs.operation.design")]
    assert design and {i.status for i in design} <= {"missing", "advice"}
    excluded = Requirement.objects.get(pk=design[0].requirement.pk)
    gap.applicability_set(
        org=world.org, requirement=excluded, applicable=False, justification="We build to customer drawings.", by=None
    )
    items = by_key(world)
    assert items[excluded.key].status == "not_applicable"
    assert evidence.item_for(world.org, excluded).status == "not_applicable"
    assert evidence.summary(list(items.values()))["not_applicable"] == 1
    other = {i.requirement.key: i for i in evidence.checklist(world.other, iso(world))}
    assert other[excluded.key].status != "not_applicable"  # each organisation's own list


def scope_row(html: str) -> str:
    start = html.index(f'id="di-{SCOPE}"')
    return html[start : html.index("</tr>", start)]


def test_the_page_lists_every_item_offers_starters_and_costs_the_same_queries(world):
    client = world.client(world.users["quality_manager"])
    url = f"/o/{world.org.slug}/documents/mandatory/"
    client.get(url)
    with CaptureQueriesContext(connection) as before:
        response = client.get(url)
    html = response.content.decode()
    assert response.status_code == 200 and "Missing" in html
    assert 'name="starter" value="qms-scope"' in scope_row(html)  # the shipped starter for the scope
    for n in range(3):
        core.clause_tags_set(target=make_effective(world.org, title=f"Doc {n}"), keys=[SCOPE, POLICY], by=None)
    with CaptureQueriesContext(connection) as after:
        response = client.get(url)
    assert len(after) == len(before)
    assert 'name="starter" value="qms-scope"' not in scope_row(response.content.decode())
    assert "In place" in scope_row(response.content.decode())
    assert world.client(world.users["employee"]).get(url).status_code in (200, 403)
    assert world.client(world.outsider).get(url).status_code == 404
