import django_filters
from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from pdca.core.filtersets import ClauseFilter, IdFilter, OrgFilterSet
from pdca.core.permissions import person_id_for
from pdca.processes import selectors
from pdca.processes.choices import Importance, ProcessStatus, ProcessType
from pdca.processes.models import Process, ProcessInteraction


class ProcessFilterSet(OrgFilterSet):
    search_fields = ("number", "name")
    process_type = django_filters.ChoiceFilter(choices=ProcessType.choices, label=_("Type"))
    status = django_filters.ChoiceFilter(choices=ProcessStatus.choices)
    # A name search, not a drop-down of every person: an organisation may have thousands.
    owner_name = django_filters.CharFilter(field_name="owner__name", lookup_expr="icontains", label=_("Owner"))
    owner = IdFilter(field_name="owner_id", widget=forms.HiddenInput, label=_("Owner (id)"))
    importance = django_filters.ChoiceFilter(choices=Importance.choices)
    clause = ClauseFilter()
    # Set by the "My processes" switch above the list (a hidden field keeps it while filtering).
    mine = django_filters.BooleanFilter(method="filter_mine", label=_("My processes"), widget=forms.HiddenInput)
    review_overdue = django_filters.BooleanFilter(method="filter_review_overdue", label=_("Review overdue"))

    class Meta:
        model = Process
        fields = [
            "q",
            "process_type",
            "status",
            "owner_name",
            "owner",
            "importance",
            "clause",
            "mine",
            "review_overdue",
        ]

    def filter_mine(self, queryset, name, value):
        """True: the processes the request's person owns or works in; False: the others."""
        if value is None:
            return queryset
        request = self.request
        person_id = person_id_for(request.user, request.org) if request is not None else None
        chosen = selectors.mine(queryset, person_id)
        return chosen if value else queryset.exclude(pk__in=chosen.values("pk"))

    def filter_review_overdue(self, queryset, name, value):
        overdue = Q(status=ProcessStatus.ACTIVE, next_review_date__lt=timezone.localdate())
        return queryset.filter(overdue) if value else queryset.exclude(overdue)


class ProcessInteractionFilterSet(OrgFilterSet):
    search_fields = ("description", "source__name", "target__name")
    source = IdFilter(field_name="source_id", label=_("From (process id)"))
    target = IdFilter(field_name="target_id", label=_("To (process id)"))
    process = IdFilter(method="filter_process", label=_("Process (id), either end"))

    class Meta:
        model = ProcessInteraction
        fields = ["q", "source", "target", "process"]

    def filter_process(self, queryset, name, value):
        return queryset.filter(Q(source_id=value) | Q(target_id=value))
