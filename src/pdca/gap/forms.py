from django import forms
from django.utils.translation import gettext_lazy as _

from pdca.core.choices import Priority
from pdca.core.forms import DateInput, OrgModelForm
from pdca.gap.choices import Score
from pdca.gap.models import Applicability, Assessment
from pdca.standards.models import Requirement, Standard


class AssessmentForm(OrgModelForm):
    copy_from = forms.ModelChoiceField(
        queryset=Assessment.objects.none(),
        required=False,
        label=_("Start from an earlier assessment"),
        help_text=_("Its scores, evidence and gaps are copied; the earlier one stays unchanged."),
    )

    class Meta:
        model = Assessment
        fields = ["title", "standard", "assessed_on", "sites", "assessors", "summary"]
        widgets = {
            "assessed_on": DateInput(),
            "summary": forms.Textarea(attrs={"rows": 4}),
            "sites": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["standard"].queryset = Standard.objects.visible_to(self.org)
        self.fields["assessors"].queryset = self.fields["assessors"].queryset.filter(is_active=True)
        if self.instance.pk:
            del self.fields["copy_from"]
            self.fields["standard"].disabled = True
        else:
            self.fields["copy_from"].queryset = Assessment.objects.filter(organisation=self.org)

    def service_data(self) -> dict:
        return {
            k: v
            for k, v in self.cleaned_data.items()
            if k in self._meta.fields and k in self.fields and not self.fields[k].disabled
        }


class ApplicabilityForm(OrgModelForm):
    class Meta:
        model = Applicability
        fields = ["requirement", "justification", "accepted_by_cb"]
        widgets = {"justification": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        visible = Requirement.objects.filter(standard__in=Standard.objects.visible_to(self.org))
        self.fields["requirement"].queryset = visible.select_related("clause", "standard").order_by(
            "standard_id", "position"
        )
        self.fields["requirement"].label_from_instance = lambda r: f"{r.clause.number} · {r.key}"
        self.fields["justification"].required = True
        if self.instance.pk:
            self.fields["requirement"].disabled = True


class ResponseForm(forms.Form):
    """Input of the scoring screen (a plain form: the service checks the rules, with no extra queries)."""

    score = forms.TypedChoiceField(
        choices=[("", "—"), *Score.choices], coerce=int, empty_value=None, required=False, label=_("Score")
    )
    weight = forms.TypedChoiceField(choices=[(w, w) for w in (1, 2, 3)], coerce=int, required=False, label=_("Weight"))
    evidence = forms.CharField(required=False, label=_("Evidence"))
    gap = forms.CharField(required=False, label=_("Gap found"))
    priority = forms.ChoiceField(choices=[("", "—"), *Priority.choices], required=False, label=_("Priority"))
    version = forms.IntegerField(required=False, min_value=1)

    FIELDS = ("score", "weight", "evidence", "gap", "priority")


class RaiseActionForm(forms.Form):
    """The owner is typed (a list suggests names): a drop-down per requirement would be too heavy."""

    title = forms.CharField(label=_("Action"), max_length=300)
    owner = forms.CharField(label=_("Owner"), max_length=200)
    due_date = forms.DateField(label=_("Due date"), widget=DateInput())

    def __init__(self, *args, org, **kwargs):
        super().__init__(*args, **kwargs)
        self.org = org

    def clean_owner(self):
        from pdca.core.models import Person

        name = self.cleaned_data["owner"].strip()
        person = Person.objects.filter(organisation=self.org, is_active=True, name__iexact=name).first()
        if person is None:
            raise forms.ValidationError(_("Nobody called “%(name)s” works here.") % {"name": name})
        return person


class TransitionForm(forms.Form):
    status = forms.CharField()
    reason = forms.CharField(required=False, max_length=500)


class CompareForm(forms.Form):
    before = forms.ModelChoiceField(queryset=Assessment.objects.none(), label=_("Before"))
    after = forms.ModelChoiceField(queryset=Assessment.objects.none(), label=_("After"))

    def __init__(self, *args, org, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("before", "after"):
            self.fields[name].queryset = Assessment.objects.filter(organisation=org).select_related("standard")


class ChecklistImportForm(forms.Form):
    file = forms.FileField(label=_("Filled-in checklist (.xlsx)"))

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > 10 * 1024 * 1024:
            raise forms.ValidationError(_("The file is larger than 10 MB."))
        if upload.read(2) != b"PK":
            raise forms.ValidationError(_("This is not an Excel (.xlsx) file."))
        upload.seek(0)
        return upload


class GapSettingsForm(forms.Form):
    ready_readiness = forms.IntegerField(
        label=_("Readiness needed for “ready for stage 1” (%)"), min_value=0, max_value=100
    )
    nearly = forms.IntegerField(label=_("“Nearly ready” from (%)"), min_value=0, max_value=100)
    building = forms.IntegerField(label=_("“Building” from (%)"), min_value=0, max_value=100)
    major_if_score_at_most = forms.IntegerField(
        label=_("Any requirement scored at or below this is a likely major"), min_value=0, max_value=2
    )
    major_if_key_score_at_most = forms.IntegerField(
        label=_("A key requirement scored at or below this is a likely major"), min_value=0, max_value=2
    )
