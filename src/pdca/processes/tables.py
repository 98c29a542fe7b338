from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from pdca.core.tables import Table
from pdca.processes.models import Process, ProcessInteraction

STATUS_BADGES = {
    "draft": "badge text-bg-secondary",
    "active": "badge text-bg-success",
    "retired": "badge text-bg-dark",
}
TYPE_BADGES = {
    "management": "badge text-bg-primary",
    "core": "badge text-bg-success",
    "support": "badge text-bg-warning",
}


class ProcessTable(Table):
    model = Process
    columns = ["number", "name", "process_type", "owner", "importance", "status", "next_review_date"]
    select_related = ["owner"]

    @classmethod
    def prepare(cls, queryset):
        # The register shows one line per process: its long SIPOC texts stay in the database.
        long = ("purpose", "inputs", "outputs", "suppliers", "customers", "resources", "competences", "criteria")
        return super().prepare(queryset).defer(*long)

    def css(self, obj, column, value):
        if column == "status":
            return STATUS_BADGES.get(obj.status, "")
        if column == "process_type":
            return TYPE_BADGES.get(obj.process_type, "")
        if column == "next_review_date" and value and obj.status == "active" and value < timezone.localdate():
            return "text-danger fw-semibold"
        if column == "importance" and obj.importance == 3:
            return "fw-semibold"
        return ""


class ProcessInteractionTable(Table):
    model = ProcessInteraction
    columns = ["description", "source", "target"]
    select_related = ["source", "target"]
    labels = {"description": _("What flows")}

    @classmethod
    def prepare(cls, queryset):
        # Of the processes at either end, only what the cells show (their SIPOC texts can be long).
        ends = [f"{end}__{name}" for end in ("source", "target") for name in ("number", "name")]
        return super().prepare(queryset).only("organisation_id", "version", "description", *ends)


class ProcessExportTable(ProcessTable):
    """The register's download: every field of the turtle, in the columns the import reads (then status
    and review), so an exported register can be edited and imported elsewhere."""

    columns = [
        "number",
        "name",
        "process_type",
        "owner",
        "importance",
        "purpose",
        "inputs",
        "outputs",
        "suppliers",
        "customers",
        "resources",
        "competences",
        "criteria",
        "method_numbers",
        "member_names",
        "status",
        "next_review_date",
    ]
    labels = {"method_numbers": _("Methods (document numbers)"), "member_names": _("People working in it")}

    @classmethod
    def prepare(cls, queryset):
        return queryset.select_related("owner").prefetch_related("documents", "members")

    @staticmethod
    def value(obj, column: str):
        if column == "method_numbers":
            return ", ".join(sorted(d.number for d in obj.documents.all()))
        if column == "member_names":
            return "; ".join(sorted(p.name for p in obj.members.all()))
        return Table.value(obj, column)
