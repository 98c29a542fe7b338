from rest_framework import serializers

from pdca.core.api.base import OrgModelSerializer
from pdca.gap.models import Applicability, Assessment, Response


class AssessmentSerializer(OrgModelSerializer):
    standard = serializers.SlugRelatedField(
        slug_field="slug", queryset=Assessment._meta.get_field("standard").related_model.objects.all()
    )

    class Meta:
        model = Assessment
        fields = [
            "id",
            "number",
            "title",
            "standard",
            "assessed_on",
            "sites",
            "assessors",
            "status",
            "summary",
            "completed_at",
            "results",
            "version",
        ]
        read_only_fields = ["number", "status", "completed_at", "results"]

    def get_fields(self):
        fields = super().get_fields()
        org = self.context.get("org")
        if org is not None:
            fields["standard"].queryset = fields["standard"].queryset.visible_to(org)
        return fields


class ResponseSerializer(OrgModelSerializer):
    key = serializers.CharField(source="requirement.key", read_only=True)
    clause = serializers.CharField(source="requirement.clause.number", read_only=True)

    class Meta:
        model = Response
        fields = [
            "id",
            "assessment",
            "key",
            "clause",
            "applicable",
            "score",
            "weight",
            "evidence",
            "gap",
            "priority",
            "action",
            "version",
        ]
        read_only_fields = ["assessment", "applicable", "action"]


class ApplicabilitySerializer(OrgModelSerializer):
    def get_fields(self):
        fields = super().get_fields()
        org = self.context.get("org")
        if org is not None:  # catalogue rows are not organisation-scoped: limit to what the org sees
            from pdca.standards.models import Requirement, Standard

            fields["requirement"].queryset = Requirement.objects.filter(standard__in=Standard.objects.visible_to(org))
        return fields

    class Meta:
        model = Applicability
        fields = ["id", "requirement", "justification", "accepted_by_cb", "version"]


class FiguresSerializer(serializers.Serializer):
    readiness = serializers.FloatField(allow_null=True)
    maturity = serializers.FloatField(allow_null=True)
    coverage = serializers.FloatField(allow_null=True)
    answered = serializers.IntegerField()
    applicable = serializers.IntegerField()


class ResultsSerializer(serializers.Serializer):
    overall = FiguresSerializer()
    by_clause = serializers.DictField(child=FiguresSerializer())
    by_subclause = serializers.DictField(child=FiguresSerializer())
    likely_findings = serializers.DictField(child=serializers.ListField(child=serializers.CharField()))
    missing_documented_information = serializers.ListField(child=serializers.CharField())
    verdict = serializers.CharField()
    failing_conditions = serializers.DictField(child=serializers.ListField(child=serializers.CharField()))


class TransitionSerializer(serializers.Serializer):
    status = serializers.CharField()
    reason = serializers.CharField(required=False, allow_blank=True, default="")
