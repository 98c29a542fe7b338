from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from pdca.core.forms import DateInput, OrgModelForm
from pdca.core.models import Person
from pdca.people.choices import Effectiveness, Level
from pdca.people.models import Competence, JobRole, PersonCompetence, RoleRequirement, Training


def _active(field):
    field.queryset = field.queryset.filter(is_active=True)


class JobRoleForm(OrgModelForm):
    class Meta:
        model = JobRole
        fields = ["name", "purpose", "process", "documents", "people"]
        widgets = {"purpose": forms.Textarea(attrs={"rows": 3}), "people": forms.SelectMultiple(attrs={"size": 10})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _active(self.fields["people"])
        self.fields["documents"].queryset = self.fields["documents"].queryset.order_by("number")


class CompetenceForm(OrgModelForm):
    class Meta:
        model = Competence
        fields = ["name", "category", "description", "requalify_months"]
        widgets = {"description": forms.Textarea(attrs={"rows": 4})}


class RoleRequirementForm(OrgModelForm):
    class Meta:
        model = RoleRequirement
        fields = ["role", "competence", "required_level", "note"]


class PersonCompetenceForm(OrgModelForm):
    class Meta:
        model = PersonCompetence
        fields = [
            "person",
            "competence",
            "level",
            "evidence_kind",
            "evidence",
            "record",
            "assessed_on",
            "assessed_by",
            "valid_until",
        ]
        widgets = {
            "evidence": forms.Textarea(attrs={"rows": 3}),
            "assessed_on": DateInput(),
            "valid_until": DateInput(),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _active(self.fields["person"])
        _active(self.fields["assessed_by"])
        self.fields["assessed_by"].help_text = _("Empty: you.")
        if not self.instance.pk:
            self.initial.setdefault("assessed_on", timezone.localdate())


class TrainingForm(OrgModelForm):
    attendees = forms.ModelMultipleChoiceField(
        queryset=Person.objects.all(),
        required=False,
        label=_("Attendees"),
        widget=forms.SelectMultiple(attrs={"size": 10}),
    )

    class Meta:
        model = Training
        fields = [
            "title",
            "kind",
            "description",
            "provider",
            "owner",
            "planned_on",
            "competences",
            "target_level",
            "documents",
            "record",
        ]
        widgets = {"description": forms.Textarea(attrs={"rows": 3}), "planned_on": DateInput()}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _active(self.fields["owner"])
        _active(self.fields["attendees"])
        if self.instance.pk:
            del self.fields["attendees"]  # managed on the training's page


class AttendeesAddForm(forms.Form):
    people = forms.ModelMultipleChoiceField(queryset=Person.objects.none(), label=_("People"))

    def __init__(self, *args, org, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["people"].queryset = Person.objects.filter(organisation=org, is_active=True)


class TrainingCompleteForm(forms.Form):
    completed_on = forms.DateField(label=_("Completed on"), widget=DateInput(), required=False)
    evaluate_by = forms.DateField(
        label=_("Evaluate effectiveness by"), widget=DateInput(), required=False, help_text=_("Empty: in 90 days.")
    )
    absent = forms.ModelMultipleChoiceField(queryset=Person.objects.none(), required=False, label=_("Did not attend"))

    def __init__(self, *args, training, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["absent"].queryset = Person.objects.filter(
            pk__in=training.attendees.values("person_id"), organisation=training.organisation
        )


class AttendeeEvaluateForm(forms.Form):
    attendee = forms.IntegerField(widget=forms.HiddenInput)
    effectiveness = forms.ChoiceField(label=_("Effectiveness"), choices=Effectiveness.choices)
    level_reached = forms.TypedChoiceField(
        label=_("Level reached"), choices=[("", "—"), *Level.choices], coerce=int, empty_value=None, required=False
    )
    comment = forms.CharField(label=_("How it was judged"), required=False, max_length=2000)


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=500, required=False)


class AwarenessForm(forms.Form):
    policy = forms.BooleanField(label=_("Quality policy read and understood"), required=False)
    objectives = forms.ModelMultipleChoiceField(
        queryset=None, required=False, label=_("Objectives explained"), widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, objectives, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["objectives"].queryset = objectives


class PeopleImportForm(forms.Form):
    file = forms.FileField(label=_("People and training matrix (.xlsx or .csv)"))

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > 10 * 1024 * 1024:
            raise forms.ValidationError(_("The file is larger than 10 MB."))
        return upload
