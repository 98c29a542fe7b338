import datetime

import django_filters
from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from pdca.core.filtersets import ClauseFilter, IdFilter, OrgFilterSet
from pdca.core.models import Person
from pdca.suppliers.choices import (
    DEFAULT_CERTIFICATE_WARNING_DAYS,
    OPEN_SCAR_STATUSES,
    USABLE_STATUSES,
    Band,
    ScarStatus,
    SupplierStatus,
    SupplyKind,
    Tier,
)
from pdca.suppliers.models import EvaluationCriterion, Scar, Supplier, SupplierCertificate, SupplierEvaluation

USABLE = "usable"
STATUS_CHOICES = ((USABLE, _("May be used (approved, conditional, on watch)")), *SupplierStatus.choices)
EVALUATION_DUE = (("overdue", _("Overdue")), ("30", _("Within 30 days")), ("90", _("Within 90 days")))


class SupplierFilterSet(OrgFilterSet):
    search_fields = ("number", "name", "supplies")
    status = django_filters.ChoiceFilter(choices=STATUS_CHOICES, method="filter_status")
    # A blank first choice: TypedChoiceFilter adds none, and the browser would preselect tier 1.
    tier = django_filters.TypedChoiceFilter(
        choices=[("", "---------"), *Tier.choices], coerce=int, empty_value=None, label=_("Criticality")
    )
    kind = django_filters.ChoiceFilter(choices=SupplyKind.choices, label=_("Kind of supply"))
    band = django_filters.ChoiceFilter(field_name="latest_band", choices=Band.choices, label=_("Band"))
    evaluation_due = django_filters.ChoiceFilter(
        choices=EVALUATION_DUE, method="filter_evaluation_due", label=_("Evaluation due")
    )
    owner_name = django_filters.CharFilter(field_name="owner__name", lookup_expr="icontains", label=_("Buyer"))
    owner = IdFilter(field_name="owner_id", widget=forms.HiddenInput, label=_("Buyer (id)"))
    process = IdFilter(field_name="processes", widget=forms.HiddenInput, label=_("Process (id)"))
    mine = django_filters.BooleanFilter(method="filter_mine", label=_("My suppliers"), widget=forms.CheckboxInput)
    clause = ClauseFilter()
    order = django_filters.OrderingFilter(
        fields=(("latest_score", "score"), ("next_evaluation_due", "next_evaluation_due"), ("name", "name")),
        field_labels={"score": _("Score"), "next_evaluation_due": _("Next evaluation"), "name": _("Name")},
        label=_("Sort by"),
    )

    class Meta:
        model = Supplier
        fields = ["q", "status", "tier", "kind", "band", "evaluation_due", "owner_name", "mine", "clause"]

    def filter_status(self, queryset, name, value):
        return queryset.filter(status__in=USABLE_STATUSES) if value == USABLE else queryset.filter(status=value)

    def filter_evaluation_due(self, queryset, name, value):
        today = timezone.localdate()
        limit = today - datetime.timedelta(days=1) if value == "overdue" else today + datetime.timedelta(int(value))
        return queryset.filter(next_evaluation_due__lte=limit)

    def filter_mine(self, queryset, name, value):
        if not value:
            return queryset
        user, org = getattr(self.request, "user", None), getattr(self.request, "org", None)
        person = Person.objects.filter(organisation=org, user=user).values("pk")[:1] if user else None
        return queryset.filter(owner_id__in=person) if person is not None else queryset.none()


VALIDITY = (("expiring", _("Expiring or expired")), ("expired", _("Expired")), ("valid", _("Valid")))


class CertificateFilterSet(OrgFilterSet):
    search_fields = ("standard", "certificate_number", "issuer", "supplier__name", "supplier__number")
    validity = django_filters.ChoiceFilter(choices=VALIDITY, method="filter_validity", label=_("Validity"))
    supplier = IdFilter(field_name="supplier_id", widget=forms.HiddenInput, label=_("Supplier (id)"))

    class Meta:
        model = SupplierCertificate
        fields = ["q", "validity", "supplier"]

    def filter_validity(self, queryset, name, value):
        today = timezone.localdate()
        if value == "expired":
            return queryset.filter(valid_until__lt=today)
        if value == "valid":
            return queryset.filter(valid_until__gte=today)
        org = getattr(self.request, "org", None)
        days = DEFAULT_CERTIFICATE_WARNING_DAYS
        if org is not None:
            from pdca.suppliers.services import settings_of

            days = settings_of(org).certificate_warning_days
        return queryset.filter(valid_until__lte=today + datetime.timedelta(days=days))


class CriterionFilterSet(OrgFilterSet):
    search_fields = ("name", "description")
    active = django_filters.BooleanFilter(widget=forms.CheckboxInput, method="filter_active", label=_("Active only"))

    class Meta:
        model = EvaluationCriterion
        fields = ["q", "active"]

    def filter_active(self, queryset, name, value):
        return queryset.filter(active=True) if value else queryset


class EvaluationFilterSet(OrgFilterSet):
    search_fields = ("supplier__number", "supplier__name", "period", "comment")
    band = django_filters.ChoiceFilter(choices=Band.choices)
    supplier = IdFilter(field_name="supplier_id", widget=forms.HiddenInput, label=_("Supplier (id)"))
    since = django_filters.DateFilter(
        field_name="evaluated_on", lookup_expr="gte", label=_("Since"), widget=forms.DateInput(attrs={"type": "date"})
    )

    class Meta:
        model = SupplierEvaluation
        fields = ["q", "band", "since", "supplier"]


OPEN = "open"


class ScarFilterSet(OrgFilterSet):
    search_fields = ("number", "supplier__name", "supplier__number", "problem")
    status = django_filters.ChoiceFilter(choices=((OPEN, _("Not closed")), *ScarStatus.choices), method="filter_status")
    overdue = django_filters.BooleanFilter(
        method="filter_overdue", label=_("Response overdue"), widget=forms.CheckboxInput
    )
    supplier = IdFilter(field_name="supplier_id", widget=forms.HiddenInput, label=_("Supplier (id)"))

    class Meta:
        model = Scar
        fields = ["q", "status", "overdue", "supplier"]

    def filter_status(self, queryset, name, value):
        return queryset.filter(status__in=OPEN_SCAR_STATUSES) if value == OPEN else queryset.filter(status=value)

    def filter_overdue(self, queryset, name, value):
        if not value:
            return queryset
        return queryset.filter(status=ScarStatus.ISSUED, response_due__lt=timezone.localdate())
