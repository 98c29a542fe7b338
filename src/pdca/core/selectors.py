"""Read queries shared by core's pages, API and exports (joins chosen to keep query counts flat)."""

from django.contrib.contenttypes.models import ContentType

from pdca.core.models import DueItem, Membership, OrgScopedModel, TrailEntry


def memberships_of(user):
    """The organisations a user can open, for the switcher (one query)."""
    return Membership.objects.active().filter(user=user).select_related("organisation").order_by("organisation__name")


def trail_page(org, filterset_data: dict, *, before: int | None, size: int = 50):
    """One page of the organisation's trail, newest first, keyset-paged by id (no COUNT over millions)."""
    from pdca.core.filtersets import TrailFilterSet

    queryset = TrailEntry.objects.filter(organisation=org)
    filterset = TrailFilterSet(filterset_data or None, queryset=queryset)
    if filterset.is_bound and filterset.is_valid():
        queryset = filterset.qs
    if before:
        queryset = queryset.filter(id__lt=before)
    entries = list(queryset.select_related("content_type").order_by("-id")[: size + 1])
    has_more = len(entries) > size
    return filterset, entries[:size], (entries[size - 1].id if has_more else None)


def trail_actors(org) -> list[tuple[int, str]]:
    """The organisation's members, for the trail's "who" filter (one query)."""
    members = Membership.objects.filter(organisation=org).select_related("user").order_by("user__first_name")
    return [(m.user_id, str(m.user)) for m in members]


def trail_types(org):
    """Object types that can appear in the trail, for the filter (no scan of the trail itself)."""
    models = [m for m in _all_models() if issubclass(m, OrgScopedModel) and not getattr(m, "trail_disabled", False)]
    types = ContentType.objects.get_for_models(*models)
    return sorted(((ct.pk, str(m._meta.verbose_name).capitalize()) for m, ct in types.items()), key=lambda t: t[1])


def _all_models():
    from django.apps import apps

    return apps.get_models()


def open_due_items(org, person):
    """What `person` owes, soonest first: one query, whatever the number of apps feeding it."""
    return DueItem.objects.filter(organisation=org, person=person, is_open=True).order_by("due_date", "id")
