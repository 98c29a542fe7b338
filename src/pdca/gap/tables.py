from django.utils.translation import gettext_lazy as _

from pdca.core.tables import Table
from pdca.gap.models import Applicability, Assessment

STATUS_BADGES = {
    "draft": "badge text-bg-secondary",
    "in_progress": "badge text-bg-primary",
    "under_review": "badge text-bg-warning",
    "completed": "badge text-bg-success",
    "archived": "badge text-bg-light border",
}


class AssessmentTable(Table):
    model = Assessment
    columns = ["number", "title", "standard", "assessed_on", "status", "readiness"]
    select_related = ["standard"]
    labels = {"readiness": _("Readiness (when completed)")}

    @staticmethod
    def value(obj, column):
        if column == "readiness":
            value = (obj.results or {}).get("readiness")
            return f"{value:.0f} %" if value is not None else None
        return Table.value(obj, column)

    def css(self, obj, column, value):
        return STATUS_BADGES.get(obj.status, "") if column == "status" else ""


class ApplicabilityTable(Table):
    model = Applicability
    columns = ["requirement", "requirement.clause.number", "justification", "accepted_by_cb"]
    select_related = ["requirement", "requirement__clause"]
    labels = {"requirement.clause.number": _("Clause"), "requirement": _("Requirement not applicable")}
