"""Records (7.5.3): evidence that something happened, kept for a period set per record type, then
disposed of with approval. A filed record never changes; a correction is a new record."""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericRelation
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from pdca.core.models import OrgScopedModel
from pdca.records.choices import DisposalStatus, RecordStatus, RetentionUnit


class RecordType(OrgScopedModel):
    """A kind of record and how long the organisation keeps it (its retention settings)."""

    name = models.CharField(_("name"), max_length=100)
    description = models.TextField(_("description"), blank=True)
    retention_period = models.PositiveSmallIntegerField(
        _("kept for"), validators=[MinValueValidator(1), MaxValueValidator(1200)]
    )
    retention_unit = models.CharField(
        _("unit"), max_length=10, choices=RetentionUnit.choices, default=RetentionUnit.YEARS
    )
    clause_keys = models.JSONField(
        _("default clauses"), default=list, blank=True, help_text=_("Clause keys a new record of this type gets.")
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("record type")
        verbose_name_plural = _("record types")
        constraints = [models.UniqueConstraint(fields=["organisation", "name"], name="recordtype_unique_name")]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("records:recordtype_detail", kwargs={"org_slug": self.organisation.slug, "pk": self.pk})

    @property
    def retention_months(self) -> int:
        return self.retention_period * (12 if self.retention_unit == RetentionUnit.YEARS else 1)

    @property
    def retention(self) -> str:
        return f"{self.retention_period} {self.get_retention_unit_display()}"

    @property
    def default_clauses(self) -> str:
        return ", ".join(self.clause_keys)


class Record(OrgScopedModel):
    """One piece of evidence: a certificate, a report, minutes. Immutable once filed, except its legal hold.

    The file is the record's core Attachment; its name, size and SHA-256 are also kept here, so that
    after disposal the row remains as a tombstone saying what was there. `original` is the first
    record of a correction chain (every correction points at it), so the chain is one query.
    """

    number = models.CharField(_("number"), max_length=30)
    title = models.CharField(_("title"), max_length=300)
    record_type = models.ForeignKey(
        RecordType, on_delete=models.PROTECT, related_name="records", verbose_name=_("type")
    )
    record_date = models.DateField(_("date"), help_text=_("When the recorded event happened."))
    description = models.TextField(_("notes"), blank=True)
    location = models.CharField(
        _("paper original kept at"),
        max_length=300,
        blank=True,
        help_text=_("For records kept on paper: where the original is filed."),
    )
    file_name = models.CharField(_("file"), max_length=200, blank=True, editable=False)
    file_type = models.CharField(_("file type"), max_length=100, blank=True, editable=False)
    file_size = models.PositiveBigIntegerField(_("file size"), null=True, blank=True, editable=False)
    file_sha256 = models.CharField(_("file SHA-256"), max_length=64, blank=True, editable=False)
    corrects = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="corrections",
        verbose_name=_("corrects"),
    )
    original = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="+", editable=False
    )
    retain_until = models.DateField(_("keep until"), editable=False)
    legal_hold = models.BooleanField(
        _("legal hold"), default=False, help_text=_("Kept whatever its retention: it may be needed as evidence.")
    )
    legal_hold_reason = models.TextField(_("reason for the legal hold"), blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=RecordStatus.choices, default=RecordStatus.FILED, editable=False
    )
    filed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
        verbose_name=_("filed by"),
    )
    disposed_at = models.DateTimeField(_("disposed of"), null=True, blank=True, editable=False)
    clause_tags = GenericRelation("core.ClauseTag")  # for prefetching in lists; set through the services

    class Meta:
        ordering = ["-record_date", "-id"]
        verbose_name = _("record")
        verbose_name_plural = _("records")
        constraints = [models.UniqueConstraint(fields=["organisation", "number"], name="record_unique_number")]
        indexes = [
            models.Index(fields=["organisation", "-record_date", "-id"], name="record_org_date"),
            models.Index(fields=["organisation", "record_type", "-record_date"], name="record_org_type"),
            models.Index(fields=["organisation", "status", "retain_until"], name="record_org_retention"),
            models.Index(fields=["organisation", "original"], name="record_org_chain"),
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("records:record_detail", kwargs={"org_slug": self.organisation.slug, "pk": self.pk})


class RecordLink(OrgScopedModel):
    """A row the record is evidence about (a person, an action, a gap assessment, a document).

    `label` keeps what the row was called when linked, so the link still reads well if it is deleted.
    """

    record = models.ForeignKey(Record, on_delete=models.CASCADE, related_name="links")
    content_type = models.ForeignKey("contenttypes.ContentType", on_delete=models.CASCADE, related_name="+")
    object_id = models.PositiveBigIntegerField()
    label = models.CharField(_("linked to"), max_length=300)

    class Meta:
        ordering = ["id"]
        verbose_name = _("record link")
        verbose_name_plural = _("record links")
        constraints = [
            models.UniqueConstraint(fields=["record", "content_type", "object_id"], name="recordlink_unique")
        ]
        indexes = [models.Index(fields=["organisation", "content_type", "object_id"], name="recordlink_org_target")]

    def __str__(self) -> str:
        return self.label

    def get_absolute_url(self) -> str:
        return self.record.get_absolute_url()


class DisposalRequest(OrgScopedModel):
    """A request to dispose of records past their retention; one person asks, another approves."""

    number = models.CharField(_("number"), max_length=30)
    reason = models.TextField(_("reason"), blank=True)
    records = models.ManyToManyField(Record, related_name="disposal_requests", verbose_name=_("records"))
    status = models.CharField(
        _("status"), max_length=20, choices=DisposalStatus.choices, default=DisposalStatus.PENDING, editable=False
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
        editable=False,
        verbose_name=_("requested by"),
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
        verbose_name=_("decided by"),
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True, editable=False)
    decision_note = models.TextField(_("decision note"), blank=True, editable=False)

    class Meta:
        ordering = ["-id"]
        verbose_name = _("disposal request")
        verbose_name_plural = _("disposal requests")
        constraints = [models.UniqueConstraint(fields=["organisation", "number"], name="disposal_unique_number")]
        indexes = [models.Index(fields=["organisation", "status", "-id"], name="disposal_org_status")]

    def __str__(self) -> str:
        return self.number

    def get_absolute_url(self) -> str:
        return reverse("records:disposalrequest_detail", kwargs={"org_slug": self.organisation.slug, "pk": self.pk})
