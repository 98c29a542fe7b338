from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from pdca.core.tables import Table
from pdca.documents.models import Document, DocumentRevision

STATUS_BADGES = {
    "draft": "badge text-bg-secondary",
    "in_review": "badge text-bg-warning",
    "approved": "badge text-bg-info",
    "effective": "badge text-bg-success",
    "under_revision": "badge text-bg-success",
    "superseded": "badge text-bg-light border",
    "obsolete": "badge text-bg-dark",
}


class DocumentTable(Table):
    model = Document
    columns = ["number", "title", "doc_type", "current_revision.label", "status", "owner", "next_review_date"]
    select_related = ["owner", "current_revision"]
    labels = {"current_revision.label": _("Effective revision")}

    @classmethod
    def prepare(cls, queryset):
        # The register shows the effective revision's label only: its content can be long.
        return super().prepare(queryset).defer("current_revision__markdown", "current_revision__change_summary")

    def css(self, obj, column, value):
        if column == "status":
            return STATUS_BADGES.get(obj.status, "")
        if column == "next_review_date" and obj.current_revision_id and value and value < timezone.localdate():
            return "text-danger fw-semibold"
        return ""


class RevisionTable(Table):
    model = DocumentRevision
    columns = ["document", "label", "status", "effective_date", "review_due", "change_summary"]
    select_related = ["document"]
    labels = {"document": _("Document")}

    def css(self, obj, column, value):
        return STATUS_BADGES.get(obj.status, "") if column == "status" else ""
