"""Controlled documents (7.5): documents, their revisions, approvals and signatures, read-and-understood."""

import uuid

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from pdca.core.models import OrgScopedModel
from pdca.documents.choices import (
    ApprovalMethod,
    Confidentiality,
    DocumentStatus,
    DocumentType,
    MasterListStatus,
    Meaning,
    ParticipantRole,
    ReviewOutcome,
    RevisionStatus,
)


class Document(OrgScopedModel):
    """A controlled document: its identity, owner and review cycle. Its content lives in revisions.

    `status` and `current_revision` are derived from the revisions by the services and kept here so
    the register filters and shows them without a join per row.
    """

    number = models.CharField(_("number"), max_length=40)
    title = models.CharField(_("title"), max_length=300)
    doc_type = models.CharField(_("type"), max_length=20, choices=DocumentType.choices)
    owner = models.ForeignKey(
        "core.Person", on_delete=models.PROTECT, related_name="owned_documents", verbose_name=_("owner")
    )
    sites = models.ManyToManyField(
        "core.Site", blank=True, related_name="+", verbose_name=_("sites"), help_text=_("Empty: every site.")
    )
    review_interval_months = models.PositiveSmallIntegerField(_("review every (months)"), default=12)
    next_review_date = models.DateField(_("next review"), null=True, blank=True)
    confidentiality = models.CharField(
        _("confidentiality"), max_length=20, choices=Confidentiality.choices, default=Confidentiality.INTERNAL
    )
    status = models.CharField(
        _("status"), max_length=20, choices=DocumentStatus.choices, default=DocumentStatus.DRAFT, editable=False
    )
    current_revision = models.ForeignKey(
        "DocumentRevision",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
        verbose_name=_("effective revision"),
    )

    class Meta:
        ordering = ["number"]
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        constraints = [models.UniqueConstraint(fields=["organisation", "number"], name="document_unique_number")]
        indexes = [
            models.Index(fields=["organisation", "doc_type", "number"], name="document_org_type"),
            # The register's usual filter (a type, in use): counted and paged from the index alone.
            models.Index(fields=["organisation", "doc_type", "status", "number"], name="document_org_type_status"),
            models.Index(fields=["organisation", "status", "number"], name="document_org_status"),
            models.Index(fields=["organisation", "owner"], name="document_org_owner"),
            models.Index(fields=["organisation", "next_review_date"], name="document_org_review"),
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("documents:document_detail", kwargs={"org_slug": self.organisation.slug, "pk": self.pk})


class DocumentRevision(OrgScopedModel):
    """One version of a document's content: Markdown written in pdca, or an uploaded file.

    Signatures are bound to `content_hash` (SHA-256 of the Markdown or the file): a signature whose
    hash no longer matches is void. At most one revision of a document is effective (constraint).
    """

    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="revisions")
    label = models.CharField(_("revision"), max_length=20)
    status = models.CharField(_("status"), max_length=20, choices=RevisionStatus.choices, default=RevisionStatus.DRAFT)
    markdown = models.TextField(_("content (Markdown)"), blank=True)
    file = models.ForeignKey(
        "core.Attachment", on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("file")
    )
    content_hash = models.CharField(_("content hash (SHA-256)"), max_length=64, blank=True, editable=False)
    change_summary = models.TextField(_("what changed"), blank=True)
    effective_date = models.DateField(_("effective from"), null=True, blank=True)
    review_due = models.DateField(_("review due"), null=True, blank=True)
    audience_roles = models.JSONField(_("roles asked to acknowledge"), default=list, blank=True)
    audience_sites = models.ManyToManyField(
        "core.Site", blank=True, related_name="+", verbose_name=_("sites asked to acknowledge")
    )

    class Meta:
        ordering = ["document", "-id"]
        verbose_name = _("document revision")
        verbose_name_plural = _("document revisions")
        constraints = [
            models.UniqueConstraint(fields=["document", "label"], name="revision_unique_label"),
            models.UniqueConstraint(
                fields=["document"], condition=models.Q(status="effective"), name="revision_one_effective"
            ),
        ]
        indexes = [
            models.Index(fields=["organisation", "status", "-id"], name="revision_org_status"),
            models.Index(fields=["document", "status"], name="revision_document_status"),
        ]

    def __str__(self) -> str:
        return f"{self.document.number} rev. {self.label}"

    def get_absolute_url(self) -> str:
        return reverse("documents:documentrevision_detail", kwargs={"org_slug": self.organisation.slug, "pk": self.pk})

    @property
    def is_current(self) -> bool:
        return self.status == RevisionStatus.EFFECTIVE


class Participant(OrgScopedModel):
    """A person named on a revision submitted for review: a reviewer comments, an approver approves."""

    revision = models.ForeignKey(DocumentRevision, on_delete=models.CASCADE, related_name="participants")
    person = models.ForeignKey("core.Person", on_delete=models.PROTECT, related_name="+", verbose_name=_("person"))
    role = models.CharField(_("role"), max_length=10, choices=ParticipantRole.choices)

    class Meta:
        ordering = ["role", "id"]
        verbose_name = _("reviewer or approver")
        verbose_name_plural = _("reviewers and approvers")
        constraints = [
            models.UniqueConstraint(fields=["revision", "person", "role"], name="participant_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.person} ({self.get_role_display()})"

    def get_absolute_url(self) -> str:
        return self.revision.get_absolute_url()


class Signature(OrgScopedModel):
    """An approval of a revision: recorded, or an electronic signature given with the signer's password.

    Never changed after it is made. Valid while the revision's content hash equals the hash signed.
    """

    revision = models.ForeignKey(DocumentRevision, on_delete=models.CASCADE, related_name="signatures")
    person = models.ForeignKey("core.Person", on_delete=models.PROTECT, related_name="+", verbose_name=_("signer"))
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+", verbose_name=_("login")
    )
    signed_at = models.DateTimeField(_("signed at"))
    meaning = models.CharField(_("meaning"), max_length=20, choices=Meaning.choices)
    method = models.CharField(_("method"), max_length=20, choices=ApprovalMethod.choices)
    content_hash = models.CharField(_("content hash signed"), max_length=64)

    class Meta:
        ordering = ["signed_at", "id"]
        verbose_name = _("approval or signature")
        verbose_name_plural = _("approvals and signatures")
        indexes = [models.Index(fields=["organisation", "revision"], name="signature_org_revision")]

    def __str__(self) -> str:
        return f"{self.person} · {self.get_meaning_display()} · {self.revision}"

    def get_absolute_url(self) -> str:
        return self.revision.get_absolute_url()

    @property
    def is_valid(self) -> bool:
        return self.content_hash == self.revision.content_hash


class ReviewComment(OrgScopedModel):
    """A reviewer's comment on a revision in review."""

    revision = models.ForeignKey(DocumentRevision, on_delete=models.CASCADE, related_name="comments")
    person = models.ForeignKey("core.Person", on_delete=models.PROTECT, related_name="+", verbose_name=_("by"))
    text = models.TextField(_("comment"))

    class Meta:
        ordering = ["id"]
        verbose_name = _("review comment")
        verbose_name_plural = _("review comments")

    def __str__(self) -> str:
        return f"{self.person}: {self.text[:60]}"

    def get_absolute_url(self) -> str:
        return self.revision.get_absolute_url()


class Acknowledgement(OrgScopedModel):
    """Read and understood: asked of a person when a revision becomes effective, done when they confirm."""

    revision = models.ForeignKey(DocumentRevision, on_delete=models.CASCADE, related_name="acknowledgements")
    person = models.ForeignKey("core.Person", on_delete=models.CASCADE, related_name="+", verbose_name=_("person"))
    acknowledged_at = models.DateTimeField(_("acknowledged at"), null=True, blank=True)

    class Meta:
        ordering = ["person__name"]
        verbose_name = _("acknowledgement")
        verbose_name_plural = _("acknowledgements")
        constraints = [models.UniqueConstraint(fields=["revision", "person"], name="acknowledgement_unique")]
        indexes = [models.Index(fields=["organisation", "person", "acknowledged_at"], name="ack_org_person")]

    def __str__(self) -> str:
        return f"{self.person} · {self.revision}"

    def get_absolute_url(self) -> str:
        return self.revision.document.get_absolute_url()


class PeriodicReview(OrgScopedModel):
    """A periodic review of a document: confirmed as current, or a new revision started."""

    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="reviews")
    outcome = models.CharField(_("outcome"), max_length=20, choices=ReviewOutcome.choices)
    reviewed_by = models.ForeignKey("core.Person", on_delete=models.PROTECT, related_name="+", verbose_name=_("by"))
    reviewed_on = models.DateField(_("date"))
    note = models.TextField(_("note"), blank=True)
    revision = models.ForeignKey(DocumentRevision, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")

    class Meta:
        ordering = ["-reviewed_on", "-id"]
        verbose_name = _("periodic review")
        verbose_name_plural = _("periodic reviews")

    def __str__(self) -> str:
        return f"{self.document.number} · {self.reviewed_on}"

    def get_absolute_url(self) -> str:
        return self.document.get_absolute_url()


def master_list_path(instance: "MasterListJob", filename: str) -> str:
    return f"org-{instance.organisation_id}/master-lists/{uuid.uuid4().hex}.pdf"


class MasterListJob(OrgScopedModel):
    """A document master list PDF asked for from the register: drawn by a background task, which records
    its progress here, then kept for download by those who may see it (never served directly).

    Bookkeeping of a report, not QMS content: it is not in the trail, and old ones are pruned.
    """

    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,  # the system (CLI), or a login since deleted
        related_name="+",
        verbose_name=_("asked for by"),
    )
    filters = models.JSONField(_("register filters"), default=dict, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=MasterListStatus.choices, default=MasterListStatus.QUEUED
    )
    done = models.PositiveIntegerField(_("documents drawn"), default=0)
    total = models.PositiveIntegerField(_("documents"), default=0)
    file = models.FileField(_("file"), upload_to=master_list_path, max_length=300, blank=True)
    error = models.TextField(_("error"), blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    trail_disabled = True

    class Meta:
        ordering = ["-id"]
        verbose_name = _("master list")
        verbose_name_plural = _("master lists")
        indexes = [models.Index(fields=["organisation", "-id"], name="masterlist_org_id")]

    def __str__(self) -> str:
        return (
            f"{_('Document master list')} {self.created_at:%Y-%m-%d %H:%M}"
            if self.created_at
            else str(_("Document master list"))
        )

    def get_absolute_url(self) -> str:
        return reverse("documents:master_list_job", kwargs={"org_slug": self.organisation.slug, "pk": self.pk})

    @property
    def finished(self) -> bool:
        return self.status in (MasterListStatus.DONE, MasterListStatus.FAILED)

    @property
    def percent(self) -> int:
        return 100 if self.status == MasterListStatus.DONE else (100 * self.done // self.total if self.total else 0)
