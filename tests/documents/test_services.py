"""Controlled-document services: every workflow transition and every refusal."""

import datetime

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from pdca.core.exceptions import PermissionDenied, TransitionNotAllowed, ValidationFailed
from pdca.core.models import DueItem, TrailEntry
from pdca.documents import selectors, services
from pdca.documents.models import Acknowledgement, DocumentRevision, Signature
from tests.documents.factories import PASSWORD, approver, make_document, make_effective, submit
from tests.factories import PersonFactory


def electronic(org):
    services.settings_update(org=org, approval={"procedure": "electronic"}, by=None)


def test_it_numbers_documents_by_type_or_keeps_an_existing_number(world):
    first = make_document(world.org, doc_type="procedure")
    second = make_document(world.org, doc_type="procedure")
    policy = make_document(world.org, doc_type="policy")
    kept = services.document_create(
        org=world.org,
        data={"title": "Old WI", "doc_type": "work_instruction", "owner": PersonFactory(organisation=world.org)},
        number="WI-0012",
        revision_label="Rev C",
        by=None,
    )
    assert [first.number, second.number, policy.number, kept.number] == ["QP-0001", "QP-0002", "POL-0001", "WI-0012"]
    assert kept.revisions.get().label == "Rev C"
    assert make_document(world.org, doc_type="work_instruction").number == "WI-0013"


def test_it_refuses_a_number_already_in_the_register(world):
    make_document(world.org)
    with pytest.raises(ValidationFailed) as exc:
        services.document_create(
            org=world.org,
            data={"title": "Copy", "doc_type": "procedure", "owner": PersonFactory(organisation=world.org)},
            number="QP-0001",
            by=None,
        )
    assert exc.value.field == "number"


def test_it_lets_only_authors_create_documents(world):
    with pytest.raises(PermissionDenied):
        services.document_create(
            org=world.org,
            data={"title": "X", "doc_type": "form", "owner": PersonFactory(organisation=world.org)},
            by=world.users["employee"],
        )


def test_it_takes_a_document_from_draft_to_effective_with_recorded_approval(world):
    document = make_document(world.org, doc_type="work_instruction")
    revision = document.revisions.get()
    assert (revision.status, document.status) == ("draft", "draft")
    person = approver(world.org)
    submit(revision, [person])
    document.refresh_from_db()
    assert (revision.status, document.status) == ("in_review", "in_review")
    services.revision_approve(revision, by=person.user)
    assert revision.status == "approved"
    services.revision_make_effective(revision, by=world.users["quality_manager"], reason="Go live")
    document.refresh_from_db()
    assert (revision.status, document.status, document.current_revision) == ("effective", "effective", revision)
    assert revision.effective_date == timezone.localdate()
    assert document.next_review_date == revision.effective_date.replace(year=revision.effective_date.year + 1)
    transitions = TrailEntry.objects.filter(
        object_id=revision.pk, action="transition", content_type__model="documentrevision"
    )
    assert [t.changes["status"]["new"] for t in transitions.order_by("id")] == ["in_review", "approved", "effective"]


def test_it_asks_for_an_electronic_signature_where_the_policy_says_so(world):
    electronic(world.org)
    document = make_document(world.org, doc_type="procedure")
    revision = document.revisions.get()
    person = approver(world.org)
    submit(revision, [person])
    with pytest.raises(TransitionNotAllowed) as exc:
        services.revision_approve(revision, by=person.user)
    assert exc.value.field == "password"
    with pytest.raises(TransitionNotAllowed):  # missing signature: cannot become effective
        services.revision_make_effective(revision, by=None)
    signature = services.revision_sign(revision, by=person.user, password=PASSWORD, meaning="approved")
    assert (signature.method, signature.content_hash, signature.user) == (
        "electronic",
        revision.content_hash,
        person.user,
    )
    assert signature.is_valid and revision.status == "approved"


def test_a_wrong_password_signs_nothing(world):
    electronic(world.org)
    revision = make_document(world.org).revisions.get()
    person = approver(world.org)
    submit(revision, [person])
    with pytest.raises(ValidationFailed) as exc:
        services.revision_sign(revision, by=person.user, password="guess", meaning="approved")
    assert exc.value.field == "password"
    with pytest.raises(ValidationFailed) as exc:
        services.revision_sign(revision, by=person.user, password=PASSWORD, meaning="")
    assert exc.value.field == "meaning"
    assert not Signature.objects.exists() and DocumentRevision.objects.get(pk=revision.pk).status == "in_review"


def test_repeated_wrong_signing_passwords_lock_signing_for_a_while(world, settings):
    from pdca.core.exceptions import PermissionDenied

    settings.AXES_FAILURE_LIMIT = 3
    electronic(world.org)
    revision = make_document(world.org).revisions.get()
    person = approver(world.org)
    submit(revision, [person])
    for _ in range(3):
        with pytest.raises(ValidationFailed):
            services.revision_sign(revision, by=person.user, password="guess", meaning="approved")
    with pytest.raises(PermissionDenied, match="Too many wrong passwords"):  # even the right one now
        services.revision_sign(revision, by=person.user, password=PASSWORD, meaning="approved")
    assert not Signature.objects.exists()


def test_only_named_approvers_approve(world):
    revision = make_document(world.org, doc_type="form").revisions.get()
    named = approver(world.org)
    submit(revision, [named])
    for role in ("quality_manager", "admin", "employee"):
        with pytest.raises(PermissionDenied):
            services.revision_approve(revision, by=world.users[role])
    with pytest.raises(PermissionDenied):
        services.revision_sign(revision, by=world.users["admin"], password=PASSWORD, meaning="approved")
    assert not Signature.objects.exists()


def test_every_approver_must_approve(world):
    revision = make_document(world.org, doc_type="form").revisions.get()
    first, second = approver(world.org), approver(world.org, role="employee")
    submit(revision, [first, second])
    services.revision_approve(revision, by=first.user)
    assert revision.status == "in_review" and services.missing_approvers(revision) == [second]
    with pytest.raises(TransitionNotAllowed):
        services.revision_approve(revision, by=first.user)  # the same signature twice
    services.revision_approve(revision, by=second.user)
    assert revision.status == "approved"


def test_it_refuses_to_submit_without_approver_content_or_change_summary(world):
    revision = make_document(world.org, markdown="").revisions.get()
    with pytest.raises(ValidationFailed) as exc:
        services.revision_submit(revision, approvers=[], by=None)
    assert set(exc.value.errors) == {"markdown", "approvers"}
    no_login = PersonFactory(organisation=world.org)
    with pytest.raises(ValidationFailed) as exc:
        services.revision_submit(revision, approvers=[no_login], by=None)
    assert "approvers" in exc.value.errors
    document = make_effective(world.org)
    second = services.revision_create(document=document, by=None)
    assert second.label == "2" and second.markdown == document.current_revision.markdown
    with pytest.raises(ValidationFailed) as exc:
        submit(second, [approver(world.org)])
    assert exc.value.field == "change_summary"


def test_it_refuses_a_second_revision_in_progress(world):
    document = make_document(world.org)
    with pytest.raises(ValidationFailed) as exc:
        services.revision_create(document=document, by=None)
    assert exc.value.field == "document"


def test_it_refuses_edits_of_a_revision_that_is_not_a_draft(world):
    document = make_effective(world.org)
    with pytest.raises(TransitionNotAllowed) as exc:
        services.revision_update(document.current_revision, data={"markdown": "changed"}, by=None)
    assert exc.value.field == "status"
    with pytest.raises(TransitionNotAllowed):
        services.revision_upload(document.current_revision, upload=None, by=None)


def test_a_content_change_voids_the_signature(world):
    electronic(world.org)
    revision = make_document(world.org, markdown="Torque 20 Nm").revisions.get()
    person = approver(world.org)
    submit(revision, [person])
    signature = services.revision_sign(revision, by=person.user, password=PASSWORD, meaning="approved")
    services.revision_return(revision, by=None, reason="Torque is wrong")
    services.revision_update(revision, data={"markdown": "Torque 25 Nm"}, by=None)
    signature.refresh_from_db()
    assert not signature.is_valid and services.missing_approvers(revision) == [person]
    submit(revision, [person])
    assert revision.status == "in_review"  # the void signature does not count
    services.revision_sign(revision, by=person.user, password=PASSWORD, meaning="approved")
    assert revision.status == "approved"


def test_returning_without_a_change_keeps_the_signature_valid(world):
    revision = make_document(world.org, doc_type="form").revisions.get()
    person = approver(world.org)
    submit(revision, [person])
    services.revision_approve(revision, by=person.user)
    with pytest.raises(ValidationFailed):
        services.revision_return(revision, by=None, reason=" ")
    services.revision_return(revision, by=None, reason="Add the reviewer")
    submit(revision, [person])
    assert revision.status == "approved"


def test_a_new_revision_supersedes_the_effective_one(world):
    document = make_effective(world.org)
    first = document.current_revision
    second = services.revision_create(document=document, by=None, change_summary="New torque table")
    document.refresh_from_db()
    assert document.status == "under_revision" and document.current_revision == first
    person = approver(world.org)
    submit(second, [person])
    services.revision_approve(second, by=person.user)
    services.revision_make_effective(second, by=None)
    first.refresh_from_db()
    document.refresh_from_db()
    assert (first.status, second.status, document.current_revision) == ("superseded", "effective", second)
    assert document.revisions.filter(status="effective").count() == 1


def test_the_database_refuses_a_second_effective_revision(world):
    document = make_effective(world.org)
    draft = services.revision_create(document=document, by=None, change_summary="x")
    with pytest.raises(IntegrityError), transaction.atomic():
        DocumentRevision.objects.filter(pk=draft.pk).update(status="effective")


def test_publishing_twice_is_refused(world):
    document = make_effective(world.org)
    stale = DocumentRevision.objects.get(pk=document.current_revision_id)
    stale.status = "approved"  # what a second publisher loaded before the first one published
    with pytest.raises(TransitionNotAllowed):
        services.revision_make_effective(stale, by=None)
    assert document.revisions.filter(status="effective").count() == 1


def test_only_managers_and_the_owner_publish(world):
    owner_user = approver(world.org, role="employee")
    document = make_document(world.org, doc_type="form", owner=owner_user)
    revision = document.revisions.get()
    person = approver(world.org)
    submit(revision, [person])
    services.revision_approve(revision, by=person.user)
    for role in ("employee", "auditor", "process_owner"):
        with pytest.raises(PermissionDenied):
            services.revision_make_effective(revision, by=world.users[role])
    services.revision_make_effective(revision, by=owner_user.user)
    assert revision.status == "effective"


def test_a_future_effective_date_waits_for_publish_due(world):
    document = make_document(world.org, doc_type="form")
    revision = document.revisions.get()
    person = approver(world.org)
    submit(revision, [person])
    services.revision_approve(revision, by=person.user)
    later = timezone.localdate() + datetime.timedelta(days=5)
    services.revision_make_effective(revision, by=None, effective_date=later)
    assert revision.status == "approved" and revision.effective_date == later
    assert services.publish_due(today=timezone.localdate()) == []
    assert services.publish_due(today=later) == [revision]
    revision.refresh_from_db()
    assert revision.status == "effective" and revision.effective_date == later


def test_withdrawing_makes_it_obsolete_and_never_current(world):
    document = make_effective(world.org)
    revision = document.current_revision
    with pytest.raises(ValidationFailed):
        services.revision_withdraw(revision, by=None, reason="")
    with pytest.raises(PermissionDenied):
        services.revision_withdraw(revision, by=world.users["employee"], reason="Old")
    services.revision_withdraw(revision, by=world.users["quality_manager"], reason="Process retired")
    document.refresh_from_db()
    assert (revision.status, document.status, document.current_revision) == ("obsolete", "obsolete", None)
    with pytest.raises(TransitionNotAllowed):
        services.revision_make_effective(revision, by=None)


def test_an_approved_document_cannot_be_deleted(world):
    document = make_effective(world.org)
    with pytest.raises(ValidationFailed):
        services.document_delete(document, by=world.users["admin"])
    draft = make_document(world.org)
    services.document_delete(draft, by=world.users["admin"], reason="Duplicate")
    assert not DocumentRevision.objects.filter(document_id=draft.pk).exists()


def test_comments_come_from_reviewers_while_in_review(world):
    revision = make_document(world.org).revisions.get()
    reviewer = approver(world.org, role="employee")
    with pytest.raises(TransitionNotAllowed):
        services.revision_comment(revision, text="Early", by=world.users["quality_manager"])
    submit(revision, [approver(world.org)], reviewers=[reviewer])
    item = DueItem.objects.get(person=reviewer, kind="document_comment")
    assert item.is_open
    with pytest.raises(PermissionDenied):
        services.revision_comment(revision, text="Me too", by=world.users["employee"])
    with pytest.raises(ValidationFailed):
        services.revision_comment(revision, text=" ", by=reviewer.user)
    comment = services.revision_comment(revision, text="Step 4 needs a photo", by=reviewer.user)
    assert comment.person == reviewer
    item.refresh_from_db()
    assert not item.is_open


def test_approvers_have_a_due_item_until_they_approve(world):
    revision = make_document(world.org, doc_type="form").revisions.get()
    person = approver(world.org)
    submit(revision, [person])
    item = DueItem.objects.get(person=person, kind="document_approval")
    assert item.is_open and item.due_date == revision.review_due
    services.revision_approve(revision, by=person.user)
    item.refresh_from_db()
    assert not item.is_open


def _published_to(world, **audience):
    document = make_document(world.org, doc_type="form")
    revision = document.revisions.get()
    services.revision_update(revision, data=audience, by=None)
    person = approver(world.org)
    submit(revision, [person])
    services.revision_approve(revision, by=person.user)
    services.revision_make_effective(revision, by=None)
    return revision


def test_publication_asks_the_audience_to_acknowledge(world):
    revision = _published_to(world, audience_roles=["employee", "auditor"])
    asked = set(Acknowledgement.objects.filter(revision=revision).values_list("person__user__username", flat=True))
    assert asked == {"employee-a", "auditor-a"}
    reader = selectors.visible_documents(world.org, world.users["employee"])
    assert reader.filter(pk=revision.document_id).exists()
    person = world.users["employee"].people.get()
    assert [a.revision for a in selectors.to_read(world.org, person)] == [revision]
    item = DueItem.objects.get(person=person, kind="document_read")
    assert item.is_open
    ack = services.acknowledgement_record(revision, by=world.users["employee"])
    assert ack.acknowledged_at is not None
    item.refresh_from_db()
    assert not item.is_open and list(selectors.to_read(world.org, person)) == []
    again = services.acknowledgement_record(revision, by=world.users["employee"])
    assert again.acknowledged_at == ack.acknowledged_at  # acknowledging twice changes nothing


def test_the_audience_can_be_a_site(world):
    from tests.factories import SiteFactory

    site = SiteFactory(organisation=world.org)
    on_site = PersonFactory(organisation=world.org, site=site)
    PersonFactory(organisation=world.org)  # elsewhere
    revision = _published_to(world, audience_sites=[site])
    assert list(Acknowledgement.objects.filter(revision=revision).values_list("person", flat=True)) == [on_site.pk]


def test_only_the_effective_revision_is_acknowledged_and_only_for_oneself(world):
    document = make_effective(world.org)
    draft = services.revision_create(document=document, by=None, change_summary="x")
    with pytest.raises(PermissionDenied):  # an employee does not read drafts
        services.acknowledgement_record(draft, by=world.users["employee"])
    with pytest.raises(TransitionNotAllowed):
        services.acknowledgement_record(draft, by=world.users["quality_manager"])
    other = PersonFactory(organisation=world.org)
    with pytest.raises(PermissionDenied):
        services.acknowledgement_record(document.current_revision, by=world.users["auditor"], person=other)
    ack = services.acknowledgement_record(document.current_revision, by=world.users["quality_manager"], person=other)
    assert ack.person == other  # a manager records it after a briefing


def test_a_new_revision_closes_the_old_reading_requests(world):
    revision = _published_to(world, audience_roles=["employee"])
    document = revision.document
    second = services.revision_create(document=document, by=None, change_summary="y")
    person = approver(world.org)
    submit(second, [person])
    services.revision_approve(second, by=person.user)
    services.revision_make_effective(second, by=None)
    employee = world.users["employee"].people.get()
    items = DueItem.objects.filter(person=employee, kind="document_read")
    assert [(i.source_id, i.is_open) for i in items.order_by("id")] == [
        (Acknowledgement.objects.get(revision=revision).pk, False),
        (Acknowledgement.objects.get(revision=second).pk, True),
    ]


def test_the_periodic_review_confirms_or_starts_a_revision(world):
    owner = approver(world.org, role="process_owner")
    document = make_effective(world.org, owner=owner)
    with pytest.raises(PermissionDenied):
        services.document_review_confirm(document, by=world.users["employee"])
    document.next_review_date = timezone.localdate()
    review = services.document_review_confirm(document, by=owner.user, note="Still right")
    document.refresh_from_db()
    assert review.outcome == "confirmed" and review.reviewed_by == owner
    assert document.next_review_date > timezone.localdate()
    assert DueItem.objects.get(person=owner, kind="document_review").due_date == document.next_review_date
    started = services.document_review_start_revision(document, by=owner.user, note="New machine")
    assert started.revision.status == "draft" and started.revision.label == "2"


def test_a_document_without_an_effective_revision_is_not_confirmed(world):
    with pytest.raises(TransitionNotAllowed):
        services.document_review_confirm(make_document(world.org), by=None)


def test_the_next_label_follows_the_kept_scheme(world):
    document = services.document_create(
        org=world.org,
        data={"title": "Drawing", "doc_type": "specification", "owner": PersonFactory(organisation=world.org)},
        revision_label="Rev C",
        markdown="Tolerances as drawn.",
        by=None,
    )
    revision = document.revisions.get()
    person = approver(world.org)
    submit(revision, [person])
    services.revision_approve(revision, by=person.user)
    services.revision_make_effective(revision, by=None)
    assert services.revision_create(document=document, by=None).label == "Rev D"


def test_settings_refuse_unknown_methods(world):
    with pytest.raises(ValidationFailed):
        services.settings_update(org=world.org, approval={"procedure": "handshake"}, by=None)
    with pytest.raises(PermissionDenied):
        services.settings_update(org=world.org, approval={"procedure": "recorded"}, by=world.users["auditor"])


def test_the_daily_command_publishes_what_is_due(world, capsys):
    import datetime as dt

    from django.core.management import call_command

    document = make_document(world.org, doc_type="form")
    revision = document.revisions.get()
    person = approver(world.org)
    submit(revision, [person])
    services.revision_approve(revision, by=person.user)
    services.revision_make_effective(revision, by=None, effective_date=timezone.localdate() + dt.timedelta(days=1))
    DocumentRevision.objects.filter(pk=revision.pk).update(effective_date=timezone.localdate())
    call_command("documents", "publish-due")
    assert "1 revision(s) made effective" in capsys.readouterr().out
    assert DocumentRevision.objects.get(pk=revision.pk).status == "effective"
