"""The form renderer draws inputs and selects in Python: the same markup as Django's templates."""

import datetime
from decimal import Decimal

import pytest
from django import forms
from django.forms.renderers import DjangoTemplates
from django.utils.safestring import mark_safe

from pdca.core.renderers import Renderer


class Everything(forms.Form):
    text = forms.CharField(
        initial='Say "hi" & <b>bye</b>', widget=forms.TextInput(attrs={"class": "a b", "autofocus": True})
    )
    empty = forms.CharField(required=False)
    secret = forms.CharField(widget=forms.PasswordInput(render_value=False), initial="x")
    hidden = forms.IntegerField(widget=forms.HiddenInput, initial=7)
    number = forms.DecimalField(
        initial=Decimal("1234.50"), widget=forms.NumberInput(attrs={"step": "0.01", "disabled": False})
    )
    email = forms.EmailField(initial="a@b.example")
    day = forms.DateField(initial=datetime.date(2026, 11, 28), widget=forms.DateInput(attrs={"type": "date"}))
    when = forms.DateTimeField(initial=datetime.datetime(2026, 11, 28, 9, 30))
    tick = forms.BooleanField(initial=True, required=False)
    untick = forms.BooleanField(initial=False, required=False)
    upload = forms.FileField(required=False)
    choice = forms.ChoiceField(choices=[("a", "Alpha & co"), ("b", mark_safe("<i>Beta</i>")), (3, 3)], initial="b")
    grouped = forms.ChoiceField(
        choices=[("", "---------"), ("Metals", [("steel", "Steel"), ("brass", "Brass")]), ("Other", [("pa", "Nylon")])],
        initial="brass",
        required=False,
    )
    several = forms.MultipleChoiceField(choices=[("x", "X"), ("y", "Y"), ("z", "Z")], initial=["x", "z"])
    maybe = forms.NullBooleanField(initial=None)
    text_area = forms.CharField(widget=forms.Textarea, initial="lines\nof <text>")
    radios = forms.ChoiceField(widget=forms.RadioSelect, choices=[("1", "One"), ("2", "Two")], initial="2")


def _both(form_data=None):
    ours, djangos = Everything(form_data, renderer=Renderer()), Everything(form_data, renderer=DjangoTemplates())
    return [(name, str(ours[name]), str(djangos[name])) for name in Everything.base_fields]


@pytest.mark.parametrize(
    "data", [None, {"text": "<typed>", "choice": "a", "grouped": "pa", "several": ["y"], "tick": "on"}]
)
def test_every_widget_comes_out_as_django_draws_it(data):
    for name, ours, djangos in _both(data):
        assert ours == djangos, name


def test_it_draws_inputs_and_selects_itself_and_leaves_the_rest_to_the_templates(monkeypatch):
    drawn_by_templates = []
    original = DjangoTemplates.render

    def spy(self, template_name, context, request=None):
        drawn_by_templates.append(template_name)
        return original(self, template_name, context, request)

    monkeypatch.setattr(DjangoTemplates, "render", spy)
    form = Everything(renderer=Renderer())
    for name in ("text", "hidden", "day", "tick", "choice", "grouped", "several", "maybe"):
        str(form[name])
    assert drawn_by_templates == []
    str(form["text_area"]), str(form["radios"])
    assert drawn_by_templates == ["django/forms/widgets/textarea.html", "django/forms/widgets/radio.html"]
