import datetime

import django_filters
from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from pdca.core.filtersets import ClauseFilter, IdFilter, OrgFilterSet
from pdca.core.models import Person
from pdca.equipment import calibration
from pdca.equipment.choices import (
    ACTIVE_CONDITIONS,
    CalibrationResult,
    EquipmentKind,
    ImpactDecision,
    MaintenanceKind,
    MaintenanceResult,
    Status,
)
from pdca.equipment.models import CalibrationRecord, Equipment, ImpactAssessment, MaintenancePlan, MaintenanceRecord

ACTIVE = "active"
ATTENTION = "attention"
STATUS_CHOICES = (
    (ACTIVE, _("Not retired")),
    (ATTENTION, _("Needs attention")),
    *Status.choices,
)
DUE_WITHIN = (("30", _("Within 30 days")), ("60", _("Within 60 days")), ("90", _("Within 90 days")))


class EquipmentFilterSet(OrgFilterSet):
    search_fields = ("number", "name", "serial_number", "manufacturer", "model_number", "location")
    kind = django_filters.ChoiceFilter(choices=EquipmentKind.choices)
    status = django_filters.ChoiceFilter(choices=STATUS_CHOICES, method="filter_status", label=_("Status"))
    measuring = django_filters.BooleanFilter(
        field_name="needs_calibration", label=_("Calibrated only"), widget=forms.CheckboxInput, method="filter_yes"
    )
    due_within = django_filters.ChoiceFilter(choices=DUE_WITHIN, method="filter_due_within", label=_("Calibration due"))
    assessment_due = django_filters.BooleanFilter(
        label=_("Impact assessment due"), widget=forms.CheckboxInput, method="filter_yes"
    )
    owner_name = django_filters.CharFilter(field_name="owner__name", lookup_expr="icontains", label=_("Responsible"))
    owner = IdFilter(field_name="owner_id", widget=forms.HiddenInput, label=_("Responsible (id)"))
    site = IdFilter(field_name="site_id", widget=forms.HiddenInput, label=_("Site (id)"))
    mine = django_filters.BooleanFilter(method="filter_mine", label=_("Mine"), widget=forms.CheckboxInput)
    clause = ClauseFilter()
    order = django_filters.OrderingFilter(
        fields=(("next_calibration_due", "next_calibration_due"), ("name", "name")),
        field_labels={"next_calibration_due": _("Next calibration"), "name": _("Name")},
        label=_("Sort by"),
    )

    class Meta:
        model = Equipment
        fields = ["q", "kind", "status", "due_within", "owner_name", "measuring", "assessment_due", "mine", "clause"]

    def filter_yes(self, queryset, name, value):
        # Only a ticked box filters: unticked means "any", not "no".
        return queryset.filter(**{name: True}) if value else queryset

    def filter_status(self, queryset, name, value):
        today = timezone.localdate()
        if value == ACTIVE:
            return queryset.filter(condition__in=ACTIVE_CONDITIONS)
        if value == ATTENTION:
            condition = calibration.status_condition(Status.DUE, today)
            for status in (Status.OVERDUE, Status.OUT_OF_TOLERANCE, Status.QUARANTINED):
                condition |= calibration.status_condition(status, today)
            return queryset.filter(condition)
        return queryset.filter(calibration.status_condition(value, today))

    def filter_due_within(self, queryset, name, value):
        limit = timezone.localdate() + datetime.timedelta(days=int(value))
        return queryset.filter(needs_calibration=True, condition__in=ACTIVE_CONDITIONS, next_calibration_due__lte=limit)

    def filter_mine(self, queryset, name, value):
        if not value:
            return queryset
        user, org = getattr(self.request, "user", None), getattr(self.request, "org", None)
        person = Person.objects.filter(organisation=org, user=user).values("pk")[:1] if user else None
        return queryset.filter(owner_id__in=person) if person is not None else queryset.none()


class CalibrationRecordFilterSet(OrgFilterSet):
    search_fields = ("number", "equipment__number", "equipment__name", "certificate_number", "laboratory")
    result = django_filters.ChoiceFilter(choices=CalibrationResult.choices)
    equipment = IdFilter(field_name="equipment_id", widget=forms.HiddenInput, label=_("Equipment (id)"))
    calibrated_after = django_filters.DateFilter(
        field_name="calibrated_on", lookup_expr="gte", label=_("From"), widget=forms.DateInput(attrs={"type": "date"})
    )
    calibrated_before = django_filters.DateFilter(
        field_name="calibrated_on", lookup_expr="lte", label=_("To"), widget=forms.DateInput(attrs={"type": "date"})
    )

    class Meta:
        model = CalibrationRecord
        fields = ["q", "result", "calibrated_after", "calibrated_before", "equipment"]


class MaintenancePlanFilterSet(OrgFilterSet):
    search_fields = ("task", "equipment__number", "equipment__name")
    overdue = django_filters.BooleanFilter(method="filter_overdue", label=_("Overdue"), widget=forms.CheckboxInput)
    is_active = django_filters.BooleanFilter(label=_("Active"))
    equipment = IdFilter(field_name="equipment_id", widget=forms.HiddenInput, label=_("Equipment (id)"))

    class Meta:
        model = MaintenancePlan
        fields = ["q", "is_active", "overdue", "equipment"]

    def filter_overdue(self, queryset, name, value):
        return queryset.filter(is_active=True, next_due__lt=timezone.localdate()) if value else queryset


class MaintenanceRecordFilterSet(OrgFilterSet):
    search_fields = ("equipment__number", "equipment__name", "work_done", "contractor")
    kind = django_filters.ChoiceFilter(choices=MaintenanceKind.choices)
    result = django_filters.ChoiceFilter(choices=MaintenanceResult.choices)
    equipment = IdFilter(field_name="equipment_id", widget=forms.HiddenInput, label=_("Equipment (id)"))

    class Meta:
        model = MaintenanceRecord
        fields = ["q", "kind", "result", "equipment"]


class ImpactAssessmentFilterSet(OrgFilterSet):
    search_fields = ("equipment__number", "equipment__name", "findings", "products_checked")
    decision = django_filters.ChoiceFilter(choices=ImpactDecision.choices)
    equipment = IdFilter(field_name="equipment_id", widget=forms.HiddenInput, label=_("Equipment (id)"))

    class Meta:
        model = ImpactAssessment
        fields = ["q", "decision", "equipment"]
