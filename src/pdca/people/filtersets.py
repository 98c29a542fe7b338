import datetime

import django_filters
from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from pdca.core.filtersets import IdFilter, OrgFilterSet
from pdca.people.choices import LEVELS, CompetenceCategory, TrainingKind, TrainingStatus
from pdca.people.models import Competence, JobRole, PersonCompetence, RoleRequirement, Training

DUE = (("expired", _("Overdue")), ("30", _("Within 30 days")), ("90", _("Within 90 days")))
LEVEL_CHOICES = [(n, str(n)) for n in LEVELS]


class JobRoleFilterSet(OrgFilterSet):
    search_fields = ("name", "purpose")
    process = IdFilter(field_name="process_id", widget=forms.HiddenInput, label=_("Process (id)"))
    process_name = django_filters.CharFilter(field_name="process__name", lookup_expr="icontains", label=_("Process"))

    class Meta:
        model = JobRole
        fields = ["q", "process_name", "process"]


class CompetenceFilterSet(OrgFilterSet):
    search_fields = ("name", "description")
    category = django_filters.ChoiceFilter(choices=CompetenceCategory.choices)

    class Meta:
        model = Competence
        fields = ["q", "category"]


class RoleRequirementFilterSet(OrgFilterSet):
    search_fields = ("role__name", "competence__name")
    role = IdFilter(field_name="role_id", widget=forms.HiddenInput, label=_("Role (id)"))
    competence = IdFilter(field_name="competence_id", widget=forms.HiddenInput, label=_("Competence (id)"))

    class Meta:
        model = RoleRequirement
        fields = ["q", "role", "competence"]


class PersonCompetenceFilterSet(OrgFilterSet):
    search_fields = ("person__name", "competence__name", "evidence")
    person_name = django_filters.CharFilter(field_name="person__name", lookup_expr="icontains", label=_("Person"))
    person = IdFilter(field_name="person_id", widget=forms.HiddenInput, label=_("Person (id)"))
    competence = IdFilter(field_name="competence_id", widget=forms.HiddenInput, label=_("Competence (id)"))
    level = django_filters.TypedChoiceFilter(choices=LEVEL_CHOICES, coerce=int)
    requalify = django_filters.ChoiceFilter(choices=DUE, method="filter_requalify", label=_("Requalification"))

    class Meta:
        model = PersonCompetence
        fields = ["q", "person_name", "level", "requalify", "person", "competence"]

    def filter_requalify(self, queryset, name, value):
        today = timezone.localdate()
        if value == "expired":
            return queryset.filter(valid_until__lt=today)
        return queryset.filter(valid_until__lte=today + datetime.timedelta(days=int(value)))


class TrainingFilterSet(OrgFilterSet):
    search_fields = ("number", "title", "provider")
    status = django_filters.ChoiceFilter(choices=TrainingStatus.choices)
    kind = django_filters.ChoiceFilter(choices=TrainingKind.choices)
    evaluation_overdue = django_filters.BooleanFilter(
        method="filter_evaluation_overdue", label=_("Evaluation overdue"), widget=forms.CheckboxInput
    )
    competence = IdFilter(field_name="competences", widget=forms.HiddenInput, label=_("Competence (id)"))
    order = django_filters.OrderingFilter(
        fields=(("planned_on", "planned_on"), ("number", "number")),
        field_labels={"planned_on": _("Planned on"), "number": _("Number")},
        label=_("Sort by"),
    )

    class Meta:
        model = Training
        fields = ["q", "status", "kind", "evaluation_overdue", "competence"]

    def filter_evaluation_overdue(self, queryset, name, value):
        if not value:
            return queryset
        return queryset.filter(status=TrainingStatus.COMPLETED, evaluate_by__lt=timezone.localdate())
