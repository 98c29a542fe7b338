"""The process register's API beyond the harness: people, methods and clauses, the workflow, deletion and
interactions, with the services' errors as field errors."""

import pytest
from django.urls import reverse

from pdca.processes.models import Process, ProcessInteraction
from tests.documents.factories import make_document
from tests.factories import PersonFactory
from tests.processes.factories import make_process


def url(world, basename, obj=None, action=None):
    if action:
        return reverse(f"{basename}-{action}", args=[world.org.slug, obj.pk])
    if obj is None:
        return reverse(f"{basename}-list", args=[world.org.slug])
    return reverse(f"{basename}-detail", args=[world.org.slug, obj.pk])


@pytest.fixture
def api(world):
    return world.api(world.users["quality_manager"])


def test_a_process_with_people_methods_and_clauses(world, api):
    owner, member = PersonFactory(organisation=world.org), PersonFactory(organisation=world.org)
    document = make_document(world.org)
    body = {
        "name": "CNC machining",
        "process_type": "core",
        "owner": owner.pk,
        "members": [member.pk],
        "documents": [document.pk],
        "clauses": ["hs.operation.production.control"],
        "number": "P-7",
        "status": "active",  # read only: a new process is a draft
    }
    response = api.post(url(world, "process"), body, format="json")
    assert response.status_code == 201, response.data
    data = api.get(url(world, "process", Process.objects.get())).data
    assert data["number"] == "P-7" and data["status"] == "draft" and data["members"] == [member.pk]
    assert data["documents"] == [document.pk] and data["clauses"] == ["hs.operation.production.control"]
    assert data["changed_since_approval"] is False


def test_people_and_documents_of_another_organisation_are_refused(world, api):
    body = {"name": "X", "process_type": "core", "owner": PersonFactory(organisation=world.org).pk}
    for field, stranger in (
        ("members", PersonFactory(organisation=world.other)),
        ("documents", make_document(world.other)),
    ):
        response = api.post(url(world, "process"), {**body, field: [stranger.pk]}, format="json")
        assert response.status_code == 400 and field in response.data
    assert not Process.objects.exists()


def test_the_workflow_through_the_api(world, api):
    process = make_process(world.org, purpose="")
    refused = api.post(url(world, "process", process, "transition"), {"status": "active"}, format="json")
    assert refused.status_code == 400 and "purpose" in refused.data
    process.purpose = "Parts"
    process.save()
    approved = api.post(url(world, "process", process, "transition"), {"status": "active"}, format="json")
    assert approved.status_code == 200 and approved.data["status"] == "active" and approved.data["approved_at"]
    wrong = api.post(url(world, "process", process, "transition"), {"status": "retired"}, format="json")
    assert wrong.status_code == 400 and "reason" in wrong.data
    retired = api.post(
        url(world, "process", process, "transition"), {"status": "retired", "reason": "Outsourced"}, format="json"
    )
    assert retired.data["status"] == "retired"
    back = api.post(url(world, "process", process, "transition"), {"status": "draft", "reason": "x"}, format="json")
    assert back.status_code == 409
    employee = world.api(world.users["employee"])
    forbidden = employee.post(url(world, "process", process, "transition"), {"status": "active"}, format="json")
    assert forbidden.status_code == 403 and Process.objects.get(pk=process.pk).status == "retired"


def test_an_approved_process_is_retired_not_deleted(world, api):
    process = make_process(world.org, approved=True)
    response = api.delete(url(world, "process", process))
    assert response.status_code == 400 and "retire it instead" in str(response.data)
    assert Process.objects.filter(pk=process.pk).exists()


def test_the_api_refuses_a_process_feeding_itself(world, api):
    process = make_process(world.org)
    body = {"source": process.pk, "target": process.pk, "description": "Parts"}
    response = api.post(url(world, "processinteraction"), body, format="json")
    assert response.status_code == 400
    assert response.data == {"target": ["A process cannot feed itself: choose another process."]}
    assert not ProcessInteraction.objects.exists()


def test_interactions_filter_by_process(world, api):
    a, b, c = (make_process(world.org) for _ in range(3))
    for source, target in ((a, b), (b, c)):
        created = api.post(
            url(world, "processinteraction"),
            {"source": source.pk, "target": target.pk, "description": "x"},
            format="json",
        )
        assert created.status_code == 201, created.data
    listed = api.get(url(world, "processinteraction"), {"process": b.pk}).data["results"]
    assert len(listed) == 2
    assert len(api.get(url(world, "processinteraction"), {"source": a.pk}).data["results"]) == 1


def test_the_api_list_costs_the_same_queries_with_more_processes(world, api):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    api.get(url(world, "process"))  # content types and the like, cached for the process afterwards
    counts = []
    for size in (3, 9):
        while Process.objects.filter(organisation=world.org).count() < size:
            make_process(
                world.org,
                members=[PersonFactory(organisation=world.org)],
                documents=[make_document(world.org)],
                clauses=["hs.context.system.processes"],
            )
        with CaptureQueriesContext(connection) as captured:
            assert api.get(url(world, "process")).status_code == 200
        counts.append(len(captured))
    assert counts[0] == counts[1], counts


def test_a_list_page_reads_each_relation_ahead_in_one_query(world, django_assert_num_queries):
    """core.api.base.attach_related: the ids and clause keys a list prints, without a query per row."""
    from pdca.core.api.base import attach_related
    from pdca.core.services import clause_tags_set

    first, second = make_process(world.org), make_process(world.org)
    people = [PersonFactory(organisation=world.org) for _ in range(3)]
    first.members.set(people[:2])
    second.members.set(people[2:])
    clause_tags_set(target=second, keys=["hs.context.system.processes"], by=None)
    page = list(Process.objects.filter(pk__in=[first.pk, second.pk]).order_by("pk"))
    with django_assert_num_queries(2):  # members, then clause tags (the content type is cached)
        attach_related(page, "members", clause_tags=("key",))
    with django_assert_num_queries(0):
        members = [sorted(p.pk for p in process.members.all()) for process in page]
        keys = [[tag.key for tag in process.clause_tags.all()] for process in page]
    assert members == [sorted(p.pk for p in people[:2]), [people[2].pk]]
    assert keys == [[], ["hs.context.system.processes"]]
