"""Template helpers: Bootstrap classes on form widgets, and one way to show a table cell."""

import datetime
from collections.abc import Hashable

from django import forms, template
from django.template.loader import render_to_string
from django.utils import formats
from django.utils.translation import gettext as _

register = template.Library()


def widget_class(widget) -> str:
    if isinstance(widget, forms.CheckboxSelectMultiple | forms.RadioSelect):
        return "pdca-checks"
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
    css = field.field.widget.attrs["class"]
    if "form-control" in css:
        field.field.widget.attrs["class"] = css + " form-control-sm"
    elif "form-select" in css:
        field.field.widget.attrs["class"] = css + " form-select-sm"
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


@register.filter
def changes(entry) -> list[dict]:
    """A trail entry's changes for people: field labels, choice names, related rows' names."""
    model = entry.content_type.model_class()
    rows = []
    for name, change in (entry.changes or {}).items():
        field = _field(model, name)
        label = str(field.verbose_name).capitalize() if field is not None else name.replace("_", " ").capitalize()
        choices = dict(field.flatchoices) if field is not None and field.choices else {}
        rows.append(
            {
                "label": label,
                "has_old": "old" in change,
                "has_new": "new" in change,
                "old": _shown(change, "old", choices),
                "new": _shown(change, "new", choices),
            }
        )
    return rows


def _field(model, name):
    try:
        return model._meta.get_field(name) if model is not None else None
    except Exception:  # a field that no longer exists: show the stored name
        return None


def _shown(change: dict, side: str, choices: dict):
    if f"{side}_label" in change:
        return change[f"{side}_label"]
    value = change.get(side)
    # JSON fields (lists, e.g. a revision's audience roles) are shown as they are: they name no choice.
    return choices.get(value, value) if isinstance(value, Hashable) else value


@register.filter
def get(mapping, key):
    """mapping[key] in a template (e.g. the help text of a score)."""
    return mapping.get(key) if hasattr(mapping, "get") else None


@register.filter
def percent(value, digits=1):
    """72.0 % (in the user's number format), or a dash when there is nothing to measure."""
    if value is None or value == "":
        return "—"
    return f"{formats.number_format(value, int(digits))} %"
