"""Tables: the columns of a list, shared by the page and its CSV/Excel export."""

import datetime
import functools
import html

from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils import formats
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language
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
        """The cell's value: choices by their label, dotted paths followed, None once a link is empty."""
        for part in column.split("."):
            if obj is None:
                return None
            # The language only for fields with choices: asking for it costs more than the rest of a cell.
            labels = _choice_labels(type(obj), part, get_language()) if _has_choices(type(obj), part) else None
            obj = getattr(obj, part)
            if labels is not None:
                obj = labels.get(obj, obj)
        return obj

    def cells(self):
        """Each row as (object, [(value, css class)]): css marks statuses and overdue dates."""
        for obj in self.rows:
            yield obj, [(value, self.css(obj, c, value)) for c in self.columns for value in [self.value(obj, c)]]

    def css(self, obj, column: str, value) -> str:
        return ""

    def body_html(self, detail_url) -> SafeString:
        """The rows as HTML, the first cell linking to `detail_url(obj)`.

        Built in Python rather than in the template: a template loop costs ~0.5 ms a row, which made a
        page of 50 rows several times slower than the empty page. Every value goes through `cell` and
        is escaped here.
        """
        from pdca.core.templatetags.pdca import cell

        rows = []
        for obj, cells in self.cells():
            parts = []
            for i, (value, css) in enumerate(cells):
                shown = _escape(cell(value))
                if i == 0:
                    parts.append(f'<th scope="row"><a href="{_escape(detail_url(obj))}">{shown}</a></th>')
                elif css:
                    parts.append(f'<td><span class="{_escape(css)}">{shown}</span></td>')
                else:
                    parts.append(f"<td>{shown}</td>")
            rows.append(f"<tr>{''.join(parts)}</tr>")
        return mark_safe("\n".join(rows))  # every part above is escaped

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


def _escape(value) -> str:
    """conditional_escape for a table cell, without its check of every argument for lazy strings: that
    check was a tenth of a 50-row page's time. Same output: safe HTML kept, anything else escaped."""
    if hasattr(value, "__html__"):
        return value.__html__()
    return html.escape(str(value))


@functools.cache
def _has_choices(model, name: str) -> bool:
    try:
        return bool(getattr(model._meta.get_field(name), "choices", None))
    except FieldDoesNotExist:
        return False


@functools.cache
def _choice_labels(model, name: str, language: str | None) -> dict | None:
    """A field's choice labels translated once per language (get_FOO_display translates on every call)."""
    try:
        field = model._meta.get_field(name)
    except FieldDoesNotExist:
        return None
    return {value: str(label) for value, label in field.flatchoices} if getattr(field, "choices", None) else None


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
