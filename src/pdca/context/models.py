"""Context of the organisation (4.1, 4.2): the issues that shape the QMS and the interested parties
with their relevant requirements. Risks and opportunities (6.1) point here as their sources."""

from django.contrib.contenttypes.fields import GenericRelation
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from pdca.context.choices import Direction, Effect, IssueCategory, PartyCategory
from pdca.core.models import OrgScopedModel


class ContextIssue(OrgScopedModel):
    """An internal or external issue relevant to the organisation's purpose and its QMS's results."""

    number = models.CharField(_("number"), max_length=30)
    title = models.CharField(_("title"), max_length=300)
    direction = models.CharField(_("internal or external"), max_length=10, choices=Direction.choices)
    category = models.CharField(_("category"), max_length=20, choices=IssueCategory.choices)
    description = models.TextField(_("description"), blank=True)
    effect = models.CharField(_("effect"), max_length=10, choices=Effect.choices, default=Effect.NEGATIVE)
    effect_on_qms = models.TextField(_("effect on the QMS"), blank=True)
    owner = models.ForeignKey(
        "core.Person",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="owned_context_issues",
        verbose_name=_("owner"),
    )
    review_date = models.DateField(_("next review"), null=True, blank=True)
    is_active = models.BooleanField(_("current"), default=True)
    clause_tags = GenericRelation("core.ClauseTag")

    class Meta:
        ordering = ["number"]
        verbose_name = _("context issue")
        verbose_name_plural = _("context issues")
        constraints = [models.UniqueConstraint(fields=["organisation", "number"], name="contextissue_unique_number")]
        indexes = [
            models.Index(fields=["organisation", "direction", "category"], name="contextissue_org_kind"),
            models.Index(fields=["organisation", "review_date"], name="contextissue_org_review"),
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("context:contextissue_detail", kwargs={"org_slug": self.organisation.slug, "pk": self.pk})


class InterestedParty(OrgScopedModel):
    """A person or body that affects, or is affected by, the QMS (customers, regulators, employees …)."""

    number = models.CharField(_("number"), max_length=30)
    name = models.CharField(_("name"), max_length=200)
    category = models.CharField(_("category"), max_length=20, choices=PartyCategory.choices)
    description = models.TextField(_("description"), blank=True)
    owner = models.ForeignKey(
        "core.Person",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="owned_interested_parties",
        verbose_name=_("relationship owner"),
    )
    review_date = models.DateField(_("next review"), null=True, blank=True)
    clause_tags = GenericRelation("core.ClauseTag")

    class Meta:
        ordering = ["number"]
        verbose_name = _("interested party")
        verbose_name_plural = _("interested parties")
        constraints = [
            models.UniqueConstraint(fields=["organisation", "number"], name="interestedparty_unique_number"),
            models.UniqueConstraint(fields=["organisation", "name"], name="interestedparty_unique_name"),
        ]
        indexes = [models.Index(fields=["organisation", "category", "name"], name="interestedparty_org_cat")]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("context:interestedparty_detail", kwargs={"org_slug": self.organisation.slug, "pk": self.pk})


class PartyRequirement(OrgScopedModel):
    """One need or expectation of an interested party that the QMS takes on, and how it is met."""

    party = models.ForeignKey(
        InterestedParty, on_delete=models.CASCADE, related_name="requirements", verbose_name=_("interested party")
    )
    requirement = models.TextField(_("requirement"))
    climate_related = models.BooleanField(_("climate-related"), default=False)
    how_addressed = models.TextField(_("how the QMS addresses it"), blank=True)
    processes = models.ManyToManyField(
        "processes.Process", blank=True, related_name="party_requirements", verbose_name=_("processes")
    )
    is_active = models.BooleanField(_("current"), default=True)

    class Meta:
        ordering = ["party", "id"]
        verbose_name = _("interested-party requirement")
        verbose_name_plural = _("interested-party requirements")
        indexes = [models.Index(fields=["organisation", "party"], name="partyreq_org_party")]

    def __str__(self) -> str:
        text = self.requirement if len(self.requirement) <= 80 else self.requirement[:79] + "…"
        return f"{self.party.name}: {text}"

    def get_absolute_url(self) -> str:
        return self.party.get_absolute_url()
