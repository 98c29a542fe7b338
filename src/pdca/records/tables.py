from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from pdca.core.tables import Table
from pdca.records.models import DisposalRequest, Record, RecordType

STATUS_BADGES = {
    "filed": "badge text-bg-success",
    "disposal_requested": "badge text-bg-warning",
    "disposed": "badge text-bg-dark",
    "pending": "badge text-bg-warning",
    "approved": "badge text-bg-dark",
    "rejected": "badge text-bg-secondary",
}


class RecordTable(Table):
    model = Record
    columns = ["number", "title", "record_type", "record_date", "retain_until", "status", "legal_hold"]
    select_related = ["record_type"]

    def css(self, obj, column, value):
        if column == "status":
            return STATUS_BADGES.get(obj.status, "")
        past = obj.status != "disposed" and obj.retain_until < timezone.localdate()
        if column == "retain_until" and past:
            return "text-danger fw-semibold"
        return "badge text-bg-danger" if column == "legal_hold" and obj.legal_hold else ""


class RecordTypeTable(Table):
    model = RecordType
    columns = ["name", "retention", "default_clauses", "description"]
    labels = {"retention": _("Kept for"), "default_clauses": _("Default clauses")}


class DisposalRequestTable(Table):
    model = DisposalRequest
    columns = ["number", "status", "reason", "requested_by", "created_at", "decided_by", "decided_at"]
    select_related = ["requested_by", "decided_by"]
    labels = {"created_at": _("Requested")}

    def css(self, obj, column, value):
        return STATUS_BADGES.get(obj.status, "") if column == "status" else ""
