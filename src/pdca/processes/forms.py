from html import escape

from django import forms
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from pdca.core.forms import DateInput, OrgModelForm
from pdca.documents.models import Document
from pdca.processes.choices import ProcessStatus
from pdca.processes.models import Process, ProcessInteraction

TEXT = forms.Textarea(attrs={"rows": 3})


def clause_keys(text: str) -> list[str]:
    return [k.strip() for k in (text or "").split(",") if k.strip()]


class ProcessForm(OrgModelForm):
    """A process with everything its turtle shows; its KPIs and risks are added in their own registers."""

    number = forms.CharField(
        label=_("Existing number"),
        required=False,
        max_length=30,
        help_text=_("Leave empty to number it PRC-0001…; give one to keep the number it already has."),
    )
    clauses = forms.CharField(
        label=_("Clauses"),
        required=False,
        help_text=_("Clause keys separated by commas, e.g. hs.operation.production"),
    )
    methods = forms.CharField(
        label=_("Methods (documents)"),
        required=False,
        help_text=_(
            "Numbers of the procedures, instructions and forms that say how it is done, e.g. QP-0004, WI-0012."
        ),
    )

    class Meta:
        model = Process
        fields = [
            "name",
            "process_type",
            "owner",
            "importance",
            "purpose",
            "suppliers",
            "inputs",
            "outputs",
            "customers",
            "resources",
            "competences",
            "members",
            "criteria",
            "sites",
            "next_review_date",
        ]
        widgets = {
            "purpose": forms.Textarea(attrs={"rows": 2}),
            "suppliers": TEXT,
            "inputs": TEXT,
            "outputs": TEXT,
            "customers": TEXT,
            "resources": TEXT,
            "competences": TEXT,
            "criteria": TEXT,
            "members": forms.SelectMultiple(attrs={"size": 8}),
            "sites": forms.CheckboxSelectMultiple,
            "next_review_date": DateInput(),
        }

    def __init__(self, *args, tags=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = self.fields["owner"].queryset.filter(is_active=True)
        self.fields["members"].queryset = self.fields["members"].queryset.filter(is_active=True).order_by("name")
        self.fields["members"].help_text = _("Hold Ctrl (⌘ on a Mac) to choose several.")
        if self.instance.pk:
            del self.fields["number"]
            self.fields["clauses"].initial = ", ".join(tags)
            self.fields["methods"].initial = ", ".join(
                self.instance.documents.order_by("number").values_list("number", flat=True)
            )
        order = ["number", "name", "process_type", "owner", "importance", "purpose", "suppliers", "inputs", "outputs"]
        self.order_fields([*order, "customers", "resources", "competences", "members", "methods", "criteria"])

    def clean_methods(self):
        wanted = list(
            dict.fromkeys(n.strip() for n in self.cleaned_data["methods"].replace(";", ",").split(",") if n.strip())
        )
        found = {d.number: d for d in Document.objects.filter(organisation=self.org, number__in=wanted)}
        missing = [n for n in wanted if n not in found]
        if missing:
            raise forms.ValidationError(_("No document has the number %(n)s.") % {"n": ", ".join(missing)})
        return [found[n] for n in wanted]

    def service_data(self) -> dict:
        data = {**super().service_data(), "clauses": clause_keys(self.cleaned_data.get("clauses", ""))}
        data["documents"] = self.cleaned_data.get("methods", [])
        if "number" in self.fields:
            data["number"] = self.cleaned_data.get("number", "")
        return data


class TransitionForm(forms.Form):
    status = forms.ChoiceField(label=_("New status"), choices=ProcessStatus.choices)
    reason = forms.CharField(
        label=_("Reason"), required=False, max_length=500, widget=forms.Textarea(attrs={"rows": 2})
    )


class DatalistInput(forms.TextInput):
    """A text box that suggests processes as one types (an HTML datalist): a register may hold thousands,
    too many for a drop-down. With `list_id` set, the page carries one shared datalist of that id instead."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.options: list[tuple[str, str]] = []
        self.list_id = ""

    def render(self, name, value, attrs=None, renderer=None):
        list_id = self.list_id or f"{(attrs or {}).get('id') or name}-options"
        html = super().render(name, value, {**(attrs or {}), "list": list_id, "autocomplete": "off"}, renderer)
        return html if self.list_id else html + datalist(list_id, self.options)


def datalist(list_id: str, options: list[tuple[str, str]]) -> str:
    """The <datalist> of the processes suggested (escaped here, once per option: hundreds of them)."""
    items = "".join(f'<option value="{escape(value)}">{escape(label)}</option>' for value, label in options)
    return mark_safe(f'<datalist id="{escape(list_id)}">{items}</datalist>')  # every part escaped above


class ProcessRef(forms.CharField):
    """A process of the organisation named by its number or its exact name (an id is accepted too)."""

    widget = DatalistInput

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_length", 200)
        super().__init__(*args, **kwargs)
        self.org = None

    def prepare_value(self, value):
        if isinstance(value, int):  # the instance's id, shown as the process's number
            return Process.objects.filter(pk=value).values_list("number", flat=True).first() or value
        return value

    def clean(self, value):
        text = super().clean(value).strip()
        candidates = Process.objects.filter(organisation=self.org)
        found = candidates.filter(number__iexact=text).first() or candidates.filter(name__iexact=text).first()
        if found is None and text.isdigit() and len(text) < 19:
            found = candidates.filter(pk=int(text)).first()
        if found is None:
            raise forms.ValidationError(_("No process has the number or name “%(v)s”.") % {"v": text})
        return found


SELF_FEEDING = _("A process cannot feed itself: choose another process.")
SUGGESTED = 300  # processes offered as one types; any other is found by its number or name


class ProcessInteractionForm(OrgModelForm):
    source = ProcessRef(label=_("From (the process whose output it is)"))
    target = ProcessRef(label=_("To (the process that takes it in)"))

    class Meta:
        model = ProcessInteraction
        fields = ["source", "target", "description"]

    def __init__(self, *args, shared_list: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.options = [
            (number, f"{number} {name}")
            for number, name in Process.objects.filter(organisation=self.org)
            .exclude(status=ProcessStatus.RETIRED)
            .order_by("number")
            .values_list("number", "name")[:SUGGESTED]
        ]
        for name in ("source", "target"):
            self.fields[name].org = self.org
            self.fields[name].widget.options = self.options
            self.fields[name].widget.list_id = shared_list
            self.fields[name].widget.attrs["class"] = "form-control form-control-sm"
        self.fields["source"].help_text = _("Its number or name, e.g. PRC-0003.")

    def clean(self):
        # Said here as the service says it: before the model's constraint would, in its own words.
        data = super().clean()
        source, target = data.get("source"), data.get("target")
        if source is not None and target is not None and source.pk == target.pk:
            self.add_error("target", SELF_FEEDING)
        return data
        self.fields["description"].help_text = _("The output of the first process that the second one takes in.")


class ImportForm(forms.Form):
    file = forms.FileField(label=_("Process list (.xlsx or .csv)"))

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > 10 * 1024 * 1024:
            raise forms.ValidationError(_("The file is larger than 10 MB."))
        return upload
