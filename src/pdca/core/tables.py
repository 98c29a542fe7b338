"""Tables: the columns of a list, shared by the page and its CSV/Excel export."""

import datetime

from django.db import models
from django.utils import formats
from django.utils.translation import gettext_lazy as _

from pdca.core.models import Action, Membership, Person, Site


class Table:
    """Declare `model`, `columns` (field names or dotted paths) and `select_related`; rows come out as cells."""

    model: type[models.Model]
    columns: list[str] = []
    select_related: list[str] = []
    labels: dict[str, str] = {}

    def __init__(self, rows):
        self.rows = rows

    @classmethod
    def prepare(cls, queryset):
        return queryset.select_related(*cls.select_related) if cls.select_related else queryset

    def headers(self) -> list[str]:
        return [self.label(c) for c in self.columns]

    @classmethod
    def label(cls, column: str) -> str:
        if column in cls.labels:
            return cls.labels[column]
        model = cls.model
        for part in column.split("."):
            field = model._meta.get_field(part)
            model = field.related_model or model
        return str(field.verbose_name).capitalize()

    @staticmethod
    def value(obj, column: str):
        for part in column.split("."):
            if obj is None:
                return None
            display = getattr(obj, f"get_{part}_display", None)
            obj = display() if callable(display) else getattr(obj, part)
        return obj

    def cells(self):
        """Each row as (object, [(value, css class)]): css marks statuses and overdue dates."""
        for obj in self.rows:
            yield obj, [(value, self.css(obj, c, value)) for c in self.columns for value in [self.value(obj, c)]]

    def css(self, obj, column: str, value) -> str:
        return ""

    @classmethod
    def export_value(cls, value):
        if value is None:
            return ""
        if isinstance(value, bool):
            return str(_("yes") if value else _("no"))
        if isinstance(value, datetime.datetime | datetime.date):
            return value
        if isinstance(value, int | float):
            return value
        return str(value)

    @classmethod
    def display(cls, value):
        if isinstance(value, datetime.date | datetime.datetime):
            return formats.date_format(value, "SHORT_DATE_FORMAT")
        return cls.export_value(value)


class SiteTable(Table):
    model = Site
    columns = ["name", "headcount", "is_central_function"]


class PersonTable(Table):
    model = Person
    columns = ["name", "job_title", "site", "manager", "email", "is_active"]
    select_related = ["site", "manager"]


STATUS_BADGES = {
    "open": "badge text-bg-primary",
    "in_progress": "badge text-bg-info",
    "done": "badge text-bg-success",
    "cancelled": "badge text-bg-secondary",
}
PRIORITY_CSS = {"critical": "badge text-bg-danger", "high": "text-danger fw-semibold"}


class ActionTable(Table):
    model = Action
    columns = ["number", "title", "owner", "due_date", "priority", "status"]
    select_related = ["owner"]

    def css(self, obj, column, value):
        if column == "status":
            return STATUS_BADGES.get(obj.status, "")
        if column == "priority":
            return PRIORITY_CSS.get(obj.priority, "")
        if column == "due_date" and obj.is_overdue:
            return "text-danger fw-semibold"
        return ""


class MembershipTable(Table):
    model = Membership
    columns = ["user.email", "user", "role", "expires_at"]
    select_related = ["user"]
    labels = {"user": _("Name"), "user.email": _("E-mail")}
