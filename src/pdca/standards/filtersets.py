import django_filters
from django.db.models import Q

from pdca.standards.models import Requirement


class RequirementFilterSet(django_filters.FilterSet):
    standard = django_filters.CharFilter(field_name="standard__slug")
    clause = django_filters.CharFilter(field_name="clause__number")
    key_prefix = django_filters.CharFilter(field_name="key", lookup_expr="startswith")
    q = django_filters.CharFilter(method="search")

    class Meta:
        model = Requirement
        fields = ["standard", "clause", "key_prefix", "is_key", "may_be_not_applicable", "documented_information", "q"]

    def search(self, queryset, name, value):
        return queryset.filter(Q(text__icontains=value) | Q(key__icontains=value))
