from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from pdca.core.forms import DateInput, OrgModelForm
from pdca.core.models import Person
from pdca.equipment.choices import CONDITION_TRANSITIONS, Condition
from pdca.equipment.models import CalibrationRecord, Equipment, ImpactAssessment, MaintenancePlan, MaintenanceRecord
from pdca.records.models import Record


def clause_keys(text: str) -> list[str]:
    return [k.strip() for k in (text or "").split(",") if k.strip()]


class ByNumber(forms.ModelChoiceField):
    """A row named by its number (EQ-0007, CAL-0012), not chosen from a list: a register may hold
    thousands. The API and links may give its id instead."""

    widget = forms.TextInput

    def __init__(self, *args, what: str = "", **kwargs):
        self.what = what
        super().__init__(*args, **kwargs)

    def to_python(self, value):
        text = "" if value in self.empty_values else str(value).strip()
        if not text:
            return None
        found = self.queryset.filter(number__iexact=text).first()
        if found is None and text.isdigit():
            found = self.queryset.filter(pk=int(text)).first()
        if found is None:
            raise forms.ValidationError(_("No %(what)s here has the number %(n)s.") % {"what": self.what, "n": text})
        return found

    def prepare_value(self, value):
        if hasattr(value, "number"):
            return value.number
        if isinstance(value, int) or (isinstance(value, str) and value.isdigit()):
            return self.queryset.filter(pk=int(value)).values_list("number", flat=True).first() or value
        return value


def _active_people(form, *names):
    for name in names:
        form.fields[name].queryset = Person.objects.filter(organisation=form.org, is_active=True)


class EquipmentForm(OrgModelForm):
    """Equipment or infrastructure; measuring equipment with its calibration interval and tolerance."""

    clauses = forms.CharField(
        label=_("Clauses"),
        required=False,
        help_text=_("Clause keys separated by commas. Empty on new equipment: 7.1.5.2 if calibrated, else 7.1.3."),
    )

    class Meta:
        model = Equipment
        fields = [
            "name",
            "kind",
            "description",
            "site",
            "location",
            "owner",
            "manufacturer",
            "model_number",
            "serial_number",
            "in_service_since",
            "needs_calibration",
            "calibration_interval_months",
            "calibration_warning_days",
            "measuring_range",
            "tolerance",
            "traceability",
            "last_calibrated_on",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 2}),
            "in_service_since": DateInput(),
            "last_calibrated_on": DateInput(),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _active_people(self, "owner")
        if self.instance.pk:
            self.initial["clauses"] = ", ".join(sorted(t.key for t in self.instance.clause_tags.all()))

    def clean_clauses(self):
        text = self.cleaned_data["clauses"]
        return clause_keys(text) if text.strip() or self.instance.pk else None


class CalibrationRecordForm(OrgModelForm):
    """A calibration with its certificate; attach the certificate's file on the calibration's page."""

    equipment = ByNumber(
        queryset=Equipment.objects.all(),
        what=_("equipment"),
        label=_("Equipment"),
        help_text=_("Its number, e.g. EQ-0007."),
    )
    record = ByNumber(
        queryset=Record.objects.all(),
        what=_("record"),
        required=False,
        label=_("Filed as record"),
        help_text=_("Optional: the record (e.g. REC-0042) the certificate is filed as."),
    )

    class Meta:
        model = CalibrationRecord
        fields = [
            "equipment",
            "calibrated_on",
            "calibrated_by",
            "performed_by",
            "laboratory",
            "certificate_number",
            "reference_standard",
            "result",
            "as_found",
            "as_left",
            "comment",
            "record",
        ]
        widgets = {
            "calibrated_on": DateInput(),
            "as_found": forms.Textarea(attrs={"rows": 2}),
            "as_left": forms.Textarea(attrs={"rows": 2}),
            "comment": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _active_people(self, "performed_by")
        if not self.instance.pk:
            self.initial.setdefault("calibrated_on", timezone.localdate())


class MaintenancePlanForm(OrgModelForm):
    equipment = ByNumber(
        queryset=Equipment.objects.all(),
        what=_("equipment"),
        label=_("Equipment"),
        help_text=_("Its number, e.g. EQ-0007."),
    )

    class Meta:
        model = MaintenancePlan
        fields = [
            "equipment",
            "task",
            "instructions",
            "interval",
            "interval_unit",
            "responsible",
            "next_due",
            "is_active",
        ]
        widgets = {"next_due": DateInput(), "instructions": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _active_people(self, "responsible")


class MaintenanceRecordForm(OrgModelForm):
    equipment = ByNumber(
        queryset=Equipment.objects.all(),
        what=_("equipment"),
        label=_("Equipment"),
        help_text=_("Its number, e.g. EQ-0007."),
    )

    class Meta:
        model = MaintenanceRecord
        fields = [
            "equipment",
            "plan",
            "kind",
            "performed_on",
            "done_by",
            "contractor",
            "work_done",
            "result",
            "downtime_hours",
        ]
        widgets = {"performed_on": DateInput(), "work_done": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, equipment=None, **kwargs):
        super().__init__(*args, **kwargs)
        _active_people(self, "done_by")
        self.fields["done_by"].help_text = _("Empty (and no contractor): you.")
        plans = MaintenancePlan.objects.filter(organisation=self.org).select_related("equipment")
        chosen = equipment or self.instance.equipment_id or self.initial.get("equipment") or self._posted_equipment()
        # Only the chosen equipment's plans: an organisation may have thousands.
        self.fields["plan"].queryset = (
            plans.filter(equipment_id=getattr(chosen, "pk", chosen)) if chosen else plans.none()
        )
        if not self.instance.pk:
            self.initial.setdefault("performed_on", timezone.localdate())

    def _posted_equipment(self):
        """The equipment named in posted data (its number or id), so a posted plan is checked against its plans."""
        try:
            return self.fields["equipment"].clean(self.data.get("equipment")) if self.is_bound else None
        except forms.ValidationError:
            return None


class ImpactAssessmentForm(OrgModelForm):
    calibration = ByNumber(
        queryset=CalibrationRecord.objects.all(),
        what=_("calibration"),
        label=_("Out-of-tolerance calibration"),
        help_text=_("Its number, e.g. CAL-0012."),
    )

    class Meta:
        model = ImpactAssessment
        fields = [
            "calibration",
            "period_start",
            "measurements_checked",
            "products_checked",
            "findings",
            "decision",
            "assessed_by",
            "assessed_on",
        ]
        widgets = {
            "period_start": DateInput(),
            "assessed_on": DateInput(),
            "measurements_checked": forms.Textarea(attrs={"rows": 3}),
            "products_checked": forms.Textarea(attrs={"rows": 2}),
            "findings": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _active_people(self, "assessed_by")
        self.fields["assessed_by"].required = False
        self.fields["assessed_by"].help_text = _("Empty: you.")
        self.fields["period_start"].help_text = _("Empty: the last calibration within tolerance.")
        if not self.instance.pk:
            self.initial.setdefault("assessed_on", timezone.localdate())


class EquipmentTransitionForm(forms.Form):
    condition = forms.ChoiceField(label=_("New status"), choices=Condition.choices)
    reason = forms.CharField(label=_("Reason"), max_length=500)

    def __init__(self, *args, current: str | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        if current is not None:
            allowed = CONDITION_TRANSITIONS.get(current, set())
            self.fields["condition"].choices = [(v, label) for v, label in Condition.choices if v in allowed]


class EquipmentImportForm(forms.Form):
    file = forms.FileField(label=_("Equipment list (.xlsx or .csv)"))

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > 10 * 1024 * 1024:
            raise forms.ValidationError(_("The file is larger than 10 MB."))
        return upload
