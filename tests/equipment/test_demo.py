"""The demo organisation's equipment: ten instruments with calibration histories, exactly one overdue and
one due, an out-of-tolerance result with its impact assessment (back in service since), machines, the
building and the ERP server with maintenance plans (one overdue) and records; loading twice changes
nothing."""

from django.core.management import call_command

from pdca.equipment.models import CalibrationRecord, Equipment, ImpactAssessment, MaintenancePlan, MaintenanceRecord


def test_the_demo_has_a_realistic_equipment_register(db, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        call_command("demo")
    harrow = Equipment.objects.filter(organisation__slug="harrow")
    instruments = [e for e in harrow if e.needs_calibration]
    assert len(instruments) == 10
    statuses = [e.status for e in instruments]
    assert statuses.count("overdue") == 1 and statuses.count("due") == 1
    assert statuses.count("in_service") == 8
    assert {"machine", "building", "it_system"} <= set(harrow.values_list("kind", flat=True))
    calibrations = CalibrationRecord.objects.filter(equipment__in=harrow)
    assert calibrations.count() == 30
    assert set(calibrations.values_list("result", flat=True)) == {"pass", "adjusted", "out_of_tolerance"}
    assessment = ImpactAssessment.objects.get(equipment__in=harrow)
    assert assessment.period_start is not None and assessment.equipment.condition == "in_service"
    assert not harrow.filter(assessment_due=True).exists()
    plans = MaintenancePlan.objects.filter(equipment__in=harrow)
    assert plans.count() >= 8 and sum(p.is_overdue for p in plans) == 1
    assert MaintenanceRecord.objects.filter(equipment__in=harrow, kind="repair").exists()
    counts = (Equipment.objects.count(), CalibrationRecord.objects.count(), MaintenanceRecord.objects.count())
    with django_capture_on_commit_callbacks(execute=True):
        call_command("demo")
    assert (Equipment.objects.count(), CalibrationRecord.objects.count(), MaintenanceRecord.objects.count()) == counts
