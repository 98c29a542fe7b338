"""Core services: actions and due items, numbering, memberships, concurrency, permissions, tags."""

import pytest
from django.core import mail

from pdca.core import services
from pdca.core.choices import Role
from pdca.core.exceptions import ConcurrentEditError, PermissionDenied, TransitionNotAllowed, ValidationFailed
from pdca.core.models import Action, ClauseTag, DueItem, Membership, OutboxEmail, Site
from pdca.core.numbering import claim_number, next_number
from pdca.core.selectors import open_due_items
from tests.factories import PersonFactory, SiteFactory, UserFactory


@pytest.fixture
def owner(world):
    return PersonFactory(organisation=world.org, email="owner@example.test")


def test_action_numbers_are_per_organisation_and_imported_numbers_are_respected(world, owner):
    first = services.action_create(org=world.org, data={"title": "A", "owner": owner}, by=None)
    other = services.action_create(
        org=world.other, data={"title": "B", "owner": PersonFactory(organisation=world.other)}, by=None
    )
    assert (first.number, other.number) == ("ACT-0001", "ACT-0001")
    imported = services.action_create(org=world.org, data={"title": "Old", "owner": owner}, by=None, number="ACT-0100")
    assert imported.number == "ACT-0100"
    assert services.action_create(org=world.org, data={"title": "C", "owner": owner}, by=None).number == "ACT-0101"


def test_numbering_formats_and_claims(world):
    assert next_number(world.org, "NC") == "NC-0001"
    assert claim_number(world.org, "NC", " NC-0042 ") == "NC-0042"
    assert claim_number(world.org, "NC", "LEGACY-7") == "LEGACY-7"  # kept as given; sequence unchanged
    assert next_number(world.org, "NC") == "NC-0043"


def test_an_action_is_due_from_its_owner_and_leaves_their_list_when_done(world, owner):
    action = services.action_create(
        org=world.org,
        data={"title": "Calibrate", "owner": owner, "due_date": "2030-01-01"},
        by=world.users["quality_manager"],
    )
    item = open_due_items(world.org, owner).get()
    assert (item.title, item.kind, item.url) == (str(action), "action", action.get_absolute_url())
    new_owner = PersonFactory(organisation=world.org)
    services.action_update(action, data={"owner": new_owner}, by=world.users["quality_manager"])
    assert not open_due_items(world.org, owner).exists() and open_due_items(world.org, new_owner).count() == 1
    services.action_transition(action, status="done", evidence="Done and filed", by=world.users["quality_manager"])
    assert not open_due_items(world.org, new_owner).exists()
    assert DueItem.objects.get(source_id=action.pk).is_open is False


def test_assigning_an_action_queues_an_email_to_the_owner(world, owner, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        services.action_create(
            org=world.org, data={"title": "Check gauges", "owner": owner}, by=world.users["quality_manager"]
        )
    email = OutboxEmail.objects.get()
    assert email.to == ["owner@example.test"] and "Check gauges" in email.subject
    assert "/o/acme/actions/" in email.body
    # The test settings run tasks at once: the worker's task sent it.
    assert email.__class__.objects.get(pk=email.pk).status == "sent"
    assert mail.outbox[-1].to == ["owner@example.test"]


def test_action_workflow_rules(world, owner):
    action = services.action_create(org=world.org, data={"title": "X", "owner": owner}, by=None)
    with pytest.raises(ValidationFailed) as exc:
        services.action_transition(action, status="done", by=None)
    assert exc.value.field == "evidence"
    services.action_transition(action, status="cancelled", by=None, reason="Duplicate of ACT-0002")
    with pytest.raises(TransitionNotAllowed):
        services.action_transition(action, status="done", by=None, evidence="x")
    assert Action.objects.get(pk=action.pk).status == "cancelled"


def test_the_owner_may_update_their_own_action_whatever_their_role(world):
    employee = world.users["employee"]
    mine = employee.people.get(organisation=world.org)  # membership_set made them a Person
    action = services.action_create(org=world.org, data={"title": "Mine", "owner": mine}, by=None)
    services.action_transition(action, status="in_progress", by=employee)
    someone_elses = services.action_create(
        org=world.org, data={"title": "Not mine", "owner": PersonFactory(organisation=world.org)}, by=None
    )
    with pytest.raises(PermissionDenied):
        services.action_transition(someone_elses, status="in_progress", by=employee)


def test_services_refuse_rows_of_another_organisation(world):
    foreign_site = SiteFactory(organisation=world.other)
    with pytest.raises(ValidationFailed) as exc:
        services.object_create(
            PersonFactory._meta.model, org=world.org, data={"name": "X", "site": foreign_site}, by=None
        )
    assert exc.value.field == "site"


def test_a_stale_save_raises_a_conflict_and_changes_nothing(world):
    site = SiteFactory(organisation=world.org, name="Before")
    first, second = Site.objects.get(pk=site.pk), Site.objects.get(pk=site.pk)
    services.object_update(first, data={"name": "Alice's"}, by=None)
    with pytest.raises(ConcurrentEditError):
        services.object_update(second, data={"name": "Bob's"}, by=None)
    assert Site.objects.get(pk=site.pk).name == "Alice's"
    services.object_update(site, data={"name": "With version"}, by=None, version=2)
    assert Site.objects.get(pk=site.pk).version == 3


def test_invalid_input_names_the_field_and_saves_nothing(world):
    with pytest.raises(ValidationFailed) as exc:
        services.object_create(Site, org=world.org, data={"name": ""}, by=None)
    assert "name" in exc.value.errors
    assert not Site.objects.exists()


def test_roles_are_checked_in_services_for_every_caller(world):
    with pytest.raises(PermissionDenied):
        services.object_create(Site, org=world.org, data={"name": "Viewer's"}, by=world.users["viewer"])
    with pytest.raises(PermissionDenied):
        services.object_create(Site, org=world.org, data={"name": "Outsider's"}, by=world.outsider)
    assert not Site.objects.filter(organisation=world.org).exists()


def test_an_organisation_keeps_at_least_one_admin(world):
    admin_membership = Membership.objects.get(organisation=world.org, user=world.users["admin"])
    with pytest.raises(ValidationFailed):
        services.membership_remove(admin_membership, by=None)
    with pytest.raises(ValidationFailed):
        services.membership_update(admin_membership, data={"role": Role.VIEWER}, by=None)
    second = UserFactory()
    services.membership_set(org=world.org, user=second, role=Role.ADMIN, by=world.users["admin"])
    services.membership_update(admin_membership, data={"role": Role.VIEWER}, by=second)
    assert Membership.objects.get(pk=admin_membership.pk).role == Role.VIEWER


def test_expired_memberships_give_no_access(world):
    import datetime

    from django.utils import timezone

    auditor = UserFactory()
    services.membership_set(
        org=world.org,
        user=auditor,
        role=Role.VIEWER,
        by=None,
        expires_at=timezone.now() - datetime.timedelta(minutes=1),
    )
    assert world.client(auditor).get(f"/o/{world.org.slug}/").status_code == 404


def test_a_consultant_sees_each_client_only_through_their_membership(world):
    consultant = UserFactory()
    services.membership_set(org=world.org, user=consultant, role=Role.QUALITY_MANAGER, by=None)
    services.membership_set(org=world.other, user=consultant, role=Role.VIEWER, by=None)
    client = world.client(consultant)
    home = client.get("/")
    assert home.status_code == 200 and {m.organisation.slug for m in home.context["memberships"]} == {"acme", "other"}
    assert client.post(f"/o/{world.other.slug}/sites/new/", {"name": "No", "headcount": 3}).status_code == 403
    assert client.post(f"/o/{world.org.slug}/sites/new/", {"name": "Yes", "headcount": 3}).status_code == 302


def test_clause_tags_accept_only_catalogue_keys(world):
    site = SiteFactory(organisation=world.org)
    services.clause_tags_set(target=site, keys=["hs.context.scope", "hs.improvement.nonconformity"], by=None)
    assert set(ClauseTag.objects.filter(object_id=site.pk).values_list("key", flat=True)) == {
        "hs.context.scope",
        "hs.improvement.nonconformity",
    }
    with pytest.raises(ValidationFailed):
        services.clause_tags_set(target=site, keys=["hs.not.a.clause"], by=None)
    services.clause_tags_set(target=site, keys=["hs.context.scope"], by=None)
    assert list(ClauseTag.objects.filter(object_id=site.pk).values_list("key", flat=True)) == ["hs.context.scope"]


def test_clause_tags_form_on_a_row_page(world):
    site = SiteFactory(organisation=world.org)
    from django.contrib.contenttypes.models import ContentType

    ct = ContentType.objects.get_for_model(Site).pk
    client = world.client(world.users["quality_manager"])
    client.post(f"/o/{world.org.slug}/tags/{ct}/{site.pk}/", {"clauses": "hs.evaluation.audit, hs.context.scope"})
    page = client.get(f"/o/{world.org.slug}/sites/{site.pk}/")
    assert list(page.context["tags"]) == ["hs.context.scope", "hs.evaluation.audit"]


def test_the_action_page_moves_it_along_its_workflow(world, owner):
    action = services.action_create(org=world.org, data={"title": "Gauge R&R", "owner": owner}, by=None)
    client = world.client(world.users["quality_manager"])
    url = f"/o/{world.org.slug}/actions/{action.pk}/transition/"
    page = client.get(action.get_absolute_url()).content.decode()
    assert 'value="done"' in page and 'value="cancelled"' in page
    refused = client.post(url, {"status": "done", "evidence": ""}, follow=True)
    assert "Say what was done" in refused.content.decode()
    assert Action.objects.get(pk=action.pk).status == "open"
    client.post(url, {"status": "done", "evidence": "Study filed in QR-12", "reason": "Checked"})
    action.refresh_from_db()
    assert action.status == "done" and action.evidence == "Study filed in QR-12"
    assert world.client(world.users["viewer"]).post(url, {"status": "open"}).status_code == 403
    assert world.client(world.outsider).post(url, {"status": "open"}).status_code == 404


def test_filter_choices_never_offer_another_organisations_rows(world):
    SiteFactory(organisation=world.org, name="Leeds works")
    SiteFactory(organisation=world.other, name="Secret Other Plant")
    page = world.client(world.users["admin"]).get(f"/o/{world.org.slug}/people/")
    html = page.content.decode()
    assert "Leeds works" in html and "Secret Other Plant" not in html
    choices = [str(label) for _value, label in page.context["filterset"].form.fields["site"].choices]
    assert "Secret Other Plant" not in choices
    foreign = Site.objects.get(name="Secret Other Plant").pk
    assert (
        world.client(world.users["admin"])
        .get(f"/o/{world.org.slug}/people/", {"site": foreign})
        .context["filterset"]
        .errors
    )


def test_absurd_ids_in_filters_are_refused_not_crashed(world):
    huge = str(2**70)
    page = world.client(world.users["admin"]).get(f"/o/{world.org.slug}/actions/", {"owner": huge})
    assert page.status_code == 200 and page.context["filterset"].errors
    api = world.api(world.users["admin"]).get(f"/api/v1/o/{world.org.slug}/actions/", {"owner": huge})
    assert api.status_code == 400 and "owner" in api.data
    trail = world.api(world.users["admin"]).get(f"/api/v1/o/{world.org.slug}/trail/", {"object": huge})
    assert trail.status_code == 400


def test_absurd_ids_in_choice_filters_and_forms_are_refused(world):
    huge = str(2**70)
    admin = world.client(world.users["admin"])
    assert admin.get(f"/o/{world.org.slug}/people/", {"site": huge}).context["filterset"].errors
    created = admin.post(f"/o/{world.org.slug}/people/new/", {"name": "X", "site": huge})
    assert created.status_code == 400 and "site" in created.context["form"].errors
