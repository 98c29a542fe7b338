"""The form renderer: Django's, with its plainest widgets written in Python.

A filter bar of a dozen fields took a third of a list page's work (24,000 function calls of 75,000)
because every input, select and option is a template include. Inputs, selects and their options are
drawn here with the same markup, character for character (tests/core/test_renderers.py renders every
kind both ways and compares); any other widget template goes through Django as before.
"""

from django.forms.renderers import DjangoTemplates
from django.utils.formats import localize
from django.utils.html import conditional_escape, escape
from django.utils.safestring import mark_safe

WIDGETS = "django/forms/widgets/"
# The widget templates that are only `{% include "django/forms/widgets/input.html" %}`.
INPUTS = {
    f"{WIDGETS}{name}.html"
    for name in (
        "checkbox",
        "color",
        "date",
        "datetime",
        "email",
        "file",
        "hidden",
        "number",
        "password",
        "search",
        "tel",
        "text",
        "time",
        "url",
    )
}


def _shown(value) -> str:
    """`{{ value }}` in a template: localised, then escaped unless already safe."""
    return conditional_escape(localize(value))


def _string(value) -> str:
    """`{{ value|stringformat:'s' }}`: made a plain string first, so always escaped."""
    return escape(str(value))


def _attrs(attrs: dict) -> str:
    # attrs.html: False leaves the attribute out, True writes its name alone.
    return "".join(
        f" {_shown(name)}" if value is True else f' {_shown(name)}="{_string(value)}"'
        for name, value in attrs.items()
        if value is not False
    )


def _input(widget: dict) -> str:
    value = "" if widget["value"] is None else f' value="{_string(widget["value"])}"'
    return f'<input type="{_shown(widget["type"])}" name="{_shown(widget["name"])}"{value}{_attrs(widget["attrs"])}>'


def _option(option: dict) -> str:
    return f'<option value="{_string(option["value"])}"{_attrs(option["attrs"])}>{_shown(option["label"])}</option>'


def _select(widget: dict) -> str:
    parts = [f'<select name="{_shown(widget["name"])}"{_attrs(widget["attrs"])}>']
    for group_name, group_choices, _index in widget["optgroups"]:
        if group_name:
            parts.append(f'\n  <optgroup label="{_shown(group_name)}">')
        for option in group_choices:
            if option["template_name"] != f"{WIDGETS}select_option.html":
                return ""  # a custom option template: let Django draw the whole select
            parts.append(f"\n  {_option(option)}\n")  # the included option template ends with a newline
        if group_name:
            parts.append("\n  </optgroup>")
    parts.append("\n</select>")
    return "".join(parts)


class Renderer(DjangoTemplates):
    def render(self, template_name, context, request=None):
        widget = context.get("widget")
        if widget is not None and template_name in INPUTS:
            return mark_safe(_input(widget))  # every part escaped above
        if widget is not None and template_name == f"{WIDGETS}select.html":
            html = _select(widget)
            if html:
                return mark_safe(html)
        return super().render(template_name, context, request)
