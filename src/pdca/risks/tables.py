from django.utils.translation import gettext_lazy as _

from pdca.core.tables import Table
from pdca.risks.models import Risk, RiskEvaluation

BAND_BADGES = {
    "low": "badge band-low",
    "medium": "badge band-medium",
    "high": "badge band-high",
    "critical": "badge band-critical",
}
STATUS_BADGES = {
    "open": "badge text-bg-primary",
    "in_treatment": "badge text-bg-info",
    "treated": "badge text-bg-success",
    "closed": "badge text-bg-secondary",
}
EFFECTIVENESS_BADGES = {
    "effective": "badge text-bg-success",
    "partly": "badge text-bg-warning",
    "not_effective": "badge text-bg-danger",
}


class RiskTable(Table):
    model = Risk
    columns = [
        "number",
        "title",
        "kind",
        "owner",
        "score",
        "band_label",
        "residual_score",
        "residual_band_label",
        "status",
        "review_date",
        "evaluation_state",
    ]
    select_related = ["owner"]
    labels = {
        "band_label": _("Band"),
        "residual_score": _("Residual"),
        "residual_band_label": _("Residual band"),
        "evaluation_state": _("Effectiveness"),
    }

    @classmethod
    def prepare(cls, queryset):
        from pdca.risks.selectors import with_evaluation_due

        return with_evaluation_due(super().prepare(queryset))

    def css(self, obj, column, value):
        if column == "band_label":
            return BAND_BADGES.get(obj.band or "", "")
        if column == "residual_band_label":
            return BAND_BADGES.get(obj.residual_band or "", "")
        if column == "status":
            return STATUS_BADGES.get(obj.status, "")
        if column == "evaluation_state":
            return "badge text-bg-warning" if getattr(obj, "evaluation_due", False) else ""
        return ""


class RiskEvaluationTable(Table):
    model = RiskEvaluation
    columns = [
        "risk",
        "evaluated_on",
        "effectiveness",
        "residual_likelihood",
        "residual_impact",
        "residual_score",
        "evaluated_by",
    ]
    select_related = ["risk", "evaluated_by"]
    labels = {"risk": _("Risk or opportunity")}

    def css(self, obj, column, value):
        return EFFECTIVENESS_BADGES.get(obj.effectiveness, "") if column == "effectiveness" else ""
