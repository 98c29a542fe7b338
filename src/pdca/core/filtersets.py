"""FilterSets: one per model, used by the list page and the API alike."""

import datetime

import django_filters
from django import forms
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q, Subquery
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from pdca.core.choices import ActionStatus, Priority, Role
from pdca.core.models import Action, ClauseTag, Membership, OrgScopedModel, Person, Site, TrailEntry

MAX_ID = 2**63 - 1


class IdFilter(django_filters.NumberFilter):
    """A row id: a whole number the database can hold (a huge one would overflow SQLite: an error, not a 500)."""

    field_class = forms.IntegerField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", MAX_ID)
        super().__init__(*args, **kwargs)


class ClauseFilter(django_filters.CharFilter):
    """Rows tagged with a catalogue key or a key below it (hs.support.information matches its children)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label", _("Clause key"))
        super().__init__(*args, **kwargs)

    def filter(self, queryset, value):
        value = (value or "").strip()
        if not value:
            return queryset
        tags = ClauseTag.objects.filter(content_type=ContentType.objects.get_for_model(queryset.model)).filter(
            Q(key=value) | Q(key__startswith=value + ".")
        )
        org = getattr(getattr(self.parent, "request", None), "org", None)
        if org is not None:  # the (organisation, key) index, rather than every organisation's tags
            tags = tags.filter(organisation=org)
        return queryset.filter(id__in=tags.values("object_id"))


class OrgFilterSet(django_filters.FilterSet):
    """Choices of related rows come only from the request's organisation; `q` searches `search_fields`."""

    search_fields: tuple[str, ...] = ()
    q = django_filters.CharFilter(label=_("Search"), method="search")

    def __init__(self, *args, request=None, **kwargs):
        super().__init__(*args, request=request, **kwargs)
        org = getattr(request, "org", None)
        for f in self.filters.values():
            queryset = getattr(f, "queryset", None)  # django-filter builds the form field from f.queryset
            if isinstance(queryset, models.QuerySet) and issubclass(queryset.model, OrgScopedModel):
                f.queryset = queryset.filter(organisation=org)

    def search(self, queryset, name, value):
        if not value.strip():
            return queryset
        condition = Q()
        for field in self.search_fields:
            condition |= Q(**{f"{field}__icontains": value.strip()})
        return queryset.filter(condition)


class SiteFilterSet(OrgFilterSet):
    search_fields = ("name", "address")

    class Meta:
        model = Site
        fields = ["q", "is_central_function"]


class PersonFilterSet(OrgFilterSet):
    search_fields = ("name", "email", "job_title")
    site = django_filters.ModelChoiceFilter(queryset=Site.objects.all())
    has_login = django_filters.BooleanFilter(
        field_name="user", lookup_expr="isnull", exclude=True, label=_("Has a login")
    )

    class Meta:
        model = Person
        fields = ["q", "site", "is_active", "has_login"]


class ActionFilterSet(OrgFilterSet):
    search_fields = ("number", "title", "description")
    # distinct=False: no joins here, and DISTINCT over every column costs a second sort on large registers.
    status = django_filters.MultipleChoiceFilter(
        choices=ActionStatus.choices, widget=forms.CheckboxSelectMultiple, distinct=False
    )
    priority = django_filters.ChoiceFilter(choices=Priority.choices)
    # A name search, not a drop-down of every person: an organisation may have thousands.
    owner_name = django_filters.CharFilter(field_name="owner__name", lookup_expr="icontains", label=_("Owner"))
    owner = IdFilter(field_name="owner_id", widget=forms.HiddenInput, label=_("Owner (id)"))
    due_before = django_filters.DateFilter(
        field_name="due_date",
        lookup_expr="lte",
        label=_("Due on or before"),
        widget=forms.DateInput(attrs={"type": "date"}),
    )

    class Meta:
        model = Action
        fields = ["q", "status", "priority", "owner_name", "owner", "due_before"]


class MembershipFilterSet(OrgFilterSet):
    search_fields = ("user__email", "user__first_name", "user__last_name")
    role = django_filters.ChoiceFilter(choices=Role.choices)

    class Meta:
        model = Membership
        fields = ["q", "role"]


class TrailFilterSet(django_filters.FilterSet):
    """Filters of the organisation's trail page; paging there is by id (keyset), not by count."""

    actor = IdFilter(field_name="actor_id", label=_("Person (user id)"))
    type = IdFilter(field_name="content_type_id", label=_("Object type"))
    object = IdFilter(field_name="object_id", label=_("Object id"))
    since = django_filters.DateFilter(method="filter_since", label=_("From"))
    until = django_filters.DateFilter(method="filter_until", label=_("To"))
    action = django_filters.CharFilter(field_name="action")

    # Whole days in the current time zone. Entries are written in time order, so a date bound is
    # turned into an id bound found with one seek on (organisation, at); the page then walks the
    # (organisation, …, id) indexes instead of filtering hundreds of thousands of rows on `at`.
    def filter_since(self, queryset, name, value):
        first = self.queryset.filter(at__gte=_start_of_day(value)).order_by("at", "id").values("id")[:1]
        return queryset.filter(id__gte=Subquery(first))

    def filter_until(self, queryset, name, value):
        end = _start_of_day(value + datetime.timedelta(days=1))
        last = self.queryset.filter(at__lt=end).order_by("-at", "-id").values("id")[:1]
        return queryset.filter(id__lte=Subquery(last))

    class Meta:
        model = TrailEntry
        fields = ["actor", "type", "object", "since", "until", "action"]


def _start_of_day(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))
