"""Form bases: every ModelForm is limited to the organisation and carries the row's version."""

from django import forms
from django.contrib.auth.forms import PasswordResetForm
from django.utils.translation import gettext_lazy as _

from pdca.core.choices import ActionStatus
from pdca.core.models import Action, Membership, Organisation, OrgScopedModel, Person, Site, User


class OrgModelForm(forms.ModelForm):
    """A ModelForm whose choices come only from `org`, with the hidden version for conflict checks.

    A posted id of another organisation's row is therefore "not one of the available choices":
    a field error, never a cross-tenant link.
    """

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, org, **kwargs):
        super().__init__(*args, **kwargs)
        self.org = org
        for field in self.fields.values():
            queryset = getattr(field, "queryset", None)
            if queryset is not None and issubclass(queryset.model, OrgScopedModel):
                field.queryset = queryset.filter(organisation=org)
        if self.instance.pk:
            self.fields["version"].initial = self.instance.version

    def service_data(self) -> dict:
        """The validated model fields, for a service call."""
        return {name: value for name, value in self.cleaned_data.items() if name in self._meta.fields}


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class SiteForm(OrgModelForm):
    class Meta:
        model = Site
        fields = ["name", "address", "headcount", "is_central_function"]
        widgets = {"address": forms.Textarea(attrs={"rows": 3})}


class PersonForm(OrgModelForm):
    class Meta:
        model = Person
        fields = ["name", "email", "job_title", "site", "manager", "is_active"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:  # nobody manages themselves
            self.fields["manager"].queryset = self.fields["manager"].queryset.exclude(pk=self.instance.pk)


class ActionForm(OrgModelForm):
    class Meta:
        model = Action
        fields = ["title", "description", "owner", "due_date", "priority", "status", "evidence"]
        widgets = {
            "due_date": DateInput(),
            "description": forms.Textarea(attrs={"rows": 4}),
            "evidence": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = self.fields["owner"].queryset.filter(is_active=True)
        if not self.instance.pk:
            del self.fields["status"]


class ActionTransitionForm(forms.Form):
    status = forms.ChoiceField(label=_("New status"), choices=ActionStatus.choices)
    evidence = forms.CharField(
        label=_("Evidence of completion"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Needed to mark the action done: what was done, where the record is."),
    )
    reason = forms.CharField(label=_("Reason"), required=False, max_length=500)


class MembershipForm(OrgModelForm):
    email = forms.EmailField(label=_("E-mail of the user"))

    class Meta:
        model = Membership
        fields = ["role", "expires_at"]
        widgets = {"expires_at": forms.DateTimeInput(attrs={"type": "datetime-local"})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["email"].initial = self.instance.user.email
            self.fields["email"].disabled = True

    def clean_email(self):
        email = self.cleaned_data["email"]
        user = User.objects.filter(email__iexact=email).first()
        if user is None:
            raise forms.ValidationError(_("No user has this e-mail address. Ask an operator to create the login."))
        self.user = user
        return email


class OrganisationForm(forms.ModelForm):
    class Meta:
        model = Organisation
        fields = ["name", "legal_name", "effective_headcount"]


class AttachmentForm(forms.Form):
    file = forms.FileField(label=_("File"))


class ClauseTagsForm(forms.Form):
    clauses = forms.CharField(
        label=_("Clauses"), required=False, help_text=_("Clause or requirement keys, separated by commas.")
    )


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class OutboxPasswordResetForm(PasswordResetForm):
    """Password-reset e-mails go through the outbox like every other mail (retried if the server is down)."""

    def send_mail(
        self, subject_template_name, email_template_name, context, from_email, to_email, html_email_template_name=None
    ):
        from django.template import loader

        from pdca.core.notifications import queue_email

        subject = "".join(loader.render_to_string(subject_template_name, context).splitlines())
        queue_email(to=[to_email], subject=subject, body=loader.render_to_string(email_template_name, context))
