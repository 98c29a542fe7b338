"""Processes: their kinds and states."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ProcessType(models.TextChoices):
    MANAGEMENT = "management", _("Management")
    CORE = "core", _("Core (operational)")
    SUPPORT = "support", _("Support")


class ProcessStatus(models.TextChoices):
    ACTIVE = "active", _("Active")
    RETIRED = "retired", _("Retired")


class Importance(models.IntegerChoices):
    """How much the process matters to conformity and customers; weighs the audit programme (issue 7)."""

    LOW = 1, _("1 — low")
    MEDIUM = 2, _("2 — medium")
    HIGH = 3, _("3 — high")


PROCESS_PREFIX = "PRC"
