"""Competence and training services: assessments and requalification, the training workflow and its
effectiveness per attendee, retraining flags on new document revisions, awareness, and the matrix."""

import datetime

import pytest
from django.utils import timezone

from pdca.core.exceptions import TransitionNotAllowed, ValidationFailed
from pdca.core.models import DueItem
from pdca.documents import services as documents
from pdca.people import selectors, services
from pdca.people.choices import Cell, Cleared, TrainingStatus
from pdca.people.models import ObjectiveAwareness, PersonCompetence, RetrainingFlag
from tests.documents.factories import approver, make_effective, submit
from tests.people.factories import (
    make_assessment,
    make_competence,
    make_requirement,
    make_role,
    make_training,
    person_in,
)

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate


def days(n):
    return TODAY() - datetime.timedelta(days=n)


# --- the matrix's cell rule (hand-computed)


@pytest.mark.parametrize(
    ("required", "held", "expected"),
    [
        (3, None, Cell.MISSING),
        (3, (3, None), Cell.MEETS),
        (3, (4, None), Cell.MEETS),
        (3, (2, None), Cell.BELOW),
        (0, None, Cell.NONE),
        (0, (2, None), Cell.EXTRA),
        (0, (0, None), Cell.NONE),
        (2, (4, datetime.date(2020, 1, 1)), Cell.EXPIRED),  # held well, but the requalification lapsed
        (2, (4, datetime.date(2030, 1, 1)), Cell.MEETS),
    ],
)
def test_it_colours_each_cell_by_required_held_and_expiry(required, held, expected):
    assert selectors.cell_state(required, held, datetime.date(2025, 6, 1)) == expected


def test_it_builds_the_people_matrix_from_the_highest_requirement_of_a_persons_roles(world):
    org = world.org
    ann, bob = person_in(org, name="Ann"), person_in(org, name="Bob")
    milling, inspection = make_competence(org, name="Milling"), make_competence(org, name="Inspection")
    setter = make_role(org, name="Setter", people=[ann, bob])
    lead = make_role(org, name="Cell lead", people=[ann])
    make_requirement(org, role=setter, competence=milling, level=2)
    make_requirement(org, role=lead, competence=milling, level=4)  # Ann needs 4, Bob 2
    make_requirement(org, role=setter, competence=inspection, level=1)
    make_assessment(org, person=ann, competence=milling, level=3)
    make_assessment(org, person=bob, competence=milling, level=3)
    make_assessment(org, person=bob, competence=inspection, level=2, days_ago=400, valid_until=days(1))
    matrix = selectors.people_matrix(org, [ann.pk, bob.pk], selectors.competences_for_matrix(org))
    assert matrix.required[(ann.pk, milling.pk)] == 4
    assert matrix.state(ann.pk, milling.pk) == Cell.BELOW
    assert matrix.state(bob.pk, milling.pk) == Cell.MEETS
    assert matrix.state(ann.pk, inspection.pk) == Cell.MISSING
    assert matrix.state(bob.pk, inspection.pk) == Cell.EXPIRED
    counts = matrix.counts()
    assert (counts["meets"], counts["below"], counts["missing"], counts["expired"]) == (1, 1, 1, 1)


def test_the_matrix_reads_the_same_few_queries_whatever_its_size(world):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    org = world.org
    counts = []
    for size in (2, 6):
        competences = [make_competence(org) for _ in range(size)]
        people = [person_in(org) for _ in range(size)]
        role = make_role(org, people=people)
        for c in competences:
            make_requirement(org, role=role, competence=c, level=2)
            for p in people[: size // 2]:
                make_assessment(org, person=p, competence=c, level=2)
        ids = list(selectors.people_for_matrix(org).values_list("pk", flat=True))
        with CaptureQueriesContext(connection) as queries:
            matrix = selectors.people_matrix(org, ids, selectors.competences_for_matrix(org))
            matrix.counts()
        counts.append(len(queries))
    assert counts[0] == counts[1] <= 8, counts


# --- assessments and requalification


def test_an_assessment_takes_its_requalification_date_from_the_competence_and_is_due_to_the_manager(world):
    org = world.org
    manager = person_in(org)
    welder = person_in(org, manager=manager)
    coded = make_competence(org, name="Coded welding", requalify_months=6)
    assessment = make_assessment(org, person=welder, competence=coded, level=3, assessed_on=datetime.date(2025, 1, 31))
    assert assessment.valid_until == datetime.date(2025, 7, 31)
    due = DueItem.objects.get(kind="requalification", source_id=assessment.pk)
    assert due.person == manager and due.due_date == datetime.date(2025, 7, 31) and due.is_open


def test_it_refuses_a_level_outside_0_to_4_and_a_future_assessment_naming_the_field(world):
    org = world.org
    with pytest.raises(ValidationFailed) as exc:
        make_assessment(org, level=5)
    assert "level" in exc.value.errors
    with pytest.raises(ValidationFailed) as exc:
        make_assessment(org, assessed_on=TODAY() + datetime.timedelta(days=3))
    assert "assessed_on" in exc.value.errors
    assert not PersonCompetence.objects.exists()


def test_it_refuses_a_second_assessment_of_the_same_competence(world):
    first = make_assessment(world.org)
    with pytest.raises(ValidationFailed) as exc:
        make_assessment(world.org, person=first.person, competence=first.competence)
    assert "competence" in exc.value.errors


# --- trainings


def test_a_training_goes_planned_completed_evaluated_and_an_effective_one_raises_levels(world):
    org = world.org
    ann, bob, cy = (person_in(org) for _ in range(3))
    fai = make_competence(org, name="First-article inspection", requalify_months=24)
    make_assessment(org, person=bob, competence=fai, level=1, days_ago=10)
    training = make_training(org, attendees=[ann, bob, cy], competences=[fai])
    assert training.number.startswith("TRN-") and training.status == TrainingStatus.PLANNED
    services.training_complete(training, by=None, completed_on=days(5), absent=[cy])
    training.refresh_from_db()
    assert training.status == TrainingStatus.COMPLETED
    assert training.evaluate_by == days(5) + datetime.timedelta(days=90)
    due = DueItem.objects.get(kind="training", source_id=training.pk)
    assert due.is_open and "Evaluate" in due.title
    attendees = {a.person_id: a for a in training.attendees.all()}
    assert attendees[cy.pk].attended is False and attendees[ann.pk].attended is True
    services.attendee_evaluate(attendees[ann.pk], by=None, effectiveness="effective", level_reached=2)
    training.refresh_from_db()
    assert training.status == TrainingStatus.COMPLETED  # Bob not yet evaluated
    services.attendee_evaluate(attendees[bob.pk], by=None, effectiveness="not_effective", level_reached=2)
    training.refresh_from_db()
    assert training.status == TrainingStatus.EVALUATED
    ann_level = PersonCompetence.objects.get(person=ann, competence=fai)
    assert ann_level.level == 2 and ann_level.training == training and ann_level.valid_until is not None
    assert PersonCompetence.objects.get(person=bob, competence=fai).level == 1  # not effective: no raise
    assert not PersonCompetence.objects.filter(person=cy).exists()
    assert not DueItem.objects.filter(kind="training", source_id=training.pk, is_open=True).exists()


def test_attendance_alone_is_not_competence(world):
    org = world.org
    ann = person_in(org)
    skill = make_competence(org)
    training = make_training(org, attendees=[ann], competences=[skill])
    services.training_complete(training, by=None)
    assert not PersonCompetence.objects.filter(person=ann).exists()


def test_it_refuses_out_of_order_steps_and_evaluating_an_absentee(world):
    org = world.org
    ann, bob = person_in(org), person_in(org)
    training = make_training(org, attendees=[ann, bob])
    attendee = training.attendees.get(person=ann)
    with pytest.raises(ValidationFailed):
        services.attendee_evaluate(attendee, by=None, effectiveness="effective")
    services.training_complete(training, by=None, absent=[bob])
    with pytest.raises(TransitionNotAllowed):
        services.training_cancel(training, by=None, reason="x")
    with pytest.raises(ValidationFailed):
        services.attendee_evaluate(training.attendees.get(person=bob), by=None, effectiveness="effective")
    with pytest.raises(ValidationFailed):
        services.training_delete(training, by=None)


def test_a_training_needs_attendees_to_complete_and_a_reason_to_cancel(world):
    training = make_training(world.org)
    with pytest.raises(ValidationFailed) as exc:
        services.training_complete(training, by=None)
    assert "attendees" in exc.value.errors
    with pytest.raises(ValidationFailed) as exc:
        services.training_cancel(training, by=None, reason=" ")
    assert "reason" in exc.value.errors
    training.refresh_from_db()
    assert training.status == TrainingStatus.PLANNED


# --- retraining on a new revision


def _new_revision(document):
    revision = documents.revision_create(document=document, by=None, change_summary="New torque values")
    person = approver(document.organisation)
    submit(revision, [person])
    documents.revision_approve(revision, by=person.user)
    documents.revision_make_effective(revision, by=None)
    return revision


def test_a_new_effective_revision_flags_the_holders_of_roles_that_must_know_the_document(world):
    org = world.org
    wi = make_effective(org, title="Spindle warm-up")
    ann, bob, outsider = person_in(org), person_in(org), person_in(org)
    gone = person_in(org, is_active=False)
    make_role(org, name="Setter", people=[ann, bob, gone], documents=[wi])
    make_role(org, name="Buyer", people=[outsider])
    revision = _new_revision(wi)
    flags = RetrainingFlag.objects.filter(revision=revision, cleared_on=None)
    assert set(flags.values_list("person_id", flat=True)) == {ann.pk, bob.pk}
    assert DueItem.objects.filter(kind="retraining", person=ann, is_open=True).exists()
    matrix = selectors.people_matrix(org, [ann.pk, outsider.pk], selectors.competences_for_matrix(org))
    assert matrix.flags[ann.pk] == [f"{wi.number} {revision.label}"] and outsider.pk not in matrix.flags
    # A later revision supersedes the open flag: one flag per person stays open.
    third = _new_revision(wi)
    assert RetrainingFlag.objects.get(person=ann, revision=revision).cleared_how == Cleared.SUPERSEDED
    assert RetrainingFlag.objects.filter(person=ann, cleared_on=None).get().revision == third


def test_acknowledging_the_revision_clears_the_flag(world):
    org = world.org
    wi = make_effective(org)
    ann = person_in(org)
    make_role(org, people=[ann], documents=[wi])
    revision = _new_revision(wi)
    flag = RetrainingFlag.objects.get(person=ann, revision=revision)
    documents.acknowledgement_record(revision, by=None, person=ann)
    flag.refresh_from_db()
    assert flag.cleared_how == Cleared.ACKNOWLEDGED and flag.cleared_on == TODAY()
    assert not DueItem.objects.get(kind="retraining", source_id=flag.pk).is_open


def test_completing_a_retraining_on_the_document_clears_the_flag(world):
    org = world.org
    wi = make_effective(org)
    ann, bob = person_in(org), person_in(org)
    make_role(org, people=[ann, bob], documents=[wi])
    revision = _new_revision(wi)
    training = make_training(org, attendees=[ann, bob], documents=[wi])
    services.training_complete(training, by=None, absent=[bob])
    assert RetrainingFlag.objects.get(person=ann, revision=revision).cleared_how == Cleared.RETRAINED
    assert RetrainingFlag.objects.get(person=bob, revision=revision).cleared_on is None


# --- awareness


def test_awareness_counts_the_policy_and_the_objectives_of_a_persons_processes(world):
    from tests.objectives.factories import make_effective_policy, make_objective
    from tests.processes.factories import make_process

    org = world.org
    policy = make_effective_policy(org)
    machining, sales = make_process(org), make_process(org)
    scrap = make_objective(org, approved=True, processes=[machining])
    make_objective(org, approved=True, processes=[sales])  # not Ann's
    on_time = make_objective(org, approved=True)  # no process: everyone's
    ann = person_in(org)
    make_role(org, people=[ann], process=machining)
    row = selectors.awareness(org, [ann.pk])["rows"][ann.pk]
    assert (row["policy"], row["relevant"], row["acknowledged"]) == (False, 2, 0)
    services.awareness_record(ann, by=None, policy=True, objectives=[scrap])
    row = selectors.awareness(org, [ann.pk])["rows"][ann.pk]
    assert (row["policy"], row["relevant"], row["acknowledged"]) == (True, 2, 1)
    assert row["missing_objectives"] == {on_time.pk}
    assert policy.current_revision.acknowledgements.get(person=ann).acknowledged_at is not None
    assert ObjectiveAwareness.objects.filter(person=ann).count() == 1
