"""Equipment and infrastructure: kinds, the explicit condition (a workflow with reasons), the status shown
(the condition, or due / overdue from the calibration dates), calibration results, maintenance and impact
assessment choices."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class EquipmentKind(models.TextChoices):
    INSTRUMENT = "instrument", _("Measuring instrument")
    MACHINE = "machine", _("Machine")
    TOOLING = "tooling", _("Tooling or fixture")
    BUILDING = "building", _("Building or utility")
    IT_SYSTEM = "it_system", _("IT system")
    VEHICLE = "vehicle", _("Vehicle")
    OTHER = "other", _("Other")


class Condition(models.TextChoices):
    """What people decided about the equipment (stored; changed by calibration results and transitions)."""

    IN_SERVICE = "in_service", _("In service")
    OUT_OF_TOLERANCE = "out_of_tolerance", _("Out of tolerance")
    QUARANTINED = "quarantined", _("Quarantined")
    RETIRED = "retired", _("Retired")


class Status(models.TextChoices):
    """What the register shows: the condition, except that equipment in service whose calibration is
    within the warning window is "due", and past its due date "overdue" (equipment.status)."""

    IN_SERVICE = "in_service", _("In service")
    DUE = "due", _("Calibration due")
    OVERDUE = "overdue", _("Calibration overdue")
    OUT_OF_TOLERANCE = "out_of_tolerance", _("Out of tolerance")
    QUARANTINED = "quarantined", _("Quarantined")
    RETIRED = "retired", _("Retired")


# Explicit moves of the condition; every one asks for a reason. Out of tolerance is reached only by a
# calibration result, and left for service only once its impact assessment is recorded.
CONDITION_TRANSITIONS = {
    Condition.IN_SERVICE: {Condition.QUARANTINED, Condition.RETIRED},
    Condition.OUT_OF_TOLERANCE: {Condition.IN_SERVICE, Condition.QUARANTINED, Condition.RETIRED},
    Condition.QUARANTINED: {Condition.IN_SERVICE, Condition.RETIRED},
    Condition.RETIRED: {Condition.IN_SERVICE},
}
# Equipment that may be used (or is being sorted out): calibration and maintenance stay owed.
ACTIVE_CONDITIONS = (Condition.IN_SERVICE, Condition.OUT_OF_TOLERANCE, Condition.QUARANTINED)


class CalibrationResult(models.TextChoices):
    # Short labels for badges; the field's help text says what each means.
    PASS = "pass", _("Pass")
    ADJUSTED = "adjusted", _("Adjusted")
    OUT_OF_TOLERANCE = "out_of_tolerance", _("Out of tolerance")


GOOD_RESULTS = (CalibrationResult.PASS, CalibrationResult.ADJUSTED)


class CalibratedBy(models.TextChoices):
    INTERNAL = "internal", _("Internal (our own staff)")
    EXTERNAL = "external", _("External laboratory")


class IntervalUnit(models.TextChoices):
    DAYS = "days", _("days")
    WEEKS = "weeks", _("weeks")
    MONTHS = "months", _("months")


class MaintenanceKind(models.TextChoices):
    PLANNED = "planned", _("Planned maintenance")
    INSPECTION = "inspection", _("Inspection or check")
    REPAIR = "repair", _("Breakdown repair")
    MODIFICATION = "modification", _("Modification or upgrade")


class MaintenanceResult(models.TextChoices):
    OK = "ok", _("Done, fit for use")
    FOLLOW_UP = "follow_up", _("Done, follow-up needed")
    NOT_FIT = "not_fit", _("Not fit for use")


class ImpactDecision(models.TextChoices):
    NO_IMPACT = "no_impact", _("No impact: results still valid")
    REINSPECTED = "reinspected", _("Affected work re-inspected and accepted")
    NONCONFORMING = "nonconforming", _("Affected product treated as nonconforming")
    CUSTOMER_NOTIFIED = "customer_notified", _("Customer notified")


EQUIPMENT_PREFIX = "EQ"
CALIBRATION_PREFIX = "CAL"
DEFAULT_WARNING_DAYS = 30
