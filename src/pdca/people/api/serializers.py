from rest_framework import serializers

from pdca.core.api.base import OrgModelSerializer
from pdca.people.choices import Effectiveness
from pdca.people.models import Competence, JobRole, PersonCompetence, RoleRequirement, Training


class JobRoleSerializer(OrgModelSerializer):
    class Meta:
        model = JobRole
        fields = ["id", "name", "purpose", "process", "documents", "people", "version"]


class CompetenceSerializer(OrgModelSerializer):
    class Meta:
        model = Competence
        fields = ["id", "name", "category", "description", "requalify_months", "version"]


class RoleRequirementSerializer(OrgModelSerializer):
    class Meta:
        model = RoleRequirement
        fields = ["id", "role", "competence", "required_level", "note", "version"]


class PersonCompetenceSerializer(OrgModelSerializer):
    """A person's level (0–4) of a competence with its evidence; `valid_until` is the requalification
    date (from the competence's interval when not given)."""

    class Meta:
        model = PersonCompetence
        fields = [
            "id",
            "person",
            "competence",
            "level",
            "evidence_kind",
            "evidence",
            "record",
            "training",
            "assessed_on",
            "assessed_by",
            "valid_until",
            "version",
        ]
        read_only_fields = ["training"]


class AttendeeSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    person = serializers.IntegerField(source="person_id", read_only=True)
    attended = serializers.BooleanField(read_only=True, allow_null=True)
    effectiveness = serializers.CharField(read_only=True)
    level_reached = serializers.IntegerField(read_only=True, allow_null=True)
    evaluated_on = serializers.DateField(read_only=True, allow_null=True)


class TrainingSerializer(OrgModelSerializer):
    """A training TRN-nnnn; `status` moves through the actions complete / cancel / evaluate."""

    # The same 1–4 scale as a requirement's `required_level` (one enum in the schema, not two names for it).
    target_level = serializers.IntegerField(min_value=1, max_value=4, required=False, help_text="1–4, default 2.")

    class Meta:
        model = Training
        fields = [
            "id",
            "number",
            "title",
            "description",
            "kind",
            "provider",
            "owner",
            "competences",
            "documents",
            "target_level",
            "planned_on",
            "completed_on",
            "evaluate_by",
            "status",
            "record",
            "version",
        ]
        read_only_fields = ["number", "completed_on", "evaluate_by", "status"]


class AttendeesAddSerializer(serializers.Serializer):
    people = serializers.ListField(child=serializers.IntegerField(), help_text="Person ids.")


class TrainingCompleteSerializer(serializers.Serializer):
    completed_on = serializers.DateField(required=False, allow_null=True, default=None)
    evaluate_by = serializers.DateField(required=False, allow_null=True, default=None)
    absent = serializers.ListField(child=serializers.IntegerField(), required=False, default=list)


class TrainingCancelSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=500)


class AttendeeEvaluateSerializer(serializers.Serializer):
    attendee = serializers.IntegerField()
    effectiveness = serializers.ChoiceField(choices=Effectiveness.choices)
    level_reached = serializers.IntegerField(min_value=0, max_value=4, required=False, allow_null=True, default=None)
    comment = serializers.CharField(required=False, allow_blank=True, default="", max_length=2000)


class MatrixCellSerializer(serializers.Serializer):
    person = serializers.IntegerField()
    competence = serializers.IntegerField()
    required = serializers.IntegerField()
    level = serializers.IntegerField(allow_null=True)
    state = serializers.CharField()


class MatrixSerializer(serializers.Serializer):
    cells = MatrixCellSerializer(many=True, help_text="Only the cells that are required or held.")
    retraining = serializers.DictField(child=serializers.ListField(child=serializers.CharField()))
