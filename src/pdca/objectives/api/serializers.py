from rest_framework import serializers

from pdca.core.api.base import OrgModelSerializer
from pdca.objectives.choices import ObjectiveStatus, Performance
from pdca.objectives.models import KPI, Measurement, PolicyCommitment, QualityObjective
from pdca.processes.models import Process


class PolicyCommitmentSerializer(OrgModelSerializer):
    class Meta:
        model = PolicyCommitment
        fields = ["id", "policy", "order", "title", "text", "is_active", "version"]
        extra_kwargs = {"order": {"required": False}}
        validators = []  # the service names a duplicate title


class QualityObjectiveSerializer(OrgModelSerializer):
    """An objective with every 6.2.2 field; `performance` follows its KPIs (on_track, at_risk, off_track, no_data)."""

    commitments = serializers.PrimaryKeyRelatedField(queryset=PolicyCommitment.objects.all(), many=True, required=False)
    processes = serializers.PrimaryKeyRelatedField(queryset=Process.objects.all(), many=True, required=False)
    clauses = serializers.ListField(
        child=serializers.CharField(), required=False, help_text="Clause keys; default: hs.planning.objectives."
    )
    performance = serializers.SerializerMethodField(help_text="The computed status following the KPIs.")

    class Meta:
        model = QualityObjective
        fields = [
            "id",
            "number",
            "title",
            "description",
            "commitments",
            "processes",
            "direction",
            "target",
            "unit",
            "baseline",
            "deadline",
            "owner",
            "resources",
            "evaluation",
            "status",
            "approved_on",
            "closed_on",
            "result",
            "performance",
            "clauses",
            "version",
        ]
        read_only_fields = ["number", "status", "approved_on", "closed_on", "result"]
        extra_kwargs = {
            "target": {"error_messages": {"required": "Set a target: the value that shows the objective is met."}},
            "deadline": {"error_messages": {"required": "Set a deadline: when it will be completed."}},
        }

    def get_fields(self):
        fields = super().get_fields()
        org = self.context.get("org")
        for name in ("commitments", "processes"):
            child = fields[name].child_relation
            child.queryset = child.queryset.filter(organisation=org)
        return fields

    def get_performance(self, obj) -> str:
        from pdca.objectives.status import objective_performance

        if hasattr(obj, "performance"):
            return obj.performance
        return objective_performance(kpi.status for kpi in obj.kpis.filter(is_active=True))

    def to_representation(self, instance):
        data = super().to_representation(instance)
        data["clauses"] = sorted(tag.key for tag in instance.clause_tags.all())
        return data


class KPISerializer(OrgModelSerializer):
    """A KPI; green defaults to the target, amber to green. `status` is computed from the latest value."""

    clauses = serializers.ListField(
        child=serializers.CharField(),
        required=False,
        help_text="Clause keys; default: hs.evaluation.monitoring.general.",
    )
    status = serializers.ChoiceField(choices=Performance.choices, read_only=True)

    class Meta:
        model = KPI
        fields = [
            "id",
            "number",
            "name",
            "description",
            "objective",
            "process",
            "owner",
            "unit",
            "frequency",
            "direction",
            "target",
            "green",
            "amber",
            "data_source",
            "is_active",
            "latest_value",
            "latest_period",
            "status",
            "clauses",
            "version",
        ]
        read_only_fields = ["number", "latest_value", "latest_period"]
        extra_kwargs = {
            "green": {"required": False, "allow_null": True},
            "amber": {"required": False, "allow_null": True},
        }

    def to_representation(self, instance):
        data = super().to_representation(instance)
        data["clauses"] = sorted(tag.key for tag in instance.clause_tags.all())
        return data


class MeasurementSerializer(OrgModelSerializer):
    """One value of a KPI; `period` may be any day of the period (stored as its first day)."""

    class Meta:
        model = Measurement
        fields = ["id", "kpi", "period", "value", "note", "source", "entered_by", "created_at", "version"]
        read_only_fields = ["source", "entered_by", "created_at"]
        validators = []  # the service names a duplicate period
        extra_kwargs = {"value": {"error_messages": {"invalid": "Enter the measured value as a number."}}}


class PushItemSerializer(serializers.Serializer):
    kpi = serializers.IntegerField(required=False, help_text="The KPI's id; or give kpi_number.")
    kpi_number = serializers.CharField(required=False, help_text="The KPI's number, e.g. KPI-0004.")
    period = serializers.DateField(help_text="Any day of the period the value is for (YYYY-MM-DD); not in the future.")
    value = serializers.DecimalField(
        max_digits=16, decimal_places=4, error_messages={"invalid": "Enter the measured value as a number."}
    )
    note = serializers.CharField(required=False, allow_blank=True, max_length=300, default="")


class PushSerializer(serializers.Serializer):
    measurements = PushItemSerializer(many=True, help_text="All are saved, or none: errors name each bad item.")


class PushResultSerializer(serializers.Serializer):
    created = serializers.IntegerField()
    measurements = MeasurementSerializer(many=True)


class ObjectiveTransitionSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=ObjectiveStatus.choices)
    reason = serializers.CharField(required=False, allow_blank=True, default="")
    result = serializers.CharField(required=False, allow_blank=True, default="")


class ObjectivesImportSerializer(serializers.Serializer):
    file = serializers.FileField(help_text="An .xlsx or .csv file, columns as in the import page's template.")


class ObjectivesImportErrorSerializer(serializers.Serializer):
    row = serializers.IntegerField(allow_null=True, help_text="The row as Excel numbers it; null for the file.")
    column = serializers.CharField()
    message = serializers.CharField()
    text = serializers.CharField(help_text="The whole sentence, e.g. “row 4, period: … is in the future”.")


class ObjectivesImportRefusalSerializer(serializers.Serializer):
    errors = ObjectivesImportErrorSerializer(many=True, help_text="Every bad cell; nothing was imported.")
