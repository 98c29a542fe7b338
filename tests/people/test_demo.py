"""The demo organisation's competence and training: a matrix with every kind of cell, trainings in
every state, retraining flags from a new revision (some cleared), awareness; loading twice changes nothing."""

from django.core.management import call_command

from pdca.core.models import Organisation
from pdca.people import selectors
from pdca.people.models import (
    Competence,
    JobRole,
    ObjectiveAwareness,
    PersonCompetence,
    RetrainingFlag,
    RoleRequirement,
    Training,
    TrainingAttendee,
)


def _counts():
    return [
        m.objects.count()
        for m in (
            Competence,
            JobRole,
            RoleRequirement,
            PersonCompetence,
            Training,
            TrainingAttendee,
            RetrainingFlag,
            ObjectiveAwareness,
        )
    ]


def test_the_demo_has_a_competence_matrix_and_trainings(db, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        call_command("demo")
    org = Organisation.objects.get(slug="harrow")
    assert JobRole.objects.filter(organisation=org).count() == 9
    ids = list(selectors.people_for_matrix(org).values_list("pk", flat=True))
    counts = selectors.people_matrix(org, ids, selectors.competences_for_matrix(org)).counts()
    assert counts["meets"] > 40
    assert counts["below"] > 0 and counts["missing"] > 0 and counts["expired"] > 0
    statuses = set(Training.objects.filter(organisation=org).values_list("status", flat=True))
    assert statuses == {"planned", "completed", "evaluated", "cancelled"}
    verdicts = set(
        TrainingAttendee.objects.filter(organisation=org)
        .exclude(effectiveness="")
        .values_list("effectiveness", flat=True)
    )
    assert verdicts == {"effective", "partly", "not_effective"}
    flags = RetrainingFlag.objects.filter(organisation=org)
    assert flags.filter(cleared_on=None).count() > 0 and flags.exclude(cleared_on=None).count() >= 2
    assert ObjectiveAwareness.objects.filter(organisation=org).exists()
    before = _counts()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("demo")
    assert _counts() == before
