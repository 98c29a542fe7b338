"""External providers (8.4): who supplies what, how critical they are, whether they may be used (the
approval workflow), their certificates, the organisation's weighted evaluation criteria, evaluations
with their weighted score, and supplier corrective action requests (SCARs) raised when a score falls
below the threshold.

Incoming nonconformities against a supplier belong to the NC register of issue #7: its NC model will
carry a `supplier` foreign key (related_name "nonconformities") and the supplier page will count them
then. Nothing here counts them before that register exists.
"""

from django.contrib.contenttypes.fields import GenericRelation
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from pdca.core.models import OrgScopedModel
from pdca.suppliers.choices import Band, ScarStatus, SupplierStatus, SupplyKind, Tier

ONE_TO_FIVE = [MinValueValidator(1, message=_("must be 1 to 5")), MaxValueValidator(5, message=_("must be 1 to 5"))]
PERCENT = [MinValueValidator(0, message=_("must be 0 to 100")), MaxValueValidator(100, message=_("must be 0 to 100"))]


def _score_field(label, **kwargs):
    return models.DecimalField(label, max_digits=4, decimal_places=1, null=True, blank=True, **kwargs)


class Supplier(OrgScopedModel):
    """An external provider of materials, outsourced processes or services (8.4.1).

    `status` moves only through services.supplier_transition (with a reason, in the trail) or an
    evaluation below the threshold. `latest_score`, `latest_band`, `last_evaluated_on` repeat the
    latest evaluation and `next_evaluation_due` follows from it and the tier's interval (settings), so
    the list shows and filters them from indexed columns without a join.
    """

    number = models.CharField(_("number"), max_length=30)
    name = models.CharField(_("name"), max_length=200)
    supplies = models.TextField(_("what they supply"), help_text=_("Products, processes or services bought."))
    kind = models.CharField(_("kind of supply"), max_length=20, choices=SupplyKind.choices, default=SupplyKind.MATERIAL)
    tier = models.PositiveSmallIntegerField(_("criticality"), choices=Tier.choices, default=Tier.MAJOR)
    status = models.CharField(
        _("status"), max_length=20, choices=SupplierStatus.choices, default=SupplierStatus.PROSPECTIVE, editable=False
    )
    owner = models.ForeignKey(
        "core.Person",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="owned_suppliers",
        verbose_name=_("responsible buyer"),
        help_text=_("Who manages the relationship: evaluations, certificates and SCARs come to them."),
    )
    processes = models.ManyToManyField(
        "processes.Process", blank=True, related_name="external_providers", verbose_name=_("processes served")
    )
    contact_name = models.CharField(_("contact"), max_length=200, blank=True)
    contact_email = models.EmailField(_("contact e-mail"), blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=50, blank=True)
    address = models.TextField(_("address"), blank=True)
    website = models.URLField(_("website"), blank=True)
    notes = models.TextField(_("notes"), blank=True)
    approved_on = models.DateField(_("approved on"), null=True, blank=True, editable=False)
    last_evaluated_on = models.DateField(_("last evaluated"), null=True, blank=True, editable=False)
    latest_score = _score_field(_("latest score"), editable=False)
    latest_band = models.CharField(_("band"), max_length=12, choices=Band.choices, blank=True, editable=False)
    next_evaluation_due = models.DateField(_("next evaluation due"), null=True, blank=True, editable=False)
    clause_tags = GenericRelation("core.ClauseTag")

    class Meta:
        ordering = ["number"]
        verbose_name = _("supplier")
        verbose_name_plural = _("suppliers")
        constraints = [models.UniqueConstraint(fields=["organisation", "number"], name="supplier_unique_number")]
        indexes = [
            models.Index(fields=["organisation", "number"], name="supplier_org_number"),
            models.Index(fields=["organisation", "status", "number"], name="supplier_org_status"),
            models.Index(fields=["organisation", "tier", "number"], name="supplier_org_tier"),
            models.Index(fields=["organisation", "latest_band", "number"], name="supplier_org_band"),
            models.Index(fields=["organisation", "next_evaluation_due"], name="supplier_org_next_eval"),
            models.Index(fields=["organisation", "owner", "status"], name="supplier_org_owner"),
            models.Index(fields=["organisation", "name"], name="supplier_org_name"),
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.name}"

    def get_absolute_url(self) -> str:
        return reverse("suppliers:supplier_detail", kwargs={"org_slug": self.organisation.slug, "pk": self.pk})

    @property
    def evaluation_overdue(self) -> bool:
        due = self.next_evaluation_due
        return due is not None and due < timezone.localdate()

    @property
    def supplies_summary(self) -> str:
        """What they supply, cut to a line for the list (the page and the export show it whole)."""
        text = " ".join(self.supplies.split())
        return text if len(text) <= 60 else text[:57].rstrip() + "…"

    @property
    def score_text(self) -> str:
        if self.latest_score is None:
            return ""
        return f"{self.latest_score} {Band(self.latest_band).label if self.latest_band else ''}".strip()


class SupplierCertificate(OrgScopedModel):
    """A certificate the supplier holds (their ISO 9001, IATF 16949, AS9100, a NADCAP approval…).

    The certificate's scan is a core attachment of this row. The supplier's buyer is warned through
    "my work" before `valid_until` (the warning window is a setting); the list filters the expiring ones.
    """

    supplier = models.ForeignKey(
        Supplier, on_delete=models.CASCADE, related_name="certificates", verbose_name=_("supplier")
    )
    standard = models.CharField(_("standard"), max_length=100, help_text=_("E.g. ISO 9001:2015, AS9100D."))
    certificate_number = models.CharField(_("certificate number"), max_length=100, blank=True)
    issuer = models.CharField(_("issued by"), max_length=200, blank=True, help_text=_("The certification body."))
    scope = models.TextField(_("scope"), blank=True)
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_until = models.DateField(_("valid until"))

    class Meta:
        ordering = ["valid_until", "id"]
        verbose_name = _("supplier certificate")
        verbose_name_plural = _("supplier certificates")
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_from__isnull=True) | Q(valid_from__lte=models.F("valid_until")),
                name="suppliercert_dates_in_order",
            )
        ]
        indexes = [
            models.Index(fields=["organisation", "valid_until"], name="suppliercert_org_until"),
            models.Index(fields=["organisation", "supplier", "valid_until"], name="suppliercert_org_supplier"),
        ]

    def __str__(self) -> str:
        return f"{self.supplier.number} {self.standard}"

    def get_absolute_url(self) -> str:
        return reverse(
            "suppliers:suppliercertificate_detail", kwargs={"org_slug": self.organisation.slug, "pk": self.pk}
        )

    @property
    def is_expired(self) -> bool:
        return self.valid_until < timezone.localdate()


class EvaluationCriterion(OrgScopedModel):
    """One criterion of the organisation's supplier evaluation (quality, delivery, cost …) and its weight.

    The weights of the active criteria total 100 % (services refuse a change that breaks that). An
    evaluation copies each weight into its scores, so changing the weights later never rewrites past scores.
    """

    name = models.CharField(_("name"), max_length=100)
    description = models.TextField(_("what is judged"), blank=True)
    weight = models.PositiveSmallIntegerField(_("weight (%)"), validators=PERCENT)
    active = models.BooleanField(_("active"), default=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["position", "name"]
        verbose_name = _("evaluation criterion")
        verbose_name_plural = _("evaluation criteria")
        constraints = [
            models.UniqueConstraint(fields=["organisation", "name"], name="evalcriterion_unique_name"),
            models.CheckConstraint(condition=Q(weight__lte=100), name="evalcriterion_weight_0_100"),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse(
            "suppliers:evaluationcriterion_detail", kwargs={"org_slug": self.organisation.slug, "pk": self.pk}
        )


class SupplierEvaluation(OrgScopedModel):
    """A periodic evaluation of a supplier (8.4.1: evaluate and re-evaluate, keep the results).

    `score` is the weighted total 0–100 worked out by the service from the criterion scores:
    Σ weight × (score − 1) / 4, so all 1s give 0 and all 5s give 100. The latest evaluation of a
    supplier sets its latest score, band and next due date.
    """

    supplier = models.ForeignKey(
        Supplier, on_delete=models.CASCADE, related_name="evaluations", verbose_name=_("supplier")
    )
    period = models.CharField(_("period"), max_length=50, help_text=_("What the evaluation covers, e.g. 2025 H2."))
    evaluated_on = models.DateField(_("evaluated on"))
    evaluated_by = models.ForeignKey(
        "core.Person", on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("evaluated by")
    )
    score = models.DecimalField(_("weighted score"), max_digits=4, decimal_places=1, editable=False)
    band = models.CharField(_("band"), max_length=12, choices=Band.choices, editable=False)
    comment = models.TextField(_("comment"), blank=True)

    class Meta:
        ordering = ["-evaluated_on", "-id"]
        verbose_name = _("supplier evaluation")
        verbose_name_plural = _("supplier evaluations")
        constraints = [
            models.CheckConstraint(condition=Q(score__gte=0, score__lte=100), name="suppliereval_score_0_100")
        ]
        indexes = [
            models.Index(fields=["organisation", "supplier", "-evaluated_on"], name="suppliereval_org_supplier"),
            models.Index(fields=["organisation", "-evaluated_on"], name="suppliereval_org_date"),
        ]

    def __str__(self) -> str:
        return f"{self.supplier.number} {self.period} ({self.score})"

    def get_absolute_url(self) -> str:
        return reverse(
            "suppliers:supplierevaluation_detail", kwargs={"org_slug": self.organisation.slug, "pk": self.pk}
        )


class EvaluationScore(OrgScopedModel):
    """One criterion's 1–5 score in an evaluation, with the criterion's weight at the time."""

    evaluation = models.ForeignKey(
        SupplierEvaluation, on_delete=models.CASCADE, related_name="scores", verbose_name=_("evaluation")
    )
    criterion = models.ForeignKey(
        EvaluationCriterion, on_delete=models.PROTECT, related_name="scores", verbose_name=_("criterion")
    )
    weight = models.PositiveSmallIntegerField(_("weight (%)"), validators=PERCENT)
    score = models.PositiveSmallIntegerField(_("score"), validators=ONE_TO_FIVE)

    class Meta:
        ordering = ["criterion__position", "criterion__name"]
        verbose_name = _("criterion score")
        verbose_name_plural = _("criterion scores")
        constraints = [
            models.UniqueConstraint(fields=["evaluation", "criterion"], name="evalscore_unique_criterion"),
            models.CheckConstraint(condition=Q(score__gte=1, score__lte=5), name="evalscore_score_1_5"),
        ]

    def __str__(self) -> str:
        return f"{self.criterion}: {self.score}"


class Scar(OrgScopedModel):
    """A supplier corrective action request: the problem, the date the supplier must answer by, their
    response (containment, root cause, corrective action), and our verification that it worked.

    issued → response received → verified → closed; raised by hand or by an evaluation below the
    threshold (then `evaluation` names it).
    """

    number = models.CharField(_("number"), max_length=30)
    supplier = models.ForeignKey(Supplier, on_delete=models.CASCADE, related_name="scars", verbose_name=_("supplier"))
    evaluation = models.ForeignKey(
        SupplierEvaluation,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="scars",
        verbose_name=_("raised by evaluation"),
    )
    problem = models.TextField(_("problem"))
    owner = models.ForeignKey(
        "core.Person",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="owned_scars",
        verbose_name=_("followed up by"),
    )
    issued_on = models.DateField(_("issued on"), default=timezone.localdate)
    response_due = models.DateField(_("response requested by"))
    status = models.CharField(
        _("status"), max_length=20, choices=ScarStatus.choices, default=ScarStatus.ISSUED, editable=False
    )
    response = models.TextField(_("supplier's response"), blank=True, editable=False)
    response_received_on = models.DateField(_("response received on"), null=True, blank=True, editable=False)
    verification = models.TextField(_("verification"), blank=True, editable=False)
    verified_on = models.DateField(_("verified on"), null=True, blank=True, editable=False)
    closed_on = models.DateField(_("closed on"), null=True, blank=True, editable=False)

    class Meta:
        ordering = ["-number"]
        verbose_name = _("SCAR")
        verbose_name_plural = _("SCARs")
        constraints = [models.UniqueConstraint(fields=["organisation", "number"], name="scar_unique_number")]
        indexes = [
            models.Index(fields=["organisation", "status", "response_due"], name="scar_org_status"),
            models.Index(fields=["organisation", "supplier", "status"], name="scar_org_supplier"),
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.supplier.name}"

    def get_absolute_url(self) -> str:
        return reverse("suppliers:scar_detail", kwargs={"org_slug": self.organisation.slug, "pk": self.pk})

    @property
    def is_overdue(self) -> bool:
        return self.status == ScarStatus.ISSUED and self.response_due < timezone.localdate()
