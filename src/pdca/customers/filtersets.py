import datetime

import django_filters
from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from pdca.core.filtersets import ClauseFilter, IdFilter, OrgFilterSet
from pdca.core.models import Person
from pdca.customers.choices import (
    OPEN_STATUSES,
    Channel,
    FeedbackKind,
    FeedbackStatus,
    Metric,
    QuestionKind,
    SurveyStatus,
)
from pdca.customers.models import Customer, Feedback, KpiFeed, Survey, SurveyQuestion, SurveyRound

OPEN = "open"
STATUS_CHOICES = ((OPEN, _("Not closed")), *FeedbackStatus.choices)
DUE = (("overdue", _("Overdue")), ("7", _("Due within 7 days")))


class CustomerFilterSet(OrgFilterSet):
    search_fields = ("number", "name", "contact_name", "sector")
    is_active = django_filters.BooleanFilter(label=_("Active"))
    sector = django_filters.CharFilter(lookup_expr="icontains", label=_("Sector"))
    account_owner_name = django_filters.CharFilter(
        field_name="account_owner__name", lookup_expr="icontains", label=_("Account owner")
    )

    class Meta:
        model = Customer
        fields = ["q", "is_active", "sector", "account_owner_name"]


class FeedbackFilterSet(OrgFilterSet):
    search_fields = ("number", "title", "reference", "customer__name")
    kind = django_filters.ChoiceFilter(choices=FeedbackKind.choices)
    status = django_filters.ChoiceFilter(choices=STATUS_CHOICES, method="filter_status")
    due = django_filters.ChoiceFilter(choices=DUE, method="filter_due", label=_("Due"))
    channel = django_filters.ChoiceFilter(choices=Channel.choices, widget=forms.HiddenInput)
    mine = django_filters.BooleanFilter(method="filter_mine", label=_("Mine"), widget=forms.CheckboxInput)
    customer = IdFilter(field_name="customer_id", widget=forms.HiddenInput, label=_("Customer (id)"))
    owner = IdFilter(field_name="owner_id", widget=forms.HiddenInput, label=_("Owner (id)"))
    received_from = django_filters.DateFilter(
        field_name="received_on",
        lookup_expr="gte",
        label=_("Received from"),
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    received_until = django_filters.DateFilter(
        field_name="received_on",
        lookup_expr="lte",
        label=_("Received until"),
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    clause = ClauseFilter(widget=forms.HiddenInput)

    class Meta:
        model = Feedback
        fields = ["q", "kind", "status", "due", "mine", "received_from", "received_until"]

    def filter_status(self, queryset, name, value):
        return queryset.filter(status__in=OPEN_STATUSES) if value == OPEN else queryset.filter(status=value)

    def filter_due(self, queryset, name, value):
        today = timezone.localdate()
        if value == "overdue":
            return queryset.filter(next_due__lt=today)
        return queryset.filter(next_due__lte=today + datetime.timedelta(days=int(value)))

    def filter_mine(self, queryset, name, value):
        if not value:
            return queryset
        user, org = getattr(self.request, "user", None), getattr(self.request, "org", None)
        person = Person.objects.filter(organisation=org, user=user).values("pk")[:1] if user else None
        return queryset.filter(owner_id__in=person) if person is not None else queryset.none()


class SurveyFilterSet(OrgFilterSet):
    search_fields = ("title",)
    status = django_filters.ChoiceFilter(choices=SurveyStatus.choices)

    class Meta:
        model = Survey
        fields = ["q", "status"]


class SurveyQuestionFilterSet(OrgFilterSet):
    search_fields = ("text",)
    kind = django_filters.ChoiceFilter(choices=QuestionKind.choices)
    survey = IdFilter(field_name="survey_id", widget=forms.HiddenInput, label=_("Survey (id)"))

    class Meta:
        model = SurveyQuestion
        fields = ["q", "kind", "survey"]


class SurveyRoundFilterSet(OrgFilterSet):
    search_fields = ("name", "survey__title")
    survey = IdFilter(field_name="survey_id", widget=forms.HiddenInput, label=_("Survey (id)"))

    class Meta:
        model = SurveyRound
        fields = ["q", "survey"]


class KpiFeedFilterSet(OrgFilterSet):
    search_fields = ("kpi__name", "kpi__number")
    metric = django_filters.ChoiceFilter(choices=Metric.choices)

    class Meta:
        model = KpiFeed
        fields = ["q", "metric", "is_active"]
