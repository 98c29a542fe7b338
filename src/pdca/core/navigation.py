"""The main navigation: the four steps of certification, plus the organisation's own pages.

Apps add their entries to STEPS here, so the menu shows what exists and nothing that does not.
"""

from dataclasses import dataclass

from django.urls import reverse
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Entry:
    label: str
    url_name: str
    perm: str | None = None  # a permission on the organisation, or None for every member


@dataclass(frozen=True)
class Step:
    label: str
    entries: tuple[Entry, ...]


STEPS = (
    Step(
        _("Gap analysis"),
        (
            Entry(_("Assessments"), "gap:assessment_list"),
            Entry(_("Not applicable"), "gap:applicability_list"),
            Entry(_("Compare"), "gap:compare"),
            Entry(_("Standards catalogue"), "standards:catalogue"),
        ),
    ),
    Step(
        _("QMS"),
        (
            Entry(_("Document register"), "documents:document_list"),
            Entry(_("Documents to read"), "documents:to_read"),
            Entry(_("Revisions and approvals"), "documents:documentrevision_list", "documents.view_documentrevision"),
            Entry(_("Document reviews due"), "documents:reviews_due"),
            Entry(_("Starter documents"), "documents:starters", "documents.add_document"),
            Entry(_("Mandatory documented information"), "documents:mandatory", "documents.view_document"),
            Entry(_("Record register"), "records:record_list", "records.view_record"),
            Entry(_("Record disposal"), "records:disposalrequest_list", "records.view_disposalrequest"),
            Entry(_("Record types and retention"), "records:recordtype_list", "records.view_recordtype"),
            Entry(_("People"), "core:person_list"),
            Entry(_("Sites"), "core:site_list"),
        ),
    ),
    Step(
        _("Planning"),
        (
            Entry(_("Context issues"), "context:contextissue_list", "context.view_contextissue"),
            Entry(_("Interested parties"), "context:interestedparty_list", "context.view_interestedparty"),
            Entry(_("Legal and other requirements"), "context:legalrequirement_list", "context.view_legalrequirement"),
            Entry(_("QMS scope"), "context:scope", "context.view_qmsscope"),
            Entry(_("Process register"), "processes:process_list", "processes.view_process"),
            Entry(_("Process map"), "processes:map", "processes.view_process"),
            Entry(_("Risks and opportunities"), "risks:risk_list", "risks.view_risk"),
            Entry(_("Risk heat map"), "risks:heat_map", "risks.view_risk"),
            Entry(_("Quality policy"), "objectives:policy", "objectives.view_policycommitment"),
            Entry(_("Quality objectives"), "objectives:qualityobjective_list", "objectives.view_qualityobjective"),
            Entry(_("KPIs"), "objectives:kpi_list", "objectives.view_kpi"),
        ),
    ),
    Step(
        _("Support & operation"),
        (
            # people
            Entry(_("Competence matrix"), "people:matrix", "people.view_personcompetence"),
            Entry(_("Trainings"), "people:training_list", "people.view_training"),
            Entry(_("Job roles and competences"), "people:jobrole_list", "people.view_jobrole"),
            Entry(_("Awareness"), "people:awareness", "people.view_objectiveawareness"),
            # suppliers
            Entry(_("Suppliers"), "suppliers:supplier_list"),
            Entry(_("Supplier evaluations"), "suppliers:supplierevaluation_list", "suppliers.view_supplierevaluation"),
            Entry(_("SCARs"), "suppliers:scar_list", "suppliers.view_scar"),
            Entry(_("Supplier certificates"), "suppliers:suppliercertificate_list"),
            Entry(
                _("Supplier evaluation criteria"),
                "suppliers:evaluationcriterion_list",
                "suppliers.view_evaluationcriterion",
            ),
            Entry(_("Supplier settings"), "suppliers:settings", "suppliers.change_settings"),
            # customers
            Entry(_("Customers"), "customers:customer_list", "customers.view_customer"),
            Entry(_("Customer feedback and complaints"), "customers:feedback_list", "customers.view_feedback"),
            Entry(_("Satisfaction surveys"), "customers:survey_list", "customers.view_survey"),
            # equipment
            Entry(_("Equipment and calibration"), "equipment:equipment_list", "equipment.view_equipment"),
            Entry(_("Calibrations"), "equipment:calibrationrecord_list", "equipment.view_calibrationrecord"),
            Entry(_("Maintenance plans"), "equipment:maintenanceplan_list", "equipment.view_maintenanceplan"),
        ),
    ),
    Step(_("Audits & improvement"), (Entry(_("Action register"), "core:action_list"),)),
    Step(_("Certification"), ()),
    Step(
        _("Organisation"),
        (
            Entry(_("Settings"), "core:org_settings", "core.change_organisation"),
            Entry(_("Gap analysis settings"), "gap:settings", "gap.change_settings"),
            Entry(_("Document approval and numbering"), "documents:settings", "documents.change_settings"),
            Entry(_("Members and roles"), "core:membership_list", "core.view_membership"),
            Entry(_("Audit trail"), "core:trail", "core.view_trail"),
            Entry(_("Import a catalogue"), "standards:catalogue_import", "standards.add_standard"),
        ),
    ),
)


# Functions (request, org) -> HTML or "" that put an app's summary on the organisation's home page.
DASHBOARD_CARDS = ["pdca.gap.views.dashboard_card"]


def navigation_for(request, org) -> list[dict]:
    user, current = request.user, request.path
    steps = []
    for step in STEPS:
        entries = []
        for entry in step.entries:
            if entry.perm and not user.has_perm(entry.perm, org):
                continue
            url = reverse(entry.url_name, kwargs={"org_slug": org.slug})
            entries.append({"label": entry.label, "url": url, "active": current.startswith(url)})
        steps.append({"label": step.label, "entries": entries})
    # Only the closest entry is the current one: /records/types/ is under the register's /records/ too.
    matches = [e for step in steps for e in step["entries"] if e["active"]]
    for entry in matches:
        entry["active"] = len(entry["url"]) == max(len(m["url"]) for m in matches)
    return steps
