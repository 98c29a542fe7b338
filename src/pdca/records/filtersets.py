import django_filters
from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from pdca.core.filtersets import ClauseFilter, OrgFilterSet
from pdca.records.choices import DisposalStatus, RecordStatus
from pdca.records.models import DisposalRequest, Record, RecordType

DATE = forms.DateInput(attrs={"type": "date"})


class RecordFilterSet(OrgFilterSet):
    search_fields = ("number", "title")
    record_type = django_filters.ModelChoiceFilter(queryset=RecordType.objects.all(), label=_("Type"))
    clause = ClauseFilter()
    date_from = django_filters.DateFilter(field_name="record_date", lookup_expr="gte", label=_("From"), widget=DATE)
    date_to = django_filters.DateFilter(field_name="record_date", lookup_expr="lte", label=_("To"), widget=DATE)
    status = django_filters.ChoiceFilter(choices=RecordStatus.choices)
    past_retention = django_filters.BooleanFilter(method="filter_past_retention", label=_("Past retention"))
    legal_hold = django_filters.BooleanFilter()

    class Meta:
        model = Record
        fields = ["q", "record_type", "clause", "date_from", "date_to", "status", "past_retention", "legal_hold"]

    def filter_past_retention(self, queryset, name, value):
        today = timezone.localdate()
        kept = queryset.exclude(status=RecordStatus.DISPOSED)
        return kept.filter(retain_until__lt=today) if value else kept.filter(retain_until__gte=today)


class RecordTypeFilterSet(OrgFilterSet):
    search_fields = ("name", "description")

    class Meta:
        model = RecordType
        fields = ["q", "retention_unit"]


class DisposalRequestFilterSet(OrgFilterSet):
    search_fields = ("number", "reason")
    status = django_filters.ChoiceFilter(choices=DisposalStatus.choices)

    class Meta:
        model = DisposalRequest
        fields = ["q", "status"]
