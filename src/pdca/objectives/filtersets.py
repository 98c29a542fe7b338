import django_filters
from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from pdca.core.filtersets import ClauseFilter, IdFilter, OrgFilterSet
from pdca.documents.models import Document
from pdca.objectives.choices import (
    OPEN_OBJECTIVE_STATUSES,
    Frequency,
    MeasurementSource,
    ObjectiveStatus,
    Performance,
)
from pdca.objectives.models import KPI, Measurement, PolicyCommitment, QualityObjective
from pdca.processes.models import Process

DATE = forms.DateInput(attrs={"type": "date"})


class MineFilter(django_filters.BooleanFilter):
    """ "My …": rows owned by the Person of the request's user."""

    field_class = forms.BooleanField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", forms.CheckboxInput)
        super().__init__(*args, **kwargs)

    def filter(self, queryset, value):
        user = getattr(getattr(self.parent, "request", None), "user", None)
        if not value or user is None:
            return queryset
        return queryset.filter(owner__user=user)


class PerformanceFilter(django_filters.ChoiceFilter):
    """The computed status: the queryset must carry the `performance` annotation (with_performance())."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("choices", Performance.choices)
        kwargs.setdefault("label", _("Status of the KPIs"))
        super().__init__(*args, **kwargs)

    def filter(self, queryset, value):
        if not value:
            return queryset
        if "performance" not in queryset.query.annotations:
            queryset = queryset.with_performance()
        return queryset.filter(performance=value)


class PolicyCommitmentFilterSet(OrgFilterSet):
    search_fields = ("title", "text")
    policy = django_filters.ModelChoiceFilter(queryset=Document.objects.filter(doc_type="policy"), label=_("Policy"))

    class Meta:
        model = PolicyCommitment
        fields = ["q", "policy", "is_active"]


class QualityObjectiveFilterSet(OrgFilterSet):
    search_fields = ("number", "title")
    status = django_filters.MultipleChoiceFilter(
        choices=ObjectiveStatus.choices, widget=forms.CheckboxSelectMultiple, distinct=False
    )
    performance = PerformanceFilter()
    mine = MineFilter(label=_("My objectives"))
    owner_name = django_filters.CharFilter(field_name="owner__name", lookup_expr="icontains", label=_("Owner"))
    owner = IdFilter(field_name="owner_id", widget=forms.HiddenInput, label=_("Owner (id)"))
    process = django_filters.ModelChoiceFilter(
        field_name="processes", queryset=Process.objects.all(), label=_("Process"), distinct=False
    )
    commitment = django_filters.ModelChoiceFilter(
        field_name="commitments", queryset=PolicyCommitment.objects.all(), label=_("Policy commitment"), distinct=False
    )
    deadline_before = django_filters.DateFilter(
        field_name="deadline", lookup_expr="lte", label=_("Deadline on or before"), widget=DATE
    )
    overdue = django_filters.BooleanFilter(method="filter_overdue", label=_("Overdue"))
    clause = ClauseFilter()

    class Meta:
        model = QualityObjective
        fields = [
            "q",
            "status",
            "performance",
            "mine",
            "owner_name",
            "owner",
            "process",
            "commitment",
            "deadline_before",
            "overdue",
            "clause",
        ]

    def filter_overdue(self, queryset, name, value):
        late = {"status__in": OPEN_OBJECTIVE_STATUSES, "deadline__lt": timezone.localdate()}
        return queryset.filter(**late) if value else queryset.exclude(**late)


class KPIFilterSet(OrgFilterSet):
    search_fields = ("number", "name")
    performance = PerformanceFilter(label=_("Status"))
    mine = MineFilter(label=_("My KPIs"))
    owner_name = django_filters.CharFilter(field_name="owner__name", lookup_expr="icontains", label=_("Owner"))
    owner = IdFilter(field_name="owner_id", widget=forms.HiddenInput, label=_("Owner (id)"))
    process = django_filters.ModelChoiceFilter(queryset=Process.objects.all(), label=_("Process"))
    objective = IdFilter(field_name="objective_id", widget=forms.HiddenInput, label=_("Objective (id)"))
    objective_number = django_filters.CharFilter(
        field_name="objective__number", lookup_expr="iexact", label=_("Objective number")
    )
    frequency = django_filters.ChoiceFilter(choices=Frequency.choices)
    is_active = django_filters.BooleanFilter(label=_("Measured"))
    clause = ClauseFilter()

    class Meta:
        model = KPI
        fields = [
            "q",
            "performance",
            "mine",
            "owner_name",
            "owner",
            "process",
            "objective",
            "objective_number",
            "frequency",
            "is_active",
            "clause",
        ]


class MeasurementFilterSet(OrgFilterSet):
    search_fields = ("kpi__number", "kpi__name", "note")
    kpi = IdFilter(field_name="kpi_id", widget=forms.HiddenInput, label=_("KPI (id)"))
    kpi_number = django_filters.CharFilter(field_name="kpi__number", lookup_expr="iexact", label=_("KPI number"))
    period_from = django_filters.DateFilter(field_name="period", lookup_expr="gte", label=_("From"), widget=DATE)
    period_to = django_filters.DateFilter(field_name="period", lookup_expr="lte", label=_("To"), widget=DATE)
    source = django_filters.ChoiceFilter(choices=MeasurementSource.choices, label=_("Entered"))

    class Meta:
        model = Measurement
        fields = ["q", "kpi", "kpi_number", "period_from", "period_to", "source"]
