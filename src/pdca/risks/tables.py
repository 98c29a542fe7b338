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
    """The register's page: score and band in one badge, so the row stays readable on a laptop."""

    model = Risk
    columns = [
        "number",
        "title",
        "kind",
        "owner",
        "score_text",
        "residual_text",
        "status",
        "review_date",
        "evaluation_state",
    ]
    select_related = ["owner"]
    labels = {"score_text": _("Score"), "residual_text": _("Residual"), "evaluation_state": _("Effectiveness")}

    def css(self, obj, column, value):
        if column in ("band_label", "score_text"):
            return BAND_BADGES.get(obj.band or "", "")
        if column in ("residual_band_label", "residual_text"):
            return BAND_BADGES.get(obj.residual_band or "", "")
        if column == "status":
            return STATUS_BADGES.get(obj.status, "")
        if column == "evaluation_state":
            return "badge text-bg-warning" if obj.evaluation_due else ""
        return ""


class RiskExportTable(RiskTable):
    """The register in CSV and Excel: numbers and band names in columns of their own, for sorting there."""

    columns = [
        "number",
        "title",
        "kind",
        "owner",
        "likelihood",
        "impact",
        "score",
        "band_label",
        "treatment",
        "residual_likelihood",
        "residual_impact",
        "residual_score",
        "residual_band_label",
        "status",
        "review_date",
        "last_evaluated_on",
        "evaluation_state",
    ]
    labels = {
        "band_label": _("Band"),
        "residual_band_label": _("Residual band"),
        "evaluation_state": _("Effectiveness"),
    }


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
