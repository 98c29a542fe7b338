from rest_framework import serializers

from pdca.core.api.base import OrgModelSerializer
from pdca.records.models import DisposalRequest, Record, RecordType


class RecordTypeSerializer(OrgModelSerializer):
    clause_keys = serializers.ListField(child=serializers.CharField(), required=False)

    class Meta:
        model = RecordType
        fields = ["id", "name", "description", "retention_period", "retention_unit", "clause_keys", "version"]
        validators = []  # the service and the database name a duplicate name


class LinkSerializer(serializers.Serializer):
    type = serializers.CharField(source="content_type.model", read_only=True)
    id = serializers.IntegerField(source="object_id", read_only=True)
    label = serializers.CharField(read_only=True)


class RecordSerializer(OrgModelSerializer):
    """A record. Filed with a multipart `file` (or `location` for a paper original); afterwards only
    `legal_hold` and `legal_hold_reason` may change: any other field is refused, by name."""

    file = serializers.FileField(write_only=True, required=False, help_text="The record's file (multipart).")
    clauses = serializers.ListField(
        child=serializers.CharField(), required=False, help_text="Clause keys; default: the type's clauses."
    )
    link = serializers.ListField(
        child=serializers.RegexField(r"^(person|action|assessment|document):\d+$"),
        required=False,
        write_only=True,
        help_text='What the record is evidence about: "person:12", "action:40", "assessment:3", "document:7".',
    )
    links = LinkSerializer(many=True, read_only=True)
    corrects = serializers.PrimaryKeyRelatedField(queryset=Record.objects.all(), required=False, allow_null=True)

    class Meta:
        model = Record
        fields = [
            "id",
            "number",
            "title",
            "record_type",
            "record_date",
            "description",
            "location",
            "file",
            "file_name",
            "file_type",
            "file_size",
            "file_sha256",
            "clauses",
            "link",
            "links",
            "corrects",
            "retain_until",
            "legal_hold",
            "legal_hold_reason",
            "status",
            "disposed_at",
            "version",
        ]
        read_only_fields = [
            "number",
            "file_name",
            "file_type",
            "file_size",
            "file_sha256",
            "retain_until",
            "status",
            "disposed_at",
        ]

    def to_representation(self, instance):
        data = super().to_representation(instance)
        data["clauses"] = sorted(tag.key for tag in instance.clause_tags.all())
        return data


class DisposalRequestSerializer(OrgModelSerializer):
    records = serializers.PrimaryKeyRelatedField(queryset=Record.objects.all(), many=True)

    class Meta:
        model = DisposalRequest
        fields = [
            "id",
            "number",
            "reason",
            "records",
            "status",
            "requested_by",
            "decided_by",
            "decided_at",
            "decision_note",
            "version",
        ]
        read_only_fields = ["number", "status", "requested_by", "decided_by", "decided_at", "decision_note"]

    def get_fields(self):
        # OrgModelSerializer limits single choices to the organisation; a many=True field wraps its own.
        fields = super().get_fields()
        fields["records"].child_relation.queryset = Record.objects.filter(organisation=self.context.get("org"))
        return fields


class DecisionSerializer(serializers.Serializer):
    note = serializers.CharField(required=False, allow_blank=True, default="")
