import datetime

import django_filters
from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from pdca.core.filtersets import ClauseFilter, IdFilter, OrgFilterSet
from pdca.core.models import Person
from pdca.risks import scoring
from pdca.risks.choices import ACTIVE_STATUSES, SCALE, Band, Effectiveness, RiskKind, RiskStatus, Treatment
from pdca.risks.models import Risk, RiskEvaluation

ACTIVE = "active"
STATUS_CHOICES = ((ACTIVE, _("Not closed")), *RiskStatus.choices)
SOURCES = (
    ("context_issue", _("Context issue")),
    ("party_requirement", _("Interested-party requirement")),
    ("process", _("Process")),
    ("other", _("Other source only")),
    ("none", _("No source given")),
)
REVIEW_DUE = (("overdue", _("Overdue")), ("30", _("Within 30 days")), ("90", _("Within 90 days")))
RATINGS = [(n, str(n)) for n in SCALE]


def _rating_filter(field: str, label) -> django_filters.TypedChoiceFilter:
    # Set by the heat map's cell links; a hidden input keeps it through the filter form.
    return django_filters.TypedChoiceFilter(
        field_name=field, choices=RATINGS, coerce=int, label=label, widget=forms.HiddenInput
    )


class RiskFilterSet(OrgFilterSet):
    search_fields = ("number", "title", "description")
    kind = django_filters.ChoiceFilter(choices=RiskKind.choices, label=_("Type"))
    band = django_filters.ChoiceFilter(choices=Band.choices, method="filter_band", label=_("Band"))
    residual_band = django_filters.ChoiceFilter(
        choices=Band.choices, method="filter_residual_band", label=_("Residual band"), widget=forms.HiddenInput
    )
    status = django_filters.ChoiceFilter(choices=STATUS_CHOICES, method="filter_status")
    treatment = django_filters.ChoiceFilter(choices=Treatment.choices, widget=forms.HiddenInput)
    mine = django_filters.BooleanFilter(method="filter_mine", label=_("My risks"), widget=forms.CheckboxInput)
    owner_name = django_filters.CharFilter(field_name="owner__name", lookup_expr="icontains", label=_("Owner"))
    owner = IdFilter(field_name="owner_id", widget=forms.HiddenInput, label=_("Owner (id)"))
    # A name search and an id, not a drop-down: an organisation may have hundreds of processes.
    process_name = django_filters.CharFilter(field_name="process__name", lookup_expr="icontains", label=_("Process"))
    process = IdFilter(field_name="process_id", widget=forms.HiddenInput, label=_("Process (id)"))
    source = django_filters.ChoiceFilter(choices=SOURCES, method="filter_source", label=_("Source"))
    context_issue = IdFilter(field_name="context_issue_id", widget=forms.HiddenInput, label=_("Context issue (id)"))
    party_requirement = IdFilter(
        field_name="party_requirement_id", widget=forms.HiddenInput, label=_("Requirement (id)")
    )
    party = IdFilter(
        field_name="party_requirement__party_id", widget=forms.HiddenInput, label=_("Interested party (id)")
    )
    review_due = django_filters.ChoiceFilter(choices=REVIEW_DUE, method="filter_review_due", label=_("Review due"))
    evaluation_due = django_filters.BooleanFilter(
        method="filter_evaluation_due", label=_("Evaluation due"), widget=forms.CheckboxInput
    )
    clause = ClauseFilter()
    likelihood = _rating_filter("likelihood", _("Likelihood"))
    impact = _rating_filter("impact", _("Impact"))
    residual_likelihood = _rating_filter("residual_likelihood", _("Residual likelihood"))
    residual_impact = _rating_filter("residual_impact", _("Residual impact"))
    order = django_filters.OrderingFilter(
        fields=(("score", "score"), ("residual_score", "residual_score"), ("review_date", "review_date")),
        field_labels={"score": _("Score"), "residual_score": _("Residual score"), "review_date": _("Next review")},
        label=_("Sort by"),
    )

    class Meta:
        model = Risk
        fields = [
            "q",
            "kind",
            "status",
            "band",
            "residual_band",
            "treatment",
            "owner_name",
            "process_name",
            "source",
            "review_due",
            "clause",
            "mine",
            "evaluation_due",
        ]

    def filter_band(self, queryset, name, value):
        low, high = scoring.band_range(value)
        return queryset.filter(score__gte=low, score__lte=high)

    def filter_residual_band(self, queryset, name, value):
        low, high = scoring.band_range(value)
        return queryset.filter(residual_score__gte=low, residual_score__lte=high)

    def filter_status(self, queryset, name, value):
        return queryset.filter(status__in=ACTIVE_STATUSES) if value == ACTIVE else queryset.filter(status=value)

    def filter_mine(self, queryset, name, value):
        if not value:
            return queryset
        user, org = getattr(self.request, "user", None), getattr(self.request, "org", None)
        person = Person.objects.filter(organisation=org, user=user).values("pk")[:1] if user else None
        return queryset.filter(owner_id__in=person) if person is not None else queryset.none()

    def filter_source(self, queryset, name, value):
        if value == "none":
            return queryset.filter(
                context_issue__isnull=True, party_requirement__isnull=True, process__isnull=True, source_other=""
            )
        if value == "other":
            return queryset.filter(
                context_issue__isnull=True, party_requirement__isnull=True, process__isnull=True
            ).exclude(source_other="")
        return queryset.filter(**{f"{value}__isnull": False})

    def filter_review_due(self, queryset, name, value):
        today = timezone.localdate()
        limit = today - datetime.timedelta(days=1) if value == "overdue" else today + datetime.timedelta(int(value))
        return queryset.filter(review_date__lte=limit).exclude(status=RiskStatus.CLOSED)

    def filter_evaluation_due(self, queryset, name, value):
        # Only "yes" filters: an unticked box means "any", not "not due".
        return queryset.filter(evaluation_due=True) if value else queryset


class RiskEvaluationFilterSet(OrgFilterSet):
    search_fields = ("risk__number", "risk__title", "comment")
    effectiveness = django_filters.ChoiceFilter(choices=Effectiveness.choices)
    risk = IdFilter(field_name="risk_id", widget=forms.HiddenInput, label=_("Risk (id)"))

    class Meta:
        model = RiskEvaluation
        fields = ["q", "effectiveness", "risk"]
