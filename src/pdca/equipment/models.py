"""Infrastructure (7.1.3) and monitoring and measuring equipment (7.1.5): one register of machines,
instruments, buildings, IT systems and vehicles, their maintenance plans and records, and for measuring
equipment the calibration interval, the calibrations with their certificates, and the impact assessment
an out-of-tolerance result asks for (7.1.5.2: were earlier results valid?)."""

from django.contrib.contenttypes.fields import GenericRelation
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from pdca.core.models import OrgScopedModel
from pdca.equipment import calibration
from pdca.equipment.choices import (
    DEFAULT_WARNING_DAYS,
    CalibratedBy,
    CalibrationResult,
    Condition,
    EquipmentKind,
    ImpactDecision,
    IntervalUnit,
    MaintenanceKind,
    MaintenanceResult,
)


def _url(name: str, obj) -> str:
    return reverse(f"equipment:{name}_detail", kwargs={"org_slug": obj.organisation.slug, "pk": obj.pk})


def _person(related_name: str, label, **kwargs):
    return models.ForeignKey(
        "core.Person", on_delete=models.PROTECT, related_name=related_name, verbose_name=label, **kwargs
    )


class Equipment(OrgScopedModel):
    """One item of infrastructure or one measuring instrument (EQ-0001).

    `condition` is what people decided (in service, out of tolerance, quarantined, retired): set by
    calibration results and by transitions with a reason. The calibration columns are kept by the
    services from the latest calibration: `next_calibration_due` and `calibration_due_from` (the day the
    warning window opens) are stored so that "due" and "overdue" are two indexed comparisons with today's
    date (calibration.status_condition), never a computation per row. `assessment_due` flags an
    out-of-tolerance result whose impact on earlier measurements is not yet assessed.
    """

    number = models.CharField(_("number"), max_length=30)
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=EquipmentKind.choices, default=EquipmentKind.INSTRUMENT)
    description = models.TextField(_("description"), blank=True, help_text=_("What it is used for."))
    site = models.ForeignKey(
        "core.Site", on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("site")
    )
    location = models.CharField(_("location"), max_length=200, blank=True, help_text=_("E.g. inspection room, cell 3."))
    owner = _person("owned_equipment", _("responsible person"))
    manufacturer = models.CharField(_("manufacturer"), max_length=200, blank=True)
    model_number = models.CharField(_("model"), max_length=200, blank=True)
    serial_number = models.CharField(_("serial number"), max_length=100, blank=True)
    in_service_since = models.DateField(_("in service since"), null=True, blank=True)
    needs_calibration = models.BooleanField(
        _("calibrated or verified"),
        default=False,
        help_text=_("Measuring equipment whose results must be traceable (7.1.5.2)."),
    )
    calibration_interval_months = models.PositiveSmallIntegerField(
        _("calibration interval (months)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1, _("must be 1 to 120")), MaxValueValidator(120, _("must be 1 to 120"))],
    )
    calibration_warning_days = models.PositiveSmallIntegerField(
        _("warn days before"),
        default=DEFAULT_WARNING_DAYS,
        validators=[MaxValueValidator(365, _("must be 0 to 365"))],
        help_text=_("The calibration shows as due this many days before its date."),
    )
    measuring_range = models.CharField(_("range"), max_length=200, blank=True, help_text=_("E.g. 0–25 mm."))
    tolerance = models.CharField(
        _("tolerance / accuracy"), max_length=200, blank=True, help_text=_("The permissible error, e.g. ±2 µm.")
    )
    traceability = models.CharField(
        _("traceability"),
        max_length=300,
        blank=True,
        help_text=_("The standard it is calibrated against, or the basis used where there is none."),
    )
    last_calibrated_on = models.DateField(
        _("last calibrated"),
        null=True,
        blank=True,
        help_text=_("For equipment new to pdca; once it has calibration records, the latest sets it."),
    )
    last_calibration_result = models.CharField(
        _("last result"), max_length=20, choices=CalibrationResult.choices, blank=True, editable=False
    )
    next_calibration_due = models.DateField(_("next calibration"), null=True, blank=True, editable=False)
    calibration_due_from = models.DateField(_("calibration due from"), null=True, blank=True, editable=False)
    condition = models.CharField(
        _("condition"), max_length=20, choices=Condition.choices, default=Condition.IN_SERVICE, editable=False
    )
    assessment_due = models.BooleanField(_("impact assessment due"), default=False, editable=False)
    clause_tags = GenericRelation("core.ClauseTag")

    class Meta:
        ordering = ["number"]
        verbose_name = _("equipment")
        verbose_name_plural = _("equipment")
        constraints = [
            models.UniqueConstraint(fields=["organisation", "number"], name="equipment_unique_number"),
            models.CheckConstraint(
                condition=Q(needs_calibration=False) | Q(calibration_interval_months__isnull=False),
                name="equipment_interval_if_calibrated",
            ),
        ]
        indexes = [
            models.Index(fields=["organisation", "kind", "number"], name="equipment_org_kind"),
            models.Index(fields=["organisation", "owner", "number"], name="equipment_org_owner"),
            models.Index(fields=["organisation", "site", "number"], name="equipment_org_site"),
            # Status filters: due / overdue compare these dates with today (calibration.status_condition).
            models.Index(
                fields=["organisation", "condition", "needs_calibration", "next_calibration_due"],
                name="equipment_org_next_due",
            ),
            models.Index(fields=["organisation", "condition", "calibration_due_from"], name="equipment_org_due_from"),
            models.Index(fields=["organisation", "number"], condition=Q(assessment_due=True), name="equipment_org_ia"),
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.name}"

    def get_absolute_url(self) -> str:
        return _url("equipment", self)

    def clean(self):
        errors = {}
        if self.needs_calibration and not self.calibration_interval_months:
            errors["calibration_interval_months"] = _("Give the interval of equipment that is calibrated.")
        if self.last_calibrated_on and self.last_calibrated_on > timezone.localdate():
            errors["last_calibrated_on"] = _("A calibration that happened: not a future date.")
        if errors:
            raise ValidationError(errors)

    @cached_property  # a list row asks for it for its badge, its colour and its label
    def status(self) -> str:
        return calibration.status(
            condition=self.condition,
            needs_calibration=self.needs_calibration,
            due=self.next_calibration_due,
            warning_days=self.calibration_warning_days,
            today=timezone.localdate(),
        )

    @property
    def status_label(self) -> str:
        from pdca.equipment.choices import Status

        return str(Status(self.status).label)


class CalibrationRecord(OrgScopedModel):
    """One calibration or verification of measuring equipment (CAL-0001), with its certificate.

    The certificate file is attached to the row (core attachments) and may also be filed as a record
    (records app, `record`). Dates only move forward: a calibration before the equipment's previous one
    is refused (services). The latest calibration sets the equipment's last / next dates; an
    out-of-tolerance result sets its condition and asks for an ImpactAssessment.
    """

    number = models.CharField(_("number"), max_length=30)
    equipment = models.ForeignKey(
        Equipment, on_delete=models.PROTECT, related_name="calibrations", verbose_name=_("equipment")
    )
    calibrated_on = models.DateField(_("calibrated on"))
    calibrated_by = models.CharField(
        _("calibrated by"), max_length=20, choices=CalibratedBy.choices, default=CalibratedBy.EXTERNAL
    )
    performed_by = _person("+", _("performed by (internal)"), null=True, blank=True)
    laboratory = models.CharField(
        _("laboratory"), max_length=200, blank=True, help_text=_("The external laboratory and its accreditation.")
    )
    certificate_number = models.CharField(_("certificate number"), max_length=100, blank=True)
    reference_standard = models.CharField(
        _("reference standard"), max_length=300, blank=True, help_text=_("What it was compared with (traceability).")
    )
    result = models.CharField(
        _("result"),
        max_length=20,
        choices=CalibrationResult.choices,
        help_text=_(
            "Pass: within tolerance as found. Adjusted: within tolerance after adjustment (say as found and as"
            " left). Out of tolerance: outside it as found; earlier measurements must be assessed."
        ),
    )
    as_found = models.TextField(_("as found"), blank=True, help_text=_("Readings or errors before any adjustment."))
    as_left = models.TextField(_("as left"), blank=True, help_text=_("Readings or errors after adjustment."))
    comment = models.TextField(_("comment"), blank=True)
    next_due = models.DateField(_("next due"), null=True, blank=True, editable=False)
    record = models.ForeignKey(
        "records.Record",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("filed as record"),
    )

    class Meta:
        ordering = ["-calibrated_on", "-id"]
        verbose_name = _("calibration")
        verbose_name_plural = _("calibrations")
        constraints = [models.UniqueConstraint(fields=["organisation", "number"], name="calibration_unique_number")]
        indexes = [
            models.Index(fields=["organisation", "equipment", "-calibrated_on"], name="calibration_org_equipment"),
            models.Index(fields=["organisation", "-calibrated_on"], name="calibration_org_date"),
            models.Index(fields=["organisation", "result", "-calibrated_on"], name="calibration_org_result"),
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.equipment.number} ({self.calibrated_on:%Y-%m-%d})"

    def get_absolute_url(self) -> str:
        return _url("calibrationrecord", self)

    def clean(self):
        errors = {}
        if self.calibrated_on and self.calibrated_on > timezone.localdate():
            errors["calibrated_on"] = _("A calibration that happened: not a future date.")
        if self.calibrated_by == CalibratedBy.EXTERNAL and not self.laboratory.strip():
            errors["laboratory"] = _("Name the laboratory that calibrated it.")
        if errors:
            raise ValidationError(errors)


class MaintenancePlan(OrgScopedModel):
    """A recurring task that keeps equipment fit (7.1.3): what, how often, who, when next.

    `next_due` moves on when the task is recorded as done (MaintenanceRecord with this plan); while the
    plan is active it is a due item of the responsible person (or the equipment's owner).
    """

    equipment = models.ForeignKey(
        Equipment, on_delete=models.CASCADE, related_name="maintenance_plans", verbose_name=_("equipment")
    )
    task = models.CharField(_("task"), max_length=300)
    instructions = models.TextField(_("instructions"), blank=True)
    interval = models.PositiveSmallIntegerField(
        _("every"), validators=[MinValueValidator(1, _("must be at least 1")), MaxValueValidator(999)]
    )
    interval_unit = models.CharField(
        _("interval unit"), max_length=10, choices=IntervalUnit.choices, default=IntervalUnit.MONTHS
    )
    responsible = _person(
        "maintenance_plans", _("responsible"), null=True, blank=True, help_text=_("Empty: the equipment's owner.")
    )
    next_due = models.DateField(_("next due"))
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["next_due", "id"]
        verbose_name = _("maintenance plan")
        verbose_name_plural = _("maintenance plans")
        indexes = [
            models.Index(fields=["organisation", "equipment", "next_due"], name="maintplan_org_equipment"),
            models.Index(fields=["organisation", "next_due"], condition=Q(is_active=True), name="maintplan_org_due"),
        ]

    def __str__(self) -> str:
        return f"{self.task} ({self.equipment.number})"

    def get_absolute_url(self) -> str:
        return _url("maintenanceplan", self)

    @property
    def interval_text(self) -> str:
        return f"{self.interval} {IntervalUnit(self.interval_unit).label}"

    @property
    def is_overdue(self) -> bool:
        return self.is_active and self.next_due < timezone.localdate()


class MaintenanceRecord(OrgScopedModel):
    """Maintenance done on equipment: planned (moves its plan on), an inspection, a repair or a change."""

    equipment = models.ForeignKey(
        Equipment, on_delete=models.PROTECT, related_name="maintenance_records", verbose_name=_("equipment")
    )
    plan = models.ForeignKey(
        MaintenancePlan,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="records",
        verbose_name=_("plan"),
        help_text=_("The planned task done, if it was one."),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=MaintenanceKind.choices, default=MaintenanceKind.PLANNED)
    performed_on = models.DateField(_("done on"))
    done_by = _person("+", _("done by"), null=True, blank=True)
    contractor = models.CharField(_("contractor"), max_length=200, blank=True, help_text=_("If done by a contractor."))
    work_done = models.TextField(_("work done"))
    result = models.CharField(
        _("result"), max_length=20, choices=MaintenanceResult.choices, default=MaintenanceResult.OK
    )
    downtime_hours = models.DecimalField(
        _("downtime (hours)"),
        max_digits=7,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(0, _("must not be negative"))],
    )

    class Meta:
        ordering = ["-performed_on", "-id"]
        verbose_name = _("maintenance record")
        verbose_name_plural = _("maintenance records")
        indexes = [
            models.Index(fields=["organisation", "equipment", "-performed_on"], name="maintrec_org_equipment"),
            models.Index(fields=["organisation", "-performed_on"], name="maintrec_org_date"),
        ]

    def __str__(self) -> str:
        return f"{self.equipment.number}: {self.get_kind_display()} ({self.performed_on:%Y-%m-%d})"

    def get_absolute_url(self) -> str:
        return _url("maintenancerecord", self)

    def clean(self):
        errors = {}
        if self.performed_on and self.performed_on > timezone.localdate():
            errors["performed_on"] = _("Record work that was done: not a future date.")
        if self.plan_id and self.equipment_id and self.plan.equipment_id != self.equipment_id:
            errors["plan"] = _("That plan belongs to other equipment.")
        if errors:
            raise ValidationError(errors)


class ImpactAssessment(OrgScopedModel):
    """What an out-of-tolerance calibration means for what was measured since the last good one (7.1.5.2).

    One per out-of-tolerance calibration. Until it is recorded the equipment stays flagged
    (`Equipment.assessment_due`) and cannot go back into service.
    """

    calibration = models.OneToOneField(
        CalibrationRecord,
        on_delete=models.PROTECT,
        related_name="impact_assessment",
        verbose_name=_("out-of-tolerance calibration"),
    )
    equipment = models.ForeignKey(
        Equipment,
        on_delete=models.PROTECT,
        related_name="impact_assessments",
        verbose_name=_("equipment"),
        editable=False,
    )
    period_start = models.DateField(
        _("measurements since"), null=True, blank=True, help_text=_("The last good calibration (empty: none).")
    )
    measurements_checked = models.TextField(
        _("measurements reviewed"), help_text=_("Which inspections or tests used the equipment in the period.")
    )
    products_checked = models.TextField(
        _("products or orders affected"), blank=True, help_text=_("Batches, orders, parts or customers concerned.")
    )
    findings = models.TextField(_("findings"), help_text=_("Would the error have changed any accept/reject decision?"))
    decision = models.CharField(_("decision"), max_length=20, choices=ImpactDecision.choices)
    assessed_by = _person("+", _("assessed by"))
    assessed_on = models.DateField(_("assessed on"))

    class Meta:
        ordering = ["-assessed_on", "-id"]
        verbose_name = _("impact assessment")
        verbose_name_plural = _("impact assessments")
        indexes = [models.Index(fields=["organisation", "equipment", "-assessed_on"], name="impact_org_equipment")]

    def __str__(self) -> str:
        return _("Impact of %(cal)s") % {"cal": self.calibration.number}

    def get_absolute_url(self) -> str:
        return _url("impactassessment", self)

    def clean(self):
        errors = {}
        if self.assessed_on and self.assessed_on > timezone.localdate():
            errors["assessed_on"] = _("Not a future date.")
        if self.calibration_id and self.calibration.result != CalibrationResult.OUT_OF_TOLERANCE:
            errors["calibration"] = _("Only an out-of-tolerance calibration needs an impact assessment.")
        if errors:
            raise ValidationError(errors)
