import django_filters
from django.utils.translation import gettext_lazy as _

from pdca.core.filtersets import OrgFilterSet
from pdca.gap.choices import AssessmentStatus
from pdca.gap.models import Applicability, Assessment, Response


class AssessmentFilterSet(OrgFilterSet):
    search_fields = ("number", "title")
    status = django_filters.ChoiceFilter(choices=AssessmentStatus.choices)

    class Meta:
        model = Assessment
        fields = ["q", "status"]


class ApplicabilityFilterSet(OrgFilterSet):
    search_fields = ("requirement__key", "justification")

    class Meta:
        model = Applicability
        fields = ["q", "accepted_by_cb"]


class ResponseFilterSet(django_filters.FilterSet):
    """Filters of the scoring screen (and the API's responses)."""

    SHOW = (
        ("unanswered", _("Unanswered")),
        ("gaps", _("Gaps (score below 3)")),
        ("key", _("Key requirements")),
        ("na", _("Not applicable")),
    )
    show = django_filters.ChoiceFilter(choices=SHOW, method="filter_show", label=_("Show"))
    clause = django_filters.CharFilter(method="filter_clause", label=_("Clause"))
    owner = django_filters.CharFilter(
        field_name="action__owner__name", lookup_expr="icontains", label=_("Action owner")
    )

    class Meta:
        model = Response
        fields = ["show", "clause", "owner"]

    def filter_show(self, queryset, name, value):
        return {
            "unanswered": queryset.filter(applicable=True, score__isnull=True),
            "gaps": queryset.filter(applicable=True, score__lt=3),
            "key": queryset.filter(requirement__is_key=True),
            "na": queryset.filter(applicable=False),
        }.get(value, queryset)

    def filter_clause(self, queryset, name, value):
        from django.db.models import Q

        return queryset.filter(
            Q(requirement__clause__number=value) | Q(requirement__clause__number__startswith=value + ".")
        )
