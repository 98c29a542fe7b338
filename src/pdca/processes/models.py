"""Processes (4.4): the process register, its SIPOC/turtle fields, and which process feeds which."""

from django.contrib.contenttypes.fields import GenericRelation
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from pdca.core.models import OrgScopedModel
from pdca.processes.choices import Importance, ProcessStatus, ProcessType


class Process(OrgScopedModel):
    """One process of the QMS with what a turtle diagram shows about it.

    `owner` answers for it; `members` are the people who work in it (an internal auditor may audit
    neither kind, issue 7). KPIs and risks point here from their own apps.
    """

    number = models.CharField(_("number"), max_length=30)
    name = models.CharField(_("name"), max_length=200)
    process_type = models.CharField(_("type"), max_length=20, choices=ProcessType.choices, default=ProcessType.CORE)
    status = models.CharField(_("status"), max_length=20, choices=ProcessStatus.choices, default=ProcessStatus.ACTIVE)
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
    documents = models.ManyToManyField(
        "documents.Document", blank=True, related_name="processes", verbose_name=_("methods (documents)")
    )
    clause_tags = GenericRelation("core.ClauseTag")

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
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.name}"

    def get_absolute_url(self) -> str:
        return reverse("processes:process_detail", kwargs={"org_slug": self.organisation.slug, "pk": self.pk})


class ProcessInteraction(OrgScopedModel):
    """An output of one process that is an input of another (an arrow of the process map)."""

    source = models.ForeignKey(Process, on_delete=models.CASCADE, related_name="outgoing", verbose_name=_("from"))
    target = models.ForeignKey(Process, on_delete=models.CASCADE, related_name="incoming", verbose_name=_("to"))
    description = models.CharField(_("what flows"), max_length=300)

    class Meta:
        ordering = ["source", "target", "id"]
        verbose_name = _("process interaction")
        verbose_name_plural = _("process interactions")
        constraints = [
            models.UniqueConstraint(fields=["source", "target", "description"], name="interaction_unique"),
            models.CheckConstraint(condition=~models.Q(source=models.F("target")), name="interaction_not_self"),
        ]
        indexes = [models.Index(fields=["organisation", "source"], name="interaction_org_source")]

    def __str__(self) -> str:
        return f"{self.source.name} → {self.target.name}: {self.description}"

    def get_absolute_url(self) -> str:
        return self.source.get_absolute_url()
