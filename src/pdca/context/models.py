"""Context of the organisation (4.1–4.3): the issues that shape the QMS (with the climate-change
determination), the interested parties and their relevant requirements, the register of legal and other
requirements with its compliance checks, and the QMS scope. Risks and opportunities (6.1) point at issues
and party requirements as their sources."""

from django.contrib.contenttypes.fields import GenericRelation
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from pdca.context.choices import (
    DEFAULT_CHECK_MONTHS,
    EXTERNAL_CATEGORIES,
    ComplianceResult,
    Direction,
    Effect,
    IssueCategory,
    LegalKind,
    ManagementSystem,
    PartyCategory,
    category_fits,
)
from pdca.core.models import OrgScopedModel

_EXTERNAL = sorted(c.value for c in EXTERNAL_CATEGORIES)


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
    climate_related = models.BooleanField(
        _("climate-related"), default=False, help_text=_("The issue comes from climate change or acts on it.")
    )
    is_active = models.BooleanField(_("current"), default=True)
    clause_tags = GenericRelation("core.ClauseTag")

    class Meta:
        ordering = ["number"]
        verbose_name = _("context issue")
        verbose_name_plural = _("context issues")
        constraints = [
            models.UniqueConstraint(fields=["organisation", "number"], name="contextissue_unique_number"),
            # PESTLE and the market are outside the organisation; the other headings inside it.
            models.CheckConstraint(
                condition=models.Q(direction="external", category__in=_EXTERNAL)
                | (models.Q(direction="internal") & ~models.Q(category__in=_EXTERNAL)),
                name="contextissue_category_fits_direction",
            ),
        ]
        indexes = [
            models.Index(fields=["organisation", "direction", "category"], name="contextissue_org_kind"),
            # The profile chart counts current issues by heading and effect from this index alone.
            models.Index(fields=["organisation", "category", "effect", "is_active"], name="contextissue_org_profile2"),
            models.Index(fields=["organisation", "review_date"], name="contextissue_org_review"),
            models.Index(fields=["organisation", "owner", "number"], name="contextissue_org_owner"),
            models.Index(fields=["organisation", "is_active", "number"], name="contextissue_org_active"),
            models.Index(fields=["organisation", "climate_related"], name="contextissue_org_climate"),
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("context:contextissue_detail", kwargs={"org_slug": self.organisation.slug, "pk": self.pk})

    def clean(self):
        if self.direction and self.category and not category_fits(self.direction, self.category):
            if self.direction == Direction.EXTERNAL:
                message = _(
                    "“%(c)s” is an internal heading: choose political, economic, social, technological, "
                    "legal, environmental or market for an external issue."
                )
            else:
                message = _(
                    "“%(c)s” is an external heading: choose resources, culture, knowledge, performance or "
                    "structure for an internal issue."
                )
            raise ValidationError({"category": message % {"c": IssueCategory(self.category).label}})


class ClimateDetermination(OrgScopedModel):
    """The organisation's answer to "is climate change a relevant issue?" (4.1, ISO 9001 Amd 1:2024).

    Never changed: a new determination is recorded instead, so the answers given over time stay
    readable. The latest by date (then by entry) is the one in force; none at all means "missing".
    """

    relevant = models.BooleanField(_("climate change is a relevant issue"))
    rationale = models.TextField(_("rationale"), help_text=_("Why climate change is, or is not, relevant."))
    decided_on = models.DateField(_("decided on"))
    decided_by = models.ForeignKey(
        "core.Person", on_delete=models.PROTECT, related_name="+", verbose_name=_("decided by")
    )

    class Meta:
        ordering = ["-decided_on", "-id"]
        verbose_name = _("climate-change determination")
        verbose_name_plural = _("climate-change determinations")
        indexes = [models.Index(fields=["organisation", "-decided_on", "-id"], name="climate_org_latest")]

    def __str__(self) -> str:
        answer = _("relevant") if self.relevant else _("not relevant")
        return f"{_('Climate change')}: {answer} ({self.decided_on.isoformat() if self.decided_on else '…'})"

    def get_absolute_url(self) -> str:
        return reverse(
            "context:climatedetermination_detail", kwargs={"org_slug": self.organisation.slug, "pk": self.pk}
        )


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
        indexes = [
            models.Index(fields=["organisation", "category", "name"], name="interestedparty_org_cat"),
            models.Index(fields=["organisation", "owner", "number"], name="interestedparty_org_owner"),
        ]

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
        ordering = ["party_id", "id"]  # the party's id, not its name: no join to sort a long list
        verbose_name = _("interested-party requirement")
        verbose_name_plural = _("interested-party requirements")
        indexes = [
            models.Index(fields=["organisation", "party", "id"], name="partyreq_org_party"),
            models.Index(fields=["organisation", "climate_related"], name="partyreq_org_climate"),
        ]

    def __str__(self) -> str:
        text = self.requirement if len(self.requirement) <= 80 else self.requirement[:79] + "…"
        return f"{self.party.name}: {text}"

    def get_absolute_url(self) -> str:
        return reverse("context:partyrequirement_detail", kwargs={"org_slug": self.organisation.slug, "pk": self.pk})

    @property
    def summary(self) -> str:
        return self.requirement if len(self.requirement) <= 100 else self.requirement[:99] + "…"


def default_systems() -> list[str]:
    return [ManagementSystem.QUALITY.value]


class LegalRequirement(OrgScopedModel):
    """A law, regulation, permit, standard or customer-specific requirement that applies to the products,
    services or activities (5.1.2, 8.2.2), with who answers for it and how compliance is kept.

    One register for every management system: `systems` says which ones it serves, so ISO 14001 and
    45001 compliance obligations are rows of the same register. `last_checked_on` and `last_result`
    repeat the latest compliance check (kept by the services) so the register lists and filters them
    without a join per row.
    """

    number = models.CharField(_("number"), max_length=30)
    title = models.CharField(_("title"), max_length=300)
    reference = models.CharField(
        _("reference"), max_length=200, blank=True, help_text=_("Its identifier, e.g. SI 2008/1597 or 2006/42/EC.")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=LegalKind.choices, default=LegalKind.REGULATION)
    issuer = models.CharField(
        _("issued by"), max_length=200, blank=True, help_text=_("The body, authority or customer it comes from.")
    )
    jurisdiction = models.CharField(_("jurisdiction"), max_length=100, blank=True)
    source_url = models.URLField(_("link to the text"), max_length=500, blank=True)
    applicability = models.TextField(
        _("applies to"), blank=True, help_text=_("The products, services, activities or sites it applies to.")
    )
    systems = models.JSONField(
        _("management systems"),
        default=default_systems,
        blank=True,
        help_text=_("The management systems the obligation belongs to."),
    )
    owner = models.ForeignKey(
        "core.Person",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="owned_legal_requirements",
        verbose_name=_("owner"),
    )
    how_complied = models.TextField(_("how compliance is ensured"), blank=True)
    processes = models.ManyToManyField(
        "processes.Process", blank=True, related_name="legal_requirements", verbose_name=_("processes")
    )
    check_interval_months = models.PositiveSmallIntegerField(
        _("check every (months)"),
        default=DEFAULT_CHECK_MONTHS,
        validators=[MinValueValidator(1), MaxValueValidator(120)],
    )
    next_check_date = models.DateField(_("next compliance check"), null=True, blank=True)
    last_checked_on = models.DateField(_("last checked"), null=True, blank=True, editable=False)
    last_result = models.CharField(
        _("last result"), max_length=20, choices=ComplianceResult.choices, blank=True, editable=False
    )
    is_active = models.BooleanField(
        _("applies"), default=True, help_text=_("Clear it when the requirement no longer applies; it stays listed.")
    )
    clause_tags = GenericRelation("core.ClauseTag")

    class Meta:
        ordering = ["number"]
        verbose_name = _("legal or other requirement")
        verbose_name_plural = _("legal and other requirements")
        constraints = [models.UniqueConstraint(fields=["organisation", "number"], name="legal_unique_number")]
        indexes = [
            models.Index(fields=["organisation", "kind", "number"], name="legal_org_kind"),
            # Overdue checks counted from the index alone; a flag is no equality for SQLite's planner, so last.
            models.Index(fields=["organisation", "next_check_date", "is_active"], name="legal_org_due2"),
            models.Index(fields=["organisation", "last_result", "number"], name="legal_org_result"),
            # The status chart counts the requirements that apply by last result from this index alone.
            models.Index(
                fields=["organisation", "last_result", "is_active", "next_check_date"], name="legal_org_status3"
            ),
            # The management-system filter (a JSON list matched as text) reads this index, not the rows.
            models.Index(fields=["organisation", "systems"], name="legal_org_systems"),
            models.Index(fields=["organisation", "owner", "number"], name="legal_org_owner"),
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("context:legalrequirement_detail", kwargs={"org_slug": self.organisation.slug, "pk": self.pk})

    @property
    def systems_display(self) -> str:
        labels = dict(ManagementSystem.choices)
        return ", ".join(str(labels.get(s, s)) for s in self.systems or [])

    def clean(self):
        unknown = [s for s in self.systems or [] if s not in ManagementSystem.values]
        if not isinstance(self.systems, list) or unknown:
            raise ValidationError(
                {"systems": _("Unknown management system: %(s)s.") % {"s": ", ".join(map(str, unknown))}}
            )
        if not self.systems:
            raise ValidationError({"systems": _("Name at least one management system it belongs to.")})


class ComplianceCheck(OrgScopedModel):
    """One evaluation of compliance with a legal or other requirement: when, the result, and its evidence
    (a filed record and/or attached files)."""

    legal_requirement = models.ForeignKey(
        LegalRequirement, on_delete=models.CASCADE, related_name="checks", verbose_name=_("requirement")
    )
    checked_on = models.DateField(_("checked on"))
    result = models.CharField(_("result"), max_length=20, choices=ComplianceResult.choices)
    notes = models.TextField(_("notes"), blank=True, help_text=_("What was checked, what was found."))
    checked_by = models.ForeignKey(
        "core.Person", on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("checked by")
    )
    evidence = models.ForeignKey(
        "records.Record",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("evidence record"),
    )

    class Meta:
        ordering = ["-checked_on", "-id"]
        verbose_name = _("compliance check")
        verbose_name_plural = _("compliance checks")
        indexes = [
            models.Index(fields=["organisation", "-checked_on", "-id"], name="compliance_org_date"),
            models.Index(fields=["legal_requirement", "-checked_on", "-id"], name="compliance_requirement"),
            models.Index(fields=["organisation", "result", "-checked_on"], name="compliance_org_result"),
        ]

    def __str__(self) -> str:
        return f"{self.legal_requirement.number} · {self.checked_on.isoformat() if self.checked_on else '…'}"

    def get_absolute_url(self) -> str:
        return reverse("context:compliancecheck_detail", kwargs={"org_slug": self.organisation.slug, "pk": self.pk})


class QmsScope(OrgScopedModel):
    """The scope of the QMS (4.3): one per organisation.

    The requirements that do not apply are not kept here: they are the gap app's applicability list,
    shown and edited on the scope page. The scope statement itself is a controlled document generated
    from this row and that list (`document`); each generated revision keeps what it said (ScopePublication)
    so the page can tell whether the effective document still matches.
    """

    standard = models.ForeignKey(
        "standards.Standard", on_delete=models.PROTECT, related_name="+", verbose_name=_("standard")
    )
    statement = models.TextField(
        _("scope statement"), help_text=_("The scope in one or two sentences, as it should read on the certificate.")
    )
    products_services = models.TextField(
        _("products and services"), help_text=_("The types of products and services the QMS covers.")
    )
    sites = models.ManyToManyField("core.Site", blank=True, related_name="+", verbose_name=_("sites"))
    boundaries = models.TextField(
        _("boundaries and interfaces"),
        blank=True,
        help_text=_("What is outside the QMS, outsourced processes, interfaces with a parent company or others."),
    )
    owner = models.ForeignKey(
        "core.Person",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("owner"),
        help_text=_("Owns the scope document."),
    )
    document = models.ForeignKey(
        "documents.Document",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("scope document"),
    )

    class Meta:
        verbose_name = _("QMS scope")
        verbose_name_plural = _("QMS scopes")
        constraints = [models.UniqueConstraint(fields=["organisation"], name="qmsscope_one_per_organisation")]

    def __str__(self) -> str:
        return str(_("QMS scope"))

    def get_absolute_url(self) -> str:
        return reverse("context:scope", kwargs={"org_slug": self.organisation.slug})


class ScopePublication(OrgScopedModel):
    """What one generated revision of the scope document said: the scope fields and the not-applicable
    list at the time (`snapshot`), with its digest."""

    scope = models.ForeignKey(QmsScope, on_delete=models.CASCADE, related_name="publications")
    revision = models.OneToOneField(
        "documents.DocumentRevision", on_delete=models.CASCADE, related_name="+", verbose_name=_("revision")
    )
    snapshot = models.JSONField(_("what it said"), default=dict)
    digest = models.CharField(_("digest (SHA-256)"), max_length=64)

    class Meta:
        ordering = ["-id"]
        verbose_name = _("scope publication")
        verbose_name_plural = _("scope publications")

    def __str__(self) -> str:
        return f"{_('Scope')} → {self.revision_id}"

    def get_absolute_url(self) -> str:
        return reverse("context:scope", kwargs={"org_slug": self.organisation.slug})
