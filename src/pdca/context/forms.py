from django import forms
from django.forms.utils import flatatt
from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import mark_safe
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
            field = form.fields[name]
            field.queryset = Person.objects.filter(organisation=form.org, is_active=True).order_by("name")
            _quick(field)


def _quick(field) -> None:
    """The field's drop-down written in Python (an organisation may have thousands of people)."""
    field.widget = QuickSelect(attrs=field.widget.attrs)
    field.widget.choices = field.choices


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
        _quick(self.fields["party"])
        processes_field(self)
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
        processes_field(self)
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
        _quick(self.fields["legal_requirement"])
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


class QuickSelect(forms.Select):
    """A drop-down whose options are written in Python: Django renders every option through a template,
    which costs a tenth of a millisecond each, and the catalogue's choices run to several hundred."""

    def render(self, name, value, attrs=None, renderer=None):
        shown = self.format_value(value)  # a list for a Select, a word for a NullBooleanSelect
        selected = (shown[0] if shown else "") if isinstance(shown, list) else str(shown or "")
        parts = [f'<select name="{escape(name)}"{flatatt(self.build_attrs(self.attrs, attrs))}>']
        for key, label in self.choices:
            if isinstance(label, list | tuple):
                parts.append(f'<optgroup label="{escape(key)}">')
                parts += [_option(k, text, selected) for k, text in label]
                parts.append("</optgroup>")
            else:
                parts.append(_option(key, label, selected))
        parts.append("</select>")
        return mark_safe("".join(parts))  # every value and label is escaped above


class QuickSelectMultiple(forms.SelectMultiple):
    """QuickSelect for several choices."""

    def render(self, name, value, attrs=None, renderer=None):
        chosen = {str(v) for v in value or []}
        parts = [f'<select name="{escape(name)}" multiple{flatatt(self.build_attrs(self.attrs, attrs))}>']
        for key, label in self.choices:
            key = getattr(key, "value", key)  # ModelChoiceIteratorValue
            mark = " selected" if str(key) in chosen else ""
            parts.append(f'<option value="{escape(key)}"{mark}>{escape(label)}</option>')
        parts.append("</select>")
        return mark_safe("".join(parts))  # every value and label is escaped above


def _option(value, label, selected: str) -> str:
    mark = " selected" if str(value) == selected else ""
    return f'<option value="{escape(value)}"{mark}>{escape(label)}</option>'


class QuickRender:
    """Mixin that writes a text input, check box or drop-down in Python, keeping the widget's own reading
    and formatting of values: a filter bar of a dozen template-rendered widgets costs several milliseconds."""

    def render(self, name, value, attrs=None, renderer=None):
        attrs = self.build_attrs(self.attrs, attrs)
        if isinstance(self, forms.Select):
            return QuickSelect.render(self, name, value, attrs)
        if isinstance(self, forms.CheckboxInput):
            checked = " checked" if self.check_test(value) else ""
            return mark_safe(f'<input type="checkbox" name="{escape(name)}"{checked}{flatatt(attrs)}>')
        shown = self.format_value(value)
        shown = "" if shown is None else f' value="{escape(shown)}"'
        return mark_safe(f'<input type="{escape(self.input_type)}" name="{escape(name)}"{shown}{flatatt(attrs)}>')


_QUICK: dict[type, type] = {}


def quicken(form) -> None:
    """Give the form's inputs and single drop-downs the quick rendering (radio and multiple choices keep theirs)."""
    for field in form.fields.values():
        widget = field.widget
        if isinstance(widget, forms.RadioSelect | forms.SelectMultiple | QuickRender):
            continue
        if isinstance(widget, forms.Select | forms.widgets.Input):
            cls = type(widget)
            if cls not in _QUICK:
                _QUICK[cls] = type(f"Quick{cls.__name__}", (QuickRender, cls), {})
            widget.__class__ = _QUICK[cls]


PROCESSES_LISTED = 300  # more processes than this are named by number instead of picked from a list


class ProcessNumbersField(forms.CharField):
    """Processes named by their numbers (PRC-0004, PRC-0007), for an organisation with too many to list."""

    def __init__(self, *, org, **kwargs):
        self.org = org
        kwargs.setdefault("required", False)
        kwargs.setdefault("help_text", _("Process numbers separated by commas, e.g. PRC-0004, PRC-0007."))
        super().__init__(**kwargs)

    def prepare_value(self, value):
        if isinstance(value, str) or value is None:
            return value or ""
        return ", ".join(p.number for p in value if hasattr(p, "number")) if value else ""

    def clean(self, value):
        from pdca.processes.models import Process

        wanted = [n.strip() for n in super().clean(value).replace(";", ",").split(",") if n.strip()]
        found = {p.number: p for p in Process.objects.filter(organisation=self.org, number__in=wanted)}
        missing = [n for n in wanted if n not in found]
        if missing:
            raise forms.ValidationError(_("No process has the number %(n)s.") % {"n": ", ".join(missing)})
        return [found[n] for n in dict.fromkeys(wanted)]


def processes_field(form, name: str = "processes") -> None:
    """A list to pick processes from, or their numbers once the organisation has very many."""
    field = form.fields[name]
    field.queryset = field.queryset.order_by("number")
    if field.queryset.count() <= PROCESSES_LISTED:
        field.widget = QuickSelectMultiple(attrs={"size": 5})
        field.widget.choices = field.choices
        return
    numbers = ProcessNumbersField(org=form.org, label=field.label)
    form.fields[name] = numbers
    if form.instance.pk:
        form.initial[name] = ", ".join(getattr(form.instance, name).order_by("number").values_list("number", flat=True))


class NotApplicableForm(forms.Form):
    """A clause or one requirement of the scope's standard that does not apply, and why."""

    target = forms.ChoiceField(label=_("What does not apply"), widget=QuickSelect)
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


class ComplianceActionForm(OrgModelForm):
    """An action to put right what a compliance check found, raised in the shared action register."""

    class Meta:
        from pdca.core.models import Action

        model = Action
        fields = ["title", "description", "owner", "due_date", "priority"]
        widgets = {"due_date": DateInput(), "description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _active_people(self, "owner")
