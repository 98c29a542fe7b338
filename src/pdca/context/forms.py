from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from pdca.context.choices import EXTERNAL_CATEGORIES, ComplianceResult, IssueCategory, ManagementSystem
from pdca.context.models import (
    ClimateDetermination,
    ComplianceCheck,
    ContextIssue,
    InterestedParty,
    LegalRequirement,
    PartyRequirement,
    QmsScope,
)
from pdca.core.forms import DateInput, OrgModelForm
from pdca.core.models import Person

# Categories grouped by the direction they belong to, so the choice itself shows which fit.
GROUPED_CATEGORIES = [
    (_("External (PESTLE and market)"), [(c.value, c.label) for c in IssueCategory if c in EXTERNAL_CATEGORIES]),
    (_("Internal"), [(c.value, c.label) for c in IssueCategory if c not in EXTERNAL_CATEGORIES]),
]
YES_NO = [("yes", _("Yes: climate change is a relevant issue")), ("no", _("No: it is not a relevant issue"))]


def _active_people(form, *names) -> None:
    for name in names:
        if name in form.fields:
            form.fields[name].queryset = Person.objects.filter(organisation=form.org, is_active=True).order_by("name")


class ContextIssueForm(OrgModelForm):
    class Meta:
        model = ContextIssue
        fields = [
            "title",
            "direction",
            "category",
            "climate_related",
            "description",
            "effect",
            "effect_on_qms",
            "owner",
            "review_date",
            "is_active",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 3}),
            "effect_on_qms": forms.Textarea(attrs={"rows": 3}),
            "review_date": DateInput(),
            "direction": forms.RadioSelect,
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].choices = [("", "---------"), *GROUPED_CATEGORIES]
        _active_people(self, "owner")


class ClimateDeterminationForm(OrgModelForm):
    answer = forms.ChoiceField(label=_("Is climate change a relevant issue?"), choices=YES_NO, widget=forms.RadioSelect)

    class Meta:
        model = ClimateDetermination
        fields = ["rationale", "decided_on", "decided_by"]
        widgets = {"rationale": forms.Textarea(attrs={"rows": 4}), "decided_on": DateInput()}

    def __init__(self, *args, person=None, **kwargs):
        super().__init__(*args, **kwargs)
        _active_people(self, "decided_by")
        self.fields["decided_on"].initial = timezone.localdate()
        self.fields["decided_by"].initial = person.pk if person else None
        self.order_fields(["answer", "rationale", "decided_on", "decided_by"])

    def service_data(self) -> dict:
        return {**super().service_data(), "relevant": self.cleaned_data["answer"] == "yes"}


class InterestedPartyForm(OrgModelForm):
    class Meta:
        model = InterestedParty
        fields = ["name", "category", "description", "owner", "review_date"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3}), "review_date": DateInput()}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _active_people(self, "owner")


class PartyRequirementForm(OrgModelForm):
    class Meta:
        model = PartyRequirement
        fields = ["party", "requirement", "climate_related", "how_addressed", "processes", "is_active"]
        widgets = {
            "requirement": forms.Textarea(attrs={"rows": 2}),
            "how_addressed": forms.Textarea(attrs={"rows": 2}),
            "processes": forms.SelectMultiple(attrs={"size": 5}),
        }

    def __init__(self, *args, fixed_party: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["party"].queryset = self.fields["party"].queryset.order_by("name")
        self.fields["processes"].queryset = self.fields["processes"].queryset.order_by("number")
        if self.instance.pk:
            self.fields["party"].disabled = True  # a requirement stays with its party
        if fixed_party:  # on the party's own page
            self.fields["party"].widget = forms.HiddenInput()


class LegalRequirementForm(OrgModelForm):
    source_url = forms.URLField(label=_("Link to the text"), required=False, max_length=500, assume_scheme="https")
    systems = forms.MultipleChoiceField(
        label=_("Management systems"),
        choices=ManagementSystem.choices,
        widget=forms.CheckboxSelectMultiple,
        initial=[ManagementSystem.QUALITY],
        help_text=_("The same register serves ISO 14001 and ISO 45001 compliance obligations."),
    )

    class Meta:
        model = LegalRequirement
        fields = [
            "title",
            "reference",
            "kind",
            "issuer",
            "jurisdiction",
            "source_url",
            "applicability",
            "systems",
            "owner",
            "how_complied",
            "processes",
            "check_interval_months",
            "next_check_date",
            "is_active",
        ]
        widgets = {
            "applicability": forms.Textarea(attrs={"rows": 2}),
            "how_complied": forms.Textarea(attrs={"rows": 3}),
            "processes": forms.SelectMultiple(attrs={"size": 5}),
            "next_check_date": DateInput(),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _active_people(self, "owner")
        self.fields["processes"].queryset = self.fields["processes"].queryset.order_by("number")
        if not self.instance.pk:
            self.fields["next_check_date"].help_text = _("Empty: due now, since it has never been checked.")
        else:
            self.fields["next_check_date"].help_text = _(
                "Set by each compliance check; change it to plan another date."
            )


class RecordNumberField(forms.CharField):
    """A filed record named by its number (REC-0012): records are too many for a drop-down."""

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault("max_length", 30)
        super().__init__(**kwargs)


class ComplianceCheckForm(OrgModelForm):
    evidence_number = RecordNumberField(
        label=_("Evidence record"),
        help_text=_("The number of a filed record, e.g. REC-0012. Files can also be attached."),
    )

    file = forms.FileField(
        label=_("Evidence file"),
        required=False,
        help_text=_("A report, a certificate, a photo (PDF, Office, PNG, JPEG)."),
    )

    class Meta:
        model = ComplianceCheck
        fields = ["legal_requirement", "checked_on", "result", "notes", "checked_by"]
        widgets = {"checked_on": DateInput(), "notes": forms.Textarea(attrs={"rows": 3}), "result": forms.RadioSelect}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _active_people(self, "checked_by")
        self.fields["result"].choices = ComplianceResult.choices
        self.fields["legal_requirement"].queryset = self.fields["legal_requirement"].queryset.order_by("number")
        if self.instance.pk:
            self.fields["legal_requirement"].disabled = True
            self.initial["evidence_number"] = self.instance.evidence.number if self.instance.evidence_id else ""
        else:
            self.fields["checked_on"].initial = timezone.localdate()
        if self.instance.pk:
            del self.fields["file"]  # later files are attached on the check's page
        self.order_fields(
            ["legal_requirement", "checked_on", "result", "notes", "checked_by", "evidence_number", "file"]
        )

    def clean_evidence_number(self):
        from pdca.records.models import Record

        number = self.cleaned_data["evidence_number"].strip()
        if not number:
            return None
        record = Record.objects.filter(organisation=self.org, number__iexact=number).first()
        if record is None:
            raise forms.ValidationError(_("No record has the number %(n)s.") % {"n": number})
        return record

    def service_data(self) -> dict:
        return {**super().service_data(), "evidence": self.cleaned_data.get("evidence_number")}


class QmsScopeForm(OrgModelForm):
    class Meta:
        model = QmsScope
        fields = ["statement", "products_services", "sites", "boundaries", "owner", "standard", "document"]
        widgets = {
            "statement": forms.Textarea(attrs={"rows": 3}),
            "products_services": forms.Textarea(attrs={"rows": 4}),
            "boundaries": forms.Textarea(attrs={"rows": 4}),
            "sites": forms.CheckboxSelectMultiple,
        }
        help_texts = {
            "document": _(
                "Empty: publishing creates it. Choose an existing scope document (e.g. the starter copied into the "
                "register) to revise that one instead."
            )
        }

    def __init__(self, *args, **kwargs):
        from pdca.standards.selectors import standards_for

        super().__init__(*args, **kwargs)
        _active_people(self, "owner")
        self.fields["standard"].queryset = standards_for(self.org)
        self.fields["standard"].required = False
        self.fields["document"].queryset = (
            self.fields["document"].queryset.filter(doc_type__in=["manual", "policy"]).order_by("number")
        )
        self.fields["sites"].queryset = self.fields["sites"].queryset.order_by("name")

    def service_data(self) -> dict:
        data = super().service_data()
        if data.get("standard") is None:
            data.pop("standard", None)
        return data


class NotApplicableForm(forms.Form):
    """A clause or one requirement of the scope's standard that does not apply, and why."""

    target = forms.ChoiceField(label=_("What does not apply"))
    justification = forms.CharField(
        label=_("Why it does not apply"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "Leaving it out must not affect the ability to provide conforming products and services or to enhance "
            "customer satisfaction."
        ),
    )

    def __init__(self, *args, choices=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["target"].choices = [("", "---------"), *choices]


class JustificationForm(forms.Form):
    justification = forms.CharField(label=_("Why it does not apply"), widget=forms.Textarea(attrs={"rows": 2}))


class LegalImportForm(forms.Form):
    file = forms.FileField(label=_("Legal register (.xlsx or .csv)"))

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > 10 * 1024 * 1024:
            raise forms.ValidationError(_("The file is larger than 10 MB."))
        return upload
