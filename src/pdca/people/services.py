"""Competence and training services: roles and what they require, people's assessed levels (with the
requalification date and the manager's due item), the training workflow (planned → completed →
effectiveness evaluated, per attendee, raising levels where it worked), retraining flags raised when a
revision of a document a role must know becomes effective, and awareness (policy and objectives).

Every write is atomic and checked; a refusal names the field (ValidationFailed) and saves nothing.
"""

import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from pdca.core import search, trail
from pdca.core import services as core
from pdca.core.dates import add_months
from pdca.core.exceptions import TransitionNotAllowed, ValidationFailed
from pdca.core.models import Organisation, Person
from pdca.core.numbering import next_number
from pdca.core.services import full_clean, require
from pdca.people.choices import (
    EVALUATE_AFTER_DAYS,
    TRAINING_PREFIX,
    TRAINING_TRANSITIONS,
    Cleared,
    Effectiveness,
    EvidenceKind,
    TrainingStatus,
)
from pdca.people.models import (
    Competence,
    JobRole,
    ObjectiveAwareness,
    PersonCompetence,
    RetrainingFlag,
    Training,
    TrainingAttendee,
)

M2M = {JobRole: ("documents", "people"), Training: ("competences", "documents")}


def _split(model, data: dict) -> tuple[dict, dict]:
    names = M2M.get(model, ())
    return {k: v for k, v in data.items() if k not in names}, {k: v for k, v in data.items() if k in names}


def _check_m2m(org, many: dict) -> None:
    for name, values in many.items():
        if any(getattr(v, "organisation_id", org.pk) != org.pk for v in values or []):
            raise ValidationFailed(
                {name: [_("Select a valid choice. That choice is not one of the available choices.")]}
            )


# --- roles, competences, requirements (plain rows; job roles and trainings carry many-to-many links)


@transaction.atomic
def row_create(model, *, org: Organisation, data: dict, by):
    """A job role, competence or role requirement (with a job role's documents and holders)."""
    require(by, "add", model, org)
    plain, many = _split(model, data)
    core.check_same_org(org, plain)
    _check_m2m(org, many)
    obj = model(organisation=org, **plain)
    full_clean(obj)
    with trail.acting(by):
        obj.save()
        for name, values in many.items():
            getattr(obj, name).set(values)
    _after_row(obj)
    return obj


@transaction.atomic
def row_update(obj, *, data: dict, by, version: int | None = None):
    require(by, "change", obj, obj)
    plain, many = _split(type(obj), data)
    core.check_same_org(obj.organisation, plain)
    _check_m2m(obj.organisation, many)
    if version is not None:
        obj.version = version
    for name, value in plain.items():
        setattr(obj, name, value)
    full_clean(obj)
    with trail.acting(by):
        obj.save()
        for name, values in many.items():
            getattr(obj, name).set(values)
    _after_row(obj)
    return obj


@transaction.atomic
def row_delete(obj, *, by, reason: str = "") -> None:
    require(by, "delete", obj, obj)
    if isinstance(obj, Competence) and obj.holders.exists():
        raise ValidationFailed(
            _("%(c)s is held by %(n)s people: their assessments are evidence; remove those first.")
            % {"c": obj, "n": obj.holders.count()}
        )
    if isinstance(obj, PersonCompetence):
        _sync_requalification(obj, is_open=False)
    core.object_delete(obj, by=by, reason=reason)


def _after_row(obj) -> None:
    if isinstance(obj, Competence):
        search.index_many([_competence_doc(obj)])


# --- people's levels


def _valid_until(assessed_on: datetime.date, competence: Competence, given):
    if given is not None or competence.requalify_months is None or assessed_on is None:
        return given
    return add_months(assessed_on, competence.requalify_months)


@transaction.atomic
def competence_assess(model=PersonCompetence, *, org: Organisation, data: dict, by) -> PersonCompetence:
    """Record a person's level of a competence with its evidence; `valid_until` follows the competence's
    requalification interval unless given; the manager (or the person) gets the requalification due."""
    require(by, "add", PersonCompetence, org)
    core.check_same_org(org, data)
    assessment = PersonCompetence(organisation=org, **data)
    if assessment.assessed_by_id is None and by is not None:
        assessment.assessed_by = core.person_for_user(org, by)
    if PersonCompetence.objects.filter(person_id=assessment.person_id, competence_id=assessment.competence_id).exists():
        raise ValidationFailed(
            {
                "competence": [
                    _("%(p)s already has an assessment of this competence: edit that one.") % {"p": assessment.person}
                ]
            }
        )
    _check_assessment(assessment)
    with trail.acting(by):
        assessment.save()
    _sync_requalification(assessment)
    return assessment


@transaction.atomic
def competence_reassess(assessment: PersonCompetence, *, data: dict, by, version: int | None = None):
    """Change an assessment (a new level, new evidence, a requalification)."""
    require(by, "change", assessment, assessment)
    core.check_same_org(assessment.organisation, data)
    if version is not None:
        assessment.version = version
    recompute = "valid_until" not in data or data.get("valid_until") is None
    for name, value in data.items():
        setattr(assessment, name, value)
    if recompute:
        assessment.valid_until = None
    _check_assessment(assessment)
    with trail.acting(by):
        assessment.save()
    _sync_requalification(assessment)
    return assessment


def _check_assessment(assessment: PersonCompetence) -> None:
    today = timezone.localdate()
    if assessment.assessed_on is None:
        assessment.assessed_on = today
    full_clean(assessment, exclude=["valid_until"] if assessment.valid_until is None else [])
    if assessment.assessed_on > today:
        raise ValidationFailed({"assessed_on": [_("An assessment records what was found: not a future date.")]})
    if assessment.valid_until is not None and assessment.valid_until <= assessment.assessed_on:
        raise ValidationFailed({"valid_until": [_("Must be after the assessment date.")]})
    assessment.valid_until = _valid_until(assessment.assessed_on, assessment.competence, assessment.valid_until)


def _sync_requalification(assessment: PersonCompetence, *, is_open: bool = True) -> None:
    person = assessment.person
    due_to = (person.manager or person) if assessment.valid_until and is_open else None
    core.due_item_sync(
        assessment,
        person=due_to,
        kind="requalification",
        title=_("Requalify %(p)s: %(c)s") % {"p": person, "c": assessment.competence},
        due_date=assessment.valid_until,
        is_open=due_to is not None,
        url=assessment.get_absolute_url(),
    )


def _raise_level(person: Person, competence: Competence, level: int, *, training: Training, on, by) -> None:
    """An effective training lifts the person's level of `competence` to `level` (never lowers it)."""
    current = PersonCompetence.objects.filter(person=person, competence=competence).first()
    evidence = _("Training %(t)s, evaluated effective on %(d)s.") % {"t": training, "d": on.isoformat()}
    if current is None:
        data = {
            "person": person,
            "competence": competence,
            "level": level,
            "assessed_on": on,
            "evidence_kind": EvidenceKind.TRAINING,
            "evidence": evidence,
            "training": training,
            "record": training.record,
        }
        assessment = PersonCompetence(organisation_id=training.organisation_id, **data)
        assessment.assessed_by = core.person_for_user(training.organisation, by) if by else None
        _check_assessment(assessment)
        assessment.save()
        _sync_requalification(assessment)
        return
    if current.level > level:
        return
    current.level, current.assessed_on, current.training = level, on, training
    current.evidence_kind, current.evidence, current.valid_until = EvidenceKind.TRAINING, evidence, None
    if training.record_id:
        current.record_id = training.record_id
    _check_assessment(current)
    current.save()
    _sync_requalification(current)


# --- trainings


@transaction.atomic
def training_create(model=Training, *, org: Organisation, data: dict, by) -> Training:
    """A planned training, numbered TRN-nnnn; the organiser sees it due on its date."""
    require(by, "add", Training, org)
    plain, many = _split(Training, data)
    attendees = plain.pop("attendees", None)
    core.check_same_org(org, plain)
    _check_m2m(org, many)
    training = Training(organisation=org, **plain)
    full_clean(training, exclude=["number"])
    training.number = next_number(org, TRAINING_PREFIX)
    with trail.acting(by):
        training.save()
        for name, values in many.items():
            getattr(training, name).set(values)
        if attendees:
            _add_attendees(training, attendees)
    _after_training(training)
    return training


@transaction.atomic
def training_update(training: Training, *, data: dict, by, version: int | None = None) -> Training:
    require(by, "change", training, training)
    plain, many = _split(Training, data)
    core.check_same_org(training.organisation, plain)
    _check_m2m(training.organisation, many)
    if version is not None:
        training.version = version
    for name, value in plain.items():
        setattr(training, name, value)
    full_clean(training)
    with trail.acting(by):
        training.save()
        for name, values in many.items():
            getattr(training, name).set(values)
    _after_training(training)
    return training


@transaction.atomic
def training_delete(training: Training, *, by, reason: str = "") -> None:
    """Delete a training planned in error; one that took place is evidence and stays."""
    require(by, "delete", training, training)
    if training.status in (TrainingStatus.COMPLETED, TrainingStatus.EVALUATED):
        raise ValidationFailed(
            _("%(t)s took place: it is evidence of competence and cannot be deleted.") % {"t": training}
        )
    core.due_item_sync(training, person=None, kind="training", title="", due_date=None, is_open=False, url="")
    core.object_delete(training, by=by, reason=reason)


def _add_attendees(training: Training, people) -> int:
    have = set(training.attendees.values_list("person_id", flat=True))
    new = [
        TrainingAttendee(organisation_id=training.organisation_id, training=training, person=p)
        for p in people
        if p.pk not in have
    ]
    TrainingAttendee.objects.bulk_create(new)
    return len(new)


@transaction.atomic
def attendees_add(training: Training, *, people, by) -> int:
    """Put people on a planned training (those already on it are skipped); returns how many were added."""
    require(by, "change", training, training)
    if training.status != TrainingStatus.PLANNED:
        raise ValidationFailed({"people": [_("Attendees are added while the training is planned.")]})
    people = list(people)
    _check_m2m(training.organisation, {"people": people})
    with trail.acting(by):
        return _add_attendees(training, people)


@transaction.atomic
def attendee_remove(attendee: TrainingAttendee, *, by) -> None:
    require(by, "change", attendee.training, attendee.training)
    if attendee.training.status != TrainingStatus.PLANNED:
        raise ValidationFailed({"person": [_("Attendance of a training that took place is a record: keep it.")]})
    core.object_delete(attendee, by=by)


def _move(training: Training, status: str, *, by, reason: str = "") -> None:
    if status not in TRAINING_TRANSITIONS.get(training.status, set()):
        raise TransitionNotAllowed(
            _("A training that is %(old)s cannot become %(new)s.")
            % {"old": training.get_status_display().lower(), "new": TrainingStatus(status).label.lower()},
            field="status",
        )
    old = training.status
    training.status = status
    with trail.acting(by, reason=reason):
        trail.save_transition(training, field="status", old=old, reason=reason)


@transaction.atomic
def training_complete(training: Training, *, by, completed_on=None, absent=(), evaluate_by=None) -> Training:
    """The training took place: attendance is recorded (everyone not in `absent` attended), the attendees'
    retraining flags on the documents it covered are cleared, and its effectiveness evaluation falls due."""
    require(by, "change", training, training)
    today = timezone.localdate()
    completed_on = completed_on or today
    if completed_on > today:
        raise ValidationFailed({"completed_on": [_("A training is completed on a past day or today.")]})
    if not training.attendees.exists():
        raise ValidationFailed({"attendees": [_("Add the attendees before completing the training.")]})
    absent_ids = {getattr(p, "pk", p) for p in absent}
    training.completed_on = completed_on
    training.evaluate_by = evaluate_by or completed_on + datetime.timedelta(days=EVALUATE_AFTER_DAYS)
    if training.evaluate_by < completed_on:
        raise ValidationFailed({"evaluate_by": [_("Must be on or after the completion date.")]})
    _move(training, TrainingStatus.COMPLETED, by=by)
    with trail.acting(by):
        attendees = training.attendees.all()
        attendees.exclude(person_id__in=absent_ids).update(attended=True)
        attendees.filter(person_id__in=absent_ids).update(attended=False)
    present = list(training.attendees.filter(attended=True).values_list("person_id", flat=True))
    revisions = training.documents.exclude(current_revision=None).values("current_revision")
    flags_clear(
        RetrainingFlag.objects.filter(person_id__in=present, revision_id__in=revisions),
        how=Cleared.RETRAINED,
        on=completed_on,
    )
    _after_training(training)
    return training


@transaction.atomic
def training_cancel(training: Training, *, by, reason: str) -> Training:
    require(by, "change", training, training)
    if not reason.strip():
        raise ValidationFailed({"reason": [_("Say why the training is cancelled.")]})
    _move(training, TrainingStatus.CANCELLED, by=by, reason=reason)
    _after_training(training)
    return training


@transaction.atomic
def training_replan(training: Training, *, by, planned_on, reason: str = "") -> Training:
    """A cancelled training planned again, for a new date."""
    require(by, "change", training, training)
    training.planned_on = planned_on
    _move(training, TrainingStatus.PLANNED, by=by, reason=reason)
    _after_training(training)
    return training


@transaction.atomic
def attendee_evaluate(
    attendee: TrainingAttendee, *, by, effectiveness: str, level_reached=None, comment: str = "", evaluated_on=None
) -> TrainingAttendee:
    """Did the training work for this attendee? An effective (or partly effective) result with a level
    reached lifts their level of every competence the training builds. Once every attendee who came is
    evaluated, the training is "effectiveness evaluated"."""
    training = attendee.training
    require(by, "change", training, training)
    if training.status not in (TrainingStatus.COMPLETED, TrainingStatus.EVALUATED):
        raise ValidationFailed({"effectiveness": [_("Effectiveness is evaluated after the training took place.")]})
    if not attendee.attended:
        raise ValidationFailed({"effectiveness": [_("%(p)s did not attend.") % {"p": attendee.person}]})
    if effectiveness not in Effectiveness.values:
        raise ValidationFailed({"effectiveness": [_("Choose effective, partly effective or not effective.")]})
    on = evaluated_on or timezone.localdate()
    if on < training.completed_on or on > timezone.localdate():
        raise ValidationFailed({"evaluated_on": [_("Between the completion date and today.")]})
    attendee.effectiveness, attendee.level_reached, attendee.comment = effectiveness, level_reached, comment
    attendee.evaluated_on = on
    attendee.evaluated_by = core.person_for_user(training.organisation, by) if by else None
    full_clean(attendee)
    with trail.acting(by):
        attendee.save()
        if level_reached and effectiveness != Effectiveness.NOT_EFFECTIVE:
            for competence in training.competences.all():
                _raise_level(attendee.person, competence, level_reached, training=training, on=on, by=by)
        pending = training.attendees.filter(attended=True, effectiveness="").exists()
        if not pending and training.status == TrainingStatus.COMPLETED:
            _move(training, TrainingStatus.EVALUATED, by=by, reason=_("Every attendee evaluated."))
    _after_training(training)
    return attendee


def _after_training(training: Training) -> None:
    status = training.status
    due = {TrainingStatus.PLANNED: training.planned_on, TrainingStatus.COMPLETED: training.evaluate_by}.get(status)
    title = (_("Evaluate the effectiveness of %(t)s") if status == TrainingStatus.COMPLETED else _("Run %(t)s")) % {
        "t": training
    }
    core.due_item_sync(
        training,
        person=training.owner if due else None,
        kind="training",
        title=title,
        due_date=due,
        is_open=due is not None,
        url=training.get_absolute_url(),
    )
    search.index_many([_training_doc(training)])


# --- retraining on new document revisions (documents.services.watch_revisions)


def on_revision_effective(revision) -> int:
    """Flag every active holder of a role that must know the revision's document; their open flags on
    older revisions of it are superseded. Returns how many people were flagged."""
    document = revision.document
    roles = JobRole.objects.filter(organisation_id=revision.organisation_id, documents=document)
    pairs = dict(
        JobRole.people.through.objects.filter(jobrole__in=roles, person__is_active=True)
        .order_by("person_id", "jobrole_id")
        .values_list("person_id", "jobrole_id")
    )
    if not pairs:
        return 0
    today = revision.effective_date or timezone.localdate()
    flags_clear(
        RetrainingFlag.objects.filter(document=document, person_id__in=pairs).exclude(revision=revision),
        how=Cleared.SUPERSEDED,
        on=today,
    )
    RetrainingFlag.objects.bulk_create(
        [
            RetrainingFlag(
                organisation_id=revision.organisation_id,
                person_id=person,
                role_id=role,
                document=document,
                revision=revision,
                flagged_on=today,
            )
            for person, role in pairs.items()
        ],
        ignore_conflicts=True,
    )
    for flag in RetrainingFlag.objects.filter(revision=revision, cleared_on=None).select_related(
        "person", "document", "revision", "organisation"
    ):
        _sync_flag(flag)
    return len(pairs)


def on_acknowledged(ack) -> None:
    """A person acknowledged a revision: their retraining flag on it is cleared."""
    flags_clear(
        RetrainingFlag.objects.filter(person_id=ack.person_id, revision_id=ack.revision_id),
        how=Cleared.ACKNOWLEDGED,
        on=timezone.localdate(),
    )


def flags_clear(flags, *, how: str, on) -> int:
    """Clear the open flags of the queryset `flags` and close their due items."""
    from django.contrib.contenttypes.models import ContentType

    from pdca.core.models import DueItem

    open_flags = flags.filter(cleared_on=None)
    ids = list(open_flags.values_list("pk", flat=True))
    if not ids:
        return 0
    RetrainingFlag.objects.filter(pk__in=ids).update(cleared_on=on, cleared_how=how)
    DueItem.objects.filter(source_type=ContentType.objects.get_for_model(RetrainingFlag), source_id__in=ids).update(
        is_open=False
    )
    return len(ids)


def _sync_flag(flag: RetrainingFlag) -> None:
    core.due_item_sync(
        flag,
        person=flag.person,
        kind="retraining",
        title=_("Retraining: read and acknowledge %(d)s revision %(r)s")
        % {"d": flag.document, "r": flag.revision.label},
        due_date=flag.flagged_on + datetime.timedelta(days=30),
        is_open=flag.cleared_on is None,
        url=flag.get_absolute_url(),
    )


@transaction.atomic
def flag_acknowledge(flag: RetrainingFlag, *, by) -> RetrainingFlag:
    """Acknowledge the flagged revision (the person, or a manager for them): the documents app records it,
    its hook clears the flag."""
    from pdca.documents import services as documents

    documents.acknowledgement_record(flag.revision, by=by, person=flag.person)
    flag.refresh_from_db()
    return flag


# --- awareness (7.3)


@transaction.atomic
def awareness_record(person: Person, *, by, policy: bool = False, objectives=(), on=None) -> int:
    """Record that `person` was made aware of the quality policy (an acknowledgement of its effective
    revision, in the documents app) and of `objectives`; returns how many acknowledgements were new."""
    from pdca.documents import services as documents
    from pdca.objectives.selectors import quality_policy

    org = person.organisation
    require(by, "add", ObjectiveAwareness, org)
    on = on or timezone.localdate()
    objectives = list(objectives)
    _check_m2m(org, {"objectives": objectives})
    count = 0
    if policy:
        found = quality_policy(org)
        if found is None or found.current_revision_id is None:
            raise ValidationFailed({"policy": [_("The organisation has no effective quality policy yet.")]})
        documents.acknowledgement_record(found.current_revision, by=by, person=person)
        count += 1
    recorder = core.person_for_user(org, by) if by else None
    have = set(ObjectiveAwareness.objects.filter(person=person).values_list("objective_id", flat=True))
    new = [
        ObjectiveAwareness(organisation=org, person=person, objective=o, acknowledged_on=on, recorded_by=recorder)
        for o in objectives
        if o.pk not in have
    ]
    with trail.acting(by):
        ObjectiveAwareness.objects.bulk_create(new)
    return count + len(new)


# --- search


def _competence_doc(c: Competence) -> search.Doc:
    return search.Doc(c, title=str(c), body=c.description, kind="competence")


def _training_doc(t: Training) -> search.Doc:
    return search.Doc(t, title=str(t), body="\n".join(x for x in (t.description, t.provider) if x), kind="training")


def people_reindex(org: Organisation) -> int:
    docs = [_competence_doc(_in(c, org)) for c in Competence.objects.for_org(org).order_by("pk")]
    docs += [_training_doc(_in(t, org)) for t in Training.objects.for_org(org).order_by("pk")]
    return search.index_many(docs)


def _in(obj, org):
    obj.organisation = org
    return obj
