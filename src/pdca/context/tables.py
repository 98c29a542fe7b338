from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from pdca.context.models import (
    ClimateDetermination,
    ComplianceCheck,
    ContextIssue,
    InterestedParty,
    LegalRequirement,
    PartyRequirement,
)
from pdca.core.tables import Table

RESULT_BADGES = {
    "compliant": "badge text-bg-success",
    "partly": "badge text-bg-warning",
    "not_compliant": "badge text-bg-danger",
}
EFFECT_BADGES = {
    "positive": "badge text-bg-success",
    "negative": "badge text-bg-danger",
    "both": "badge text-bg-info",
}
OVERDUE = "text-danger fw-semibold"


def _past(day) -> bool:
    return day is not None and day < timezone.localdate()


class ContextIssueTable(Table):
    model = ContextIssue
    columns = ["number", "title", "direction", "category", "effect", "climate_related", "owner", "review_date"]
    select_related = ["owner"]
    labels = {"effect_on_qms": _("Effect on the QMS")}

    def css(self, obj, column, value):
        if column == "effect":
            return EFFECT_BADGES.get(obj.effect, "")
        if column == "climate_related" and obj.climate_related:
            return "badge text-bg-success"
        if column == "review_date" and _past(obj.review_date):
            return OVERDUE
        return ""


class ClimateDeterminationTable(Table):
    model = ClimateDetermination
    columns = ["decided_on", "relevant", "decided_by", "rationale"]
    select_related = ["decided_by"]

    def css(self, obj, column, value):
        return "badge text-bg-primary" if column == "relevant" else ""


class InterestedPartyTable(Table):
    model = InterestedParty
    columns = ["number", "name", "category", "requirement_count", "climate_count", "owner", "review_date"]
    select_related = ["owner"]
    labels = {"requirement_count": _("Requirements"), "climate_count": _("Climate-related")}

    def css(self, obj, column, value):
        if column == "review_date" and _past(obj.review_date):
            return OVERDUE
        return "badge text-bg-success" if column == "climate_count" and value else ""


class PartyRequirementTable(Table):
    model = PartyRequirement
    columns = ["summary", "party", "climate_related", "how_addressed", "is_active"]
    select_related = ["party"]
    labels = {"summary": _("Requirement")}

    def css(self, obj, column, value):
        return "badge text-bg-success" if column == "climate_related" and obj.climate_related else ""


class LegalRequirementTable(Table):
    model = LegalRequirement
    columns = [
        "number",
        "title",
        "kind",
        "reference",
        "owner",
        "last_checked_on",
        "last_result",
        "next_check_date",
        "is_active",
    ]
    select_related = ["owner"]

    def css(self, obj, column, value):
        if column == "last_result":
            return RESULT_BADGES.get(obj.last_result, "")
        if column == "next_check_date" and obj.is_active and _past(obj.next_check_date):
            return OVERDUE
        return ""


class ComplianceCheckTable(Table):
    model = ComplianceCheck
    columns = ["checked_on", "legal_requirement", "result", "checked_by", "evidence", "notes"]
    select_related = ["legal_requirement", "checked_by", "evidence"]

    def css(self, obj, column, value):
        return RESULT_BADGES.get(obj.result, "") if column == "result" else ""
