"""Objectives services: the policy's commitments, quality objectives and their workflow and plan
actions, KPIs, and measurements (entered by hand, imported, or pushed in bulk through the API).

Measurements are records of results (9.1.1): a value is given for a period of the KPI's frequency
(any date inside it names it: 15 March is March for a monthly KPI), never for a future date, and once
per period. A bulk push checks every item first and saves all or none. After any change the KPI's
latest value is worked out again (one UPDATE), so lists show the status without reading measurements.
"""

import decimal
from decimal import Decimal

from django.db import transaction
from django.db.models import F, Window
from django.db.models.functions import RowNumber
from django.utils import timezone
from django.utils.translation import gettext as _

from pdca.core import services as core
from pdca.core import trail
from pdca.core.choices import TrailAction
from pdca.core.exceptions import TransitionNotAllowed, ValidationFailed
from pdca.core.models import Organisation
from pdca.core.numbering import claim_number, next_number
from pdca.core.permissions import require_perm
from pdca.core.services import full_clean, require
from pdca.documents.choices import DocumentType
from pdca.objectives.choices import (
    KPI_PREFIX,
    OBJECTIVE_PREFIX,
    OBJECTIVE_TRANSITIONS,
    Direction,
    MeasurementSource,
    ObjectiveStatus,
)
from pdca.objectives.models import KPI, Measurement, PolicyCommitment, QualityObjective
from pdca.objectives.status import current_until, latest_band, objective_state, period_label, period_start

OBJECTIVE_CLAUSES = ["hs.planning.objectives"]
KPI_CLAUSES = ["hs.evaluation.monitoring.general"]
MAX_VALUE = Decimal("999999999999.9999")  # what 16 digits with 4 decimals hold


# --- shared helpers


def _check_clause_keys(org: Organisation, keys, field: str = "clauses") -> list[str]:
    from pdca.standards.selectors import unknown_keys

    keys = sorted({k.strip() for k in keys or [] if k and k.strip()})
    unknown = unknown_keys(org, keys)
    if unknown:
        raise ValidationFailed({field: [_("Unknown clause: %(keys)s.") % {"keys": ", ".join(unknown)}]})
    return keys


def _check_many(org: Organisation, field: str, rows) -> list:
    rows = list(rows or [])
    if any(row.organisation_id != org.pk for row in rows):
        raise ValidationFailed({field: [_("Select a valid choice. That choice is not one of the available choices.")]})
    return rows


def _set_many(obj, field: str, rows: list, *, created: bool) -> None:
    """Set a many-to-many field, recording old → new names in the trail (the change log sees no M2M)."""
    manager = getattr(obj, field)
    old = "" if created else "; ".join(sorted(str(r) for r in manager.all()))
    manager.set(rows)
    new = "; ".join(sorted(str(r) for r in rows))
    if old != new:
        trail.record_event(obj, action=TrailAction.UPDATE, changes={field: {"old": old, "new": new}})


def _require_fields(values: dict, messages: dict) -> None:
    errors = {name: [message] for name, message in messages.items() if values.get(name) in (None, "")}
    if errors:
        raise ValidationFailed(errors)


# --- the policy's commitments


@transaction.atomic
def commitment_create(model=PolicyCommitment, *, org: Organisation, data: dict, by) -> PolicyCommitment:
    """A commitment of the quality policy; without an order it goes last."""
    require(by, "add", PolicyCommitment, org)
    data = dict(data)
    _check_policy(org, data.get("policy"))
    if not data.get("order"):
        last = PolicyCommitment.objects.filter(organisation=org, policy=data["policy"]).order_by("-order").first()
        data["order"] = (last.order + 1) if last else 1
    _check_unique_title(org, data)
    return core.object_create(PolicyCommitment, org=org, data=data, by=by)


@transaction.atomic
def commitment_update(commitment: PolicyCommitment, *, data: dict, by, version: int | None = None):
    if "policy" in data:
        _check_policy(commitment.organisation, data["policy"])
    _check_unique_title(commitment.organisation, {"policy": commitment.policy, **data}, exclude=commitment.pk)
    return core.object_update(commitment, data=data, by=by, version=version)


@transaction.atomic
def commitment_delete(commitment: PolicyCommitment, *, by, reason: str = "") -> None:
    """Delete a commitment no objective follows from; one that objectives use is taken out of the policy instead."""
    require(by, "delete", commitment, commitment)
    used = list(commitment.objectives.values_list("number", flat=True)[:5])
    if used:
        raise ValidationFailed(
            _(
                "Objectives follow from this commitment (%(numbers)s): untick “in the current policy” "
                "instead, so they keep their link."
            )
            % {"numbers": ", ".join(used)}
        )
    core.object_delete(commitment, by=by, reason=reason)


def _check_policy(org: Organisation, policy) -> None:
    if policy is None:
        raise ValidationFailed({"policy": [_("Choose the policy document the commitment belongs to.")]})
    core.check_same_org(org, {"policy": policy})
    if policy.doc_type != DocumentType.POLICY:
        raise ValidationFailed({"policy": [_("%(doc)s is not a policy document.") % {"doc": policy}]})


def _check_unique_title(org: Organisation, data: dict, exclude=None) -> None:
    title = (data.get("title") or "").strip()
    others = PolicyCommitment.objects.filter(organisation=org, policy=data.get("policy"), title__iexact=title)
    if title and others.exclude(pk=exclude).exists():
        raise ValidationFailed({"title": [_("The policy already has the commitment “%(t)s”.") % {"t": title}]})


# --- objectives


OBJECTIVE_REQUIRED = {
    "title": _("Say what the objective is."),
    "target": _("Set a target: the value that shows the objective is met (6.2.1 c)."),
    "deadline": _("Set a deadline: when it will be completed (6.2.2 d)."),
    "owner": _("Name who is responsible for it (6.2.2 c)."),
}


@transaction.atomic
def objective_create(
    model=QualityObjective, *, org: Organisation, data: dict, by, clauses=None, number: str = ""
) -> QualityObjective:
    """A draft objective numbered OBJ-nnnn (or with its imported number), tagged 6.2 unless told otherwise."""
    require(by, "add", QualityObjective, org)
    data = dict(data)
    commitments = _check_many(org, "commitments", data.pop("commitments", []))
    processes = _check_many(org, "processes", data.pop("processes", []))
    _require_fields(data, {k: str(v) for k, v in OBJECTIVE_REQUIRED.items()})
    core.check_same_org(org, data)
    objective = QualityObjective(organisation=org, **data, status=ObjectiveStatus.DRAFT)
    full_clean(objective, exclude=["number"])
    keys = _check_clause_keys(org, OBJECTIVE_CLAUSES if clauses is None else clauses)
    objective.number = _objective_number(org, number)
    with trail.acting(by):
        objective.save()
        _set_many(objective, "commitments", commitments, created=True)
        _set_many(objective, "processes", processes, created=True)
        core.clause_tags_set(target=objective, keys=keys, by=None)
    return objective


def _objective_number(org: Organisation, number: str) -> str:
    number = claim_number(org, OBJECTIVE_PREFIX, number) if number.strip() else next_number(org, OBJECTIVE_PREFIX)
    if QualityObjective.objects.filter(organisation=org, number=number).exists():
        raise ValidationFailed({"number": [_("Another objective already has the number %(n)s.") % {"n": number}]})
    return number


@transaction.atomic
def objective_update(objective: QualityObjective, *, data: dict, by, version: int | None = None) -> QualityObjective:
    """Edit an objective; its commitments and processes are replaced when given."""
    require(by, "change", objective, objective)
    org, data = objective.organisation, dict(data)
    many = {name: _check_many(org, name, data.pop(name)) for name in ("commitments", "processes") if name in data}
    _require_fields({**_current(objective), **data}, {k: str(v) for k, v in OBJECTIVE_REQUIRED.items()})
    core.object_update(objective, data=data, by=by, version=version)
    with trail.acting(by):
        for name, rows in many.items():
            _set_many(objective, name, rows, created=False)
    return objective


def _current(objective: QualityObjective) -> dict:
    return {name: getattr(objective, name) for name in ("title", "target", "deadline")} | {"owner": objective.owner_id}


@transaction.atomic
def objective_delete(objective: QualityObjective, *, by, reason: str = "") -> None:
    """Delete a draft or withdrawn objective; one that was approved is part of the record: withdraw it."""
    require(by, "delete", objective, objective)
    if objective.status not in (ObjectiveStatus.DRAFT, ObjectiveStatus.WITHDRAWN):
        raise ValidationFailed(
            _("%(o)s was approved: withdraw it (with a reason) rather than delete it.") % {"o": objective.number}
        )
    core.object_delete(objective, by=by, reason=reason)


def _approval_gaps(objective: QualityObjective) -> dict:
    """What 6.2 asks for that the objective still lacks, by field."""
    gaps = {}
    if not objective.commitments.exists():
        gaps["commitments"] = [_("Link the policy commitment it follows from (6.2.1 a).")]
    if not objective.resources.strip():
        gaps["resources"] = [_("Say what resources are needed (6.2.2 b).")]
    if not objective.evaluation.strip():
        gaps["evaluation"] = [_("Say how the results will be evaluated (6.2.2 e).")]
    return gaps


@transaction.atomic
def objective_transition(
    objective: QualityObjective, *, status: str, by, reason: str = "", result: str = ""
) -> QualityObjective:
    """Approve, close (achieved, not achieved), withdraw, or reopen an objective; each step in the trail."""
    _require_transition_perm(objective, status, by)
    if status not in OBJECTIVE_TRANSITIONS.get(objective.status, set()):
        raise TransitionNotAllowed(
            _("An objective that is %(old)s cannot become %(new)s.")
            % {"old": objective.get_status_display().lower(), "new": ObjectiveStatus(status).label.lower()},
            field="status",
        )
    _check_transition(objective, status, reason, result)
    old, today = objective.status, timezone.localdate()
    objective.status = status
    if status == ObjectiveStatus.APPROVED:
        objective.approved_on = objective.approved_on if old != ObjectiveStatus.DRAFT else today
        objective.closed_on, objective.result = None, ""
    elif status in (ObjectiveStatus.ACHIEVED, ObjectiveStatus.NOT_ACHIEVED, ObjectiveStatus.WITHDRAWN):
        objective.closed_on, objective.result = today, (result or reason).strip()
    else:  # back to draft
        objective.approved_on = objective.closed_on = None
    with trail.acting(by, reason=reason):
        trail.save_transition(objective, field="status", old=old, reason=reason or result)
    return objective


def _require_transition_perm(objective: QualityObjective, status: str, by) -> None:
    if status == ObjectiveStatus.APPROVED and objective.status == ObjectiveStatus.DRAFT:
        require_perm(by, "objectives.approve_objective", objective)
    else:
        require(by, "change", objective, objective)


def _check_transition(objective: QualityObjective, status: str, reason: str, result: str) -> None:
    if status == ObjectiveStatus.APPROVED and objective.status == ObjectiveStatus.DRAFT:
        gaps = _approval_gaps(objective)
        if gaps:
            raise ValidationFailed(gaps)
    if status in (ObjectiveStatus.ACHIEVED, ObjectiveStatus.NOT_ACHIEVED) and not result.strip():
        raise ValidationFailed({"result": [_("Say what was achieved and how it was evaluated.")]})
    if status == ObjectiveStatus.WITHDRAWN and not (reason or result).strip():
        raise ValidationFailed({"reason": [_("Say why the objective is withdrawn.")]})
    if objective.status in (ObjectiveStatus.ACHIEVED, ObjectiveStatus.NOT_ACHIEVED) and not reason.strip():
        raise ValidationFailed({"reason": [_("Say why the objective is reopened.")]})


@transaction.atomic
def objective_action_add(objective: QualityObjective, *, data: dict, by):
    """A plan action (6.2.2 a) in the shared action register, raised from the objective."""
    require(by, "change", objective, objective)
    return core.action_create(org=objective.organisation, data=data, by=by, source=objective)


# --- KPIs


@transaction.atomic
def kpi_create(model=KPI, *, org: Organisation, data: dict, by, clauses=None, number: str = "") -> KPI:
    """A KPI numbered KPI-nnnn; green defaults to the target and amber to green (no amber band)."""
    require(by, "add", KPI, org)
    data = _with_thresholds(dict(data))
    core.check_same_org(org, data)
    kpi = KPI(organisation=org, **data)
    full_clean(kpi, exclude=["number"])
    _check_thresholds(kpi)
    keys = _check_clause_keys(org, KPI_CLAUSES if clauses is None else clauses)
    number = claim_number(org, KPI_PREFIX, number) if number.strip() else next_number(org, KPI_PREFIX)
    if KPI.objects.filter(organisation=org, number=number).exists():
        raise ValidationFailed({"number": [_("Another KPI already has the number %(n)s.") % {"n": number}]})
    kpi.number = number
    with trail.acting(by):
        kpi.save()
        core.clause_tags_set(target=kpi, keys=keys, by=None)
    refresh_objectives([kpi.objective_id])
    return kpi


@transaction.atomic
def kpi_update(kpi: KPI, *, data: dict, by, version: int | None = None) -> KPI:
    require(by, "change", kpi, kpi)
    data = dict(data)
    if "green" in data and data["green"] is None:
        data["green"] = data.get("target", kpi.target)
    if "amber" in data and data["amber"] is None:
        data["amber"] = data.get("green", kpi.green)
    core.check_same_org(kpi.organisation, data)
    old_objective = kpi.objective_id
    if version is not None:
        kpi.version = version
    for name, value in data.items():
        setattr(kpi, name, value)
    full_clean(kpi)
    _check_thresholds(kpi)
    with trail.acting(by):
        kpi.save()
    # A new frequency moves the day its value goes stale; thresholds, direction or the link move its objectives.
    refresh_latest([kpi.pk])
    refresh_objectives({old_objective})
    kpi.refresh_from_db(fields=list(KPI.derived))
    return kpi


@transaction.atomic
def kpi_delete(kpi: KPI, *, by, reason: str = "") -> None:
    """Delete a KPI never measured; a measured one keeps its results (9.1.1): stop measuring it instead."""
    require(by, "delete", kpi, kpi)
    count = kpi.measurements.count()
    if count:
        raise ValidationFailed(
            _("%(k)s has %(n)d measurements, kept as records of results: untick “measured” instead of deleting it.")
            % {"k": kpi.number, "n": count}
        )
    objective = kpi.objective_id
    core.object_delete(kpi, by=by, reason=reason)
    refresh_objectives([objective])


def _with_thresholds(data: dict) -> dict:
    if data.get("green") is None:
        data["green"] = data.get("target")
    if data.get("amber") is None:
        data["amber"] = data.get("green")
    return data


def _check_thresholds(kpi: KPI) -> None:
    """Amber is the worse edge of the amber band: never better than green."""
    if kpi.direction == Direction.HIGHER and kpi.amber > kpi.green:
        message = _("Higher is better: amber (%(a)s) must be at or below green (%(g)s).")
    elif kpi.direction == Direction.LOWER and kpi.amber < kpi.green:
        message = _("Lower is better: amber (%(a)s) must be at or above green (%(g)s).")
    else:
        return
    raise ValidationFailed({"amber": [message % {"a": _plain(kpi.amber), "g": _plain(kpi.green)}]})


def _plain(value: Decimal) -> str:
    return f"{value.normalize():f}" if isinstance(value, Decimal) else str(value)


# --- measurements


def parse_value(raw) -> Decimal:
    """A measured value: a number (1.5, "1,5", "2 %"), at most 4 decimals kept. ValueError otherwise."""
    if isinstance(raw, bool) or raw is None:
        raise ValueError
    text = str(raw).strip().removesuffix("%").strip().replace(" ", "")
    if "," in text and "." not in text:
        text = text.replace(",", ".")
    try:
        value = Decimal(text)
    except decimal.InvalidOperation:
        raise ValueError from None
    if not value.is_finite() or abs(value) > MAX_VALUE:
        raise ValueError
    return value.quantize(Decimal("0.0001"))


def check_measurement(kpi: KPI, day, value, *, exclude=None) -> tuple[dict, object]:
    """Errors by field for one value of `kpi` on `day`, and the period it names."""
    errors, period = {}, None
    if day is None:
        errors["period"] = [_("Give the date (or any day of the period) the value was measured for.")]
    elif day > timezone.localdate():
        errors["period"] = [
            _("%(d)s is in the future: only what has been measured can be recorded.") % {"d": day.isoformat()}
        ]
    else:
        period = period_start(day, kpi.frequency)
        taken = Measurement.objects.filter(kpi=kpi, period=period).exclude(pk=exclude).first()
        if taken is not None:
            errors["period"] = [_duplicate_message(kpi, period, taken.value)]
    if value is None:
        errors["value"] = [_("Enter the measured value as a number.")]
    return errors, period


def _duplicate_message(kpi: KPI, period, value) -> str:
    return _("%(k)s already has a value for %(p)s (%(v)s): change that one instead.") % {
        "k": kpi.number,
        "p": period_label(period, kpi.frequency),
        "v": _plain(value),
    }


@transaction.atomic
def measurement_create(
    model=Measurement, *, org: Organisation, data: dict, by, source: str = MeasurementSource.MANUAL
) -> Measurement:
    """Record one value of a KPI for a period (any day of it); the KPI's latest value follows."""
    require(by, "add", Measurement, org)
    data = dict(data)
    kpi = data.get("kpi")
    if kpi is None:
        raise ValidationFailed({"kpi": [_("Choose the KPI the value is for.")]})
    core.check_same_org(org, data)
    errors, period = check_measurement(kpi, data.get("period"), data.get("value"))
    if errors:
        raise ValidationFailed(errors)
    measurement = Measurement(organisation=org, **{**data, "period": period}, source=source, entered_by=by)
    full_clean(measurement)
    with trail.acting(by):
        measurement.save()
    refresh_latest([kpi.pk])
    return measurement


@transaction.atomic
def measurement_update(measurement: Measurement, *, data: dict, by, version: int | None = None) -> Measurement:
    """Correct a value (or its period or note); the change and who made it stay in the trail."""
    require(by, "change", measurement, measurement)
    data = dict(data)
    old_kpi = measurement.kpi_id
    kpi = data.get("kpi", measurement.kpi)
    core.check_same_org(measurement.organisation, data)
    day, value = data.get("period", measurement.period), data.get("value", measurement.value)
    errors, period = check_measurement(kpi, day, value, exclude=measurement.pk)
    if errors:
        raise ValidationFailed(errors)
    data["period"] = period
    core.object_update(measurement, data=data, by=by, version=version)
    refresh_latest({old_kpi, kpi.pk})
    return measurement


@transaction.atomic
def measurement_delete(measurement: Measurement, *, by, reason: str = "") -> None:
    kpi_id = measurement.kpi_id
    core.object_delete(measurement, by=by, reason=reason)
    refresh_latest([kpi_id])


def refresh_latest(kpi_ids) -> None:
    """Copy each KPI's newest measurement onto it, with the day it goes stale (three queries whatever the
    number of KPIs; no version bump and no trail: derived data, the measurements are in the trail)."""
    ids = list(set(kpi_ids))
    newest = (
        Measurement.objects.filter(kpi_id__in=ids)
        .annotate(n=Window(RowNumber(), partition_by=[F("kpi_id")], order_by=F("period").desc()))
        .filter(n=1)
        .values_list("kpi_id", "period", "value")
    )
    latest = {kpi_id: (period, value) for kpi_id, period, value in newest}
    kpis = list(
        KPI._base_manager.filter(pk__in=ids).only("id", "frequency", "direction", "green", "amber", "objective_id")
    )
    for kpi in kpis:
        kpi.latest_period, kpi.latest_value = latest.get(kpi.pk, (None, None))
        kpi.current_until = current_until(kpi.latest_period, kpi.frequency)
        kpi.latest_band = latest_band(kpi)
    KPI._base_manager.bulk_update(kpis, sorted(KPI.derived), batch_size=500)
    refresh_objectives({kpi.objective_id for kpi in kpis})


def refresh_objectives(objective_ids) -> None:
    """Work out again the stored status of these objectives from their KPIs (two queries and one UPDATE;
    derived data, not in the trail)."""
    from pdca.objectives.selectors import STATUS_FIELDS

    ids = {pk for pk in objective_ids if pk is not None}
    if not ids:
        return
    kpis: dict[int, list[KPI]] = {pk: [] for pk in ids}
    for kpi in KPI.objects.filter(objective_id__in=ids, is_active=True).only(*STATUS_FIELDS).order_by():
        kpis[kpi.objective_id].append(kpi)
    today = timezone.localdate()
    objectives = list(QualityObjective._base_manager.filter(pk__in=ids).only("id"))
    for objective in objectives:
        objective.kpi_status, objective.kpi_status_until = objective_state(kpis[objective.pk], today)
    QualityObjective._base_manager.bulk_update(objectives, ["kpi_status", "kpi_status_until"], batch_size=500)


# --- many at once: the API's bulk push and the spreadsheet import


class BatchInvalid(ValidationFailed):
    """Some items of a batch are wrong: `items` maps each bad item's key (index or row) to its errors
    by field; nothing of the batch was saved."""

    def __init__(self, items: dict):
        self.items = items
        messages = [
            f"{key}, {field}: {message}"
            for key, errors in items.items()
            for field, field_messages in errors.items()
            for message in field_messages
        ]
        super().__init__({"items": messages})


@transaction.atomic
def measurements_add_many(
    *, org: Organisation, items: list[dict], by, source: str = MeasurementSource.API
) -> list[Measurement]:
    """Check every item ({"key", "kpi", "period", "value", "note"}), then save all of them or none.

    `kpi` is a KPI of `org` (or None when the caller could not find it, with "kpi_error"); `key` names
    the item in errors (its index in a push, its row in a file). Raises BatchInvalid naming every bad
    item: not a number, a future date, a period given twice in the batch or already in pdca.
    """
    require(by, "add", Measurement, org)
    taken = _taken_periods(org, [item["kpi"] for item in items if item.get("kpi") is not None])
    seen, rows, bad = {}, [], {}
    for item in items:
        errors, measurement = _check_item(org, item, taken, seen)
        if errors:
            bad[item["key"]] = errors
        else:
            measurement.source, measurement.entered_by = source, by
            rows.append(measurement)
    if bad:
        raise BatchInvalid(bad)
    with trail.acting(by):  # the source (web, api, import, demo) is the caller's
        created = Measurement.objects.bulk_create(rows, batch_size=500)
    refresh_latest({row.kpi_id for row in rows})
    return created


def _taken_periods(org: Organisation, kpis) -> dict:
    """(kpi id, period) → value of the measurements already recorded for these KPIs (one query)."""
    ids = {kpi.pk for kpi in kpis}
    rows = Measurement.objects.filter(organisation=org, kpi_id__in=ids).values_list("kpi_id", "period", "value")
    return {(kpi_id, period): value for kpi_id, period, value in rows}


def _check_item(org: Organisation, item: dict, taken: dict, seen: dict) -> tuple[dict, Measurement | None]:
    kpi, day, errors = item.get("kpi"), item.get("period"), {}
    if kpi is None:
        errors["kpi"] = [item.get("kpi_error") or _("Name the KPI the value is for.")]
    if item.get("value_error"):
        errors["value"] = [item["value_error"]]
    elif item.get("value") is None:
        errors["value"] = [_("Enter the measured value as a number.")]
    if item.get("period_error"):
        errors["period"] = [item["period_error"]]
    elif day is None:
        errors["period"] = [_("Give the date (or any day of the period) the value was measured for.")]
    elif day > timezone.localdate():
        errors["period"] = [
            _("%(d)s is in the future: only what has been measured can be recorded.") % {"d": day.isoformat()}
        ]
    if errors.get("period") or kpi is None:
        return errors, None
    period = period_start(day, kpi.frequency)
    if (kpi.pk, period) in taken:
        errors["period"] = [_duplicate_message(kpi, period, taken[(kpi.pk, period)])]
    elif (kpi.pk, period) in seen:
        errors["period"] = [
            _("%(k)s for %(p)s is also given in %(other)s.")
            % {"k": kpi.number, "p": period_label(period, kpi.frequency), "other": seen[(kpi.pk, period)]}
        ]
    else:
        seen[(kpi.pk, period)] = item.get("label") or item["key"]
    if errors:
        return errors, None
    measurement = Measurement(
        organisation=org,
        kpi=kpi,
        period=period,
        value=item["value"],
        note=(item.get("note") or "")[:300],
    )
    return {}, measurement
