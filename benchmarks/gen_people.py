"""Benchmark data of the people app: the issue's competence matrix of 500 people × 60 competences with
levels for most cells (some below, some lapsed), 20 job roles each requiring a dozen competences, every
person in one or two roles, n/10 trainings in every state with attendees, and open retraining flags.

Sizes follow `n` (10,000 in `make bench`): people = min(500, n/20, those given), competences = 60.
Inserted with plain QuerySet.bulk_create (around OrgQuerySet's trail hook, for speed). Called by
generate.py (REGISTER_MODULES) with Django set up.
"""

import datetime

from django.db import models, transaction
from django.utils import timezone

from pdca.core.models import Sequence
from pdca.core.numbering import format_number
from pdca.people.choices import TRAINING_PREFIX, CompetenceCategory, TrainingStatus
from pdca.people.models import (
    Competence,
    JobRole,
    PersonCompetence,
    RetrainingFlag,
    RoleRequirement,
    Training,
    TrainingAttendee,
)

URLS = [
    ("competence matrix (people × competences)", "/o/{org}/people/matrix/"),
    ("competence matrix ?role", "/o/{org}/people/matrix/?role={people_role}"),
    ("competence matrix (roles × competences)", "/o/{org}/people/matrix/?view=roles"),
    ("people's levels", "/o/{org}/people/levels/"),
    ("people's levels ?requalify=expired", "/o/{org}/people/levels/?requalify=expired"),
    ("training list", "/o/{org}/people/trainings/"),
    ("training list ?status=completed", "/o/{org}/people/trainings/?status=completed"),
    ("training page", "/o/{org}/people/trainings/{training}/"),
    ("person's competence profile", "/o/{org}/people/person/{people_person}/"),
    ("awareness", "/o/{org}/people/awareness/"),
    ("api competence matrix", "/api/v1/o/{org}/competence/competences/matrix/"),
    ("api trainings", "/api/v1/o/{org}/trainings/"),
]

BATCH = 1000
COMPETENCES = 60
ROLES = 20


def _insert(model, objs: list) -> list:
    for start in range(0, len(objs), BATCH):
        with transaction.atomic():
            models.QuerySet.bulk_create(model.objects.all(), objs[start : start + BATCH], batch_size=BATCH)
    return objs


def generate(org, people: list, rng, n: int) -> dict:
    today = timezone.localdate()
    staff = people[: max(20, min(500, n // 20, len(people)))]
    categories = list(CompetenceCategory.values)
    _insert(
        Competence,
        [
            Competence(
                organisation=org,
                name=f"Competence {i + 1:02d}",
                category=categories[i % len(categories)],
                requalify_months=24 if i % 4 == 0 else None,
            )
            for i in range(COMPETENCES)
        ],
    )
    competences = list(Competence.objects.filter(organisation=org).order_by("pk"))
    _insert(JobRole, [JobRole(organisation=org, name=f"Role {i + 1:02d}") for i in range(ROLES)])
    roles = list(JobRole.objects.filter(organisation=org).order_by("pk"))
    required: dict[int, dict[int, int]] = {}
    requirements = []
    for role in roles:
        for competence in rng.sample(competences, 12):
            level = rng.randint(1, 4)
            required.setdefault(role.pk, {})[competence.pk] = level
            requirements.append(
                RoleRequirement(organisation=org, role=role, competence=competence, required_level=level)
            )
    _insert(RoleRequirement, requirements)
    holders, role_of = [], {}
    for person in staff:
        for role in rng.sample(roles, rng.choice((1, 1, 2))):
            holders.append(JobRole.people.through(jobrole_id=role.pk, person_id=person.pk))
            role_of.setdefault(person.pk, []).append(role.pk)
    JobRole.people.through.objects.bulk_create(holders, batch_size=BATCH)
    levels = []
    for person in staff:
        for competence in competences:
            if rng.random() < 0.15:
                continue  # never assessed
            need = max((required.get(r, {}).get(competence.pk, 0) for r in role_of[person.pk]), default=0)
            level = max(0, min(4, need + rng.choice((0, 0, 0, 1, -1)))) if need else rng.randint(0, 3)
            assessed = today - datetime.timedelta(days=rng.randint(10, 900))
            lapsing = competence.requalify_months is not None
            levels.append(
                PersonCompetence(
                    organisation=org,
                    person=person,
                    competence=competence,
                    level=level,
                    evidence="Benchmark assessment.",
                    assessed_on=assessed,
                    valid_until=assessed + datetime.timedelta(days=730) if lapsing else None,
                )
            )
    _insert(PersonCompetence, levels)
    trainings = _trainings(org, staff, rng, n, today)
    _flags(org, staff, rng, today)
    return {"people_role": roles[0].pk, "people_person": staff[0].pk, "training": trainings[0].pk}


def _trainings(org, staff, rng, n, today) -> list[Training]:
    count = max(10, n // 10)
    statuses = [TrainingStatus.PLANNED, TrainingStatus.COMPLETED, TrainingStatus.EVALUATED, TrainingStatus.CANCELLED]
    rows = []
    for i in range(count):
        status = statuses[i % len(statuses)]
        planned = today + datetime.timedelta(days=rng.randint(-700, 120))
        done = status in (TrainingStatus.COMPLETED, TrainingStatus.EVALUATED)
        rows.append(
            Training(
                organisation=org,
                number=format_number(TRAINING_PREFIX, i + 1),
                title=f"Training course {i + 1}",
                owner=rng.choice(staff),
                planned_on=planned,
                status=status,
                completed_on=planned if done else None,
                evaluate_by=planned + datetime.timedelta(days=90) if done else None,
            )
        )
    _insert(Training, rows)
    Sequence.objects.update_or_create(organisation=org, prefix=TRAINING_PREFIX, defaults={"last_value": count})
    trainings = list(Training.objects.filter(organisation=org).order_by("-planned_on", "-number"))
    attendees = []
    for training in trainings:
        for person in rng.sample(staff, min(5, len(staff))):
            done = training.status in (TrainingStatus.COMPLETED, TrainingStatus.EVALUATED)
            evaluated = training.status == TrainingStatus.EVALUATED
            attendees.append(
                TrainingAttendee(
                    organisation=org,
                    training=training,
                    person=person,
                    attended=True if done else None,
                    effectiveness=rng.choice(("effective", "partly", "not_effective")) if evaluated else "",
                    evaluated_on=training.completed_on if evaluated else None,
                )
            )
    _insert(TrainingAttendee, attendees)
    return trainings


def _flags(org, staff, rng, today) -> None:
    from pdca.documents.models import DocumentRevision

    revisions = list(
        DocumentRevision.objects.filter(organisation=org, status="effective").values_list("pk", "document_id")[:20]
    )
    flags = [
        RetrainingFlag(
            organisation=org, person=person, revision_id=rev, document_id=doc, flagged_on=today, cleared_on=None
        )
        for person in rng.sample(staff, min(50, len(staff)))
        for rev, doc in revisions[:1]
    ]
    _insert(RetrainingFlag, flags)
