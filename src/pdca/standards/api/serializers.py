from rest_framework import serializers

from pdca.standards.models import Clause, Requirement, Standard


class StandardSerializer(serializers.ModelSerializer):
    shipped = serializers.BooleanField(source="is_shipped", read_only=True)

    class Meta:
        model = Standard
        fields = ["id", "slug", "code", "edition", "title", "amendments", "discipline", "shipped"]


class ClauseSerializer(serializers.ModelSerializer):
    class Meta:
        model = Clause
        fields = ["id", "number", "title", "key", "parent", "depth", "is_specific"]


class RequirementSerializer(serializers.ModelSerializer):
    clause = serializers.CharField(source="clause.number", read_only=True)
    standard = serializers.CharField(source="standard.slug", read_only=True)

    class Meta:
        model = Requirement
        fields = [
            "id",
            "key",
            "standard",
            "clause",
            "text",
            "guidance",
            "evidence",
            "documented_information",
            "extent_necessary",
            "may_be_not_applicable",
            "is_key",
            "weight",
            "climate",
        ]
