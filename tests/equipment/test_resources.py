"""Equipment, calibrations, impact assessments, maintenance plans and records through the shared harness:
pages and API for every role and organisation, the trail, the version check, cross-organisation links,
exports and query counts."""

import itertools

from django.utils import timezone

from pdca.core.choices import MANAGERS
from pdca.equipment.models import CalibrationRecord, Equipment, ImpactAssessment, MaintenancePlan, MaintenanceRecord
from pdca.equipment.rules import MAINTAINERS, READERS, WRITERS
from tests.equipment.factories import (
    make_assessment,
    make_calibration,
    make_equipment,
    make_machine,
    make_maintenance,
    make_plan,
    owner_in,
)
from tests.harness import Resource, ResourceTests

_n = itertools.count()


def _equipment_data(world):
    return {
        "name": f"Digital height gauge {next(_n)}",
        "kind": "instrument",
        "owner": owner_in(world.org).pk,
        "manufacturer": "Mitutoyo",
        "serial_number": f"HG-{next(_n)}",
        "needs_calibration": True,
        "calibration_interval_months": 12,
        "calibration_warning_days": 30,
        "last_calibrated_on": "2025-03-01",
    }


class TestEquipment(ResourceTests):
    resource = Resource(
        model=Equipment,
        url="equipment:equipment",
        api="equipment",
        make=lambda org: make_equipment(org),
        form_data=_equipment_data,
        api_data=_equipment_data,
        view_roles=READERS,
        add_roles=WRITERS,
        delete_roles=MANAGERS,
        foreign_key="owner",
        extra={"foreign_make": owner_in, "export_value": lambda o: o.number},
    )


def _calibration_data(world):
    return {
        "equipment": make_equipment(world.org).pk,
        "calibrated_on": timezone.localdate().isoformat(),
        "calibrated_by": "external",
        "laboratory": "Yorkshire Metrology Ltd",
        "certificate_number": f"YM-{next(_n)}",
        "result": "pass",
    }


class TestCalibrationRecord(ResourceTests):
    resource = Resource(
        model=CalibrationRecord,
        url="equipment:calibrationrecord",
        api="calibrationrecord",
        make=lambda org: make_calibration(make_equipment(org)),
        form_data=_calibration_data,
        api_data=_calibration_data,
        view_roles=READERS,
        add_roles=WRITERS,
        change_roles=MANAGERS,
        delete_roles=MANAGERS,
        edit_field="certificate_number",
        foreign_key="equipment",
        extra={"foreign_make": lambda org: make_equipment(org), "export_value": lambda o: o.number},
    )


def _out_of_tolerance(org):
    return make_calibration(make_equipment(org), result="out_of_tolerance")


def _assessment_data(world):
    return {
        "calibration": _out_of_tolerance(world.org).pk,
        "measurements_checked": "Goods-in inspection of bar stock since March.",
        "findings": f"All readings well inside the part tolerances {next(_n)}",
        "decision": "no_impact",
        "assessed_by": owner_in(world.org).pk,
        "assessed_on": timezone.localdate().isoformat(),
    }


class TestImpactAssessment(ResourceTests):
    resource = Resource(
        model=ImpactAssessment,
        url="equipment:impactassessment",
        api="impactassessment",
        make=lambda org: make_assessment(_out_of_tolerance(org)),
        form_data=_assessment_data,
        api_data=_assessment_data,
        view_roles=READERS,
        add_roles=MANAGERS,
        edit_field="findings",
        foreign_key="calibration",
        extra={"foreign_make": _out_of_tolerance, "export_value": lambda o: o.calibration.number},
    )


def _plan_data(world):
    return {
        "equipment": make_machine(world.org).pk,
        "task": f"Check spindle run-out {next(_n)}",
        "interval": 3,
        "interval_unit": "months",
        "next_due": "2030-01-31",
        "is_active": True,
    }


class TestMaintenancePlan(ResourceTests):
    resource = Resource(
        model=MaintenancePlan,
        url="equipment:maintenanceplan",
        api="maintenanceplan",
        make=lambda org: make_plan(make_machine(org)),
        form_data=_plan_data,
        api_data=_plan_data,
        view_roles=READERS,
        add_roles=WRITERS,
        delete_roles=MANAGERS,
        edit_field="task",
        foreign_key="equipment",
        extra={"foreign_make": make_machine, "export_value": lambda o: o.task},
    )


def _maintenance_data(world):
    return {
        "equipment": make_machine(world.org).pk,
        "kind": "repair",
        "performed_on": timezone.localdate().isoformat(),
        "contractor": "Yamazaki Mazak UK service",
        "work_done": f"Replaced the coolant pump {next(_n)}",
        "result": "ok",
    }


class TestMaintenanceRecord(ResourceTests):
    resource = Resource(
        model=MaintenanceRecord,
        url="equipment:maintenancerecord",
        api="maintenancerecord",
        make=lambda org: make_maintenance(make_machine(org)),
        form_data=_maintenance_data,
        api_data=_maintenance_data,
        view_roles=READERS,
        add_roles=MAINTAINERS,
        change_roles=MANAGERS,
        delete_roles=MANAGERS,
        edit_field="work_done",
        foreign_key="equipment",
        extra={"foreign_make": make_machine, "export_value": lambda o: o.equipment.number},
    )
