from rest_framework import serializers

from pdca.core.api.base import OrgModelSerializer
from pdca.core.choices import Role
from pdca.core.models import Person
from pdca.documents.choices import Meaning
from pdca.documents.models import Acknowledgement, Document, DocumentRevision, Signature


class DocumentSerializer(OrgModelSerializer):
    number = serializers.CharField(required=False, help_text="Given by type (QP-0004) unless you keep an existing one.")
    clauses = serializers.ListField(
        child=serializers.CharField(), required=False, write_only=True, help_text="Clause keys the document addresses."
    )

    class Meta:
        model = Document
        fields = [
            "id",
            "number",
            "title",
            "doc_type",
            "owner",
            "sites",
            "review_interval_months",
            "next_review_date",
            "confidentiality",
            "status",
            "current_revision",
            "clauses",
            "version",
        ]
        read_only_fields = ["next_review_date", "status", "current_revision"]


class RevisionSerializer(OrgModelSerializer):
    file_name = serializers.CharField(source="file.filename", read_only=True, default=None)
    audience_roles = serializers.ListField(child=serializers.ChoiceField(choices=Role.choices), required=False)

    class Meta:
        model = DocumentRevision
        fields = [
            "id",
            "document",
            "label",
            "status",
            "markdown",
            "file_name",
            "content_hash",
            "change_summary",
            "effective_date",
            "review_due",
            "audience_roles",
            "audience_sites",
            "version",
        ]
        read_only_fields = ["status", "content_hash", "effective_date", "review_due"]
        extra_kwargs = {"label": {"required": False}}
        validators = []  # the services check a label is unique per document, naming the field


class SignatureSerializer(serializers.ModelSerializer):
    signer = serializers.CharField(source="person.name", read_only=True)
    is_valid = serializers.BooleanField(read_only=True)

    class Meta:
        model = Signature
        fields = ["id", "revision", "person", "signer", "signed_at", "meaning", "method", "content_hash", "is_valid"]


class AcknowledgementSerializer(serializers.ModelSerializer):
    class Meta:
        model = Acknowledgement
        fields = ["id", "revision", "person", "acknowledged_at"]
        read_only_fields = ["person", "acknowledged_at"]


class _People(serializers.PrimaryKeyRelatedField):
    def get_queryset(self):
        return Person.objects.filter(organisation=self.context.get("org"))


class SubmitSerializer(serializers.Serializer):
    approvers = _People(many=True, queryset=Person.objects.all())
    reviewers = _People(many=True, queryset=Person.objects.all(), required=False, default=list)
    due_date = serializers.DateField(required=False, allow_null=True, default=None)
    reason = serializers.CharField(required=False, allow_blank=True, default="")


class CommentSerializer(serializers.Serializer):
    text = serializers.CharField()


class ApproveSerializer(serializers.Serializer):
    meaning = serializers.ChoiceField(choices=Meaning.choices, default=Meaning.APPROVED)


class SignSerializer(ApproveSerializer):
    password = serializers.CharField(write_only=True, trim_whitespace=False, help_text="The signer's own password.")


class PublishSerializer(serializers.Serializer):
    effective_date = serializers.DateField(required=False, allow_null=True, default=None)
    reason = serializers.CharField(required=False, allow_blank=True, default="")


class ReasonSerializer(serializers.Serializer):
    reason = serializers.CharField()


class UploadSerializer(serializers.Serializer):
    file = serializers.FileField()


class EmptySerializer(serializers.Serializer):
    pass
