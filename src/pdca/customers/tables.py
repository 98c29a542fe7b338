from django.utils.translation import gettext_lazy as _

from pdca.core.tables import Table
from pdca.customers.models import Customer, Feedback, KpiFeed, Survey, SurveyQuestion, SurveyRound

FEEDBACK_STATUS_BADGES = {
    "received": "badge text-bg-primary",
    "acknowledged": "badge text-bg-info",
    "investigating": "badge text-bg-warning",
    "response_sent": "badge text-bg-success",
    "closed": "badge text-bg-secondary",
}
KIND_BADGES = {
    "complaint": "badge text-bg-danger",
    "warranty_claim": "badge text-bg-warning",
    "compliment": "badge text-bg-success",
    "suggestion": "badge text-bg-info",
}
SURVEY_BADGES = {
    "draft": "badge text-bg-light border",
    "open": "badge text-bg-success",
    "closed": "badge text-bg-secondary",
}


class CustomerTable(Table):
    model = Customer
    columns = ["number", "name", "sector", "contact_name", "account_owner", "is_active"]
    select_related = ["account_owner"]


class CustomerExportTable(CustomerTable):
    columns = ["number", "name", "sector", "contact_name", "contact_email", "phone", "account_owner", "is_active"]


class FeedbackTable(Table):
    """The feedback log: the kind and status as badges, the next due date in red once it has passed."""

    model = Feedback
    columns = ["number", "title", "kind", "customer.name", "received_on", "owner", "status", "due_text"]
    select_related = ["customer", "owner"]
    labels = {"customer.name": _("Customer"), "due_text": _("Next step due")}

    def css(self, obj, column, value):
        if column == "status":
            return FEEDBACK_STATUS_BADGES.get(obj.status, "")
        if column == "kind":
            return KIND_BADGES.get(obj.kind, "")
        if column == "due_text" and obj.is_overdue:
            return "text-danger fw-semibold"
        return ""


class SurveyTable(Table):
    model = Survey
    columns = ["title", "status", "created_at"]

    def css(self, obj, column, value):
        return SURVEY_BADGES.get(obj.status, "") if column == "status" else ""


class SurveyQuestionTable(Table):
    model = SurveyQuestion
    columns = ["text", "survey", "order", "kind", "is_csat", "required"]
    select_related = ["survey"]


class SurveyRoundTable(Table):
    model = SurveyRound
    columns = ["name", "survey", "sent_on", "closes_on", "invited", "answered"]
    select_related = ["survey"]


class KpiFeedTable(Table):
    model = KpiFeed
    columns = ["kpi", "metric", "survey", "is_active", "refreshed_at"]
    select_related = ["kpi", "survey"]
