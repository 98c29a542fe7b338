"""Processes: their kinds, their states and the steps between them."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ProcessType(models.TextChoices):
    MANAGEMENT = "management", _("Management")
    CORE = "core", _("Core (operational)")
    SUPPORT = "support", _("Support")


class ProcessStatus(models.TextChoices):
    """A process is described as a draft, approved into the register (then it is "in use"), retired when it
    stops. The approved ones are the maintained process register of 4.4."""

    DRAFT = "draft", _("Draft")
    ACTIVE = "active", _("Approved, in use")
    RETIRED = "retired", _("Retired")


# Allowed steps: approve a draft; take an approved process back to draft for a redesign, or retire it;
# reinstate a retired one (approved again). Re-approving an approved process after a change is
# process_approve on an active process, not a status change.
TRANSITIONS = {
    ProcessStatus.DRAFT: {ProcessStatus.ACTIVE},
    ProcessStatus.ACTIVE: {ProcessStatus.DRAFT, ProcessStatus.RETIRED},
    ProcessStatus.RETIRED: {ProcessStatus.ACTIVE},
}
# Steps that need a reason in the trail (taking an approved process out of use, or back to the drawing board).
REASON_NEEDED = {(ProcessStatus.ACTIVE, ProcessStatus.RETIRED), (ProcessStatus.ACTIVE, ProcessStatus.DRAFT)}
# What the map and the register PDF draw: the processes in use; drafts only on request, retired ones never.
MAPPED_STATUSES = (ProcessStatus.ACTIVE,)


class Importance(models.IntegerChoices):
    """How much the process matters to conformity and customers; weighs the audit programme (issue 7)."""

    LOW = 1, _("1 — low")
    MEDIUM = 2, _("2 — medium")
    HIGH = 3, _("3 — high")


PROCESS_PREFIX = "PRC"
