from django.utils.translation import gettext_lazy as _

from pdca.core.tables import Table
from pdca.equipment.models import CalibrationRecord, Equipment, ImpactAssessment, MaintenancePlan, MaintenanceRecord

STATUS_BADGES = {
    "in_service": "badge text-bg-success",
    "due": "badge text-bg-warning",
    "overdue": "badge text-bg-danger",
    "out_of_tolerance": "badge text-bg-danger",
    "quarantined": "badge text-bg-dark",
    "retired": "badge text-bg-secondary",
}
RESULT_BADGES = {
    "pass": "badge text-bg-success",
    "adjusted": "badge text-bg-info",
    "out_of_tolerance": "badge text-bg-danger",
}
MAINTENANCE_BADGES = {
    "ok": "badge text-bg-success",
    "follow_up": "badge text-bg-warning",
    "not_fit": "badge text-bg-danger",
}


class EquipmentTable(Table):
    """The register's page: the status badge says at a glance what may be used."""

    model = Equipment
    columns = ["number", "name", "kind", "site", "owner", "last_calibrated_on", "next_calibration_due", "status_text"]
    select_related = ["owner", "site"]
    labels = {"status_text": _("Status")}

    def css(self, obj, column, value):
        if column == "status_text":
            return STATUS_BADGES.get(obj.status, "")
        if column == "next_calibration_due" and obj.status == "overdue":
            return "text-danger fw-semibold"
        return ""

    @staticmethod
    def value(obj, column: str):
        if column == "status_text":
            text = obj.status_label
            return f"{text} · {_('impact assessment due')}" if obj.assessment_due else text
        return Table.value(obj, column)


class EquipmentExportTable(EquipmentTable):
    """The register in CSV and Excel, with the columns the import reads back."""

    columns = [
        "number",
        "name",
        "kind",
        "site",
        "location",
        "owner",
        "serial_number",
        "needs_calibration",
        "last_calibrated_on",
        "next_calibration_due",
        "status_text",
    ]


class CalibrationRecordTable(Table):
    model = CalibrationRecord
    columns = ["number", "equipment", "calibrated_on", "calibrated_by", "certificate_number", "result", "next_due"]
    select_related = ["equipment"]

    def css(self, obj, column, value):
        return RESULT_BADGES.get(obj.result, "") if column == "result" else ""


class MaintenancePlanTable(Table):
    model = MaintenancePlan
    columns = ["task", "equipment", "interval_text", "responsible", "next_due", "is_active"]
    select_related = ["equipment", "responsible"]
    labels = {"interval_text": _("Every")}

    def css(self, obj, column, value):
        return "text-danger fw-semibold" if column == "next_due" and obj.is_overdue else ""


class MaintenanceRecordTable(Table):
    model = MaintenanceRecord
    columns = ["performed_on", "equipment", "kind", "done_by", "contractor", "result"]
    select_related = ["equipment", "done_by"]

    def css(self, obj, column, value):
        return MAINTENANCE_BADGES.get(obj.result, "") if column == "result" else ""


class ImpactAssessmentTable(Table):
    model = ImpactAssessment
    columns = ["calibration", "equipment", "period_start", "decision", "assessed_by", "assessed_on"]
    select_related = ["calibration__equipment", "equipment", "assessed_by"]
