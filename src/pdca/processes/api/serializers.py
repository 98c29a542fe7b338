from rest_framework import serializers

from pdca.core.api.base import OrgModelSerializer
from pdca.core.models import Person, Site
from pdca.documents.models import Document
from pdca.processes.choices import ProcessStatus
from pdca.processes.models import Process, ProcessInteraction


class ProcessSerializer(OrgModelSerializer):
    """A process of the register with its turtle. Created as a draft; the status changes through
    `transition` (approve, retire, reinstate, back to draft), never by writing it."""

    number = serializers.CharField(
        required=False, max_length=30, help_text="PRC-0001… unless you keep an existing number (on creation only)."
    )
    clauses = serializers.ListField(
        child=serializers.CharField(), required=False, help_text="Clause keys the process addresses."
    )
    changed_since_approval = serializers.BooleanField(read_only=True)

    class Meta:
        model = Process
        fields = [
            "id",
            "number",
            "name",
            "process_type",
            "status",
            "importance",
            "owner",
            "members",
            "sites",
            "purpose",
            "suppliers",
            "inputs",
            "outputs",
            "customers",
            "resources",
            "competences",
            "documents",
            "criteria",
            "next_review_date",
            "clauses",
            "approved_by",
            "approved_at",
            "approved_version",
            "changed_since_approval",
            "version",
        ]
        read_only_fields = ["status", "approved_by", "approved_at", "approved_version"]
        validators = []  # the services and the database name a duplicate number or name

    def get_fields(self):
        # OrgModelSerializer limits single choices to the organisation; a many=True field wraps its own.
        fields = super().get_fields()
        org = self.context.get("org")
        for name, model in (("members", Person), ("sites", Site), ("documents", Document)):
            fields[name].child_relation.queryset = model.objects.filter(organisation=org)
        return fields

    def to_representation(self, instance):
        data = super().to_representation(instance)
        data["clauses"] = sorted(tag.key for tag in instance.clause_tags.all())
        return data


class ProcessTransitionSerializer(serializers.Serializer):
    status = serializers.ChoiceField(
        choices=ProcessStatus.choices,
        help_text="active: approve (a draft, a retired process, or the changes to an approved one); "
        "retired: retire; draft: back to draft for a redesign.",
    )
    reason = serializers.CharField(required=False, allow_blank=True, default="")


class ProcessInteractionSerializer(OrgModelSerializer):
    """An output of `source` that `target` takes in; a process cannot feed itself."""

    class Meta:
        model = ProcessInteraction
        fields = ["id", "source", "target", "description", "version"]
        validators = []  # the service names a duplicate and a process feeding itself


class ProcessImportSerializer(serializers.Serializer):
    file = serializers.FileField(help_text="The process list, .xlsx or .csv, in the columns of the register's export.")


class ImportCellErrorSerializer(serializers.Serializer):
    row = serializers.IntegerField(allow_null=True)
    column = serializers.CharField()
    value = serializers.CharField(allow_null=True)
    message = serializers.CharField()


class ProcessImportErrorsSerializer(serializers.Serializer):
    errors = ImportCellErrorSerializer(many=True)


class ProcessImportResultSerializer(serializers.Serializer):
    created = serializers.ListField(child=serializers.DictField())
