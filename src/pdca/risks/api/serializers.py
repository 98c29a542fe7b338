from rest_framework import serializers

from pdca.core.api.base import OrgModelSerializer
from pdca.core.choices import Priority
from pdca.risks.choices import RiskStatus
from pdca.risks.models import Risk, RiskEvaluation


class RiskSerializer(OrgModelSerializer):
    """A risk or opportunity. `score` and `residual_score` are worked out from the ratings; `band` names
    the score's band; `evaluation_due` says the actions are finished and not yet evaluated."""

    clauses = serializers.ListField(
        child=serializers.CharField(), required=False, help_text="Clause keys; default on creation: 6.1.1 for its type."
    )
    band = serializers.CharField(read_only=True, allow_null=True)
    residual_band = serializers.CharField(read_only=True, allow_null=True)
    # Plain text: the same choices as an evaluation's `effectiveness`, without a second enum in the schema.
    last_effectiveness = serializers.CharField(read_only=True, help_text="The latest evaluation's verdict, or empty.")

    class Meta:
        model = Risk
        fields = [
            "id",
            "number",
            "title",
            "description",
            "kind",
            "context_issue",
            "party_requirement",
            "process",
            "source_other",
            "owner",
            "likelihood",
            "impact",
            "score",
            "band",
            "treatment",
            "treatment_plan",
            "residual_likelihood",
            "residual_impact",
            "residual_score",
            "residual_band",
            "review_date",
            "status",
            "last_evaluated_on",
            "last_effectiveness",
            "evaluation_due",
            "clauses",
            "version",
        ]
        read_only_fields = ["number", "score", "residual_score", "status", "last_evaluated_on"]

    def to_representation(self, instance):
        data = super().to_representation(instance)
        data["clauses"] = sorted(tag.key for tag in instance.clause_tags.all())
        return data


class RiskEvaluationSerializer(OrgModelSerializer):
    class Meta:
        model = RiskEvaluation
        fields = [
            "id",
            "risk",
            "evaluated_on",
            "effectiveness",
            "comment",
            "residual_likelihood",
            "residual_impact",
            "residual_score",
            "evaluated_by",
            "version",
        ]
        read_only_fields = ["residual_score"]


class RiskTransitionSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=RiskStatus.choices)
    reason = serializers.CharField(required=False, allow_blank=True, default="", max_length=500)


class RiskActionSerializer(serializers.Serializer):
    """An action raised from the risk, in the shared action register."""

    id = serializers.IntegerField(read_only=True)
    number = serializers.CharField(read_only=True)
    title = serializers.CharField(max_length=300)
    description = serializers.CharField(required=False, allow_blank=True, default="")
    owner = serializers.IntegerField(help_text="A person of the organisation (id).", source="owner_id")
    due_date = serializers.DateField(required=False, allow_null=True, default=None)
    priority = serializers.ChoiceField(choices=Priority.choices, default=Priority.MEDIUM)
    status = serializers.CharField(read_only=True)
    completed_on = serializers.DateField(read_only=True)


class RiskImportSerializer(serializers.Serializer):
    file = serializers.FileField(help_text="The risk register, .xlsx or .csv, columns as in the page's template.")


class RiskImportErrorSerializer(serializers.Serializer):
    row = serializers.IntegerField(allow_null=True)
    column = serializers.CharField()
    message = serializers.CharField()
    text = serializers.CharField()


class RiskImportRefusalSerializer(serializers.Serializer):
    errors = RiskImportErrorSerializer(many=True, help_text="Every bad cell; nothing was imported.")


class RiskHeatMapCellSerializer(serializers.Serializer):
    likelihood = serializers.IntegerField()
    impact = serializers.IntegerField()
    score = serializers.IntegerField()
    band = serializers.CharField()
    count = serializers.IntegerField()


class RiskHeatMapSerializer(serializers.Serializer):
    inherent = RiskHeatMapCellSerializer(many=True)
    residual = RiskHeatMapCellSerializer(many=True)
    unrated = serializers.IntegerField(help_text="Entries without a residual rating (not on the residual map).")
