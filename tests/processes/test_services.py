"""Process services: numbering, people and methods, the approval workflow, deletion, interactions, and the
register counting as the documented information of clause 4.4 once approved."""

import pytest

from pdca.core import evidence
from pdca.core.exceptions import PermissionDenied, TransitionNotAllowed, ValidationFailed
from pdca.processes import services
from pdca.processes.apps import REGISTER_KEYS
from pdca.processes.models import Process, ProcessInteraction
from pdca.standards.models import Standard
from tests.documents.factories import make_document
from tests.factories import PersonFactory, SiteFactory
from tests.harness import trail_of
from tests.processes.factories import make_interaction, make_process
from tests.records.factories import make_record, make_type

KEY = REGISTER_KEYS[0]


# --- creating and editing


def test_it_numbers_new_processes_and_keeps_an_existing_number(world):
    first, second = make_process(world.org), make_process(world.org)
    assert (first.number, second.number) == ("PRC-0001", "PRC-0002")
    kept = make_process(world.org, number="PRC-0040")
    assert kept.number == "PRC-0040" and make_process(world.org).number == "PRC-0041"
    with pytest.raises(ValidationFailed) as refused:
        make_process(world.org, number="PRC-0040")
    assert "number" in refused.value.errors
    assert all(p.status == "draft" for p in Process.objects.all())


def test_it_refuses_a_name_the_register_already_has(world):
    make_process(world.org, name="CNC machining")
    with pytest.raises(ValidationFailed) as refused:
        make_process(world.org, name="CNC machining")
    assert "__all__" in refused.value.errors or "name" in refused.value.errors
    assert Process.objects.filter(name="CNC machining").count() == 1
    make_process(world.other, name="CNC machining")  # another organisation may


def test_people_methods_and_sites_are_set_and_their_changes_are_in_the_trail(world):
    aisha, lee = PersonFactory(organisation=world.org, name="Aisha Begum"), PersonFactory(organisation=world.org)
    manual = make_document(world.org, title="CNC start-up")
    process = make_process(world.org, members=[aisha], documents=[manual], sites=[SiteFactory(organisation=world.org)])
    assert list(process.members.all()) == [aisha] and list(process.documents.all()) == [manual]
    services.process_update(process, data={"members": [aisha, lee]}, by=world.users["quality_manager"])
    assert set(process.members.all()) == {aisha, lee}
    changes = [e.changes for e in trail_of(process, "update").order_by("id") if "members" in e.changes]
    assert changes[0]["members"] == {"new": "Aisha Begum"}  # as created
    assert changes[-1]["members"] == {"old": "Aisha Begum", "new": ", ".join(sorted(["Aisha Begum", lee.name]))}


def test_it_refuses_people_documents_and_owners_of_another_organisation(world):
    stranger = PersonFactory(organisation=world.other)
    with pytest.raises(ValidationFailed) as refused:
        make_process(world.org, members=[stranger])
    assert "members" in refused.value.errors
    with pytest.raises(ValidationFailed) as refused:
        make_process(world.org, owner=stranger)
    assert "owner" in refused.value.errors
    process = make_process(world.org)
    with pytest.raises(ValidationFailed) as refused:
        services.process_update(process, data={"documents": [make_document(world.other)]}, by=None)
    assert "documents" in refused.value.errors
    assert not process.documents.exists() and Process.objects.count() == 1


def test_the_number_and_the_status_do_not_change_by_editing(world):
    process = make_process(world.org)
    with pytest.raises(ValidationFailed) as refused:
        services.process_update(process, data={"number": "PRC-9999"}, by=None)
    assert "number" in refused.value.errors
    with pytest.raises(ValidationFailed) as refused:
        services.process_update(process, data={"status": "active"}, by=None)
    assert "status" in refused.value.errors
    assert Process.objects.get(pk=process.pk).status == "draft"


def test_the_owner_may_edit_their_process_but_not_approve_it(world):
    employee = world.users["employee"]
    owner = employee.people.get(organisation=world.org)
    process = make_process(world.org, owner=owner)
    services.process_update(process, data={"purpose": "Better parts"}, by=employee)
    assert Process.objects.get(pk=process.pk).purpose == "Better parts"
    with pytest.raises(PermissionDenied):
        services.process_approve(process, by=employee)
    with pytest.raises(PermissionDenied):
        services.process_update(make_process(world.org), data={"purpose": "Not mine"}, by=employee)


# --- the workflow


def test_approving_needs_purpose_inputs_and_outputs(world):
    process = make_process(world.org, purpose="", inputs=" ", outputs="Parts")
    with pytest.raises(ValidationFailed) as refused:
        services.process_approve(process, by=world.users["quality_manager"])
    assert set(refused.value.errors) == {"purpose", "inputs"}
    assert Process.objects.get(pk=process.pk).status == "draft"


def test_approval_is_stamped_and_an_edit_afterwards_shows_until_approved_again(world):
    md = world.users["top_management"]
    process = make_process(world.org)
    services.process_approve(process, by=md, reason="Approved at the review")
    process = Process.objects.get(pk=process.pk)
    assert process.status == "active" and process.approved_by == md and process.approved_at is not None
    assert process.approved_version == process.version and not process.changed_since_approval
    entry = trail_of(process, "transition").get()
    assert entry.changes["status"] == {"old": "draft", "new": "active"} and entry.reason == "Approved at the review"
    assert entry.changes["approved_by"]["new"] == md.pk
    assert not trail_of(process, "update").exists()  # one entry for the approval, not two

    services.process_update(process, data={"outputs": "Parts and route cards"}, by=world.users["quality_manager"])
    assert Process.objects.get(pk=process.pk).changed_since_approval
    with pytest.raises(TransitionNotAllowed):  # nothing to approve until something changes
        services.process_approve(make_process(world.org, approved=True), by=md)
    services.process_approve(process, by=md)
    process = Process.objects.get(pk=process.pk)
    assert process.status == "active" and not process.changed_since_approval


def test_retiring_needs_a_reason_and_a_retired_process_is_reinstated_by_approving_it(world):
    qm = world.users["quality_manager"]
    process = make_process(world.org, approved=True)
    with pytest.raises(ValidationFailed) as refused:
        services.process_transition(process, status="retired", by=qm, reason=" ")
    assert "reason" in refused.value.errors
    services.process_transition(process, status="retired", by=qm, reason="Work moved to a subcontractor")
    assert Process.objects.get(pk=process.pk).status == "retired"
    assert trail_of(process, "transition").latest("id").reason == "Work moved to a subcontractor"
    services.process_transition(process, status="active", by=qm)
    assert Process.objects.get(pk=process.pk).status == "active"


@pytest.mark.parametrize(("start", "to"), [("draft", "retired"), ("draft", "draft"), ("retired", "draft")])
def test_it_refuses_steps_the_workflow_does_not_have(world, start, to):
    process = make_process(world.org, approved=start != "draft")
    if start == "retired":
        services.process_transition(process, status="retired", by=None, reason="Gone")
    with pytest.raises(TransitionNotAllowed):
        services.process_transition(process, status=to, by=None, reason="Why not")
    assert Process.objects.get(pk=process.pk).status == start


@pytest.mark.parametrize(
    ("role", "allowed"),
    [
        ("admin", True),
        ("quality_manager", True),
        ("top_management", True),
        ("process_owner", False),
        ("auditor", False),
    ],
)
def test_approving_is_for_quality_managers_and_top_management(world, role, allowed):
    process = make_process(world.org)
    if allowed:
        services.process_approve(process, by=world.users[role])
        assert Process.objects.get(pk=process.pk).status == "active"
    else:
        with pytest.raises(PermissionDenied):
            services.process_approve(process, by=world.users[role])
        assert Process.objects.get(pk=process.pk).status == "draft"


def test_only_a_process_never_approved_may_be_deleted(world):
    qm = world.users["quality_manager"]
    draft, approved = make_process(world.org), make_process(world.org, approved=True)
    services.process_transition(approved, status="draft", by=qm, reason="Redesign")
    make_interaction(world.org, source=draft)
    services.process_delete(draft, by=qm, reason="Duplicate")
    assert not Process.objects.filter(pk=draft.pk).exists() and not ProcessInteraction.objects.exists()
    with pytest.raises(ValidationFailed, match="retire it instead"):
        services.process_delete(approved, by=qm)
    assert Process.objects.filter(pk=approved.pk).exists()


# --- interactions


def test_a_process_cannot_feed_itself(world):
    process = make_process(world.org)
    with pytest.raises(ValidationFailed) as refused:
        make_interaction(world.org, source=process, target=process, description="Parts")
    assert refused.value.errors == {"target": ["A process cannot feed itself: choose another process."]}
    interaction = make_interaction(world.org, source=process)
    with pytest.raises(ValidationFailed) as refused:
        services.interaction_update(interaction, data={"target": process}, by=None)
    assert "target" in refused.value.errors
    assert ProcessInteraction.objects.get(pk=interaction.pk).target_id != process.pk
    assert ProcessInteraction.objects.count() == 1


def test_it_names_a_duplicate_interaction_and_refuses_retired_processes(world):
    source, target = make_process(world.org, approved=True), make_process(world.org)
    make_interaction(world.org, source=source, target=target, description="Works orders")
    with pytest.raises(ValidationFailed, match="already feeds") as refused:
        make_interaction(world.org, source=source, target=target, description="works orders ")
    assert "description" in refused.value.errors
    services.process_transition(source, status="retired", by=None, reason="Gone")
    with pytest.raises(ValidationFailed) as refused:
        make_interaction(world.org, source=source, target=target, description="Drawings")
    assert "source" in refused.value.errors
    assert ProcessInteraction.objects.count() == 1


def test_interactions_stay_inside_the_organisation(world):
    ours, theirs = make_process(world.org), make_process(world.other)
    with pytest.raises(ValidationFailed) as refused:
        make_interaction(world.org, source=ours, target=theirs, description="Parts")
    assert "target" in refused.value.errors and not ProcessInteraction.objects.exists()


def test_interaction_writes_need_the_role(world):
    with pytest.raises(PermissionDenied):
        make_interaction(world.org, by=world.users["process_owner"])
    interaction = make_interaction(world.org, by=world.users["quality_manager"])
    assert trail_of(interaction, "create").get().actor == world.users["quality_manager"]


# --- the checklist of documented information (#4)


def _item(world):
    standard = Standard.objects.get(slug="iso9001-2015", organisation=None)
    return next(i for i in evidence.checklist(world.org, standard) if i.requirement.key == KEY)


def test_the_approved_register_is_the_maintained_information_of_4_4(world):
    assert KEY.startswith("hs.context.system.")  # clause 4.4 of the shipped catalogue
    assert evidence.MAINTAIN in _item(world).missing
    process = make_process(world.org)
    assert evidence.MAINTAIN in _item(world).missing  # a draft register is not the register
    services.process_approve(process, by=None)
    item = _item(world)
    assert evidence.MAINTAIN not in item.missing
    assert item.found[evidence.MAINTAIN][0][0].model == "processes.Process"
    assert item.status == "advice"  # "to the extent necessary"; the records showing the processes ran are still to come
    record_type = make_type(world.org, keys=("hs.context.system.documentation",))
    make_record(world.org, record_type=record_type)
    assert _item(world).status == "present"
    services.process_transition(process, status="retired", by=None, reason="Gone")
    assert evidence.MAINTAIN in _item(world).missing


# --- search


def test_a_process_is_found_by_its_name_and_turtle_and_retired_ones_only_on_request(world):
    from pdca.core import search

    process = make_process(world.org, name="CNC machining", resources="Haas VF-2 machining centre")
    employee = world.users["employee"]
    found = search.search(world.org, employee, "haas")
    assert [r.title for r in found.items] == [str(process)] and found.items[0].url == process.get_absolute_url()
    services.process_update(process, data={"criteria": "Anodising thickness"}, by=None)
    assert search.search(world.org, employee, "anodising").items
    services.process_approve(process, by=None)
    services.process_transition(process, status="retired", by=None, reason="Outsourced")
    assert not search.search(world.org, employee, "haas").items
    assert search.search(world.org, employee, "haas", include_obsolete=True).items
    assert not search.search(world.other, world.outsider, "haas").items
    services.process_transition(process, status="active", by=None)
    services.process_delete(make_process(world.org, name="Temporary welding"), by=None)
    assert not search.search(world.org, employee, "welding").items
    assert search.reindex([world.org]) >= 1 and search.search(world.org, employee, "haas").items


def test_hand_overs_are_in_both_processes_histories(world):
    qm = world.users["quality_manager"]
    machining, inspection = make_process(world.org, name="Machining"), make_process(world.org, name="Inspection")
    interaction = make_interaction(world.org, source=machining, target=inspection, description="Parts", by=qm)

    def notes(process, name):
        return [e.changes[name] for e in trail_of(process, "update").order_by("id") if name in e.changes]

    assert notes(machining, "feeds") == [{"new": f"{inspection}: Parts"}]
    assert notes(inspection, "fed_by") == [{"new": f"{machining}: Parts"}]
    services.interaction_update(interaction, data={"description": "Machined parts"}, by=qm)
    assert notes(machining, "feeds")[1:] == [{"old": f"{inspection}: Parts"}, {"new": f"{inspection}: Machined parts"}]
    services.interaction_delete(interaction, by=qm, reason="Merged")
    assert notes(inspection, "fed_by")[-1] == {"old": f"{machining}: Machined parts"}
    assert trail_of(inspection, "update").order_by("id").last().reason == "Merged"
    assert not ProcessInteraction.objects.exists()
