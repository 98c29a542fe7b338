import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from pdca.core.forms import DateInput, OrgModelForm
from pdca.processes.models import Process
from pdca.suppliers.choices import (
    SCAR_TRANSITIONS,
    SCORE_LABELS,
    SCORE_SCALE,
    SUPPLIER_TRANSITIONS,
    ScarStatus,
    SupplierStatus,
    Tier,
)
from pdca.suppliers.models import EvaluationCriterion, Scar, Supplier, SupplierCertificate, SupplierEvaluation


class ByNumber(forms.ModelChoiceField):
    """A supplier named by its number (SUP-0007) or exact name, not picked from a list of thousands."""

    widget = forms.TextInput

    def to_python(self, value):
        text = "" if value in self.empty_values else str(value).strip()
        if not text:
            return None
        found = self.queryset.filter(number__iexact=text).first() or self.queryset.filter(name__iexact=text).first()
        if found is None and text.isdigit():  # links and the API give its id
            found = self.queryset.filter(pk=int(text)).first()
        if found is None:
            raise forms.ValidationError(_("No supplier here has the number or name %(n)s.") % {"n": text})
        return found

    def prepare_value(self, value):
        if isinstance(value, Supplier):
            return value.number
        if isinstance(value, int) or (isinstance(value, str) and value.isdigit()):
            return self.queryset.filter(pk=int(value)).values_list("number", flat=True).first() or value
        return value


def _supplier_field():
    return ByNumber(queryset=Supplier.objects.all(), label=_("Supplier"), help_text=_("Its number, e.g. SUP-0007."))


class SupplierForm(OrgModelForm):
    website = forms.URLField(label=_("Website"), required=False, assume_scheme="https")

    class Meta:
        model = Supplier
        fields = [
            "name",
            "supplies",
            "kind",
            "tier",
            "owner",
            "processes",
            "contact_name",
            "contact_email",
            "contact_phone",
            "address",
            "website",
            "notes",
        ]
        widgets = {
            "supplies": forms.Textarea(attrs={"rows": 2}),
            "address": forms.Textarea(attrs={"rows": 2}),
            "notes": forms.Textarea(attrs={"rows": 3}),
            "processes": forms.SelectMultiple(attrs={"size": 6}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = self.fields["owner"].queryset.filter(is_active=True)
        self.fields["processes"].queryset = Process.objects.filter(organisation=self.org).order_by("name")
        self.fields["tier"].help_text = _("1: its failure reaches the customer; 2: disrupts production; 3: minor.")


class SupplierTransitionForm(forms.Form):
    status = forms.ChoiceField(label=_("New status"), choices=SupplierStatus.choices)
    reason = forms.CharField(label=_("Reason"), max_length=500)

    def __init__(self, *args, current: str | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        if current is not None:
            allowed = SUPPLIER_TRANSITIONS.get(current, set())
            self.fields["status"].choices = [(v, label) for v, label in SupplierStatus.choices if v in allowed]


class CertificateForm(OrgModelForm):
    supplier = _supplier_field()

    class Meta:
        model = SupplierCertificate
        fields = ["supplier", "standard", "certificate_number", "issuer", "scope", "valid_from", "valid_until"]
        widgets = {"valid_from": DateInput(), "valid_until": DateInput(), "scope": forms.Textarea(attrs={"rows": 2})}


class CriterionForm(OrgModelForm):
    class Meta:
        model = EvaluationCriterion
        fields = ["name", "description", "weight", "active", "position"]
        widgets = {"description": forms.Textarea(attrs={"rows": 2})}


class WeightsForm(forms.Form):
    """Every criterion's weight and active flag in one form: the active weights must total 100 %."""

    def __init__(self, *args, criteria, **kwargs):
        super().__init__(*args, **kwargs)
        self.criteria = criteria
        for c in criteria:
            self.fields[f"weight_{c.pk}"] = forms.IntegerField(
                label=c.name,
                min_value=0,
                max_value=100,
                initial=c.weight,
                widget=forms.NumberInput(attrs={"style": "width:6rem"}),
            )
            self.fields[f"active_{c.pk}"] = forms.BooleanField(label=_("active"), required=False, initial=c.active)

    def rows(self):
        return [(c, self[f"weight_{c.pk}"], self[f"active_{c.pk}"]) for c in self.criteria]

    def weights(self) -> dict:
        return {c.pk: (self.cleaned_data[f"weight_{c.pk}"], self.cleaned_data[f"active_{c.pk}"]) for c in self.criteria}


SCORE_CHOICES = [("", "—"), *((n, f"{n} – {SCORE_LABELS[n]}") for n in SCORE_SCALE)]


class EvaluationForm(OrgModelForm):
    """An evaluation: a 1–5 score per active criterion (fields criterion_<id>), weighted by the service."""

    supplier = _supplier_field()

    class Meta:
        model = SupplierEvaluation
        fields = ["supplier", "period", "evaluated_on", "evaluated_by", "comment"]
        widgets = {"evaluated_on": DateInput(), "comment": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, criteria=(), scores=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["evaluated_by"].queryset = self.fields["evaluated_by"].queryset.filter(is_active=True)
        self.fields["evaluated_by"].help_text = _("Empty: you.")
        if not self.instance.pk:
            self.initial.setdefault("evaluated_on", timezone.localdate())
        self.criteria = list(criteria)
        for criterion, weight in self.criteria:
            self.fields[f"criterion_{criterion.pk}"] = forms.TypedChoiceField(
                label=f"{criterion.name} ({weight} %)",
                choices=SCORE_CHOICES,
                coerce=int,
                help_text=criterion.description,
                initial=(scores or {}).get(criterion.pk),
            )

    def scores(self) -> dict:
        return {c.pk: self.cleaned_data.get(f"criterion_{c.pk}") for c, _w in self.criteria}


class ScarForm(OrgModelForm):
    supplier = _supplier_field()

    class Meta:
        model = Scar
        fields = ["supplier", "problem", "owner", "issued_on", "response_due"]
        widgets = {"issued_on": DateInput(), "response_due": DateInput(), "problem": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = self.fields["owner"].queryset.filter(is_active=True)
        self.fields["response_due"].required = False
        self.fields["response_due"].help_text = _("Empty: the number of days set in the supplier settings.")

    def clean(self):
        data = super().clean()
        if not data.get("response_due") and data.get("issued_on"):
            from pdca.suppliers.services import settings_of

            days = settings_of(self.org).scar_response_days
            data["response_due"] = data["issued_on"] + datetime.timedelta(days=days)
            self.instance.response_due = data["response_due"]
        return data


class ScarTransitionForm(forms.Form):
    status = forms.ChoiceField(label=_("Next step"), choices=ScarStatus.choices)
    text = forms.CharField(
        label=_("Response or verification"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    on = forms.DateField(label=_("On"), required=False, widget=DateInput())
    reason = forms.CharField(label=_("Reason"), required=False, max_length=500)

    def __init__(self, *args, current: str | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        if current is not None:
            allowed = SCAR_TRANSITIONS.get(current, set())
            self.fields["status"].choices = [(v, label) for v, label in ScarStatus.choices if v in allowed]


class SettingsForm(forms.Form):
    threshold = forms.IntegerField(label=_("Threshold (SCAR below)"), min_value=1, max_value=100)
    good_from = forms.IntegerField(label=_("“Good” from"), min_value=1, max_value=100)
    certificate_warning_days = forms.IntegerField(
        label=_("Warn before a certificate lapses (days)"), min_value=1, max_value=365
    )
    scar_response_days = forms.IntegerField(label=_("SCAR response time (days)"), min_value=1, max_value=180)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for tier in Tier:
            self.fields[f"interval_{tier.value}"] = forms.IntegerField(
                label=_("%(tier)s: re-evaluate every (months)") % {"tier": tier.label}, min_value=1, max_value=120
            )

    @staticmethod
    def initial_for(settings) -> dict:
        initial = {
            k: getattr(settings, k)
            for k in ("threshold", "good_from", "certificate_warning_days", "scar_response_days")
        }
        return initial | {f"interval_{t}": m for t, m in settings.intervals.items()}

    def service_data(self) -> dict:
        data = {
            k: self.cleaned_data[k]
            for k in ("threshold", "good_from", "certificate_warning_days", "scar_response_days")
        }
        return data | {"intervals": {t.value: self.cleaned_data[f"interval_{t.value}"] for t in Tier}}


class SupplierImportForm(forms.Form):
    file = forms.FileField(label=_("Supplier list (.xlsx or .csv)"))

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > 10 * 1024 * 1024:
            raise forms.ValidationError(_("The file is larger than 10 MB."))
        return upload
