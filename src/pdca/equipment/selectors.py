"""Reads shared by the equipment pages, API and reports."""

from django.db.models import Count
from django.utils import timezone

from pdca.equipment import calibration
from pdca.equipment.choices import Status
from pdca.equipment.models import CalibrationRecord, Equipment, ImpactAssessment, MaintenancePlan, MaintenanceRecord

# What the register's table shows (EquipmentTable.columns) and what its status needs.
TABLE_FIELDS = (
    "number",
    "name",
    "kind",
    "site__name",
    "location",
    "owner__name",
    "serial_number",
    "needs_calibration",
    "calibration_warning_days",
    "last_calibrated_on",
    "next_calibration_due",
    "condition",
    "assessment_due",
)


def equipment_for_table(org):
    """The register's rows for its table and exports: only the columns shown."""
    return Equipment.objects.for_org(org).select_related("owner", "site").only(*TABLE_FIELDS)


def status_counts(org) -> dict[str, int]:
    """How many pieces of equipment have each status today, by index ranges (a GROUP BY cannot: due and
    overdue depend on today's date). "In service" is the rest of the total, which would otherwise be the one
    count that reads every row."""
    today = timezone.localdate()
    base = Equipment.objects.for_org(org).order_by()

    def count(queryset) -> int:
        return queryset.aggregate(n=Count("*"))["n"]

    counts = {
        status: count(base.filter(calibration.status_condition(status, today)))
        for status in Status.values
        if status != Status.IN_SERVICE
    }
    counts[Status.IN_SERVICE] = count(base) - sum(counts.values())
    counts["assessment_due"] = count(base.filter(assessment_due=True))  # a partial index
    return counts


def calibrations_of(equipment: Equipment) -> list[CalibrationRecord]:
    return list(
        CalibrationRecord.objects.filter(equipment_id=equipment.pk)
        .select_related("performed_by", "impact_assessment")
        .order_by("-calibrated_on", "-id")[:50]
    )


def plans_of(equipment: Equipment) -> list[MaintenancePlan]:
    return list(MaintenancePlan.objects.filter(equipment_id=equipment.pk).select_related("responsible"))


def maintenance_of(equipment: Equipment) -> list[MaintenanceRecord]:
    return list(
        MaintenanceRecord.objects.filter(equipment_id=equipment.pk)
        .select_related("done_by", "plan")
        .order_by("-performed_on", "-id")[:20]
    )


def assessments_of(equipment: Equipment) -> list[ImpactAssessment]:
    return list(
        ImpactAssessment.objects.filter(equipment_id=equipment.pk)
        .select_related("calibration", "assessed_by")
        .order_by("-assessed_on", "-id")
    )


def pending_calibrations(equipment: Equipment) -> list[CalibrationRecord]:
    """Out-of-tolerance calibrations of `equipment` whose impact is not yet assessed."""
    return list(
        CalibrationRecord.objects.filter(
            equipment_id=equipment.pk, result="out_of_tolerance", impact_assessment__isnull=True
        ).order_by("calibrated_on")
    )
