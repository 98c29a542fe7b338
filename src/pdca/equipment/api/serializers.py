from rest_framework import serializers

from pdca.core.api.base import OrgModelSerializer
from pdca.core.models import Person
from pdca.equipment.choices import Condition, Status
from pdca.equipment.models import CalibrationRecord, Equipment, ImpactAssessment, MaintenancePlan, MaintenanceRecord


class EquipmentSerializer(OrgModelSerializer):
    """Equipment or infrastructure. `status` is today's status: the `condition` (in service, out of
    tolerance, quarantined, retired), or due / overdue from `next_calibration_due` and the warning window.
    The calibration dates follow from the latest calibration and the interval."""

    clauses = serializers.ListField(
        child=serializers.CharField(),
        required=False,
        help_text="Clause keys; default on creation: 7.1.5.2 if calibrated, else 7.1.3.",
    )
    # Plain text: the values of Status, without a second enum beside `condition` in the schema.
    status = serializers.CharField(read_only=True, help_text="Today: " + ", ".join(Status.values) + ".")
    last_calibration_result = serializers.CharField(
        read_only=True, help_text="The latest calibration's result, or empty."
    )

    class Meta:
        model = Equipment
        fields = [
            "id",
            "number",
            "name",
            "kind",
            "description",
            "site",
            "location",
            "owner",
            "manufacturer",
            "model_number",
            "serial_number",
            "in_service_since",
            "needs_calibration",
            "calibration_interval_months",
            "calibration_warning_days",
            "measuring_range",
            "tolerance",
            "traceability",
            "last_calibrated_on",
            "last_calibration_result",
            "next_calibration_due",
            "calibration_due_from",
            "condition",
            "status",
            "assessment_due",
            "clauses",
            "version",
        ]
        read_only_fields = ["number", "next_calibration_due", "calibration_due_from", "condition", "assessment_due"]

    def to_representation(self, instance):
        data = super().to_representation(instance)
        data["clauses"] = sorted(tag.key for tag in instance.clause_tags.all())
        return data


class EquipmentTransitionSerializer(serializers.Serializer):
    condition = serializers.ChoiceField(choices=Condition.choices)
    reason = serializers.CharField(max_length=500)


class CalibrationRecordSerializer(OrgModelSerializer):
    """A calibration. Its date may not be before the equipment's previous calibration; an
    `out_of_tolerance` result sets the equipment out of tolerance until its impact is assessed."""

    class Meta:
        model = CalibrationRecord
        fields = [
            "id",
            "number",
            "equipment",
            "calibrated_on",
            "calibrated_by",
            "performed_by",
            "laboratory",
            "certificate_number",
            "reference_standard",
            "result",
            "as_found",
            "as_left",
            "comment",
            "next_due",
            "record",
            "version",
        ]
        read_only_fields = ["number", "next_due"]


class MaintenancePlanSerializer(OrgModelSerializer):
    class Meta:
        model = MaintenancePlan
        fields = [
            "id",
            "equipment",
            "task",
            "instructions",
            "interval",
            "interval_unit",
            "responsible",
            "next_due",
            "is_active",
            "version",
        ]


class MaintenanceRecordSerializer(OrgModelSerializer):
    class Meta:
        model = MaintenanceRecord
        fields = [
            "id",
            "equipment",
            "plan",
            "kind",
            "performed_on",
            "done_by",
            "contractor",
            "work_done",
            "result",
            "downtime_hours",
            "version",
        ]


class ImpactAssessmentSerializer(OrgModelSerializer):
    """The impact of an out-of-tolerance calibration on earlier measurements; `equipment` follows from it."""

    assessed_by = serializers.PrimaryKeyRelatedField(
        queryset=Person.objects.all(),
        required=False,
        help_text="A person (id); default: the person of the user recording it.",
    )

    class Meta:
        model = ImpactAssessment
        fields = [
            "id",
            "calibration",
            "equipment",
            "period_start",
            "measurements_checked",
            "products_checked",
            "findings",
            "decision",
            "assessed_by",
            "assessed_on",
            "version",
        ]
        read_only_fields = ["equipment"]


class EquipmentImportSerializer(serializers.Serializer):
    file = serializers.FileField(help_text="The equipment list, .xlsx or .csv, columns as in the page's template.")


class EquipmentImportErrorSerializer(serializers.Serializer):
    row = serializers.IntegerField(allow_null=True)
    column = serializers.CharField()
    message = serializers.CharField()
    text = serializers.CharField()


class EquipmentImportRefusalSerializer(serializers.Serializer):
    errors = EquipmentImportErrorSerializer(many=True, help_text="Every bad cell; nothing was imported.")
