import django_filters
from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from pdca.core.filtersets import ClauseFilter, IdFilter, OrgFilterSet
from pdca.core.models import Person
from pdca.documents.models import Document
from pdca.objectives import selectors
from pdca.objectives.choices import (
    OPEN_OBJECTIVE_STATUSES,
    Frequency,
    MeasurementSource,
    ObjectiveStatus,
    Performance,
)
from pdca.objectives.models import KPI, Measurement, PolicyCommitment, QualityObjective
from pdca.objectives.status import kpi_performance_q
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
        # The user's Person ids first: the (organisation, owner …) index, not a join over every row.
        return queryset.filter(owner__in=Person.objects.filter(organisation=self.parent.request.org, user=user))


class PerformanceFilter(django_filters.ChoiceFilter):
    """The computed status. KPIs: the rules as a filter. Objectives: the status the services stored, and
    for the few rows past the day it may have changed by itself (a value gone stale), worked out again here."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("choices", Performance.choices)
        kwargs.setdefault("label", _("Status of the KPIs"))
        super().__init__(*args, **kwargs)

    def filter(self, queryset, value):
        if not value:
            return queryset
        if queryset.model is KPI:
            return queryset.filter(kpi_performance_q(value))
        today = timezone.localdate()
        fresh = Q(kpi_status_until__gt=today) | Q(kpi_status_until__isnull=True)
        outdated = list(queryset.filter(kpi_status_until__lte=today).select_related(None).only("id").order_by())
        selectors.performance_of(outdated)
        again = [o.pk for o in outdated if o.performance == value]
        return queryset.filter((fresh & Q(kpi_status=value)) | Q(pk__in=again))


class ProcessFilter(django_filters.CharFilter):
    """Rows linked to a process named by its number (exactly) or a part of its name."""

    def filter(self, queryset, value):
        value = (value or "").strip()
        if not value:
            return queryset
        org = getattr(getattr(self.parent, "request", None), "org", None)
        processes = Process.objects.filter(organisation=org).filter(Q(number__iexact=value) | Q(name__icontains=value))
        if queryset.model is QualityObjective:
            through = QualityObjective.processes.through.objects.filter(process__in=processes)
            return queryset.filter(pk__in=through.values("qualityobjective_id"))
        return queryset.filter(process__in=processes)


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
    # A name search, not a drop-down of every process (and an id for links from a process's page).
    process_name = ProcessFilter(label=_("Process"))
    process = IdFilter(method="filter_process", widget=forms.HiddenInput, label=_("Process (id)"))
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
            "process_name",
            "process",
            "commitment",
            "deadline_before",
            "overdue",
            "clause",
        ]

    def filter_process(self, queryset, name, value):
        through = QualityObjective.processes.through.objects.filter(process_id=value)
        return queryset.filter(pk__in=through.values("qualityobjective_id"))

    def filter_overdue(self, queryset, name, value):
        late = {"status__in": OPEN_OBJECTIVE_STATUSES, "deadline__lt": timezone.localdate()}
        return queryset.filter(**late) if value else queryset.exclude(**late)


class KPIFilterSet(OrgFilterSet):
    search_fields = ("number", "name")
    performance = PerformanceFilter(label=_("Status"))
    mine = MineFilter(label=_("My KPIs"))
    owner_name = django_filters.CharFilter(field_name="owner__name", lookup_expr="icontains", label=_("Owner"))
    owner = IdFilter(field_name="owner_id", widget=forms.HiddenInput, label=_("Owner (id)"))
    process_name = ProcessFilter(label=_("Process"))
    process = IdFilter(field_name="process_id", widget=forms.HiddenInput, label=_("Process (id)"))
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
            "process_name",
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
