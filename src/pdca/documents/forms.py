from django import forms
from django.utils.translation import gettext_lazy as _

from pdca.core.choices import Role
from pdca.core.forms import DateInput, OrgModelForm
from pdca.core.models import Person
from pdca.documents.choices import ApprovalMethod, DocumentType, Meaning
from pdca.documents.models import Document, DocumentRevision


def clause_keys(text: str) -> list[str]:
    return [k.strip() for k in (text or "").split(",") if k.strip()]


class DocumentForm(OrgModelForm):
    number = forms.CharField(
        label=_("Existing number"),
        required=False,
        max_length=40,
        help_text=_("Leave empty to number it by its type (QP-0004); give one to keep the number it already has."),
    )
    clauses = forms.CharField(
        label=_("Clauses addressed"),
        required=False,
        help_text=_("Clause keys separated by commas, e.g. hs.support.information"),
    )

    class Meta:
        model = Document
        fields = ["title", "doc_type", "owner", "sites", "confidentiality", "review_interval_months"]
        widgets = {"sites": forms.CheckboxSelectMultiple}

    def __init__(self, *args, tags=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = self.fields["owner"].queryset.filter(is_active=True)
        if self.instance.pk:
            del self.fields["number"]
            self.fields["clauses"].initial = ", ".join(tags)

    def service_data(self) -> dict:
        return {**super().service_data(), "clauses": clause_keys(self.cleaned_data.get("clauses", ""))}


class RevisionForm(OrgModelForm):
    """A new revision (with its document) or a draft being edited (Markdown, summary, audience)."""

    audience_roles = forms.MultipleChoiceField(
        label=_("Roles asked to read and acknowledge it"),
        choices=Role.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = DocumentRevision
        fields = ["document", "label", "change_summary", "markdown", "audience_roles", "audience_sites"]
        widgets = {
            "markdown": forms.Textarea(attrs={"rows": 18, "class": "font-monospace", "data-preview": "1"}),
            "change_summary": forms.Textarea(attrs={"rows": 2}),
            "audience_sites": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["label"].required = False
        self.fields["label"].help_text = _("Empty: the next number (or letter) after the previous revision.")
        if self.instance.pk:
            del self.fields["document"]
        else:
            del self.fields["audience_roles"], self.fields["audience_sites"]

    def clean_label(self):
        return self.cleaned_data["label"].strip() or self.instance.label


class UploadForm(forms.Form):
    file = forms.FileField(label=_("File (PDF, Word, Excel, PNG or JPEG)"))


class PeopleField(forms.ModelMultipleChoiceField):
    def __init__(self, **kwargs):
        super().__init__(queryset=Person.objects.none(), widget=forms.SelectMultiple(attrs={"size": 6}), **kwargs)


class SubmitForm(forms.Form):
    approvers = PeopleField(label=_("Approvers"), help_text=_("People with a login who approve the revision."))
    reviewers = PeopleField(label=_("Reviewers"), required=False)
    due_date = forms.DateField(label=_("Review due"), required=False, widget=DateInput())
    reason = forms.CharField(label=_("Note"), required=False, max_length=500)

    def __init__(self, *args, org, **kwargs):
        super().__init__(*args, **kwargs)
        people = Person.objects.filter(organisation=org, is_active=True).order_by("name")
        self.fields["approvers"].queryset = people.filter(user__isnull=False)
        self.fields["reviewers"].queryset = people


class CommentForm(forms.Form):
    text = forms.CharField(label=_("Comment"), widget=forms.Textarea(attrs={"rows": 3}))


class ApproveForm(forms.Form):
    meaning = forms.ChoiceField(label=_("Meaning"), choices=Meaning.choices, initial=Meaning.APPROVED)


class SignForm(ApproveForm):
    password = forms.CharField(
        label=_("Your password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        help_text=_("Signing binds your name, the time and the meaning to this exact content."),
    )


class PublishForm(forms.Form):
    effective_date = forms.DateField(
        label=_("Effective from"), required=False, widget=DateInput(), help_text=_("Empty: now.")
    )
    reason = forms.CharField(label=_("Note"), required=False, max_length=500)


class RequiredReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=1000, widget=forms.Textarea(attrs={"rows": 2}))


class PeriodicReviewForm(forms.Form):
    outcome = forms.ChoiceField(
        label=_("Outcome"),
        choices=[("confirm", _("Still right: confirm it")), ("revise", _("Needs changes: start a new revision"))],
        widget=forms.RadioSelect(attrs={"class": "form-check-input"}),
    )
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class SettingsForm(forms.Form):
    """Per document type: the approval method and the numbering scheme (prefix and digits). The rules
    on prefixes and digits are the service's; this form only reads what was typed."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for value, label in DocumentType.choices:
            self.fields[f"approval_{value}"] = forms.ChoiceField(
                label=_("%(type)s: approval") % {"type": label}, choices=ApprovalMethod.choices
            )
            self.fields[f"prefix_{value}"] = forms.CharField(
                label=_("%(type)s: number prefix") % {"type": label},
                widget=forms.TextInput(
                    attrs={
                        "maxlength": 10,
                        "size": 8,
                        "class": "text-uppercase",  # saved in capitals, as the importer reads numbers
                        "autocapitalize": "characters",
                        "spellcheck": "false",
                    }
                ),
            )
            self.fields[f"width_{value}"] = forms.IntegerField(
                label=_("%(type)s: digits") % {"type": label},
                widget=forms.NumberInput(attrs={"min": 1, "max": 6, "style": "width: 5rem"}),
            )

    @staticmethod
    def initial_for(approval: dict[str, str], scheme: dict[str, tuple[str, int]]) -> dict:
        initial = {f"approval_{t}": m for t, m in approval.items()}
        initial |= {f"prefix_{t}": prefix for t, (prefix, _w) in scheme.items()}
        return initial | {f"width_{t}": width for t, (_p, width) in scheme.items()}

    def rows(self, examples: dict[str, str]) -> list[tuple]:
        """One row per document type: its label, the bound fields approval, prefix and digits, and the
        example of its next number."""
        return [
            (label, self[f"approval_{t}"], self[f"prefix_{t}"], self[f"width_{t}"], examples[t])
            for t, label in DocumentType.choices
        ]

    def service_data(self) -> dict:
        data = self.cleaned_data
        return {
            "approval": {t: data[f"approval_{t}"] for t in DocumentType.values},
            "numbering": {t: (data[f"prefix_{t}"], data[f"width_{t}"]) for t in DocumentType.values},
        }
