from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from pdca.core.tables import Table
from pdca.suppliers.models import EvaluationCriterion, Scar, Supplier, SupplierCertificate, SupplierEvaluation

BAND_BADGES = {"good": "badge band-good", "acceptable": "badge band-acceptable", "poor": "badge band-poor"}
STATUS_BADGES = {
    "prospective": "badge text-bg-light border",
    "approved": "badge text-bg-success",
    "conditional": "badge text-bg-warning",
    "on_watch": "badge text-bg-info",
    "disqualified": "badge text-bg-danger",
}
SCAR_BADGES = {
    "issued": "badge text-bg-primary",
    "response_received": "badge text-bg-info",
    "verified": "badge text-bg-success",
    "closed": "badge text-bg-secondary",
}
OVERDUE = "text-danger fw-semibold"


class SupplierTable(Table):
    """The supplier list: latest score with its band in one badge, next evaluation red when overdue."""

    model = Supplier
    columns = ["number", "name", "supplies_summary", "tier", "status", "owner", "score_text", "next_evaluation_due"]
    select_related = ["owner"]
    labels = {"score_text": _("Latest score"), "tier": _("Tier"), "supplies_summary": _("What they supply")}

    def __init__(self, rows):
        super().__init__(rows)
        self.today = timezone.localdate()

    def css(self, obj, column, value):
        if column == "score_text":
            return BAND_BADGES.get(obj.latest_band, "")
        if column == "status":
            return STATUS_BADGES.get(obj.status, "")
        if column == "next_evaluation_due" and value is not None and value < self.today:
            return OVERDUE
        return ""


class SupplierExportTable(SupplierTable):
    labels = {**SupplierTable.labels, "latest_band": _("Band")}
    columns = [
        "number",
        "name",
        "supplies",
        "kind",
        "tier",
        "status",
        "owner",
        "contact_name",
        "contact_email",
        "latest_score",
        "latest_band",
        "last_evaluated_on",
        "next_evaluation_due",
    ]


class CertificateTable(Table):
    model = SupplierCertificate
    columns = ["standard", "supplier", "certificate_number", "issuer", "valid_until"]
    select_related = ["supplier"]

    def __init__(self, rows):
        super().__init__(rows)
        self.today = timezone.localdate()

    def css(self, obj, column, value):
        if column == "valid_until" and value < self.today:
            return "badge text-bg-danger"
        return ""


class CriterionTable(Table):
    model = EvaluationCriterion
    columns = ["name", "weight", "active", "position", "description"]


class EvaluationTable(Table):
    model = SupplierEvaluation
    columns = ["supplier", "period", "evaluated_on", "score", "band", "evaluated_by"]
    select_related = ["supplier", "evaluated_by"]

    def css(self, obj, column, value):
        return BAND_BADGES.get(obj.band, "") if column == "band" else ""


class ScarTable(Table):
    model = Scar
    columns = ["number", "supplier", "issued_on", "response_due", "status", "owner"]
    select_related = ["supplier", "owner"]
    labels = {"owner": _("Followed up by")}

    def css(self, obj, column, value):
        if column == "status":
            return SCAR_BADGES.get(obj.status, "")
        if column == "response_due" and obj.is_overdue:
            return OVERDUE
        return ""
