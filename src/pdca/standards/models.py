"""The catalogue: standards (one row per edition) → clauses (a tree) → assessable requirements.

Requirements are identified across standards by a stable key named after their Harmonized-
Structure topic (hs.improvement.nonconformity.react); each edition gives them its own clause
number. Shipped catalogues are global (organisation is null) and read-only; an organisation's
own catalogue (customer-specific requirements) is private to it.
"""

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from pdca.standards.choices import DocumentedInformation, MappingRelation


class StandardQuerySet(models.QuerySet):
    def visible_to(self, org):
        return self.filter(Q(organisation__isnull=True) | Q(organisation=org))


class Standard(models.Model):
    """One edition of a standard, e.g. ISO 9001:2015 with Amd 1:2024, or a customer's requirements."""

    organisation = models.ForeignKey(
        "core.Organisation",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        help_text=_("Empty for the catalogues shipped with pdca."),
    )
    code = models.CharField(_("code"), max_length=40)
    edition = models.CharField(_("edition"), max_length=40)
    slug = models.SlugField(_("short name"), max_length=90)
    title = models.CharField(_("title"), max_length=300)
    amendments = models.JSONField(_("amendments"), default=list, blank=True)
    discipline = models.CharField(_("discipline"), max_length=40, blank=True)
    source_checksum = models.CharField(max_length=64, blank=True)
    loaded_at = models.DateTimeField(auto_now=True)

    objects = StandardQuerySet.as_manager()

    class Meta:
        ordering = ["code", "edition"]
        verbose_name = _("standard")
        verbose_name_plural = _("standards")
        constraints = [
            models.UniqueConstraint(
                fields=["slug"], condition=Q(organisation__isnull=True), name="standard_global_slug"
            ),
            models.UniqueConstraint(fields=["organisation", "slug"], name="standard_org_slug"),
        ]

    def __str__(self) -> str:
        title = (
            f"{self.code.upper().replace('ISO', 'ISO ')}:{self.edition}" if self.code.startswith("iso") else self.title
        )
        return title + (f" + {', '.join(self.amendments)}" if self.amendments else "")

    @property
    def is_shipped(self) -> bool:
        return self.organisation_id is None


class Clause(models.Model):
    """A numbered clause of one edition; `key` is its Harmonized-Structure topic (hs.context.scope)."""

    standard = models.ForeignKey(Standard, on_delete=models.CASCADE, related_name="clauses")
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.CASCADE, related_name="children")
    number = models.CharField(_("clause"), max_length=20)
    title = models.CharField(_("title"), max_length=300)
    key = models.CharField(_("key"), max_length=200)
    depth = models.PositiveSmallIntegerField(default=0)
    position = models.PositiveIntegerField(default=0, help_text=_("Order in the tree, depth first."))
    is_specific = models.BooleanField(
        _("specific to this standard"), default=False, help_text=_("Not part of the Harmonized Structure.")
    )

    class Meta:
        ordering = ["standard", "position"]
        verbose_name = _("clause")
        verbose_name_plural = _("clauses")
        constraints = [
            models.UniqueConstraint(fields=["standard", "key"], name="clause_unique_key"),
            models.UniqueConstraint(fields=["standard", "number"], name="clause_unique_number"),
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.title}"


class Requirement(models.Model):
    """One assessable obligation, in pdca's own words, with guidance for whoever assesses it."""

    standard = models.ForeignKey(Standard, on_delete=models.CASCADE, related_name="requirements")
    clause = models.ForeignKey(Clause, on_delete=models.CASCADE, related_name="requirements")
    key = models.CharField(_("key"), max_length=200)
    text = models.TextField(_("requirement"))
    guidance = models.JSONField(_("questions for the assessor"), default=list)
    evidence = models.JSONField(_("examples of evidence"), default=list)
    documented_information = models.CharField(
        _("documented information"),
        max_length=10,
        choices=DocumentedInformation.choices,
        default=DocumentedInformation.NONE,
    )
    extent_necessary = models.BooleanField(_("to the extent necessary"), default=False)
    may_be_not_applicable = models.BooleanField(_("may be not applicable"), default=False)
    is_key = models.BooleanField(
        _("key requirement"),
        default=False,
        help_text=_("Certification bodies treat its absence as a failure of the system."),
    )
    weight = models.PositiveSmallIntegerField(_("weight"), default=2)
    climate = models.BooleanField(_("climate-related"), default=False)
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["standard", "position"]
        verbose_name = _("requirement")
        verbose_name_plural = _("requirements")
        constraints = [
            models.UniqueConstraint(fields=["standard", "key"], name="requirement_unique_key"),
            models.CheckConstraint(condition=Q(weight__gte=1, weight__lte=3), name="requirement_weight_1_3"),
        ]
        indexes = [models.Index(fields=["key"], name="requirement_key")]

    def __str__(self) -> str:
        return self.key

    def url_for(self, org) -> str:
        return reverse(
            "standards:requirement", kwargs={"org_slug": org.slug, "slug": self.standard.slug, "key": self.key}
        )


class RequirementMapping(models.Model):
    """How a requirement of one edition or standard corresponds to one of another (2015 → 2026, 9001 → 14001)."""

    source = models.ForeignKey(Requirement, on_delete=models.CASCADE, related_name="mappings_out")
    target = models.ForeignKey(Requirement, on_delete=models.CASCADE, related_name="mappings_in")
    relation = models.CharField(_("relation"), max_length=20, choices=MappingRelation.choices)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("requirement mapping")
        verbose_name_plural = _("requirement mappings")
        constraints = [models.UniqueConstraint(fields=["source", "target"], name="mapping_unique_pair")]

    def __str__(self) -> str:
        return f"{self.source} → {self.target} ({self.relation})"
