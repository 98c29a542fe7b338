from rest_framework import serializers

from pdca.context.choices import ManagementSystem
from pdca.context.models import (
    ClimateDetermination,
    ComplianceCheck,
    ContextIssue,
    InterestedParty,
    LegalRequirement,
    PartyRequirement,
    QmsScope,
)
from pdca.core.api.base import OrgModelSerializer
from pdca.core.models import OrgScopedModel


class OrgManySerializer(OrgModelSerializer):
    """Also limits many-to-many choices (processes, sites) to the organisation."""

    def get_fields(self):
        fields = super().get_fields()
        org = self.context.get("org")
        for field in fields.values():
            child = getattr(field, "child_relation", None)
            queryset = getattr(child, "queryset", None)
            if queryset is not None and issubclass(queryset.model, OrgScopedModel):
                child.queryset = queryset.filter(organisation=org)
        return fields


class ClausesMixin(serializers.Serializer):
    clauses = serializers.SerializerMethodField(help_text="Clause keys the row is tagged with.")

    def get_clauses(self, obj) -> list[str]:
        return sorted(tag.key for tag in obj.clause_tags.all())


class ContextIssueSerializer(ClausesMixin, OrgModelSerializer):
    """An internal or external issue; the category must fit the direction (PESTLE and market outside)."""

    number = serializers.CharField(read_only=True)

    class Meta:
        model = ContextIssue
        fields = [
            "id",
            "number",
            "title",
            "direction",
            "category",
            "climate_related",
            "description",
            "effect",
            "effect_on_qms",
            "owner",
            "review_date",
            "is_active",
            "clauses",
            "version",
        ]
        validators = []


class ClimateDeterminationSerializer(OrgModelSerializer):
    """Whether climate change is a relevant issue; recorded, never changed. `decided_by` defaults to you."""

    decided_on = serializers.DateField(required=False, help_text="Default: today.")

    class Meta:
        model = ClimateDetermination
        fields = ["id", "relevant", "rationale", "decided_on", "decided_by", "version"]
        extra_kwargs = {"decided_by": {"required": False}, "relevant": {"required": True}}


class InterestedPartySerializer(ClausesMixin, OrgModelSerializer):
    number = serializers.CharField(read_only=True)

    class Meta:
        model = InterestedParty
        fields = ["id", "number", "name", "category", "description", "owner", "review_date", "clauses", "version"]
        validators = []  # the database names a duplicate name


class PartyRequirementSerializer(OrgManySerializer):
    class Meta:
        model = PartyRequirement
        fields = ["id", "party", "requirement", "climate_related", "how_addressed", "processes", "is_active", "version"]


class LegalRequirementSerializer(ClausesMixin, OrgManySerializer):
    """A legal or other requirement (a compliance obligation in ISO 14001/45001 terms). The last result and
    check date follow its compliance checks; the next check date moves with each check."""

    number = serializers.CharField(read_only=True)
    last_result = serializers.CharField(
        read_only=True,
        help_text="The latest check's result (compliant, partly, not_compliant); empty if never checked.",
    )
    systems = serializers.ListField(
        child=serializers.ChoiceField(choices=ManagementSystem.choices),
        required=False,
        help_text="The management systems it belongs to; default quality.",
    )

    class Meta:
        model = LegalRequirement
        fields = [
            "id",
            "number",
            "title",
            "reference",
            "kind",
            "issuer",
            "jurisdiction",
            "source_url",
            "applicability",
            "systems",
            "owner",
            "how_complied",
            "processes",
            "check_interval_months",
            "next_check_date",
            "last_checked_on",
            "last_result",
            "is_active",
            "clauses",
            "version",
        ]
        read_only_fields = ["last_checked_on", "last_result"]
        validators = []


class ComplianceCheckSerializer(OrgModelSerializer):
    """One compliance check of a requirement; `evidence` is a filed record's id. `checked_by` defaults to you."""

    class Meta:
        model = ComplianceCheck
        fields = ["id", "legal_requirement", "checked_on", "result", "notes", "checked_by", "evidence", "version"]
        extra_kwargs = {"checked_by": {"required": False}}


class NotApplicableSerializer(serializers.Serializer):
    key = serializers.CharField(source="requirement.key")
    justification = serializers.CharField()
    may_be_not_applicable = serializers.BooleanField(source="requirement.may_be_not_applicable")


class QmsScopeSerializer(OrgManySerializer):
    """The organisation's QMS scope. The not-applicable list is the gap app's (read here; change it through
    /gap/applicability/). `check` says whether the effective scope document still matches."""

    not_applicable = serializers.SerializerMethodField()
    check = serializers.SerializerMethodField()

    class Meta:
        model = QmsScope
        fields = [
            "id",
            "statement",
            "products_services",
            "sites",
            "boundaries",
            "owner",
            "standard",
            "document",
            "not_applicable",
            "check",
            "version",
        ]
        extra_kwargs = {"standard": {"required": False}}

    def get_fields(self):
        from pdca.standards.selectors import standards_for

        fields = super().get_fields()
        fields["standard"].queryset = standards_for(self.context.get("org"))
        return fields

    def get_not_applicable(self, scope) -> list[dict]:
        return NotApplicableSerializer(self.context["decisions"], many=True).data

    def get_check(self, scope) -> dict:
        check = self.context["check"]
        return {
            "state": check.state,
            "in_step": check.in_step,
            "differences": check.differences,
            "problems": check.problems,
            "not_allowed": [d.requirement.key for d in check.not_allowed],
            "pending_revision": check.pending.pk if check.pending else None,
        }


class LegalImportSerializer(serializers.Serializer):
    file = serializers.FileField(help_text="The legal register as .xlsx or .csv (columns as in the page's template).")
