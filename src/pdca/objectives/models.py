"""Quality policy commitments (5.2), quality objectives (6.2) and the KPIs that measure them (9.1).

The quality policy itself is a controlled document (documents.Document of type policy); its
commitments live here so that objectives can point at the commitment they follow from (6.2.1 a).
A KPI's computed status (on track / at risk / off track / no data) comes from its latest measurement,
kept on the KPI by the services; an objective's follows its KPIs (status.py).
"""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericRelation
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from pdca.core.models import OrgQuerySet, OrgScopedModel
from pdca.objectives.choices import Direction, Frequency, MeasurementSource, ObjectiveStatus, Performance

AMOUNT = {"max_digits": 16, "decimal_places": 4}


class DerivedFieldsMixin:
    """Fields worked out by the services from other rows (`derived`) are written only by them: a save of the
    row itself leaves them alone, so an edit opened before a new measurement cannot put back an old value."""

    derived: frozenset = frozenset()

    def save(self, *args, **kwargs):
        if not self._state.adding and kwargs.get("update_fields") is None:
            fields = self._meta.concrete_fields
            kwargs["update_fields"] = [f.name for f in fields if not f.primary_key and f.name not in self.derived]
        super().save(*args, **kwargs)


class PolicyCommitment(OrgScopedModel):
    """One commitment of the quality policy (e.g. "meet customer and legal requirements"), in its order."""

    policy = models.ForeignKey(
        "documents.Document",
        on_delete=models.PROTECT,
        related_name="commitments",
        limit_choices_to={"doc_type": "policy"},
        verbose_name=_("policy"),
    )
    order = models.PositiveSmallIntegerField(_("order"), default=1)
    title = models.CharField(_("commitment"), max_length=200)
    text = models.TextField(_("wording"), blank=True, help_text=_("As the policy words it, if longer."))
    is_active = models.BooleanField(_("in the current policy"), default=True)

    class Meta:
        ordering = ["policy", "order", "id"]
        verbose_name = _("policy commitment")
        verbose_name_plural = _("policy commitments")
        constraints = [
            models.UniqueConstraint(fields=["organisation", "policy", "title"], name="commitment_unique_title")
        ]
        indexes = [models.Index(fields=["organisation", "policy", "order"], name="commitment_org_policy")]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("objectives:policycommitment_detail", kwargs={"org_slug": self.organisation.slug, "pk": self.pk})


class ObjectiveQuerySet(OrgQuerySet):
    def with_performance(self):
        """Annotate `performance`: the computed status following the objective's active KPIs."""
        from pdca.objectives.status import objective_performance_expression

        return self.annotate(performance=objective_performance_expression())


class QualityObjective(DerivedFieldsMixin, OrgScopedModel):
    """A measurable quality objective with its plan (6.2.2): what, resources, who, when, how evaluated.

    The plan's actions are entries of the shared action register whose source is the objective.
    """

    number = models.CharField(_("number"), max_length=30)
    title = models.CharField(_("objective"), max_length=300)
    description = models.TextField(_("what will be done"), blank=True)
    commitments = models.ManyToManyField(
        PolicyCommitment, blank=True, related_name="objectives", verbose_name=_("policy commitments")
    )
    processes = models.ManyToManyField(
        "processes.Process", blank=True, related_name="objectives", verbose_name=_("processes")
    )
    direction = models.CharField(_("direction"), max_length=10, choices=Direction.choices, default=Direction.HIGHER)
    target = models.DecimalField(_("target"), **AMOUNT)
    unit = models.CharField(_("unit"), max_length=30, blank=True, help_text=_("e.g. %, days, ppm"))
    baseline = models.DecimalField(_("baseline"), **AMOUNT, null=True, blank=True, help_text=_("Where we start from."))
    deadline = models.DateField(_("deadline"))
    owner = models.ForeignKey(
        "core.Person", on_delete=models.PROTECT, related_name="owned_objectives", verbose_name=_("owner")
    )
    resources = models.TextField(_("resources needed"), blank=True)
    evaluation = models.TextField(_("how results are evaluated"), blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=ObjectiveStatus.choices, default=ObjectiveStatus.DRAFT, editable=False
    )
    approved_on = models.DateField(_("approved on"), null=True, blank=True, editable=False)
    closed_on = models.DateField(_("closed on"), null=True, blank=True, editable=False)
    result = models.TextField(_("result"), blank=True, editable=False)
    # The status following the KPIs as last worked out by the services, and the day it may change by itself
    # (a KPI's value going stale); lists filter on these and work out again only the rows past that day.
    kpi_status = models.CharField(
        _("status of the KPIs"),
        max_length=10,
        choices=Performance.choices,
        default=Performance.NO_DATA,
        editable=False,
    )
    kpi_status_until = models.DateField(null=True, blank=True, editable=False)
    clause_tags = GenericRelation("core.ClauseTag")

    objects = ObjectiveQuerySet.as_manager()
    derived = frozenset({"kpi_status", "kpi_status_until"})
    trail_ignore = OrgScopedModel.trail_ignore | derived

    class Meta:
        ordering = ["number"]
        verbose_name = _("quality objective")
        verbose_name_plural = _("quality objectives")
        constraints = [models.UniqueConstraint(fields=["organisation", "number"], name="objective_unique_number")]
        indexes = [
            models.Index(fields=["organisation", "status", "number"], name="objective_org_status"),
            models.Index(fields=["organisation", "owner", "status"], name="objective_org_owner"),
            models.Index(fields=["organisation", "deadline"], name="objective_org_deadline"),
            # "Overdue" (approved or draft, deadline passed) counted from the index alone.
            models.Index(fields=["organisation", "status", "deadline"], name="objective_org_status_due"),
            models.Index(fields=["organisation", "kpi_status", "number"], name="objective_org_kpi_status"),
            models.Index(fields=["organisation", "kpi_status_until"], name="objective_org_kpi_until"),
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("objectives:qualityobjective_detail", kwargs={"org_slug": self.organisation.slug, "pk": self.pk})

    @property
    def is_overdue(self) -> bool:
        """Past its deadline and neither achieved nor closed."""
        from django.utils import timezone

        from pdca.objectives.choices import OPEN_OBJECTIVE_STATUSES

        return self.status in OPEN_OBJECTIVE_STATUSES and self.deadline < timezone.localdate()


class KPIQuerySet(OrgQuerySet):
    def with_performance(self, today=None):
        """Annotate `performance`: the computed status from the latest value, thresholds and staleness."""
        from pdca.objectives.status import kpi_performance_expression

        return self.annotate(performance=kpi_performance_expression(today=today))


class KPI(DerivedFieldsMixin, OrgScopedModel):
    """A key performance indicator: what is measured, how often, which way is better, and its bands.

    Green: at or better than `green`; amber: worse than green but at or better than `amber`; red:
    worse than `amber`. `latest_value` and `latest_period` mirror the newest measurement (kept by
    the services) so lists show and filter the status without reading measurements.
    """

    number = models.CharField(_("number"), max_length=30)
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("definition"), blank=True, help_text=_("What is counted and how."))
    objective = models.ForeignKey(
        QualityObjective,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="kpis",
        verbose_name=_("objective"),
    )
    process = models.ForeignKey(
        "processes.Process",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="kpis",
        verbose_name=_("process"),
    )
    owner = models.ForeignKey(
        "core.Person", on_delete=models.PROTECT, related_name="owned_kpis", verbose_name=_("owner")
    )
    unit = models.CharField(_("unit"), max_length=30, blank=True, help_text=_("e.g. %, days, ppm"))
    frequency = models.CharField(_("frequency"), max_length=20, choices=Frequency.choices, default=Frequency.MONTHLY)
    direction = models.CharField(_("direction"), max_length=10, choices=Direction.choices, default=Direction.HIGHER)
    target = models.DecimalField(_("target"), **AMOUNT)
    green = models.DecimalField(
        _("green from"), **AMOUNT, blank=True, help_text=_("On track at this value or better. Empty: the target.")
    )
    amber = models.DecimalField(
        _("amber from"),
        **AMOUNT,
        blank=True,
        help_text=_("At risk at this value or better (but worse than green); worse is off track. Empty: green."),
    )
    data_source = models.CharField(_("data source"), max_length=300, blank=True)
    is_active = models.BooleanField(_("measured"), default=True)
    latest_value = models.DecimalField(_("latest value"), **AMOUNT, null=True, blank=True, editable=False)
    latest_period = models.DateField(_("latest period"), null=True, blank=True, editable=False)
    # The day the latest value goes stale (status.current_until): "current" is one comparison in SQL.
    current_until = models.DateField(_("latest value current until"), null=True, blank=True, editable=False)
    # The latest value's band against the thresholds (status.latest_band): with current_until, the status
    # is a filter on two indexed columns.
    latest_band = models.CharField(
        _("band of the latest value"), max_length=20, choices=Performance.choices, blank=True, editable=False
    )
    clause_tags = GenericRelation("core.ClauseTag")

    objects = KPIQuerySet.as_manager()
    # Derived from the measurements, whose own changes are in the trail.
    derived = frozenset({"latest_value", "latest_period", "current_until", "latest_band"})
    trail_ignore = OrgScopedModel.trail_ignore | derived

    class Meta:
        ordering = ["number"]
        verbose_name = _("KPI")
        verbose_name_plural = _("KPIs")
        constraints = [models.UniqueConstraint(fields=["organisation", "number"], name="kpi_unique_number")]
        indexes = [
            models.Index(fields=["organisation", "owner"], name="kpi_org_owner"),
            models.Index(fields=["organisation", "objective"], name="kpi_org_objective"),
            models.Index(fields=["organisation", "process"], name="kpi_org_process"),
            models.Index(fields=["organisation", "frequency", "latest_period"], name="kpi_org_latest"),
            models.Index(fields=["organisation", "latest_band", "current_until"], name="kpi_org_band"),
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.name}"

    def get_absolute_url(self) -> str:
        return reverse("objectives:kpi_detail", kwargs={"org_slug": self.organisation.slug, "pk": self.pk})

    @property
    def status(self) -> str:
        """The computed status now, from the stored latest value (no query)."""
        from pdca.objectives.status import kpi_status

        return kpi_status(self)


class Measurement(OrgScopedModel):
    """One value of a KPI for one period (the period's first day: the 1st of the month, a Monday …)."""

    kpi = models.ForeignKey(KPI, on_delete=models.PROTECT, related_name="measurements", verbose_name=_("KPI"))
    period = models.DateField(_("period"))
    value = models.DecimalField(_("value"), **AMOUNT)
    note = models.CharField(_("note"), max_length=300, blank=True)
    source = models.CharField(
        _("entered"), max_length=10, choices=MeasurementSource.choices, default=MeasurementSource.MANUAL, editable=False
    )
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
        verbose_name=_("entered by"),
    )

    class Meta:
        ordering = ["-period", "-id"]
        verbose_name = _("measurement")
        verbose_name_plural = _("measurements")
        constraints = [models.UniqueConstraint(fields=["kpi", "period"], name="measurement_unique_period")]
        indexes = [models.Index(fields=["organisation", "-period", "-id"], name="measurement_org_period")]

    def __str__(self) -> str:
        return f"{self.kpi.number} {self.period.isoformat()}: {self.value.normalize():f}"

    def get_absolute_url(self) -> str:
        return reverse("objectives:measurement_detail", kwargs={"org_slug": self.organisation.slug, "pk": self.pk})
