"""Demo equipment for Harrow Precision Engineering (core/demo.py calls load_demo): ten measuring
instruments, from hand gauges to the CMM, with a year or two of calibrations by UKAS laboratories and in
house — one overdue, one due within its warning window, one whose bore gauge was found out of tolerance
last spring (impact assessed, adjusted, back in service) — plus the machines, the compressor, the
building and the ERP server with their maintenance plans and records. Idempotent: equipment whose name
exists is left alone."""

import datetime

from django.utils import timezone

from pdca.core import trail
from pdca.core.models import Site
from pdca.equipment import calibration, services
from pdca.equipment.models import Equipment

UKAS = "Yorkshire Metrology Ltd (UKAS 0421)"
CMM_LAB = "Zeiss Industrial Quality Solutions UK (UKAS 4528)"

# name, manufacturer, model, serial, location, owner, interval months, range, tolerance, traceability,
# days from today to the next calibration, history (an "oot" story or None), calibrated in house?
INSTRUMENTS = [
    (
        "Outside micrometer 0–25 mm",
        "Mitutoyo",
        "293-240-30",
        "71023984",
        "Inspection room",
        "Emma Cartwright",
        12,
        "0–25 mm",
        "±1 µm",
        "Gauge block set GB-01, UKAS certificate",
        140,
        None,
        True,
    ),
    (
        "Outside micrometer 25–50 mm",
        "Mitutoyo",
        "293-241-30",
        "71029910",
        "Cell 2 (lathes)",
        "Emma Cartwright",
        12,
        "25–50 mm",
        "±1 µm",
        "Gauge block set GB-01, UKAS certificate",
        200,
        None,
        True,
    ),
    (
        "Digital caliper 150 mm",
        "Mitutoyo",
        "500-196-30",
        "B21044871",
        "Cell 1 (mills)",
        "Lee Marsden",
        12,
        "0–150 mm",
        "±0.02 mm",
        "Gauge block set GB-01, UKAS certificate",
        -12,
        None,
        True,
    ),  # overdue
    (
        "Digital caliper 300 mm",
        "Mitutoyo",
        "500-197-30",
        "B21050022",
        "Inspection room",
        "Emma Cartwright",
        12,
        "0–300 mm",
        "±0.03 mm",
        "Gauge block set GB-01, UKAS certificate",
        18,
        None,
        True,
    ),  # due soon
    (
        "Bore gauge 18–35 mm",
        "Mitutoyo",
        "511-711",
        "BG-3381",
        "Inspection room",
        "Joseph Adeyemi",
        6,
        "18–35 mm",
        "±3 µm",
        "Setting rings, UKAS certificate",
        95,
        "oot",
        False,
    ),
    (
        "Height gauge 600 mm",
        "Trimos",
        "V6",
        "TR-60231",
        "Inspection room",
        "Joseph Adeyemi",
        12,
        "0–600 mm",
        "±(2+L/600) µm",
        "Gauge blocks, UKAS certificate",
        240,
        None,
        False,
    ),
    (
        "Coordinate measuring machine",
        "Zeiss",
        "Contura 10/16/6",
        "CT-77120",
        "CMM room (20 ±1 °C)",
        "Joseph Adeyemi",
        12,
        "1000 × 1600 × 600 mm",
        "MPE_E 1.8 + L/300 µm",
        "ISO 10360-2 verification",
        75,
        None,
        False,
    ),
    (
        "Torque wrench 20–100 N·m",
        "Norbar",
        "TTi100",
        "NB-118244",
        "Sheffield assembly bench 2",
        "Paul Kershaw",
        6,
        "20–100 N·m",
        "±4 %",
        "Torque transducer, UKAS certificate",
        60,
        None,
        False,
    ),
    (
        "Surface plate Grade 0 1000 × 630",
        "Eley",
        "Grade 0",
        "EL-5521",
        "Inspection room",
        "Sophie Lang",
        24,
        "1000 × 630 mm",
        "Flatness 5 µm",
        "Autocollimator survey, UKAS",
        300,
        None,
        False,
    ),
    (
        "Hardness tester (Rockwell)",
        "Indentec",
        "8150LK",
        "IN-2290",
        "Inspection room",
        "Sophie Lang",
        12,
        "HRA/HRB/HRC",
        "±1.5 HRC",
        "Certified test blocks, UKAS",
        170,
        None,
        False,
    ),
]
# name, kind, manufacturer, model, serial, location, owner, site, plans: (task, every, unit, next due in days)
INFRASTRUCTURE = [
    (
        "Mazak QTN 200 CNC lathe",
        "machine",
        "Yamazaki Mazak",
        "QTN 200",
        "M-201877",
        "Cell 2 (lathes)",
        "Martin Gale",
        "Leeds works",
        [
            ("Check way lubrication and coolant concentration", 1, "weeks", 3),
            ("Spindle run-out and backlash check", 3, "months", 40),
        ],
    ),
    (
        "DMG Mori DMU 65 5-axis machining centre",
        "machine",
        "DMG Mori",
        "DMU 65 monoBLOCK",
        "D-65-11984",
        "Cell 1 (mills)",
        "Martin Gale",
        "Leeds works",
        [("Ballbar test of axis geometry", 6, "months", -4), ("Change spindle chiller filter", 3, "months", 25)],
    ),
    (
        "Atlas Copco GA 22 compressor",
        "machine",
        "Atlas Copco",
        "GA 22 VSD",
        "AC-9921",
        "Plant room",
        "Ryan Doyle",
        "Leeds works",
        [("Service: oil, filters, separator", 12, "months", 120)],
    ),
    (
        "Leeds works building and services",
        "building",
        "",
        "",
        "",
        "Canal Road unit 4",
        "Martin Gale",
        "Leeds works",
        [
            ("Fire alarm and emergency lighting test", 1, "weeks", 2),
            ("Electrical installation inspection (EICR)", 60, "months", 900),
        ],
    ),
    (
        "ERP server (orders, routings, traceability)",
        "it_system",
        "Dell",
        "PowerEdge T550",
        "SRV-01",
        "Comms room",
        "admin",
        "Leeds works",
        [("Restore test of the nightly backup", 1, "months", 12), ("Apply security updates", 1, "months", 5)],
    ),
]


def _today() -> datetime.date:
    return timezone.localdate()


def load_demo(org, people) -> None:
    existing = set(Equipment.objects.for_org(org).values_list("name", flat=True))
    sites = {s.name: s for s in Site.objects.filter(organisation=org)}
    with trail.acting(None, source="demo"):
        for row in INSTRUMENTS:
            if row[0] not in existing:
                _instrument(org, people, sites, row)
        for row in INFRASTRUCTURE:
            if row[0] not in existing:
                _infrastructure(org, people, sites, row)


def _instrument(org, people, sites, row) -> None:
    name, maker, model, serial, location, owner, months, span, tolerance, trace, next_in, story, internal = row
    site = sites.get("Sheffield assembly" if "Sheffield" in location else "Leeds works")
    next_due = _today() + datetime.timedelta(days=next_in)
    last = calibration.add_months(next_due, -months)
    equipment = services.equipment_create(
        org=org,
        by=None,
        data={
            "name": name,
            "kind": "instrument",
            "manufacturer": maker,
            "model_number": model,
            "serial_number": serial,
            "location": location,
            "site": site,
            "owner": people[owner],
            "in_service_since": datetime.date(2019, 4, 1),
            "needs_calibration": True,
            "calibration_interval_months": months,
            "measuring_range": span,
            "tolerance": tolerance,
            "traceability": trace,
        },
    )
    lab = CMM_LAB if "measuring machine" in name else UKAS
    calibrator = people.get("Sophie Lang")
    dates = [calibration.add_months(last, -2 * months), calibration.add_months(last, -months), last]
    for i, day in enumerate(dates):
        result = "pass"
        if story == "oot" and i == 1:
            result = "out_of_tolerance"
        elif i == 1 and "caliper" in name:
            result = "adjusted"
        data = {
            "equipment": equipment,
            "calibrated_on": day,
            "calibrated_by": "internal" if internal else "external",
            "performed_by": calibrator if internal else None,
            "laboratory": "" if internal else lab,
            "certificate_number": f"{'HP-INT' if internal else 'YM'}-{day:%y%m}-{serial[-3:]}",
            "reference_standard": trace,
            "result": result,
            "as_found": "Error at 30 mm: +7 µm (tolerance ±3 µm)."
            if result == "out_of_tolerance"
            else "Within tolerance.",
            "as_left": "Re-set against the 30 mm ring; error +1 µm." if result != "pass" else "",
        }
        record = services.calibration_create(org=org, data=data, by=None)
        if result == "out_of_tolerance":
            _assess(org, people, record)


def _assess(org, people, record) -> None:
    services.assessment_create(
        org=org,
        by=None,
        data={
            "calibration": record,
            "measurements_checked": "Bore inspections of the hydraulic manifold bodies (orders 24-118 to 24-131) "
            "made with this gauge since its last good calibration.",
            "products_checked": "214 manifold bodies; 38 still in stores were re-measured on the CMM.",
            "findings": "All 38 re-measured bores were within drawing limits (H7). The +7 µm error would have "
            "rejected good parts rather than passed bad ones: no nonconforming product shipped.",
            "decision": "reinspected",
            "assessed_by": people["quality"],
            "assessed_on": record.calibrated_on + datetime.timedelta(days=3),
        },
    )


def _infrastructure(org, people, sites, row) -> None:
    name, kind, maker, model, serial, location, owner, site, plans = row
    equipment = services.equipment_create(
        org=org,
        by=None,
        data={
            "name": name,
            "kind": kind,
            "manufacturer": maker,
            "model_number": model,
            "serial_number": serial,
            "location": location,
            "site": sites.get(site),
            "owner": people[owner],
            "in_service_since": datetime.date(2016, 9, 1),
        },
    )
    for task, every, unit, due_in in plans:
        plan = services.plan_create(
            org=org,
            by=None,
            data={
                "equipment": equipment,
                "task": task,
                "interval": every,
                "interval_unit": unit,
                "next_due": _today() + datetime.timedelta(days=due_in),
            },
        )
        done = _last_done(plan.next_due, every, unit)
        if done <= _today() and due_in >= 0:
            services.maintenance_create(
                org=org,
                by=None,
                data={
                    "equipment": equipment,
                    "plan": plan,
                    "kind": "planned" if kind != "it_system" else "inspection",
                    "performed_on": done,
                    "done_by": people[owner],
                    "work_done": f"{task}: done to the checklist; no defects found.",
                    "result": "ok",
                },
            )
    if kind == "machine" and "Mazak" in name:
        services.maintenance_create(
            org=org,
            by=None,
            data={
                "equipment": equipment,
                "kind": "repair",
                "performed_on": _today() - datetime.timedelta(days=47),
                "contractor": "Yamazaki Mazak UK field service",
                "work_done": "Turret indexing fault: replaced the clamp proximity switch, re-aligned the turret.",
                "result": "ok",
                "downtime_hours": 14,
            },
        )


def _last_done(next_due: datetime.date, every: int, unit: str) -> datetime.date:
    """The day the task was last done, so that doing it then puts it where the plan says it is next due."""
    if unit == "months":
        return calibration.add_months(next_due, -every)
    return next_due - datetime.timedelta(days=every * (7 if unit == "weeks" else 1))
