"""Risks and opportunities (6.1): what could go wrong or better, where it comes from (a context issue,
an interested party's requirement, a process), how likely and how much it matters, what is done about
it (actions in the shared action register), and whether that worked (effectiveness evaluations, 6.1.2)."""

from django.contrib.contenttypes.fields import GenericRelation
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from pdca.core.models import OrgScopedModel
from pdca.risks import scoring
from pdca.risks.choices import TREATMENTS_BY_KIND, Effectiveness, RiskKind, RiskStatus, Treatment

ONE_TO_FIVE = [
    MinValueValidator(1, message=_("must be 1 to 5")),
    MaxValueValidator(5, message=_("must be 1 to 5")),
]


def _rating(label, **kwargs):
    return models.PositiveSmallIntegerField(label, validators=ONE_TO_FIVE, **kwargs)


def _in_range(field: str, nullable: bool = False) -> Q:
    rule = Q(**{f"{field}__gte": 1, f"{field}__lte": 5})
    return rule | Q(**{f"{field}__isnull": True}) if nullable else rule


def treatment_mismatch(kind: str) -> str:
    """Why a treatment was refused for `kind`, with the treatments that fit it."""
    allowed = ", ".join(str(Treatment(t).label).lower() for t in TREATMENTS_BY_KIND.get(kind, ()))
    if kind == RiskKind.OPPORTUNITY:
        return _("does not fit an opportunity: choose %(allowed)s") % {"allowed": allowed}
    return _("does not fit a risk: choose %(allowed)s") % {"allowed": allowed}


class Risk(OrgScopedModel):
    """One risk or opportunity of the register, scored inherent (before) and residual (after treatment).

    `score` and `residual_score` are stored products kept by the services (and checked by the
    database), so lists, filters and the heat map read plain indexed columns. The residual rating
    is either fully given (likelihood and impact) or absent (not yet assessed). `last_evaluated_on`
    and `last_effectiveness` repeat the latest RiskEvaluation so the list shows them without a join.
    """

    number = models.CharField(_("number"), max_length=30)
    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    kind = models.CharField(_("type"), max_length=20, choices=RiskKind.choices, default=RiskKind.RISK)
    context_issue = models.ForeignKey(
        "context.ContextIssue",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="risks",
        verbose_name=_("context issue"),
    )
    party_requirement = models.ForeignKey(
        "context.PartyRequirement",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="risks",
        verbose_name=_("interested-party requirement"),
    )
    process = models.ForeignKey(
        "processes.Process",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="risks",
        verbose_name=_("process"),
    )
    source_other = models.CharField(
        _("other source"), max_length=300, blank=True, help_text=_("E.g. an audit finding or a customer complaint.")
    )
    owner = models.ForeignKey(
        "core.Person", on_delete=models.PROTECT, related_name="owned_risks", verbose_name=_("owner")
    )
    likelihood = _rating(_("likelihood"), help_text=_("1 rare … 5 almost certain."))
    impact = _rating(_("impact"), help_text=_("1 negligible … 5 severe (for an opportunity: the benefit)."))
    score = models.PositiveSmallIntegerField(_("score"), editable=False)
    treatment = models.CharField(_("treatment"), max_length=20, choices=Treatment.choices, blank=True)
    treatment_plan = models.TextField(
        _("treatment plan"), blank=True, help_text=_("What will be done, or why the risk is accepted.")
    )
    residual_likelihood = _rating(_("residual likelihood"), null=True, blank=True)
    residual_impact = _rating(_("residual impact"), null=True, blank=True)
    residual_score = models.PositiveSmallIntegerField(_("residual score"), null=True, blank=True, editable=False)
    review_date = models.DateField(_("next review"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=RiskStatus.choices, default=RiskStatus.OPEN, editable=False
    )
    last_evaluated_on = models.DateField(_("last evaluated"), null=True, blank=True, editable=False)
    last_effectiveness = models.CharField(
        _("last effectiveness"), max_length=20, choices=Effectiveness.choices, blank=True, editable=False
    )
    # Kept by the services (evaluation_due_refresh) when the risk or one of its actions changes: the
    # register filters by it through an index instead of checking every row's actions.
    evaluation_due = models.BooleanField(_("evaluation due"), default=False, editable=False)
    clause_tags = GenericRelation("core.ClauseTag")  # for prefetching in lists; set through the services

    class Meta:
        ordering = ["number"]
        verbose_name = _("risk or opportunity")
        verbose_name_plural = _("risks and opportunities")
        constraints = [
            models.UniqueConstraint(fields=["organisation", "number"], name="risk_unique_number"),
            models.CheckConstraint(condition=_in_range("likelihood"), name="risk_likelihood_1_5"),
            models.CheckConstraint(condition=_in_range("impact"), name="risk_impact_1_5"),
            models.CheckConstraint(condition=Q(score=F("likelihood") * F("impact")), name="risk_score_product"),
            models.CheckConstraint(
                condition=_in_range("residual_likelihood", nullable=True), name="risk_residual_likelihood_1_5"
            ),
            models.CheckConstraint(
                condition=_in_range("residual_impact", nullable=True), name="risk_residual_impact_1_5"
            ),
            models.CheckConstraint(
                condition=Q(residual_likelihood__isnull=True, residual_impact__isnull=True, residual_score__isnull=True)
                | Q(residual_score=F("residual_likelihood") * F("residual_impact")),
                name="risk_residual_score_product",
            ),
        ]
        indexes = [
            models.Index(fields=["organisation", "-score", "number"], name="risk_org_score"),
            models.Index(fields=["organisation", "status", "-score"], name="risk_org_status"),
            models.Index(fields=["organisation", "kind", "number"], name="risk_org_kind"),
            models.Index(fields=["organisation", "owner", "status"], name="risk_org_owner"),
            models.Index(fields=["organisation", "review_date"], name="risk_org_review"),
            models.Index(fields=["organisation", "number"], condition=Q(evaluation_due=True), name="risk_org_eval_due"),
            # The heat map groups by cell; status and kind (its default filters) ride along, so the
            # GROUP BY reads the index alone, in order, without visiting the table.
            models.Index(fields=["organisation", "likelihood", "impact", "status", "kind"], name="risk_org_cell"),
            models.Index(
                fields=["organisation", "residual_likelihood", "residual_impact", "status", "kind"],
                name="risk_org_residual_cell",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("risks:risk_detail", kwargs={"org_slug": self.organisation.slug, "pk": self.pk})

    def clean(self):
        errors = {}
        if self.treatment and self.treatment not in TREATMENTS_BY_KIND.get(self.kind, ()):
            errors["treatment"] = treatment_mismatch(self.kind)
        if (self.residual_likelihood is None) != (self.residual_impact is None):
            missing = "residual_impact" if self.residual_impact is None else "residual_likelihood"
            errors[missing] = _("give both residual likelihood and impact, or neither")
        if errors:
            raise ValidationError(errors)

    @property
    def band(self):
        return scoring.band(self.score)

    @property
    def residual_band(self):
        return scoring.band(self.residual_score)

    @property
    def band_label(self) -> str:
        return scoring.band_label(self.score)

    @property
    def residual_band_label(self) -> str:
        return scoring.band_label(self.residual_score)

    @property
    def score_text(self) -> str:
        return f"{self.score} {self.band_label}"

    @property
    def residual_text(self) -> str:
        return f"{self.residual_score} {self.residual_band_label}" if self.residual_score else ""

    @property
    def evaluation_state(self) -> str:
        """“Due” while an effectiveness evaluation is owed, else the verdict of the latest one."""
        if self.evaluation_due:
            return str(_("Due"))
        return self.get_last_effectiveness_display() if self.last_effectiveness else ""


class RiskEvaluation(OrgScopedModel):
    """An evaluation of whether the actions taken on a risk worked (6.1.2 b 2, 9.1.3 e), with a re-score.

    Kept as history: each evaluation is a row; the latest sets the risk's residual rating.
    """

    risk = models.ForeignKey(Risk, on_delete=models.CASCADE, related_name="evaluations", verbose_name=_("risk"))
    evaluated_on = models.DateField(_("evaluated on"))
    effectiveness = models.CharField(_("were the actions effective?"), max_length=20, choices=Effectiveness.choices)
    comment = models.TextField(_("comment"), blank=True, help_text=_("What shows it (evidence, measurements)."))
    residual_likelihood = _rating(_("residual likelihood"))
    residual_impact = _rating(_("residual impact"))
    residual_score = models.PositiveSmallIntegerField(_("residual score"), editable=False)
    evaluated_by = models.ForeignKey(
        "core.Person",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("evaluated by"),
    )

    class Meta:
        ordering = ["-evaluated_on", "-id"]
        verbose_name = _("effectiveness evaluation")
        verbose_name_plural = _("effectiveness evaluations")
        constraints = [
            models.CheckConstraint(condition=_in_range("residual_likelihood"), name="riskeval_likelihood_1_5"),
            models.CheckConstraint(condition=_in_range("residual_impact"), name="riskeval_impact_1_5"),
            models.CheckConstraint(
                condition=Q(residual_score=F("residual_likelihood") * F("residual_impact")),
                name="riskeval_score_product",
            ),
        ]
        indexes = [models.Index(fields=["organisation", "risk", "-evaluated_on"], name="riskeval_org_risk")]

    def __str__(self) -> str:
        return f"{self.risk.number}: {self.get_effectiveness_display()} ({self.evaluated_on:%Y-%m-%d})"

    def get_absolute_url(self) -> str:
        return reverse("risks:riskevaluation_detail", kwargs={"org_slug": self.organisation.slug, "pk": self.pk})
