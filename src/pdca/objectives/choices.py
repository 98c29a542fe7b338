"""Objectives and KPIs: the objective's workflow, how often a KPI is measured, which way is better,
and the computed status shared by KPIs and objectives."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ObjectiveStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    APPROVED = "approved", _("Approved")
    ACHIEVED = "achieved", _("Achieved")
    NOT_ACHIEVED = "not_achieved", _("Not achieved")
    WITHDRAWN = "withdrawn", _("Withdrawn")


OBJECTIVE_TRANSITIONS = {
    ObjectiveStatus.DRAFT: {ObjectiveStatus.APPROVED, ObjectiveStatus.WITHDRAWN},
    ObjectiveStatus.APPROVED: {
        ObjectiveStatus.DRAFT,
        ObjectiveStatus.ACHIEVED,
        ObjectiveStatus.NOT_ACHIEVED,
        ObjectiveStatus.WITHDRAWN,
    },
    # Closing is a judgement that can be corrected: back to approved (with a reason in the trail).
    ObjectiveStatus.ACHIEVED: {ObjectiveStatus.APPROVED},
    ObjectiveStatus.NOT_ACHIEVED: {ObjectiveStatus.APPROVED},
    ObjectiveStatus.WITHDRAWN: {ObjectiveStatus.DRAFT},
}
# Objectives still being pursued: they can be overdue, and they are the live register.
OPEN_OBJECTIVE_STATUSES = (ObjectiveStatus.DRAFT, ObjectiveStatus.APPROVED)
# The register that is the documented information for 6.2: approved objectives and closed ones kept as results.
REGISTER_STATUSES = (ObjectiveStatus.APPROVED, ObjectiveStatus.ACHIEVED, ObjectiveStatus.NOT_ACHIEVED)
# Closing an objective asks what was achieved (6.2.2 e: how results are evaluated).
CLOSED_STATUSES = (ObjectiveStatus.ACHIEVED, ObjectiveStatus.NOT_ACHIEVED, ObjectiveStatus.WITHDRAWN)


class Frequency(models.TextChoices):
    WEEKLY = "weekly", _("Weekly")
    MONTHLY = "monthly", _("Monthly")
    QUARTERLY = "quarterly", _("Quarterly")
    HALF_YEARLY = "half_yearly", _("Every six months")
    YEARLY = "yearly", _("Yearly")


class Direction(models.TextChoices):
    HIGHER = "higher", _("Higher is better")
    LOWER = "lower", _("Lower is better")


class Performance(models.TextChoices):
    """The computed status of a KPI (from its latest value) and of an objective (from its KPIs)."""

    ON_TRACK = "on_track", _("On track")
    AT_RISK = "at_risk", _("At risk")
    OFF_TRACK = "off_track", _("Off track")
    NO_DATA = "no_data", _("No current data")


class MeasurementSource(models.TextChoices):
    MANUAL = "manual", _("Entered by hand")
    IMPORT = "import", _("Imported from a file")
    API = "api", _("Pushed through the API")


OBJECTIVE_PREFIX = "OBJ"
KPI_PREFIX = "KPI"
