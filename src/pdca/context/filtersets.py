import django_filters
from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from pdca.context import selectors
from pdca.context.choices import (
    ComplianceResult,
    Direction,
    Effect,
    IssueCategory,
    LegalKind,
    ManagementSystem,
    PartyCategory,
)
from pdca.context.models import (
    ClimateDetermination,
    ComplianceCheck,
    ContextIssue,
    InterestedParty,
    LegalRequirement,
    PartyRequirement,
)
from pdca.core.filtersets import ClauseFilter, IdFilter, OrgFilterSet
from pdca.core.services import person_for_user

DATE = forms.DateInput(attrs={"type": "date"})
NEVER = "never"


class MineFilter(django_filters.BooleanFilter):
    """Rows owned by the Person of the request's user ("my …"); nobody's rows if the login has no Person."""

    def __init__(self, *args, owner_field: str = "owner", **kwargs):
        kwargs.setdefault("label", _("Mine only"))
        kwargs.setdefault("widget", forms.CheckboxInput)
        self.owner_field = owner_field
        super().__init__(*args, **kwargs)

    def filter(self, queryset, value):
        if not value:
            return queryset
        request = getattr(self.parent, "request", None)
        org, user = getattr(request, "org", None), getattr(request, "user", None)
        person = person_for_user(org, user) if org is not None and user is not None else None
        return queryset.filter(**{self.owner_field: person}) if person else queryset.none()


class ContextIssueFilterSet(OrgFilterSet):
    search_fields = ("number", "title", "description", "effect_on_qms")
    direction = django_filters.ChoiceFilter(choices=Direction.choices, label=_("Internal or external"))
    category = django_filters.ChoiceFilter(choices=IssueCategory.choices)
    effect = django_filters.ChoiceFilter(choices=Effect.choices)
    climate_related = django_filters.BooleanFilter(label=_("Climate-related"))
    is_active = django_filters.BooleanFilter(label=_("Current"))
    review_due = django_filters.BooleanFilter(method="filter_review_due", label=_("Review due"))
    owner = IdFilter(field_name="owner_id", widget=forms.HiddenInput, label=_("Owner (id)"))
    mine = MineFilter()
    clause = ClauseFilter()

    class Meta:
        model = ContextIssue
        fields = ["q", "direction", "category", "effect", "climate_related", "is_active", "review_due", "mine"]

    def filter_review_due(self, queryset, name, value):
        today = timezone.localdate()
        return queryset.filter(review_date__lte=today) if value else queryset.exclude(review_date__lte=today)


class ClimateDeterminationFilterSet(OrgFilterSet):
    search_fields = ("rationale",)
    relevant = django_filters.BooleanFilter(label=_("Relevant"))

    class Meta:
        model = ClimateDetermination
        fields = ["q", "relevant"]


class InterestedPartyFilterSet(OrgFilterSet):
    search_fields = ("number", "name", "description")
    category = django_filters.ChoiceFilter(choices=PartyCategory.choices)
    climate = django_filters.BooleanFilter(method="filter_climate", label=_("Has climate-related requirements"))
    owner = IdFilter(field_name="owner_id", widget=forms.HiddenInput, label=_("Owner (id)"))
    mine = MineFilter()
    clause = ClauseFilter()

    class Meta:
        model = InterestedParty
        fields = ["q", "category", "climate", "mine"]

    def filter_climate(self, queryset, name, value):
        parties = PartyRequirement.objects.filter(climate_related=True, is_active=True).values("party_id")
        return queryset.filter(id__in=parties) if value else queryset.exclude(id__in=parties)


class PartyRequirementFilterSet(OrgFilterSet):
    search_fields = ("requirement", "how_addressed", "party__name")
    # A name search, not a drop-down of every party: the party's page links here with its id.
    party_name = django_filters.CharFilter(field_name="party__name", lookup_expr="icontains", label=_("Party"))
    party = IdFilter(field_name="party_id", widget=forms.HiddenInput, label=_("Party (id)"))
    climate_related = django_filters.BooleanFilter(label=_("Climate-related"))
    is_active = django_filters.BooleanFilter(label=_("Current"))
    process = IdFilter(field_name="processes", label=_("Process (id)"), widget=forms.HiddenInput)

    class Meta:
        model = PartyRequirement
        fields = ["q", "party_name", "party", "climate_related", "is_active", "process"]


class LegalRequirementFilterSet(OrgFilterSet):
    search_fields = ("number", "title", "reference", "issuer", "applicability")
    kind = django_filters.ChoiceFilter(choices=LegalKind.choices)
    system = django_filters.ChoiceFilter(
        choices=ManagementSystem.choices, method="filter_system", label=_("Management system")
    )
    last_result = django_filters.ChoiceFilter(
        choices=[*ComplianceResult.choices, (NEVER, _("Never checked"))], method="filter_result", label=_("Last result")
    )
    overdue = django_filters.BooleanFilter(method="filter_overdue", label=_("Check overdue"))
    due_before = django_filters.DateFilter(
        field_name="next_check_date", lookup_expr="lte", label=_("Check due by"), widget=DATE
    )
    is_active = django_filters.BooleanFilter(label=_("Applies"))
    owner = IdFilter(field_name="owner_id", widget=forms.HiddenInput, label=_("Owner (id)"))
    process = IdFilter(field_name="processes", label=_("Process (id)"), widget=forms.HiddenInput)
    mine = MineFilter()
    clause = ClauseFilter()

    class Meta:
        model = LegalRequirement
        fields = ["q", "kind", "system", "last_result", "overdue", "due_before", "is_active", "mine"]

    def filter_system(self, queryset, name, value):
        return selectors.serving(queryset, value) if value else queryset

    def filter_result(self, queryset, name, value):
        return queryset.filter(last_result="" if value == NEVER else value) if value else queryset

    def filter_overdue(self, queryset, name, value):
        due = {"is_active": True, "next_check_date__lt": timezone.localdate()}
        if not value:
            return queryset.exclude(**due)
        # The longest overdue first: read in the order of the (organisation, next check) index, no sort.
        return queryset.filter(**due).order_by("next_check_date", "number")


class ComplianceCheckFilterSet(OrgFilterSet):
    search_fields = ("notes", "legal_requirement__number", "legal_requirement__title")
    result = django_filters.ChoiceFilter(choices=ComplianceResult.choices)
    legal_requirement = IdFilter(
        field_name="legal_requirement_id", label=_("Requirement (id)"), widget=forms.HiddenInput
    )
    date_from = django_filters.DateFilter(field_name="checked_on", lookup_expr="gte", label=_("From"), widget=DATE)
    date_to = django_filters.DateFilter(field_name="checked_on", lookup_expr="lte", label=_("To"), widget=DATE)

    class Meta:
        model = ComplianceCheck
        fields = ["q", "result", "legal_requirement", "date_from", "date_to"]
