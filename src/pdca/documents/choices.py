"""Controlled documents: types and their numbering, revision workflow, approval policies."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class DocumentType(models.TextChoices):
    POLICY = "policy", _("Policy")
    MANUAL = "manual", _("Manual")
    PROCEDURE = "procedure", _("Procedure")
    WORK_INSTRUCTION = "work_instruction", _("Work instruction")
    FORM = "form", _("Form")
    SPECIFICATION = "specification", _("Specification")
    EXTERNAL = "external", _("External document")


# Default number prefixes (POL-0001, QP-0004); an organisation may set its own in its settings.
TYPE_PREFIXES = {
    DocumentType.POLICY: "POL",
    DocumentType.MANUAL: "QM",
    DocumentType.PROCEDURE: "QP",
    DocumentType.WORK_INSTRUCTION: "WI",
    DocumentType.FORM: "F",
    DocumentType.SPECIFICATION: "SPEC",
    DocumentType.EXTERNAL: "EXT",
}


class Confidentiality(models.TextChoices):
    PUBLIC = "public", _("Public")
    INTERNAL = "internal", _("Internal")
    CONFIDENTIAL = "confidential", _("Confidential")


class RevisionStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    IN_REVIEW = "in_review", _("In review")
    APPROVED = "approved", _("Approved")
    EFFECTIVE = "effective", _("Effective")
    SUPERSEDED = "superseded", _("Superseded")
    OBSOLETE = "obsolete", _("Obsolete")


REVISION_TRANSITIONS = {
    RevisionStatus.DRAFT: {RevisionStatus.IN_REVIEW, RevisionStatus.OBSOLETE},
    RevisionStatus.IN_REVIEW: {RevisionStatus.DRAFT, RevisionStatus.APPROVED, RevisionStatus.OBSOLETE},
    RevisionStatus.APPROVED: {RevisionStatus.EFFECTIVE, RevisionStatus.DRAFT, RevisionStatus.OBSOLETE},
    RevisionStatus.EFFECTIVE: {RevisionStatus.SUPERSEDED, RevisionStatus.OBSOLETE},
    RevisionStatus.SUPERSEDED: set(),
    RevisionStatus.OBSOLETE: set(),
}
# A document has at most one of these at a time: the revision being worked on.
OPEN_STATUSES = (RevisionStatus.DRAFT, RevisionStatus.IN_REVIEW, RevisionStatus.APPROVED)
# Revisions past these have been in use: kept for 7.5.3, never deleted.
DELETABLE_STATUSES = (RevisionStatus.DRAFT, RevisionStatus.IN_REVIEW)


class DocumentStatus(models.TextChoices):
    """The document's status, derived from its revisions (kept on the row for the register's filters)."""

    DRAFT = "draft", _("Draft")
    IN_REVIEW = "in_review", _("In review")
    APPROVED = "approved", _("Approved")
    EFFECTIVE = "effective", _("Effective")
    UNDER_REVISION = "under_revision", _("Effective, under revision")
    OBSOLETE = "obsolete", _("Obsolete")


class MasterListStatus(models.TextChoices):
    QUEUED = "queued", _("Waiting for the background worker")
    RUNNING = "running", _("Being drawn")
    DONE = "done", _("Ready")
    FAILED = "failed", _("Failed")


class ApprovalMethod(models.TextChoices):
    RECORDED = "recorded", _("Recorded approval")
    ELECTRONIC = "electronic", _("Electronic signature")


class Meaning(models.TextChoices):
    APPROVED = "approved", _("Approved")
    REVIEWED = "reviewed", _("Reviewed")
    AUTHORED = "authored", _("Authored")


class ParticipantRole(models.TextChoices):
    REVIEWER = "reviewer", _("Reviewer")
    APPROVER = "approver", _("Approver")


class ReviewOutcome(models.TextChoices):
    CONFIRMED = "confirmed", _("Confirmed as current")
    REVISION_STARTED = "revision_started", _("New revision started")


# Organisation settings (Organisation.settings["documents"]) with these defaults.
DEFAULT_APPROVAL = {
    DocumentType.POLICY: ApprovalMethod.ELECTRONIC,
    DocumentType.MANUAL: ApprovalMethod.ELECTRONIC,
    DocumentType.PROCEDURE: ApprovalMethod.ELECTRONIC,
    DocumentType.WORK_INSTRUCTION: ApprovalMethod.RECORDED,
    DocumentType.FORM: ApprovalMethod.RECORDED,
    DocumentType.SPECIFICATION: ApprovalMethod.RECORDED,
    DocumentType.EXTERNAL: ApprovalMethod.RECORDED,
}
ACKNOWLEDGE_WITHIN_DAYS = 14
APPROVE_WITHIN_DAYS = 10


# Search entries of confidential documents and of revisions not in use carry this permission: only the
# roles that read revisions and confidential documents find them (documents/rules.py).
SEARCH_RESTRICTED = "documents.search_restricted"
