"""Equipment, calibrations, maintenance and impact assessments made through the services."""

import datetime
import itertools

from django.utils import timezone

from pdca.core.models import Person
from pdca.equipment import services
from tests.factories import PersonFactory

_n = itertools.count(1)


def days(n: int) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=n)


def owner_in(org) -> Person:
    return PersonFactory(organisation=org, name=f"Metrology lead {next(_n)}")


def make_equipment(org, *, owner=None, by=None, clauses=None, **extra):
    data = {
        "name": extra.pop("name", f"Outside micrometer {next(_n)}"),
        "owner": owner or owner_in(org),
        "needs_calibration": True,
        "calibration_interval_months": 12,
        **extra,
    }
    if not data["needs_calibration"]:
        data["calibration_interval_months"] = extra.get("calibration_interval_months")
    return services.equipment_create(org=org, data=data, by=by, clauses=clauses)


def make_machine(org, **extra):
    extra.setdefault("name", f"CNC lathe {next(_n)}")
    return make_equipment(org, kind="machine", needs_calibration=False, **extra)


def make_calibration(equipment, *, on=None, result="pass", by=None, **extra):
    data = {
        "equipment": equipment,
        "calibrated_on": on or timezone.localdate(),
        "calibrated_by": "external",
        "laboratory": "Yorkshire Metrology Ltd (UKAS 0123)",
        "certificate_number": f"YM-{next(_n)}",
        "result": result,
        **extra,
    }
    return services.calibration_create(org=equipment.organisation, data=data, by=by)


def make_assessment(calibration, *, by=None, **extra):
    data = {
        "calibration": calibration,
        "measurements_checked": "Final inspection of orders 4410–4432.",
        "findings": "Error 4 µm against ±10 µm part tolerances: no decision would change.",
        "decision": "no_impact",
        "assessed_by": extra.pop("assessed_by", None) or owner_in(calibration.organisation),
        "assessed_on": timezone.localdate(),
        **extra,
    }
    return services.assessment_create(org=calibration.organisation, data=data, by=by)


def make_plan(equipment, *, by=None, **extra):
    data = {
        "equipment": equipment,
        "task": extra.pop("task", f"Check way lubrication {next(_n)}"),
        "interval": 1,
        "interval_unit": "months",
        "next_due": days(10),
        **extra,
    }
    return services.plan_create(org=equipment.organisation, data=data, by=by)


def make_maintenance(equipment, *, by=None, **extra):
    data = {
        "equipment": equipment,
        "kind": "planned",
        "performed_on": timezone.localdate(),
        "done_by": extra.pop("done_by", None) or owner_in(equipment.organisation),
        "work_done": f"Topped up way oil, checked coolant concentration {next(_n)}",
        "result": "ok",
        **extra,
    }
    return services.maintenance_create(org=equipment.organisation, data=data, by=by)
