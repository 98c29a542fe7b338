"""Template helpers: Bootstrap classes on form widgets, and one way to show a table cell."""

import datetime

from django import forms, template
from django.template.loader import render_to_string
from django.utils import formats
from django.utils.translation import gettext as _

register = template.Library()


def widget_class(widget) -> str:
    if isinstance(widget, forms.CheckboxInput):
        return "form-check-input"
    if isinstance(widget, forms.Select | forms.SelectMultiple):
        return "form-select"
    return "form-control"


def style_widget(field, *, invalid: bool = False) -> None:
    attrs = field.field.widget.attrs
    css = {*attrs.get("class", "").split(), widget_class(field.field.widget)}
    if invalid:
        css.add("is-invalid")
        attrs["aria-invalid"] = "true"
        attrs["aria-describedby"] = f"{field.auto_id}_error"
    elif field.help_text:
        attrs["aria-describedby"] = f"{field.auto_id}_helptext"
    attrs["class"] = " ".join(sorted(c for c in css if c))


@register.filter
def styled(field):
    """Render a bound field with Bootstrap's class (small variant, for filter bars)."""
    style_widget(field, invalid=bool(field.errors))
    field.field.widget.attrs["class"] += (
        " form-control-sm" if "form-control" in field.field.widget.attrs["class"] else ""
    )
    return field


@register.simple_tag
def styled_form(form):
    for field in form.visible_fields():
        style_widget(field, invalid=bool(field.errors))
    return render_to_string("core/partials/form.html", {"form": form})


@register.filter
def cell(value):
    """A value as the tables show it: dates in the user's locale, booleans as words, empty as a dash."""
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if isinstance(value, datetime.datetime):
        return formats.date_format(value, "SHORT_DATETIME_FORMAT")
    if isinstance(value, datetime.date):
        return formats.date_format(value, "SHORT_DATE_FORMAT")
    return value
