from rest_framework import serializers

from pdca.core.api.base import OrgModelSerializer
from pdca.suppliers.choices import Band, ScarStatus, SupplierStatus
from pdca.suppliers.models import EvaluationCriterion, Scar, Supplier, SupplierCertificate, SupplierEvaluation

STATUSES = ", ".join(SupplierStatus.values)
SCAR_STATUSES = ", ".join(ScarStatus.values)
BANDS = ", ".join(Band.values)


class SupplierSerializer(OrgModelSerializer):
    """A supplier. `status` changes through the `transition` action; `latest_score` (0–100), `latest_band`,
    `last_evaluated_on` and `next_evaluation_due` follow its evaluations and the settings."""

    # Plain text (values listed) rather than enums: several apps have a "status", and one shared enum name
    # per field name would collide in the schema.
    status = serializers.CharField(read_only=True, help_text=STATUSES)
    latest_band = serializers.CharField(read_only=True, help_text=f"{BANDS}, or empty before any evaluation.")

    class Meta:
        model = Supplier
        fields = [
            "id",
            "number",
            "name",
            "supplies",
            "kind",
            "tier",
            "status",
            "owner",
            "processes",
            "contact_name",
            "contact_email",
            "contact_phone",
            "address",
            "website",
            "notes",
            "approved_on",
            "last_evaluated_on",
            "latest_score",
            "latest_band",
            "next_evaluation_due",
            "version",
        ]
        read_only_fields = [
            "number",
            "status",
            "approved_on",
            "last_evaluated_on",
            "latest_score",
            "latest_band",
            "next_evaluation_due",
        ]


class SupplierTransitionSerializer(serializers.Serializer):
    status = serializers.CharField(max_length=20, help_text=f"The new status: {STATUSES}.")
    reason = serializers.CharField(max_length=500)


class CertificateSerializer(OrgModelSerializer):
    class Meta:
        model = SupplierCertificate
        fields = [
            "id",
            "supplier",
            "standard",
            "certificate_number",
            "issuer",
            "scope",
            "valid_from",
            "valid_until",
            "version",
        ]


class CriterionSerializer(OrgModelSerializer):
    """A criterion; the active criteria's weights must total 100 % after every write."""

    class Meta:
        model = EvaluationCriterion
        fields = ["id", "name", "description", "weight", "active", "position", "version"]


class ScoreSerializer(serializers.Serializer):
    criterion = serializers.IntegerField(help_text="An evaluation criterion (id).")
    score = serializers.IntegerField(help_text="1 (poor) to 5 (excellent); checked by the service.")
    weight = serializers.IntegerField(read_only=True, help_text="The criterion's weight when the evaluation was made.")


class EvaluationSerializer(OrgModelSerializer):
    """An evaluation: `scores` gives a 1–5 score per active criterion; `score` is the weighted 0–100 total."""

    scores = ScoreSerializer(many=True, required=False, write_only=True)
    band = serializers.CharField(read_only=True, help_text=BANDS)

    class Meta:
        model = SupplierEvaluation
        fields = [
            "id",
            "supplier",
            "period",
            "evaluated_on",
            "evaluated_by",
            "comment",
            "scores",
            "score",
            "band",
            "version",
        ]
        read_only_fields = ["score", "band"]

    def to_representation(self, instance):
        data = super().to_representation(instance)
        data["scores"] = [
            {"criterion": s.criterion_id, "score": s.score, "weight": s.weight} for s in instance.scores.all()
        ]
        return data


class ScarSerializer(OrgModelSerializer):
    status = serializers.CharField(read_only=True, help_text=SCAR_STATUSES)

    class Meta:
        model = Scar
        fields = [
            "id",
            "number",
            "supplier",
            "evaluation",
            "problem",
            "owner",
            "issued_on",
            "response_due",
            "status",
            "response",
            "response_received_on",
            "verification",
            "verified_on",
            "closed_on",
            "version",
        ]
        read_only_fields = [
            "number",
            "status",
            "response",
            "response_received_on",
            "verification",
            "verified_on",
            "closed_on",
        ]
        extra_kwargs = {"response_due": {"required": False}}


class ScarTransitionSerializer(serializers.Serializer):
    status = serializers.CharField(max_length=20, help_text=f"The next step: {SCAR_STATUSES}.")
    text = serializers.CharField(required=False, allow_blank=True, default="", help_text="Response or verification.")
    on = serializers.DateField(required=False, allow_null=True, default=None)
    reason = serializers.CharField(required=False, allow_blank=True, default="", max_length=500)


class SupplierImportSerializer(serializers.Serializer):
    file = serializers.FileField(help_text="The supplier list, .xlsx or .csv, columns as in the page's template.")


class TrendPointSerializer(serializers.Serializer):
    evaluated_on = serializers.DateField()
    period = serializers.CharField()
    score = serializers.FloatField()
