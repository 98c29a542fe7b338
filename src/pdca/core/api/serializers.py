from rest_framework import serializers

from pdca.core.api.base import OrgModelSerializer
from pdca.core.models import Action, Person, Site, TrailEntry


class SiteSerializer(OrgModelSerializer):
    class Meta:
        model = Site
        fields = ["id", "name", "address", "headcount", "is_central_function", "version"]


class PersonSerializer(OrgModelSerializer):
    class Meta:
        model = Person
        fields = ["id", "name", "email", "job_title", "site", "manager", "is_active", "version"]


class ActionSerializer(OrgModelSerializer):
    number = serializers.CharField(required=False, help_text="Given by pdca (ACT-0001) unless you import one.")

    class Meta:
        model = Action
        fields = [
            "id",
            "number",
            "title",
            "description",
            "owner",
            "due_date",
            "priority",
            "status",
            "evidence",
            "completed_on",
            "version",
        ]
        read_only_fields = ["completed_on"]


class TrailEntrySerializer(serializers.ModelSerializer):
    object_type = serializers.CharField(source="content_type.model", read_only=True)

    class Meta:
        model = TrailEntry
        fields = [
            "id",
            "at",
            "actor",
            "actor_label",
            "source",
            "action",
            "object_type",
            "object_id",
            "object_label",
            "changes",
            "reason",
        ]
