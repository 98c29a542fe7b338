from django import forms
from django.utils.translation import gettext_lazy as _

from pdca.core.forms import DateInput, OrgModelForm
from pdca.core.models import Action, Person
from pdca.objectives.choices import OPEN_OBJECTIVE_STATUSES, ObjectiveStatus
from pdca.objectives.models import KPI, Measurement, PolicyCommitment, QualityObjective

TEXT = {"rows": 3}


def _active_people(form, *names) -> None:
    for name in names:
        if name in form.fields:
            form.fields[name].queryset = Person.objects.filter(organisation=form.org, is_active=True).order_by("name")


class PolicyCommitmentForm(OrgModelForm):
    class Meta:
        model = PolicyCommitment
        fields = ["policy", "order", "title", "text", "is_active"]
        widgets = {"text": forms.Textarea(attrs=TEXT)}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["order"].required = False


class QualityObjectiveForm(OrgModelForm):
    """An objective and its plan: every field 6.2.2 asks for is here (actions are added on its page)."""

    class Meta:
        model = QualityObjective
        fields = [
            "title",
            "description",
            "commitments",
            "processes",
            "direction",
            "target",
            "unit",
            "baseline",
            "deadline",
            "owner",
            "resources",
            "evaluation",
        ]
        widgets = {
            "description": forms.Textarea(attrs=TEXT),
            "resources": forms.Textarea(attrs=TEXT),
            "evaluation": forms.Textarea(attrs=TEXT),
            "deadline": DateInput(),
            "commitments": forms.CheckboxSelectMultiple,
            "processes": forms.CheckboxSelectMultiple,
        }
        error_messages = {
            "target": {"required": _("Set a target: the value that shows the objective is met (6.2.1 c).")},
            "deadline": {"required": _("Set a deadline: when it will be completed (6.2.2 d).")},
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _active_people(self, "owner")
        self.fields["commitments"].queryset = self.fields["commitments"].queryset.filter(is_active=True)


class KPIForm(OrgModelForm):
    class Meta:
        model = KPI
        fields = [
            "name",
            "description",
            "objective",
            "process",
            "owner",
            "unit",
            "frequency",
            "direction",
            "target",
            "green",
            "amber",
            "data_source",
            "is_active",
        ]
        widgets = {"description": forms.Textarea(attrs=TEXT)}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _active_people(self, "owner")
        objectives = self.fields["objective"].queryset.filter(status__in=OPEN_OBJECTIVE_STATUSES)
        if self.instance.objective_id:
            objectives = objectives | self.fields["objective"].queryset.filter(pk=self.instance.objective_id)
        self.fields["objective"].queryset = objectives.order_by("number")
        self.fields["green"].required = self.fields["amber"].required = False


class MeasurementForm(OrgModelForm):
    class Meta:
        model = Measurement
        fields = ["kpi", "period", "value", "note"]
        widgets = {"period": DateInput()}
        labels = {"period": _("Period (any day of it)")}
        error_messages = {"value": {"invalid": _("Enter the measured value as a number.")}}


class QuickMeasurementForm(forms.Form):
    """The KPI page's form: a value for a period of this KPI."""

    period = forms.DateField(label=_("Period (any day of it)"), widget=DateInput())
    value = forms.DecimalField(
        label=_("Value"), max_digits=16, decimal_places=4, error_messages={"invalid": _("Enter a number.")}
    )
    note = forms.CharField(label=_("Note"), required=False, max_length=300)


class TransitionForm(forms.Form):
    status = forms.ChoiceField(label=_("New status"), choices=ObjectiveStatus.choices)
    result = forms.CharField(
        label=_("Result"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Closing: what was achieved and how it was evaluated."),
    )
    reason = forms.CharField(label=_("Reason"), required=False, max_length=500)


class PlanActionForm(OrgModelForm):
    """A plan action of the objective (6.2.2 a), kept in the shared action register."""

    class Meta:
        model = Action
        fields = ["title", "owner", "due_date", "priority"]
        widgets = {"due_date": DateInput()}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _active_people(self, "owner")


class ImportForm(forms.Form):
    file = forms.FileField(label=_("File (.xlsx or .csv)"))

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > 10 * 1024 * 1024:
            raise forms.ValidationError(_("The file is larger than 10 MB."))
        return upload
