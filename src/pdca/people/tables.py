from django.utils.translation import gettext_lazy as _

from pdca.core.tables import Table
from pdca.people.models import Competence, JobRole, PersonCompetence, RoleRequirement, Training

TRAINING_BADGES = {
    "planned": "badge text-bg-primary",
    "completed": "badge text-bg-warning",
    "evaluated": "badge text-bg-success",
    "cancelled": "badge text-bg-secondary",
}


class JobRoleTable(Table):
    model = JobRole
    columns = ["name", "process", "purpose"]
    select_related = ["process"]


class CompetenceTable(Table):
    model = Competence
    columns = ["name", "category", "requalify_months"]


class RoleRequirementTable(Table):
    model = RoleRequirement
    columns = ["role", "competence", "required_level", "note"]
    select_related = ["role", "competence"]


class PersonCompetenceTable(Table):
    model = PersonCompetence
    columns = ["person", "competence", "level", "evidence_kind", "assessed_on", "valid_until"]
    select_related = ["person", "competence"]

    def css(self, obj, column, value):
        if column == "valid_until" and value is not None and value < self._today():
            return "badge text-bg-danger"
        return ""

    def _today(self):
        if not hasattr(self, "_day"):
            from django.utils import timezone

            self._day = timezone.localdate()
        return self._day


class TrainingTable(Table):
    model = Training
    columns = ["number", "title", "kind", "planned_on", "owner", "status", "completed_on", "evaluate_by"]
    select_related = ["owner"]
    labels = {"owner": _("Organiser")}

    def css(self, obj, column, value):
        return TRAINING_BADGES.get(obj.status, "") if column == "status" else ""
