"""Equipment services: the register (create, update, condition transitions, delete), calibrations (dates
only move forward; the latest sets the next due date; out of tolerance flags the equipment), impact
assessments, maintenance plans and maintenance records. Every write is atomic, permission-checked and
in the trail; due items ("my work") follow calibration, assessments and plans.
"""

import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from pdca.core import search, trail
from pdca.core import services as core
from pdca.core.exceptions import TransitionNotAllowed, ValidationFailed
from pdca.core.models import Organisation
from pdca.core.numbering import claim_number, next_number
from pdca.core.services import full_clean, require
from pdca.equipment import calibration
from pdca.equipment.choices import (
    ACTIVE_CONDITIONS,
    CALIBRATION_PREFIX,
    CONDITION_TRANSITIONS,
    EQUIPMENT_PREFIX,
    GOOD_RESULTS,
    CalibrationResult,
    Condition,
    MaintenanceResult,
)
from pdca.equipment.models import CalibrationRecord, Equipment, ImpactAssessment, MaintenancePlan, MaintenanceRecord

INFRASTRUCTURE_CLAUSE = "hs.support.resources.infrastructure"
MEASURING_CLAUSE = "hs.support.resources.monitoring.traceability"


def default_clauses(equipment: Equipment) -> list[str]:
    return [MEASURING_CLAUSE] if equipment.needs_calibration else [INFRASTRUCTURE_CLAUSE]


def _check_clauses(org: Organisation, keys) -> list[str]:
    from pdca.standards.selectors import unknown_keys

    keys = sorted({k.strip() for k in keys or [] if k and k.strip()})
    unknown = unknown_keys(org, keys)
    if unknown:
        raise ValidationFailed({"clauses": [_("Unknown clause: %(keys)s.") % {"keys": ", ".join(unknown)}]})
    return keys


def _set(obj, data: dict, version: int | None) -> None:
    if version is not None:
        obj.version = version
    for name, value in data.items():
        setattr(obj, name, value)


# --- the register


@transaction.atomic
def equipment_create(
    model=Equipment, *, org: Organisation, data: dict, by, clauses=None, number: str | None = None
) -> Equipment:
    """Equipment numbered EQ-nnnn (or keeping an imported number), its calibration dates worked out,
    tagged 7.1.5.2 (measuring equipment) or 7.1.3 (the rest) unless `clauses` are given."""
    require(by, "add", Equipment, org)
    core.check_same_org(org, data)
    equipment = Equipment(organisation=org, **data)
    full_clean(equipment, exclude=["number"])
    keys = _check_clauses(org, default_clauses(equipment) if clauses is None else clauses)
    if number and Equipment.objects.filter(organisation=org, number=number.strip()).exists():
        raise ValidationFailed({"number": [_("%(n)s is already in the register.") % {"n": number.strip()}]})
    equipment.number = claim_number(org, EQUIPMENT_PREFIX, number) if number else next_number(org, EQUIPMENT_PREFIX)
    _dates(equipment, latest=None)
    with trail.acting(by):
        equipment.save()
        if keys:
            core.clause_tags_set(target=equipment, keys=keys, by=None)
    _after_write(equipment)
    return equipment


@transaction.atomic
def equipment_update(equipment: Equipment, *, data: dict, by, version: int | None = None, clauses=None) -> Equipment:
    """Change equipment; its next calibration follows a changed interval or warning window."""
    require(by, "change", equipment, equipment)
    core.check_same_org(equipment.organisation, data)
    _set(equipment, data, version)
    full_clean(equipment)
    keys = _check_clauses(equipment.organisation, clauses) if clauses is not None else None
    _dates(equipment, latest=_latest_calibration(equipment))
    with trail.acting(by):
        equipment.save()
        if keys is not None:
            core.clause_tags_set(target=equipment, keys=keys, by=None)
    _after_write(equipment)
    return equipment


@transaction.atomic
def equipment_transition(equipment: Equipment, *, condition: str, by, reason: str = "") -> Equipment:
    """Quarantine, retire or return equipment to service, with a reason. Out-of-tolerance equipment goes
    back into service only after its impact assessment and a calibration within tolerance."""
    require(by, "change", equipment, equipment)
    old = equipment.condition
    if condition not in CONDITION_TRANSITIONS.get(old, set()):
        raise TransitionNotAllowed(
            _("Equipment that is %(old)s cannot become %(new)s.")
            % {"old": Condition(old).label.lower(), "new": Condition(condition).label.lower()},
            field="condition",
        )
    if not reason.strip():
        raise ValidationFailed({"reason": [_("Say why the status changes.")]})
    if condition == Condition.IN_SERVICE:
        _check_fit_for_service(equipment)
    _move(equipment, condition, by=by, reason=reason)
    return equipment


def _check_fit_for_service(equipment: Equipment) -> None:
    if equipment.assessment_due:
        raise TransitionNotAllowed(
            _("Record the impact assessment of the out-of-tolerance result first."), field="condition"
        )
    if equipment.needs_calibration and equipment.last_calibration_result == CalibrationResult.OUT_OF_TOLERANCE:
        raise TransitionNotAllowed(
            _("Its latest calibration is out of tolerance: record a calibration within tolerance first."),
            field="condition",
        )


def _move(equipment: Equipment, condition: str, *, by, reason: str) -> None:
    old = equipment.condition
    if old == condition:
        return
    equipment.condition = condition
    with trail.acting(by, reason=reason):
        trail.save_transition(equipment, field="condition", old=old, reason=reason)
    _after_write(equipment)


@transaction.atomic
def equipment_delete(equipment: Equipment, *, by, reason: str = "") -> None:
    """Delete an entry made in error; equipment with calibrations or maintenance records is retired instead."""
    require(by, "delete", equipment, equipment)
    if equipment.calibrations.exists() or equipment.maintenance_records.exists():
        raise ValidationFailed(
            _("%(n)s has calibration or maintenance records: retire it instead of deleting it.")
            % {"n": equipment.number}
        )
    for kind in ("calibration_due", "impact_assessment"):
        core.due_item_sync(equipment, person=None, kind=kind, title="", due_date=None, is_open=False, url="")
    for plan in equipment.maintenance_plans.all():
        core.due_item_sync(plan, person=None, kind="maintenance", title="", due_date=None, is_open=False, url="")
    search.unindex(equipment)
    core.object_delete(equipment, by=by, reason=reason)


# --- calibration dates (stored, so lists filter by index)


def _latest_calibration(equipment: Equipment) -> CalibrationRecord | None:
    if equipment.pk is None:
        return None
    return CalibrationRecord.objects.filter(equipment_id=equipment.pk).order_by("-calibrated_on", "-id").first()


def _dates(equipment: Equipment, *, latest: CalibrationRecord | None) -> None:
    """Set last / next calibration and the warning day from the latest calibration (or the entered date)."""
    if latest is not None:
        equipment.last_calibrated_on = latest.calibrated_on
        equipment.last_calibration_result = latest.result
    elif equipment.pk is not None and equipment.last_calibration_result:
        equipment.last_calibration_result = ""  # its last calibration record was deleted
    interval = equipment.calibration_interval_months if equipment.needs_calibration else None
    equipment.next_calibration_due = calibration.next_due(equipment.last_calibrated_on, interval)
    equipment.calibration_due_from = calibration.due_from(
        equipment.next_calibration_due, equipment.calibration_warning_days
    )


def _refresh_dates(equipment: Equipment) -> None:
    fields = ("last_calibrated_on", "last_calibration_result", "next_calibration_due", "calibration_due_from")
    before = [getattr(equipment, f) for f in fields]
    _dates(equipment, latest=_latest_calibration(equipment))
    changed = [f for f, old in zip(fields, before, strict=True) if getattr(equipment, f) != old]
    if changed:
        equipment.save(update_fields=changed)


def _after_write(equipment: Equipment) -> None:
    calibrating = equipment.needs_calibration and equipment.condition in ACTIVE_CONDITIONS
    core.due_item_sync(
        equipment,
        person=equipment.owner if calibrating else None,
        kind="calibration_due",
        title=_("Calibrate %(e)s") % {"e": equipment},
        due_date=equipment.next_calibration_due,
        is_open=calibrating,
        url=equipment.get_absolute_url(),
    )
    core.due_item_sync(
        equipment,
        person=equipment.owner if equipment.assessment_due else None,
        kind="impact_assessment",
        title=_("Assess the impact of the out-of-tolerance result of %(e)s") % {"e": equipment},
        due_date=timezone.localdate() if equipment.assessment_due else None,
        is_open=equipment.assessment_due,
        url=equipment.get_absolute_url(),
    )
    search.index_many([_doc(equipment)])


# --- search


def _doc(equipment: Equipment) -> search.Doc:
    body = "\n".join(
        t
        for t in (
            equipment.description,
            equipment.manufacturer,
            equipment.model_number,
            equipment.serial_number,
            equipment.location,
        )
        if t
    )
    return search.Doc(
        equipment, title=str(equipment), body=body, kind="equipment", is_current=equipment.condition != "retired"
    )


def equipment_reindex(org: Organisation) -> int:
    rows = Equipment.objects.for_org(org).order_by("pk").iterator(chunk_size=2000)
    return search.index_many(_doc(_in(row, org)) for row in rows)


def _in(obj, org):
    obj.organisation = org
    return obj


# --- calibrations


def _check_calibration_date(record: CalibrationRecord) -> None:
    """A calibration may not be dated before the equipment's previous one (nor after its next one)."""
    others = CalibrationRecord.objects.filter(equipment_id=record.equipment_id).exclude(pk=record.pk)
    if record.pk is not None:
        earlier = others.filter(pk__lt=record.pk).order_by("-calibrated_on").first()
        later = others.filter(pk__gt=record.pk).order_by("calibrated_on").first()
    else:
        earlier, later = others.order_by("-calibrated_on", "-id").first(), None
    if earlier is not None and record.calibrated_on < earlier.calibrated_on:
        raise ValidationFailed(
            {
                "calibrated_on": [
                    _("Before the previous calibration (%(n)s on %(d)s): calibrations are recorded in date order.")
                    % {"n": earlier.number, "d": earlier.calibrated_on.isoformat()}
                ]
            }
        )
    if later is not None and record.calibrated_on > later.calibrated_on:
        raise ValidationFailed(
            {
                "calibrated_on": [
                    _("After the next calibration (%(n)s on %(d)s).")
                    % {"n": later.number, "d": later.calibrated_on.isoformat()}
                ]
            }
        )


def _check_calibration(record: CalibrationRecord) -> None:
    full_clean(record, exclude=["number"])
    equipment = record.equipment
    if not equipment.needs_calibration:
        raise ValidationFailed(
            {"equipment": [_("%(n)s is not marked as calibrated equipment.") % {"n": equipment.number}]}
        )
    if equipment.condition == Condition.RETIRED:
        raise ValidationFailed({"equipment": [_("%(n)s is retired.") % {"n": equipment.number}]})
    _check_calibration_date(record)


@transaction.atomic
def calibration_create(model=CalibrationRecord, *, org: Organisation, data: dict, by) -> CalibrationRecord:
    """Record a calibration (CAL-nnnn). The latest calibration sets the equipment's next due date; an
    out-of-tolerance result sets it out of tolerance and asks for an impact assessment; a result within
    tolerance returns out-of-tolerance equipment to service once its assessment is recorded."""
    require(by, "add", CalibrationRecord, org)
    core.check_same_org(org, data)
    record = CalibrationRecord(organisation=org, **data)
    equipment = (
        Equipment.objects.select_for_update().select_related("owner", "organisation").get(pk=record.equipment_id)
    )
    record.equipment = equipment
    _check_calibration(record)
    record.number = next_number(org, CALIBRATION_PREFIX)
    record.next_due = calibration.next_due(record.calibrated_on, equipment.calibration_interval_months)
    with trail.acting(by):
        record.save()
        _apply_calibrations(equipment, record, by=by)
    return record


@transaction.atomic
def calibration_update(record: CalibrationRecord, *, data: dict, by, version: int | None = None) -> CalibrationRecord:
    """Correct a calibration (quality managers). Its result cannot change once its impact is assessed."""
    require(by, "change", record, record)
    core.check_same_org(record.organisation, data)
    old_result, old_equipment = record.result, record.equipment
    _set(record, data, version)
    if record.equipment_id != old_equipment.pk:
        raise ValidationFailed({"equipment": [_("A calibration stays with its equipment: record a new one.")]})
    if old_result != record.result and ImpactAssessment.objects.filter(calibration=record).exists():
        raise ValidationFailed({"result": [_("Its impact assessment is recorded: the result cannot change.")]})
    _check_calibration(record)
    record.next_due = calibration.next_due(record.calibrated_on, record.equipment.calibration_interval_months)
    with trail.acting(by):
        record.save()
        _apply_calibrations(record.equipment, record, by=by)
    return record


@transaction.atomic
def calibration_delete(record: CalibrationRecord, *, by, reason: str = "") -> None:
    """Delete a calibration entered in error; one with an impact assessment stays (delete that first)."""
    require(by, "delete", record, record)
    if ImpactAssessment.objects.filter(calibration=record).exists():
        raise ValidationFailed(_("%(n)s has an impact assessment: it stays on record.") % {"n": record.number})
    equipment = record.equipment
    core.object_delete(record, by=by, reason=reason)
    with trail.acting(by, reason=reason):
        _apply_calibrations(equipment, None, by=by)


def _pending_assessments(equipment: Equipment) -> bool:
    return CalibrationRecord.objects.filter(
        equipment_id=equipment.pk, result=CalibrationResult.OUT_OF_TOLERANCE, impact_assessment__isnull=True
    ).exists()


def _apply_calibrations(equipment: Equipment, record: CalibrationRecord | None, *, by) -> None:
    """Bring the equipment in step with its calibrations: dates, the assessment flag and its condition."""
    equipment = Equipment.objects.select_related("owner", "organisation").get(pk=equipment.pk)
    _refresh_dates(equipment)
    pending = _pending_assessments(equipment)
    if pending != equipment.assessment_due:
        equipment.assessment_due = pending
        equipment.save(update_fields=["assessment_due"])
    latest = equipment.last_calibration_result
    if latest == CalibrationResult.OUT_OF_TOLERANCE and equipment.condition == Condition.IN_SERVICE:
        number = record.number if record else ""
        _move(
            equipment,
            Condition.OUT_OF_TOLERANCE,
            by=by,
            reason=_("Calibration %(n)s out of tolerance.") % {"n": number},
        )
    elif latest in GOOD_RESULTS and equipment.condition == Condition.OUT_OF_TOLERANCE and not pending:
        _move(equipment, Condition.IN_SERVICE, by=by, reason=_("Calibrated within tolerance; impact assessed."))
    else:
        _after_write(equipment)


# --- impact assessments


def last_good_calibration(record: CalibrationRecord) -> datetime.date | None:
    """The date of the equipment's last calibration within tolerance before `record`: measurements since
    then are suspect."""
    return (
        CalibrationRecord.objects.filter(
            equipment_id=record.equipment_id, result__in=GOOD_RESULTS, calibrated_on__lte=record.calibrated_on
        )
        .exclude(pk=record.pk)
        .order_by("-calibrated_on", "-id")
        .values_list("calibrated_on", flat=True)
        .first()
    )


def _check_assessment(assessment: ImpactAssessment) -> None:
    if assessment.calibration_id is not None:
        assessment.equipment_id = assessment.calibration.equipment_id
    full_clean(assessment, exclude=["equipment"])
    if assessment.assessed_on < assessment.calibration.calibrated_on:
        raise ValidationFailed({"assessed_on": [_("Before the calibration it assesses.")]})


@transaction.atomic
def assessment_create(model=ImpactAssessment, *, org: Organisation, data: dict, by) -> ImpactAssessment:
    """Record what an out-of-tolerance result means for earlier measurements; the equipment's flag clears
    (and it returns to service if it has since been calibrated within tolerance). `period_start` defaults
    to the last good calibration, `assessed_by` to the person recording it."""
    require(by, "add", ImpactAssessment, org)
    core.check_same_org(org, data)
    assessment = ImpactAssessment(organisation=org, **data)
    if assessment.assessed_by_id is None and by is not None:
        assessment.assessed_by = core.person_for_user(org, by)
    if assessment.calibration_id and assessment.period_start is None:
        assessment.period_start = last_good_calibration(assessment.calibration)
    _check_assessment(assessment)
    with trail.acting(by):
        assessment.save()
        _apply_calibrations(assessment.equipment, None, by=by)
    return assessment


@transaction.atomic
def assessment_update(assessment: ImpactAssessment, *, data: dict, by, version: int | None = None):
    """Correct an impact assessment (quality managers); the equipment's flag follows."""
    require(by, "change", assessment, assessment)
    core.check_same_org(assessment.organisation, data)
    old = assessment.calibration
    _set(assessment, data, version)
    _check_assessment(assessment)
    with trail.acting(by):
        assessment.save()
        _apply_calibrations(assessment.equipment, None, by=by)
        if old.equipment_id != assessment.equipment_id:
            _apply_calibrations(old.equipment, None, by=by)
    return assessment


@transaction.atomic
def assessment_delete(assessment: ImpactAssessment, *, by, reason: str = "") -> None:
    """Delete an assessment made in error: the equipment is flagged again."""
    require(by, "delete", assessment, assessment)
    equipment = assessment.equipment
    core.object_delete(assessment, by=by, reason=reason)
    with trail.acting(by, reason=reason):
        _apply_calibrations(equipment, None, by=by)


# --- maintenance plans and records


def _sync_plan(plan: MaintenancePlan) -> None:
    active = plan.is_active and plan.equipment.condition != Condition.RETIRED
    person = (plan.responsible or plan.equipment.owner) if active else None
    core.due_item_sync(
        plan,
        person=person,
        kind="maintenance",
        title=_("Maintain %(e)s: %(task)s") % {"e": plan.equipment.number, "task": plan.task},
        due_date=plan.next_due,
        is_open=active,
        url=plan.get_absolute_url(),
    )


@transaction.atomic
def plan_create(model=MaintenancePlan, *, org: Organisation, data: dict, by) -> MaintenancePlan:
    """A recurring maintenance task; the responsible person (or the owner) sees it in "my work"."""
    require(by, "add", MaintenancePlan, org)
    core.check_same_org(org, data)
    plan = MaintenancePlan(organisation=org, **data)
    full_clean(plan)
    with trail.acting(by):
        plan.save()
    _sync_plan(plan)
    return plan


@transaction.atomic
def plan_update(plan: MaintenancePlan, *, data: dict, by, version: int | None = None) -> MaintenancePlan:
    """Change a maintenance task; its due item follows (an inactive plan owes nothing)."""
    require(by, "change", plan, plan)
    core.check_same_org(plan.organisation, data)
    _set(plan, data, version)
    full_clean(plan)
    with trail.acting(by):
        plan.save()
    _sync_plan(plan)
    return plan


@transaction.atomic
def plan_delete(plan: MaintenancePlan, *, by, reason: str = "") -> None:
    """Delete a task; the records of work done against it stay, without their plan."""
    require(by, "delete", plan, plan)
    core.due_item_sync(plan, person=None, kind="maintenance", title="", due_date=None, is_open=False, url="")
    core.object_delete(plan, by=by, reason=reason)


def _check_record(record: MaintenanceRecord) -> None:
    full_clean(record)
    # Here, not in the model's clean: the form leaves it empty for the service to fill with the recorder.
    if not record.done_by_id and not record.contractor.strip():
        raise ValidationFailed({"done_by": [_("Say who did it: a person, or the contractor.")]})


@transaction.atomic
def maintenance_create(model=MaintenanceRecord, *, org: Organisation, data: dict, by) -> MaintenanceRecord:
    """Record maintenance done. Done against a plan, the plan's next date moves on from this one; a result
    "not fit for use" quarantines equipment in service. `done_by` defaults to the person recording it
    unless a contractor is named."""
    require(by, "add", MaintenanceRecord, org)
    core.check_same_org(org, data)
    record = MaintenanceRecord(organisation=org, **data)
    if record.done_by_id is None and not record.contractor.strip() and by is not None:
        record.done_by = core.person_for_user(org, by)
    _check_record(record)
    with trail.acting(by):
        record.save()
        _after_maintenance(record, by=by)
    return record


@transaction.atomic
def maintenance_update(record: MaintenanceRecord, *, data: dict, by, version: int | None = None):
    """Correct a maintenance record (quality managers); its plan's next date follows its latest record."""
    require(by, "change", record, record)
    core.check_same_org(record.organisation, data)
    _set(record, data, version)
    _check_record(record)
    with trail.acting(by):
        record.save()
        _after_maintenance(record, by=by)
    return record


@transaction.atomic
def maintenance_delete(record: MaintenanceRecord, *, by, reason: str = "") -> None:
    """Delete a record made in error; the plan keeps the next date it has."""
    require(by, "delete", record, record)
    core.object_delete(record, by=by, reason=reason)


def _after_maintenance(record: MaintenanceRecord, *, by) -> None:
    plan = record.plan
    if plan is not None:
        latest = plan.records.order_by("-performed_on", "-id").values_list("performed_on", flat=True).first()
        due = calibration.next_maintenance(latest, plan.interval, plan.interval_unit)
        if due != plan.next_due:
            plan.next_due = due
            plan.save(update_fields=["next_due"])
        _sync_plan(plan)
    equipment = record.equipment
    if record.result == MaintenanceResult.NOT_FIT and equipment.condition == Condition.IN_SERVICE:
        reason = _("Maintenance on %(d)s found it not fit for use.") % {"d": record.performed_on.isoformat()}
        _move(equipment, Condition.QUARANTINED, by=by, reason=reason)
