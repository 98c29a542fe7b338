"""Benchmark data of the equipment app: `n` pieces of equipment (two thirds measuring instruments, the
rest machines, buildings, IT systems), every status represented (in service, due, overdue, out of
tolerance with impact assessments owed or recorded, quarantined, retired), `n` calibrations (the
instruments' last one or two), n // 5 maintenance plans and n // 2 maintenance records; plus clause tags.

Inserted with plain QuerySet.bulk_create (around OrgQuerySet's trail hook, for speed), the stored
calibration dates computed here as the services would. Called by generate.py with Django set up.
"""

import datetime
import random

from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction
from django.utils import timezone

from pdca.core.models import ClauseTag, Person, Sequence
from pdca.core.numbering import format_number
from pdca.equipment import calibration
from pdca.equipment.choices import CALIBRATION_PREFIX, EQUIPMENT_PREFIX, Condition
from pdca.equipment.models import CalibrationRecord, Equipment, ImpactAssessment, MaintenancePlan, MaintenanceRecord
from pdca.equipment.services import INFRASTRUCTURE_CLAUSE, MEASURING_CLAUSE

URLS = [
    ("equipment register", "/o/{org}/equipment/"),
    ("equipment register ?status=overdue", "/o/{org}/equipment/?status=overdue"),
    ("equipment register ?status=due", "/o/{org}/equipment/?status=due"),
    ("equipment register ?status=attention&kind=instrument", "/o/{org}/equipment/?status=attention&kind=instrument"),
    (
        "equipment register ?q=micrometer&order=next_calibration_due",
        "/o/{org}/equipment/?q=micrometer&order=next_calibration_due",
    ),
    ("equipment page", "/o/{org}/equipment/{equipment}/"),
    ("calibrations", "/o/{org}/equipment/calibrations/"),
    ("calibrations ?result=out_of_tolerance", "/o/{org}/equipment/calibrations/?result=out_of_tolerance"),
    ("maintenance plans ?overdue", "/o/{org}/equipment/maintenance-plans/?overdue=on"),
    ("api equipment", "/api/v1/o/{org}/equipment/"),
    ("api equipment ?status=overdue", "/api/v1/o/{org}/equipment/?status=overdue"),
    ("api calibrations", "/api/v1/o/{org}/equipment/calibrations/"),
]

BATCH = 500
INSTRUMENTS = ["Outside micrometer", "Digital caliper", "Bore gauge", "Height gauge", "Torque wrench", "Pressure gauge"]
OTHERS = [("machine", "CNC lathe"), ("machine", "Machining centre"), ("building", "Unit"), ("it_system", "Server")]


def _insert(model, objs: list) -> list:
    for start in range(0, len(objs), BATCH):
        with transaction.atomic():
            models.QuerySet.bulk_create(model.objects.all(), objs[start : start + BATCH], batch_size=BATCH)
    return objs


def _equipment(org, i: int, people: list, rng: random.Random, today) -> Equipment:
    measuring = rng.random() < 0.67
    kind, word = ("instrument", rng.choice(INSTRUMENTS)) if measuring else rng.choice(OTHERS)
    months = rng.choice((6, 12, 12, 24)) if measuring else None
    # Most within their interval (a tenth past it), a few never calibrated.
    late = rng.random() < 0.1
    last = (
        today - datetime.timedelta(days=rng.randint(0, 30 * months) + (30 * months if late else 0))
        if measuring and rng.random() > 0.02
        else None
    )
    due = calibration.next_due(last, months)
    roll = rng.random()
    condition = (
        Condition.RETIRED
        if roll < 0.04
        else Condition.QUARANTINED
        if roll < 0.06
        else Condition.OUT_OF_TOLERANCE
        if measuring and roll < 0.08
        else Condition.IN_SERVICE
    )
    return Equipment(
        organisation=org,
        number=format_number(EQUIPMENT_PREFIX, i + 1),
        name=f"{word} {i + 1}",
        kind=kind,
        owner=rng.choice(people),
        location=f"Cell {rng.randint(1, 12)}",
        manufacturer=rng.choice(("Mitutoyo", "Mazak", "Zeiss", "Norbar", "Dell")),
        serial_number=f"SN-{rng.randint(10**6, 10**7)}",
        needs_calibration=measuring,
        calibration_interval_months=months,
        last_calibrated_on=last,
        last_calibration_result=("out_of_tolerance" if condition == Condition.OUT_OF_TOLERANCE else "pass")
        if last
        else "",
        next_calibration_due=due,
        calibration_due_from=calibration.due_from(due, 30),
        condition=condition,
        assessment_due=condition == Condition.OUT_OF_TOLERANCE and rng.random() < 0.5,
    )


def generate(org, people: list, rng: random.Random, n: int) -> dict:
    """`n` pieces of equipment with calibrations, plans and records; placeholders for URLS."""
    today = timezone.localdate()
    people = [p for p in people if p.is_active] or list(Person.objects.for_org(org)[:100])
    rows = _insert(Equipment, [_equipment(org, i, people, rng, today) for i in range(n)])
    Sequence.objects.update_or_create(organisation=org, prefix=EQUIPMENT_PREFIX, defaults={"last_value": n})
    ct = ContentType.objects.get_for_model(Equipment)
    tags = [
        ClauseTag(
            organisation=org,
            content_type=ct,
            object_id=e.pk,
            key=MEASURING_CLAUSE if e.needs_calibration else INFRASTRUCTURE_CLAUSE,
        )
        for e in rows
    ]
    _insert(ClauseTag, tags)
    calibrations = _calibrations(org, [e for e in rows if e.last_calibrated_on], rng, n)
    _assessments(org, calibrations, rng)
    _maintenance(org, [e for e in rows if not e.needs_calibration], rng, today, n)
    sample = next((e for e in rows if e.needs_calibration and e.last_calibrated_on), rows[0])
    return {"equipment": sample.pk}


def _calibrations(org, instruments: list, rng: random.Random, n: int) -> list:
    objs, number = [], 0
    for equipment in instruments:
        days = [equipment.last_calibrated_on]
        if len(objs) + len(instruments) < n:  # two calibrations for some, to reach about n in all
            days.insert(0, calibration.add_months(equipment.last_calibrated_on, -equipment.calibration_interval_months))
        for k, day in enumerate(days):
            number += 1
            last = k == len(days) - 1
            objs.append(
                CalibrationRecord(
                    organisation=org,
                    number=format_number(CALIBRATION_PREFIX, number),
                    equipment=equipment,
                    calibrated_on=day,
                    calibrated_by="external",
                    laboratory="Benchmark Metrology (UKAS 0000)",
                    certificate_number=f"BM-{number}",
                    result=equipment.last_calibration_result if last else rng.choice(("pass", "adjusted")),
                    next_due=calibration.next_due(day, equipment.calibration_interval_months),
                )
            )
    Sequence.objects.update_or_create(organisation=org, prefix=CALIBRATION_PREFIX, defaults={"last_value": number})
    return _insert(CalibrationRecord, objs)


def _assessments(org, calibrations: list, rng: random.Random) -> None:
    owed = {c.equipment_id for c in calibrations if c.equipment.assessment_due}
    objs = [
        ImpactAssessment(
            organisation=org,
            calibration=c,
            equipment_id=c.equipment_id,
            measurements_checked="Inspections since the last good calibration.",
            findings="No accept/reject decision would change.",
            decision="no_impact",
            assessed_by=c.equipment.owner,
            assessed_on=c.calibrated_on,
        )
        for c in calibrations
        if c.result == "out_of_tolerance" and c.equipment_id not in owed
    ]
    _insert(ImpactAssessment, objs)


def _maintenance(org, machines: list, rng: random.Random, today, n: int) -> None:
    plans = []
    for equipment in machines[: n // 5]:
        plans.append(
            MaintenancePlan(
                organisation=org,
                equipment=equipment,
                task="Lubrication and safety check",
                interval=rng.choice((1, 3, 6)),
                interval_unit="months",
                next_due=today + datetime.timedelta(days=rng.randint(-30, 180)),
            )
        )
    _insert(MaintenancePlan, plans)
    records = [
        MaintenanceRecord(
            organisation=org,
            equipment=plan.equipment,
            plan=plan,
            kind="planned",
            performed_on=today - datetime.timedelta(days=rng.randint(1, 700)),
            done_by=plan.equipment.owner,
            work_done="Done to the checklist.",
            result=rng.choice(("ok", "ok", "ok", "follow_up")),
        )
        for plan in plans
        for _ in range(max(1, (n // 2) // max(1, len(plans))))
    ][: n // 2]
    _insert(MaintenanceRecord, records)
