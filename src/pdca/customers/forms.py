from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from pdca.core.forms import DateInput, OrgModelForm
from pdca.core.models import Person
from pdca.customers.choices import FEEDBACK_TRANSITIONS, SIMPLE_TRANSITIONS, WORKFLOW_KINDS, FeedbackStatus
from pdca.customers.models import Customer, CustomerSettings, Feedback, KpiFeed, Survey, SurveyQuestion, SurveyRound


def _active_people(form, name: str) -> None:
    form.fields[name].queryset = Person.objects.filter(organisation=form.org, is_active=True)


class CustomerForm(OrgModelForm):
    class Meta:
        model = Customer
        fields = ["name", "sector", "contact_name", "contact_email", "phone", "account_owner", "is_active", "notes"]
        widgets = {"notes": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _active_people(self, "account_owner")


class CustomerByNumber(forms.ModelChoiceField):
    """A customer named by number (CUS-0007) or exact name, not chosen from a list of thousands."""

    widget = forms.TextInput

    def to_python(self, value):
        text = "" if value in self.empty_values else str(value).strip()
        if not text:
            return None
        found = self.queryset.filter(number__iexact=text).first() or self.queryset.filter(name__iexact=text).first()
        if found is None and text.isdigit():
            found = self.queryset.filter(pk=int(text)).first()
        if found is None:
            raise forms.ValidationError(_("No customer here has the number or name %(n)s.") % {"n": text})
        return found

    def prepare_value(self, value):
        if isinstance(value, Customer):
            return value.number
        if isinstance(value, int) or (isinstance(value, str) and value.isdigit()):
            return self.queryset.filter(pk=int(value)).values_list("number", flat=True).first() or value
        return value


class FeedbackForm(OrgModelForm):
    customer = CustomerByNumber(
        queryset=Customer.objects.all(), label=_("Customer"), help_text=_("Number (CUS-0007) or exact name.")
    )

    class Meta:
        model = Feedback
        fields = ["customer", "kind", "title", "description", "received_on", "channel", "reference", "owner"]
        widgets = {"description": forms.Textarea(attrs={"rows": 4}), "received_on": DateInput()}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _active_people(self, "owner")
        self.fields["owner"].required = False
        self.fields["owner"].help_text = _("Who handles it. Empty: you.")
        if not self.instance.pk:
            self.initial.setdefault("received_on", timezone.localdate())


class FeedbackTransitionForm(forms.Form):
    status = forms.ChoiceField(label=_("Next step"), choices=FeedbackStatus.choices)
    text = forms.CharField(label=_("Response or findings"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    reason = forms.CharField(label=_("Reason"), required=False, max_length=500)

    def __init__(self, *args, feedback: Feedback | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        if feedback is not None:
            table = FEEDBACK_TRANSITIONS if feedback.kind in WORKFLOW_KINDS else SIMPLE_TRANSITIONS
            allowed = table.get(feedback.status, set())
            self.fields["status"].choices = [(v, label) for v, label in FeedbackStatus.choices if v in allowed]


class SurveyForm(OrgModelForm):
    class Meta:
        model = Survey
        fields = ["title", "introduction"]
        widgets = {"introduction": forms.Textarea(attrs={"rows": 4})}


class SurveyTransitionForm(forms.Form):
    status = forms.CharField()
    reason = forms.CharField(required=False, max_length=500)


class SurveyQuestionForm(OrgModelForm):
    class Meta:
        model = SurveyQuestion
        fields = ["survey", "order", "text", "kind", "is_csat", "required"]


class SurveyRoundForm(OrgModelForm):
    class Meta:
        model = SurveyRound
        fields = ["survey", "name", "sent_on", "closes_on"]
        widgets = {"sent_on": DateInput(), "closes_on": DateInput()}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["closes_on"].required = False
        self.fields["closes_on"].help_text = _("Empty: the settings' link validity after the send date.")
        if not self.instance.pk:
            self.initial.setdefault("sent_on", timezone.localdate())


class InviteForm(forms.Form):
    everyone = forms.BooleanField(label=_("Every active customer with a contact e-mail"), required=False, initial=True)
    customers = forms.CharField(
        label=_("Or these customers"),
        required=False,
        help_text=_("Numbers separated by commas, e.g. CUS-0001, CUS-0004."),
    )


class KpiFeedForm(OrgModelForm):
    class Meta:
        model = KpiFeed
        fields = ["kpi", "metric", "survey", "is_active"]


class CustomerSettingsForm(OrgModelForm):
    class Meta:
        model = CustomerSettings
        fields = ["acknowledge_days", "respond_days", "invitation_days"]


class CustomerImportForm(forms.Form):
    file = forms.FileField(label=_("Customer list (.xlsx or .csv)"))

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > 10 * 1024 * 1024:
            raise forms.ValidationError(_("The file is larger than 10 MB."))
        return upload
