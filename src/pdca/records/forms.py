from django import forms
from django.utils.translation import gettext_lazy as _

from pdca.core.exceptions import ValidationFailed
from pdca.core.forms import DateInput, OrgModelForm
from pdca.core.models import Person
from pdca.records import selectors
from pdca.records.models import DisposalRequest, Record, RecordType


def clause_keys(text: str) -> list[str]:
    return [k.strip() for k in (text or "").split(",") if k.strip()]


class RecordFileForm(OrgModelForm):
    """Filing a record: what it is, its file (or where the paper original is), what it is evidence of."""

    file = forms.FileField(label=_("File (PDF, Word, Excel, PNG or JPEG)"), required=False)
    clauses = forms.CharField(
        label=_("Clauses"),
        required=False,
        help_text=_("Clause keys separated by commas. Empty: the record type's default clauses."),
    )
    people = forms.ModelMultipleChoiceField(
        label=_("People it concerns"),
        queryset=Person.objects.none(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 5}),
    )
    references = forms.CharField(
        label=_("Linked actions, documents, gap assessments"),
        required=False,
        help_text=_("Their numbers, separated by commas, e.g. ACT-0004, QP-0007, GAP-0002."),
    )
    corrects = forms.CharField(
        label=_("Corrects record"),
        required=False,
        help_text=_("The number of the record this one corrects (e.g. REC-0012). Empty for a new record."),
    )

    class Meta:
        model = Record
        fields = ["title", "record_type", "record_date", "description", "location"]
        widgets = {"record_date": DateInput(), "description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["people"].queryset = Person.objects.filter(organisation=self.org, is_active=True).order_by("name")
        self.order_fields(["title", "record_type", "record_date", "file", "location", "clauses"])

    def clean_corrects(self):
        number = self.cleaned_data["corrects"].strip()
        if not number:
            return None
        record = Record.objects.filter(organisation=self.org, number=number).first()
        if record is None:
            raise forms.ValidationError(_("No record has the number %(n)s.") % {"n": number})
        return record

    def clean_references(self):
        try:
            return selectors.by_numbers(self.org, self.cleaned_data["references"])
        except ValidationFailed as exc:
            raise forms.ValidationError(exc.message) from exc

    def service_arguments(self) -> dict:
        data = self.cleaned_data
        return {
            "data": self.service_data(),
            "upload": data.get("file"),
            "links": [*data.get("people", []), *data.get("references", [])],
            "clauses": clause_keys(data.get("clauses", "")) or None,
            "corrects": data.get("corrects"),
        }


class LegalHoldForm(OrgModelForm):
    class Meta:
        model = Record
        fields = ["legal_hold", "legal_hold_reason"]
        widgets = {"legal_hold_reason": forms.Textarea(attrs={"rows": 2})}


class RecordTypeForm(OrgModelForm):
    clause_keys = forms.CharField(
        label=_("Default clauses"),
        required=False,
        help_text=_("Clause keys separated by commas, e.g. hs.support.competence.evidence"),
    )

    class Meta:
        model = RecordType
        fields = ["name", "retention_period", "retention_unit", "clause_keys", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.initial["clause_keys"] = ", ".join(self.instance.clause_keys or [])

    def clean_clause_keys(self):
        return clause_keys(self.cleaned_data["clause_keys"])


class DisposalRequestForm(OrgModelForm):
    """Asking for disposal: records chosen among those past retention (all of them are valid choices;
    the page shows the oldest). Editing a waiting request changes only its reason."""

    class Meta:
        model = DisposalRequest
        fields = ["records", "reason"]
        widgets = {"records": forms.CheckboxSelectMultiple, "reason": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, **kwargs):
        from pdca.records.services import disposable

        super().__init__(*args, **kwargs)
        if self.instance.pk:
            del self.fields["records"]
        else:
            self.fields["records"].queryset = disposable(self.org)


class DecisionForm(forms.Form):
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
