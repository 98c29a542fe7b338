"""Demo documents for Harrow: the starter documents adopted and signed, and about two dozen more in every
state of the workflow (draft, in review, approved for a later date, effective, under revision, superseded,
obsolete, a signature voided by an edit, a review overdue), with readers who have and have not acknowledged.
Idempotent: a document whose title exists is left alone."""

import datetime

from django.utils import timezone

from pdca.core import trail
from pdca.core.choices import Role
from pdca.core.demo import DEMO_PASSWORD
from pdca.documents import services, starters
from pdca.documents.models import Document

# (title, type, owner, state, Markdown)
DOCUMENTS = [
    ("CNC machine start-up and warm-up", "work_instruction", "production", "effective", "Run the spindle warm-up."),
    ("Setting a work offset on the Haas VF-2", "work_instruction", "production", "superseded", "Probe, then set G54."),
    ("First-off inspection", "work_instruction", "quality", "under_revision", "Measure every dimension."),
    ("CMM programme verification", "work_instruction", "Joseph Adeyemi", "effective", "Verify against the master."),
    ("Deburring and edge break", "work_instruction", "production", "in_review", "Break edges 0.2-0.5 mm."),
    ("Hydraulic manifold pressure test", "work_instruction", "Paul Kershaw", "effective", "Test at 1.5 x rated."),
    ("Assembly torque settings", "work_instruction", "Paul Kershaw", "void", "M8: 25 Nm, M10: 49 Nm."),
    ("Coolant concentration check", "work_instruction", "Martin Gale", "overdue", "Refractometer, 6-8 %."),
    ("Packing and labelling for dispatch", "work_instruction", "Beverley Crook", "effective", "One label per box."),
    ("Manual deburring with the old bench grinder", "work_instruction", "production", "obsolete", "Grinder retired."),
    ("Goods-in inspection", "procedure", "auditor", "approved", "Check the certificate of conformity."),
    ("Calibration of measuring equipment", "procedure", "Joseph Adeyemi", "effective", "Every gauge on the list."),
    ("Purchasing and supplier approval", "procedure", "auditor", "draft", "Approve before the first order."),
    ("Customer complaints", "procedure", "Olivia Grant", "effective", "Log every complaint the same day."),
    ("Competence and training", "procedure", "Laura Kemp", "in_review", "Keep the matrix current."),
    ("Nonconformance report", "form", "quality", "effective", "| Part | Fault | Disposition |\n|---|---|---|"),
    ("First article inspection report", "form", "quality", "effective", "| Characteristic | Result |\n|---|---|"),
    ("Training record", "form", "Laura Kemp", "superseded", "| Course | Date | Trainer |\n|---|---|---|"),
    ("Supplier evaluation", "form", "auditor", "draft", "| Criterion | Score |\n|---|---|"),
    ("Gauge calibration label", "form", "Joseph Adeyemi", "effective", "Gauge, due date, initials."),
    ("Hydraulic manifold HM-220 drawing notes", "specification", "production", "effective", "Rev C drawing notes."),
    ("ISO 2768-1 general tolerances", "external", "quality", "effective", "External standard, held in the office."),
    ("Customer quality manual (Northern Hydraulics)", "external", "quality", "effective", "Supplier requirements."),
]
STARTER_OWNERS = {"quality-policy": "md", "quality-objectives": "opsdirector", "qms-scope": "quality"}
WRITERS = {"policy": "md", "manual": "md", "procedure": "quality"}  # who signs; other types: production approves


def load_demo(org, people) -> None:
    existing = set(Document.objects.filter(organisation=org).values_list("title", flat=True))
    with trail.acting(None, source="demo"):
        for starter in starters.all_starters():
            if starter.title not in existing:
                owner = people[STARTER_OWNERS.get(starter.name, "quality")]
                document = starters.copy_into_register(starter, org=org, by=None, owner=owner)
                _advance(document, "effective", people)
        for title, doc_type, owner, state, text in DOCUMENTS:
            if title not in existing:
                data = {"title": title, "doc_type": doc_type, "owner": people[owner]}
                document = services.document_create(org=org, data=data, by=None, markdown=f"# {title}\n\n{text}\n")
                _advance(document, state, people)


def _advance(document, state: str, people) -> None:
    revision = document.revisions.get()
    readers = [Role.EMPLOYEE, Role.PROCESS_OWNER] if document.doc_type != "policy" else list(Role.values)
    services.revision_update(revision, data={"audience_roles": readers}, by=None)
    if state == "draft":
        return
    _submit(revision, document, people)
    if state == "in_review":
        services.revision_comment(revision, text="Please add a photo of the set-up.", by=people["leadauditor"].user)
        return
    _approve(revision, document, people)
    if state == "void":
        services.revision_return(revision, by=None, reason="The M10 torque was wrong.")
        services.revision_update(revision, data={"markdown": revision.markdown + "\nM12: 85 Nm.\n"}, by=None)
        return
    later = timezone.localdate() + datetime.timedelta(days=14) if state == "approved" else None
    services.revision_make_effective(revision, by=None, effective_date=later)
    _after_publication(document, revision, state, people)


def _after_publication(document, revision, state: str, people) -> None:
    if revision.status != "effective":
        return
    services.acknowledgement_record(revision, by=people["operator"].user)
    if state in ("superseded", "under_revision"):
        second = services.revision_create(document=document, by=None, change_summary="Updated after the audit.")
        if state == "superseded":
            _submit(second, document, people)
            _approve(second, document, people)
            services.revision_make_effective(second, by=None)
    elif state == "obsolete":
        services.revision_withdraw(revision, by=people["quality"].user, reason="The bench grinder was scrapped.")
    elif state == "overdue":
        Document.objects.filter(pk=document.pk).update(next_review_date=timezone.localdate() - datetime.timedelta(9))


def _signer(document, people):
    return people[WRITERS.get(document.doc_type, "production")]


def _submit(revision, document, people) -> None:
    services.revision_submit(
        revision, approvers=[_signer(document, people)], reviewers=[people["leadauditor"]], by=None
    )


def _approve(revision, document, people) -> None:
    signer = _signer(document, people)
    if services.approval_policy(document.organisation)[document.doc_type] == "electronic":
        services.revision_sign(revision, by=signer.user, password=DEMO_PASSWORD, meaning="approved")
    else:
        services.revision_approve(revision, by=signer.user)
