"""The QMS scope (4.3): the not-applicable list read from the gap app (never copied), its lines, the scope
document generated and revised through the documents services, and the scope/N-A consistency check with
hand-made cases; the scope page and API with their roles and tenancy (exempt from the generic harness:
one scope per organisation)."""

import html

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from pdca.context import scope as sc
from pdca.context.models import QmsScope, ScopePublication
from pdca.context.rules import WRITERS
from pdca.core import evidence
from pdca.core.exceptions import PermissionDenied, ValidationFailed
from pdca.core.services import person_for_user
from pdca.documents import services as documents
from pdca.gap import services as gap
from pdca.gap.models import Applicability
from pdca.standards.models import Requirement
from pdca.standards.selectors import default_standard
from tests.context.factories import make_scope
from tests.factories import SiteFactory
from tests.harness import trail_of

PASSWORD = "correct horse battery"  # tests.factories.UserFactory
DESIGN = "hs.operation.design"
WHY = "We make parts only to our customers' drawings; we design nothing."


def design_requirements(org):
    return list(Requirement.objects.filter(standard=default_standard(org), key__startswith=DESIGN + "."))


def exclude(org, requirements, why=WHY):
    for requirement in requirements:
        gap.applicability_set(org=org, requirement=requirement, applicable=False, justification=why, by=None)


def requirement(org, key):
    return Requirement.objects.get(standard=default_standard(org), key=key)


@pytest.fixture
def scope(world):
    site = SiteFactory(organisation=world.org, name="Leeds works", address="Canal Road")
    return make_scope(world.org, sites=[site], owner=person_for_user(world.org, world.users["quality_manager"]))


def approve(world, revision):
    """Submit, sign (manuals need an electronic signature) and make the revision effective."""
    user = world.users["top_management"]
    documents.revision_submit(revision, approvers=[person_for_user(world.org, user)], by=None)
    documents.revision_sign(revision, by=user, password=PASSWORD, meaning="approved")
    return documents.revision_make_effective(revision, by=None)


def check(scope):
    return sc.scope_check(QmsScope.objects.get(pk=scope.pk))


# --- the not-applicable list and its lines


def test_the_not_applicable_list_is_the_gap_apps_own(world, scope):
    exclude(world.org, design_requirements(world.org))
    decisions = sc.not_applicable(scope)
    assert [d.pk for d in decisions] == list(
        Applicability.objects.filter(organisation=world.org)
        .order_by("requirement__position")
        .values_list("pk", flat=True)
    )
    assert not any(isinstance(getattr(scope, name, None), list) for name in ("not_applicable", "exclusions"))


def test_a_clause_excluded_for_one_reason_is_one_line(world, scope):
    design = design_requirements(world.org)
    exclude(world.org, design)
    lines = sc.na_lines(scope, sc.not_applicable(scope))
    assert len(lines) == 1
    line = lines[0]
    assert (line.number, line.whole_clause, line.justification) == ("8.3", True, WHY)
    assert set(line.keys) == {r.key for r in design}


def test_different_reasons_split_the_clause_into_its_parts(world, scope):
    design = design_requirements(world.org)
    exclude(world.org, design)
    changes = requirement(world.org, "hs.operation.design.changes.control")
    gap.applicability_set(org=world.org, requirement=changes, applicable=False, justification="Other", by=None)
    property_care = requirement(world.org, "hs.operation.production.property.care")
    gap.applicability_set(
        org=world.org, requirement=property_care, applicable=False, justification="None held", by=None
    )
    lines = sc.na_lines(scope, sc.not_applicable(scope))
    numbers = [(line.number, line.whole_clause) for line in lines]
    assert ("8.3", True) not in numbers
    assert ("8.3.1", True) in numbers and ("8.3.2", True) in numbers  # untouched parts stay whole
    assert ("8.3.6", False) in numbers  # the one with another reason is listed alone …
    assert any(
        line.keys == ("hs.operation.design.changes.control",) and line.justification == "Other" for line in lines
    )
    assert lines[-1].keys == ("hs.operation.production.property.care",)  # … and catalogue order is kept


# --- what changed, in words


def test_differences_name_what_changed():
    old = {
        "standard": "iso9001-2015",
        "statement": "Machining",
        "products_services": "Parts",
        "boundaries": "",
        "sites": [["Leeds works", "Canal Road"], ["Sheffield", "Attercliffe"]],
        "not_applicable": [["a.b.c.one", "Why"], ["a.b.c.two", "Why"]],
    }
    new = {
        **old,
        "statement": "Machining and assembly",
        "sites": [["Leeds works", "Canal Road, Leeds"], ["York", "Ouse St"]],
        "not_applicable": [["a.b.c.two", "Because"], ["a.b.c.three", "Why"]],
    }
    assert sc.differences(old, new) == [
        "Scope statement changed.",
        "Site added: York.",
        "Site removed: Sheffield.",
        "Address of Leeds works changed.",
        "Now not applicable: a.b.c.three.",
        "Applicable again: a.b.c.one.",
        "Justification changed: a.b.c.two.",
    ]
    assert sc.differences(old, dict(old)) == []


# --- the consistency check, from no document to matching and back


def test_the_check_follows_the_scope_document_through_its_life(world, scope):
    assert check(scope).state == sc.NO_DOCUMENT
    exclude(world.org, design_requirements(world.org))
    revision = sc.scope_publish(scope, by=world.users["quality_manager"])
    scope.refresh_from_db()
    assert scope.document.doc_type == "manual" and scope.document.title == "Scope of the quality management system"
    assert revision.status == "draft" and "8.3" in revision.markdown and WHY in revision.markdown
    state = check(scope)
    assert (state.state, state.pending, state.pending_matches) == (sc.NOT_EFFECTIVE, revision, True)

    approve(world, revision)
    state = check(scope)
    assert state.state == sc.MATCHES and state.in_step and state.effective == revision

    # The N/A list changes in the gap app: the document in force no longer says it.
    gap.applicability_set(
        org=world.org,
        requirement=requirement(world.org, "hs.operation.production.property.care"),
        applicable=False,
        justification="Customers never lend us anything.",
        by=None,
    )
    state = check(scope)
    assert state.state == sc.DIFFERS and not state.in_step
    assert state.differences == ["Now not applicable: hs.operation.production.property.care."]

    second = sc.scope_publish(scope, by=world.users["quality_manager"])
    assert second.document_id == revision.document_id and second.label == "2"
    assert "Now not applicable" in second.change_summary
    state = check(scope)
    assert state.state == sc.DIFFERS and state.pending == second and state.pending_matches
    approve(world, second)
    assert check(scope).state == sc.MATCHES
    revision.refresh_from_db()
    assert revision.status == "superseded"
    assert ScopePublication.objects.filter(scope=scope).count() == 2


def test_a_scope_field_change_is_named_too(world, scope):
    approve(world, sc.scope_publish(scope, by=None))
    sc.scope_save(org=world.org, data={"boundaries": "Heat treatment is outsourced."}, by=None)
    assert check(scope).differences == ["Boundaries and interfaces changed."]
    sc.scope_save(org=world.org, data={"sites": []}, by=None)
    state = check(scope)
    assert "Site removed: Leeds works." in state.differences
    assert "Name at least one site the QMS covers." in state.problems


def test_a_hand_written_effective_document_cannot_be_confirmed(world, scope):
    owner = person_for_user(world.org, world.users["quality_manager"])
    document = documents.document_create(
        org=world.org, data={"title": "Scope", "doc_type": "manual", "owner": owner}, by=None, markdown="# Scope\n"
    )
    approve(world, document.revisions.get())
    sc.scope_save(org=world.org, data={"document": document}, by=None)
    assert check(scope).state == sc.NOT_GENERATED
    revision = sc.scope_publish(scope, by=None)  # revises that document rather than creating another
    assert revision.document_id == document.pk and revision.label == "2"


def test_requirements_without_justification_block_publishing(world, scope):
    target = requirement(world.org, "hs.operation.production.property.care")
    Applicability.objects.create(organisation=world.org, requirement=target, applicable=False, justification=" ")
    state = check(scope)
    assert [d.requirement.key for d in state.unjustified] == [target.key]
    assert any(target.key in p for p in state.problems)
    with pytest.raises(ValidationFailed) as refused:
        sc.scope_publish(scope, by=None)
    assert target.key in refused.value.errors["scope"][0]
    assert scope.publications.count() == 0


def test_the_scope_must_name_products_and_services_and_a_site(world):
    with pytest.raises(ValidationFailed) as refused:
        make_scope(world.org, products_services="")
    assert "products_services" in refused.value.errors
    scope = make_scope(world.org, sites=[])
    assert check(scope).problems == ["Name at least one site the QMS covers."]
    with pytest.raises(ValidationFailed):
        sc.scope_publish(scope, by=world.users["admin"])


def test_exclusions_the_standard_does_not_allow_are_flagged(world, scope):
    planning = requirement(world.org, "hs.operation.planning.documented_information")
    assert not planning.may_be_not_applicable
    design = design_requirements(world.org)[0]
    assert design.may_be_not_applicable
    exclude(world.org, [planning, design], why="We think so")
    state = check(scope)
    assert [d.requirement.key for d in state.not_allowed] == [planning.key]
    assert not state.problems  # a warning for the certification body's judgement, not a refusal


def test_publishing_waits_for_a_revision_in_review_and_refuses_nothing_new(world, scope):
    first = sc.scope_publish(scope, by=None)
    revision = sc.scope_publish(scope, by=None)
    assert revision == first  # a draft is rewritten, not duplicated
    documents.revision_submit(revision, approvers=[person_for_user(world.org, world.users["top_management"])], by=None)
    with pytest.raises(ValidationFailed) as refused:
        sc.scope_publish(scope, by=None)
    assert "in review" in refused.value.errors["scope"][0]
    documents.revision_sign(revision, by=world.users["top_management"], password=PASSWORD, meaning="approved")
    documents.revision_make_effective(revision, by=None)
    with pytest.raises(ValidationFailed) as refused:
        sc.scope_publish(scope, by=None)
    assert "already says this" in refused.value.errors["scope"][0]


def test_only_writers_publish_and_the_trail_has_it(world, scope):
    with pytest.raises(PermissionDenied):
        sc.scope_publish(scope, by=world.users["process_owner"])
    revision = sc.scope_publish(scope, by=world.users["top_management"])
    publication = ScopePublication.objects.get(revision=revision)
    assert trail_of(publication, "create").get().actor == world.users["top_management"]


def test_the_mandatory_checklist_counts_the_scope_once_its_document_is_effective(world, scope):
    standard = default_standard(world.org)
    item = next(i for i in evidence.checklist(world.org, standard) if i.requirement.key == "hs.context.scope.statement")
    assert not any(source.model == "context.QmsScope" for source, _n in item.found.get(evidence.MAINTAIN, []))
    approve(world, sc.scope_publish(scope, by=None))
    item = next(i for i in evidence.checklist(world.org, standard) if i.requirement.key == "hs.context.scope.statement")
    assert any(source.model == "context.QmsScope" for source, _n in item.found[evidence.MAINTAIN])
    assert item.status == "present"


# --- pages


def url(world, name):
    return reverse(f"context:{name}", args=[world.org.slug])


def test_the_scope_page_for_every_role_and_no_other_organisation(world, scope):
    for role, user in world.users.items():
        client = world.client(user)
        assert client.get(url(world, "scope")).status_code == 200, role
        assert client.get(url(world, "scope_edit")).status_code == (200 if role in WRITERS else 403), role
        assert client.post(url(world, "scope_publish")).status_code == (302 if role in WRITERS else 403), role
    outsider = world.client(world.outsider)
    for name in ("scope", "scope_edit", "scope_publish", "scope_na_add"):
        assert outsider.get(url(world, name)).status_code in (404, 405)
        assert outsider.post(url(world, name)).status_code == 404
    assert world.client(None).get(url(world, "scope")).status_code == 302


def test_the_scope_page_before_a_scope_exists_invites_to_set_it(world):
    body = world.client(world.users["admin"]).get(url(world, "scope")).content.decode()
    assert "Set the scope" in body
    assert "Set the scope" not in world.client(world.users["employee"]).get(url(world, "scope")).content.decode()


def test_the_edit_page_sets_the_scope_with_the_version_check(world):
    site = SiteFactory(organisation=world.org)
    client = world.client(world.users["quality_manager"])
    data = {"statement": "Machining", "products_services": "Parts", "sites": [site.pk], "boundaries": ""}
    assert client.post(url(world, "scope_edit"), data).status_code == 302
    scope = QmsScope.objects.get(organisation=world.org)
    assert list(scope.sites.all()) == [site] and scope.standard == default_standard(world.org)
    assert client.post(url(world, "scope_edit"), {**data, "statement": "A", "version": 1}).status_code == 302
    stale = client.post(url(world, "scope_edit"), {**data, "statement": "B", "version": 1})
    assert stale.status_code == 409
    foreign = SiteFactory(organisation=world.other)
    refused = client.post(url(world, "scope_edit"), {**data, "sites": [foreign.pk], "version": 2})
    assert refused.status_code == 400 and "sites" in refused.context["form"].errors
    scope.refresh_from_db()
    assert scope.statement == "A"


def test_the_page_edits_the_gap_apps_list(world, scope):
    client = world.client(world.users["top_management"])
    design_clause = design_requirements(world.org)[0].clause.parent  # 8.3.1 → 8.3
    response = client.post(url(world, "scope_na_add"), {"target": f"clause:{design_clause.pk}", "justification": WHY})
    assert response.status_code == 302
    keys = set(Applicability.objects.filter(organisation=world.org).values_list("requirement__key", flat=True))
    assert keys == {r.key for r in design_requirements(world.org)}
    body = client.get(url(world, "scope")).content.decode()
    assert "8.3" in body and html.escape(WHY) in body
    one = design_requirements(world.org)[0].key
    client.post(url(world, "scope_na_justify"), {"keys": [one], "justification": "Reworded"})
    assert Applicability.objects.get(organisation=world.org, requirement__key=one).justification == "Reworded"
    client.post(url(world, "scope_na_remove"), {"keys": [one]})
    assert not Applicability.objects.filter(organisation=world.org, requirement__key=one).exists()
    refused = client.post(url(world, "scope_na_add"), {"target": f"clause:{design_clause.pk}", "justification": ""})
    assert refused.status_code == 302  # back to the page, with the message; nothing changed
    assert not Applicability.objects.filter(organisation=world.org, requirement__key=one).exists()
    employee = world.client(world.users["employee"])
    assert employee.post(url(world, "scope_na_remove"), {"keys": list(keys)}).status_code == 403


def test_the_scope_page_costs_the_same_with_more_exclusions_and_revisions(world, scope):
    client = world.client(world.users["quality_manager"])

    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url(world, "scope")).status_code == 200
        return len(captured)

    exclude(world.org, design_requirements(world.org)[:3], why="A")
    approve(world, sc.scope_publish(scope, by=None))
    small = queries()
    exclude(world.org, design_requirements(world.org), why="B")
    gap.applicability_set(
        org=world.org,
        requirement=requirement(world.org, "hs.operation.production.property.care"),
        applicable=False,
        justification="C",
        by=None,
    )
    approve(world, sc.scope_publish(scope, by=None))
    sc.scope_save(org=world.org, data={"statement": "Changed"}, by=None)
    assert queries() == small


# --- API


def test_the_api_sets_reads_and_publishes_the_scope(world):
    api_url = reverse("scope-api", args=[world.org.slug])
    site = SiteFactory(organisation=world.org)
    qm = world.api(world.users["quality_manager"])
    assert qm.get(api_url).status_code == 404
    data = {"statement": "Machining", "products_services": "Parts", "sites": [site.pk]}
    assert world.api(world.users["employee"]).put(api_url, data, format="json").status_code == 403
    created = qm.put(api_url, data, format="json")
    assert created.status_code == 201, created.data
    exclude(world.org, design_requirements(world.org))
    read = world.api(world.users["viewer"]).get(api_url)
    assert read.status_code == 200 and read["ETag"] == '"1"'
    assert {row["key"] for row in read.data["not_applicable"]} == {r.key for r in design_requirements(world.org)}
    assert read.data["check"]["state"] == sc.NO_DOCUMENT
    published = qm.post(reverse("scope-publish-api", args=[world.org.slug]))
    assert published.status_code == 201 and published.data["status"] == "draft"
    assert qm.get(api_url).data["check"]["state"] == sc.NOT_EFFECTIVE
    stale = qm.patch(api_url, {"statement": "X"}, format="json", HTTP_IF_MATCH='"1"')
    assert stale.status_code == 412
    foreign = SiteFactory(organisation=world.other)
    assert qm.patch(api_url, {"sites": [foreign.pk]}, format="json").status_code == 400
    outsider = world.api(world.outsider)
    assert outsider.get(api_url).status_code == 404
    assert outsider.post(reverse("scope-publish-api", args=[world.org.slug])).status_code == 404
