from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from pdca.context.models import ContextIssue, PartyRequirement
from pdca.core.forms import DateInput, OrgModelForm
from pdca.core.models import Action, Person
from pdca.risks.choices import IMPACT_LABELS, LIKELIHOOD_LABELS, RISK_TRANSITIONS, SCALE, RiskStatus
from pdca.risks.models import Risk, RiskEvaluation


def _scale(labels, blank: bool = False):
    choices = [(n, f"{n} – {labels[n]}") for n in SCALE]
    return [("", "—"), *choices] if blank else choices


def clause_keys(text: str) -> list[str]:
    return [k.strip() for k in (text or "").split(",") if k.strip()]


class RiskForm(OrgModelForm):
    """A risk or opportunity: what, where from, who, how big (before and after), what is done about it."""

    clauses = forms.CharField(
        label=_("Clauses"),
        required=False,
        help_text=_("Clause keys separated by commas. Empty on a new entry: 6.1.1 for its type."),
    )

    class Meta:
        model = Risk
        fields = [
            "kind",
            "title",
            "description",
            "context_issue",
            "party_requirement",
            "process",
            "source_other",
            "owner",
            "likelihood",
            "impact",
            "treatment",
            "treatment_plan",
            "residual_likelihood",
            "residual_impact",
            "review_date",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 3}),
            "treatment_plan": forms.Textarea(attrs={"rows": 3}),
            "review_date": DateInput(),
            # A blank first choice: a rating is chosen on purpose, never left at "1" by default.
            "likelihood": forms.Select(choices=_scale(LIKELIHOOD_LABELS, blank=True)),
            "impact": forms.Select(choices=_scale(IMPACT_LABELS, blank=True)),
            "residual_likelihood": forms.Select(choices=_scale(LIKELIHOOD_LABELS, blank=True)),
            "residual_impact": forms.Select(choices=_scale(IMPACT_LABELS, blank=True)),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = self.fields["owner"].queryset.filter(is_active=True)
        self.fields["context_issue"].queryset = ContextIssue.objects.filter(organisation=self.org)
        self.fields["party_requirement"].queryset = PartyRequirement.objects.filter(
            organisation=self.org
        ).select_related("party")
        if self.instance.pk:
            self.initial["clauses"] = ", ".join(sorted(t.key for t in self.instance.clause_tags.all()))

    def clean_clauses(self):
        text = self.cleaned_data["clauses"]
        return clause_keys(text) if text.strip() or self.instance.pk else None


class RiskByNumber(forms.ModelChoiceField):
    """A risk named by its number (RSK-0007), not chosen from a list: a register may hold thousands."""

    widget = forms.TextInput

    def to_python(self, value):
        text = "" if value in self.empty_values else str(value).strip()
        if not text:
            return None
        found = self.queryset.filter(number__iexact=text).first()
        if found is None and text.isdigit():  # the API and links give its id
            found = self.queryset.filter(pk=int(text)).first()
        if found is None:
            raise forms.ValidationError(_("No risk or opportunity here has the number %(n)s.") % {"n": text})
        return found

    def prepare_value(self, value):
        if isinstance(value, Risk):
            return value.number
        if isinstance(value, int) or (isinstance(value, str) and value.isdigit()):
            return self.queryset.filter(pk=int(value)).values_list("number", flat=True).first() or value
        return value


class RiskEvaluationForm(OrgModelForm):
    """Were the actions effective? With the residual rating re-scored after them."""

    risk = RiskByNumber(
        queryset=Risk.objects.all(), label=_("Risk or opportunity"), help_text=_("Its number, e.g. RSK-0007.")
    )

    class Meta:
        model = RiskEvaluation
        fields = [
            "risk",
            "evaluated_on",
            "effectiveness",
            "residual_likelihood",
            "residual_impact",
            "comment",
            "evaluated_by",
        ]
        widgets = {
            "evaluated_on": DateInput(),
            "comment": forms.Textarea(attrs={"rows": 3}),
            "residual_likelihood": forms.Select(choices=_scale(LIKELIHOOD_LABELS, blank=True)),
            "residual_impact": forms.Select(choices=_scale(IMPACT_LABELS, blank=True)),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["evaluated_by"].queryset = self.fields["evaluated_by"].queryset.filter(is_active=True)
        self.fields["evaluated_by"].help_text = _("Empty: you.")
        if not self.instance.pk:
            self.initial.setdefault("evaluated_on", timezone.localdate())


class RiskActionForm(OrgModelForm):
    """An action of the risk's treatment, raised in the shared action register."""

    class Meta:
        model = Action
        fields = ["title", "description", "owner", "due_date", "priority"]
        widgets = {"due_date": DateInput(), "description": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = Person.objects.filter(organisation=self.org, is_active=True)


class RiskTransitionForm(forms.Form):
    status = forms.ChoiceField(label=_("New status"), choices=RiskStatus.choices)
    reason = forms.CharField(label=_("Reason"), required=False, max_length=500)

    def __init__(self, *args, current: str | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        if current is not None:
            allowed = RISK_TRANSITIONS.get(current, set())
            self.fields["status"].choices = [(v, label) for v, label in RiskStatus.choices if v in allowed]


class RiskImportForm(forms.Form):
    file = forms.FileField(label=_("Risk register (.xlsx or .csv)"))

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > 10 * 1024 * 1024:
            raise forms.ValidationError(_("The file is larger than 10 MB."))
        return upload
