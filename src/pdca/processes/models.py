"""Processes (4.4): the process register, its SIPOC/turtle fields, and which process feeds which."""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericRelation
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from pdca.core.models import OrgScopedModel
from pdca.processes.choices import Importance, ProcessStatus, ProcessType


class Process(OrgScopedModel):
    """One process of the QMS with what a turtle diagram shows about it.

    `owner` answers for it; `members` are the people who work in it (an internal auditor may audit
    neither kind, issue 7). KPIs and risks point here from their own apps. A process is written as a
    draft and approved into the register (status "active"); `approved_version` is the version that was
    approved, so a later edit shows as "changed since approval" until somebody approves it again.
    """

    number = models.CharField(_("number"), max_length=30)
    name = models.CharField(_("name"), max_length=200)
    process_type = models.CharField(_("type"), max_length=20, choices=ProcessType.choices, default=ProcessType.CORE)
    status = models.CharField(
        _("status"), max_length=20, choices=ProcessStatus.choices, default=ProcessStatus.DRAFT, editable=False
    )
    importance = models.PositiveSmallIntegerField(
        _("importance"), choices=Importance.choices, default=Importance.MEDIUM
    )
    owner = models.ForeignKey(
        "core.Person", on_delete=models.PROTECT, related_name="owned_processes", verbose_name=_("owner")
    )
    members = models.ManyToManyField(
        "core.Person", blank=True, related_name="processes", verbose_name=_("people working in it")
    )
    sites = models.ManyToManyField(
        "core.Site", blank=True, related_name="+", verbose_name=_("sites"), help_text=_("Empty: every site.")
    )
    purpose = models.TextField(_("purpose"), blank=True)
    inputs = models.TextField(_("inputs"), blank=True)
    outputs = models.TextField(_("outputs"), blank=True)
    suppliers = models.TextField(_("suppliers (who provides the inputs)"), blank=True)
    customers = models.TextField(_("customers (who receives the outputs)"), blank=True)
    resources = models.TextField(_("resources (equipment, infrastructure, environment)"), blank=True)
    competences = models.TextField(_("people and competences"), blank=True)
    criteria = models.TextField(
        _("criteria and monitoring"),
        blank=True,
        help_text=_("How the process is controlled and checked: acceptance criteria, checks, what is measured."),
    )
    documents = models.ManyToManyField(
        "documents.Document", blank=True, related_name="processes", verbose_name=_("methods (documents)")
    )
    next_review_date = models.DateField(
        _("next review"), null=True, blank=True, help_text=_("When the owner next reviews how the process performs.")
    )
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
        verbose_name=_("approved by"),
    )
    approved_at = models.DateTimeField(_("approved"), null=True, blank=True, editable=False)
    approved_version = models.PositiveIntegerField(_("approved version"), null=True, blank=True, editable=False)
    clause_tags = GenericRelation("core.ClauseTag")

    # The approval stamp is written by the workflow, whose transition entry in the trail carries it.
    trail_ignore = OrgScopedModel.trail_ignore | {"approved_by", "approved_at", "approved_version"}

    class Meta:
        ordering = ["number"]
        verbose_name = _("process")
        verbose_name_plural = _("processes")
        constraints = [
            models.UniqueConstraint(fields=["organisation", "number"], name="process_unique_number"),
            models.UniqueConstraint(fields=["organisation", "name"], name="process_unique_name"),
        ]
        indexes = [
            models.Index(fields=["organisation", "process_type", "number"], name="process_org_type"),
            models.Index(fields=["organisation", "owner", "status"], name="process_org_owner"),
            models.Index(fields=["organisation", "status", "number"], name="process_org_status"),
            models.Index(fields=["organisation", "status", "next_review_date"], name="process_org_review"),
            # The map: the most important processes in use first, read in index order up to its limit.
            models.Index(fields=["organisation", "status", "-importance", "number"], name="process_org_map"),
            # "Changed since approval" compares two columns: counted from this index alone, not the table.
            models.Index(fields=["organisation", "status", "approved_version", "version"], name="process_org_approval"),
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.name}"

    def get_absolute_url(self) -> str:
        return reverse("processes:process_detail", kwargs={"org_slug": self.organisation.slug, "pk": self.pk})

    @property
    def changed_since_approval(self) -> bool:
        """Approved, then edited: the register shows it until the change is approved too."""
        return (
            self.status == ProcessStatus.ACTIVE and bool(self.approved_version) and self.version > self.approved_version
        )


class ProcessInteraction(OrgScopedModel):
    """An output of one process that is an input of another (an arrow of the process map)."""

    source = models.ForeignKey(Process, on_delete=models.CASCADE, related_name="outgoing", verbose_name=_("from"))
    target = models.ForeignKey(Process, on_delete=models.CASCADE, related_name="incoming", verbose_name=_("to"))
    description = models.CharField(_("what flows"), max_length=300)

    class Meta:
        ordering = ["source_id", "target_id", "id"]
        verbose_name = _("process interaction")
        verbose_name_plural = _("process interactions")
        constraints = [
            models.UniqueConstraint(fields=["source", "target", "description"], name="interaction_unique"),
            models.CheckConstraint(condition=~models.Q(source=models.F("target")), name="interaction_not_self"),
        ]
        indexes = [
            models.Index(fields=["organisation", "source", "target", "id"], name="interaction_org_source"),
            models.Index(fields=["organisation", "target"], name="interaction_org_target"),
        ]

    def __str__(self) -> str:
        return f"{self.source.name} → {self.target.name}: {self.description}"

    def get_absolute_url(self) -> str:
        return self.source.get_absolute_url()
