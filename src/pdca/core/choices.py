"""Roles and the statuses of core's own workflows (actions, due items, outbox)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    ADMIN = "admin", _("Administrator")
    TOP_MANAGEMENT = "top_management", _("Top management")
    QUALITY_MANAGER = "quality_manager", _("Quality manager")
    LEAD_AUDITOR = "lead_auditor", _("Lead auditor")
    AUDITOR = "auditor", _("Auditor")
    PROCESS_OWNER = "process_owner", _("Process owner")
    EMPLOYEE = "employee", _("Employee")
    VIEWER = "viewer", _("Viewer (read-only)")


# Who may change what. One place; rules.py turns these into permissions.
ALL_ROLES = frozenset(Role)
MANAGERS = frozenset({Role.ADMIN, Role.QUALITY_MANAGER})
CONTRIBUTORS = MANAGERS | {Role.TOP_MANAGEMENT, Role.LEAD_AUDITOR, Role.AUDITOR, Role.PROCESS_OWNER}
ADMINS = frozenset({Role.ADMIN})


class ActionStatus(models.TextChoices):
    OPEN = "open", _("Open")
    IN_PROGRESS = "in_progress", _("In progress")
    DONE = "done", _("Done")
    CANCELLED = "cancelled", _("Cancelled")


ACTION_TRANSITIONS = {
    ActionStatus.OPEN: {ActionStatus.IN_PROGRESS, ActionStatus.DONE, ActionStatus.CANCELLED},
    ActionStatus.IN_PROGRESS: {ActionStatus.OPEN, ActionStatus.DONE, ActionStatus.CANCELLED},
    ActionStatus.DONE: {ActionStatus.IN_PROGRESS},
    ActionStatus.CANCELLED: {ActionStatus.OPEN},
}
OPEN_ACTION_STATUSES = (ActionStatus.OPEN, ActionStatus.IN_PROGRESS)


class Priority(models.TextChoices):
    CRITICAL = "critical", _("Critical")
    HIGH = "high", _("High")
    MEDIUM = "medium", _("Medium")
    LOW = "low", _("Low")


class OutboxStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Failed for good")


class TrailAction(models.TextChoices):
    CREATE = "create", _("Created")
    UPDATE = "update", _("Changed")
    DELETE = "delete", _("Deleted")
    TRANSITION = "transition", _("Status changed")
    IMPORT = "import", _("Imported")
    ACCESS = "access", _("Access changed")
