"""Reads shared by the context pages, the API and the demo; each a fixed number of queries."""

from django.db import connections
from django.db.models import Count, Q
from django.utils import timezone

from pdca.context.models import ComplianceCheck, ContextIssue, InterestedParty, LegalRequirement, PartyRequirement

OVERDUE_SHOWN = 10


def serving(queryset, system: str):
    """The obligations of one management system. PostgreSQL: JSON containment, read from a GIN index
    (migration 0007). SQLite has neither: the list is matched as JSON text, where a quoted code is
    exactly one element."""
    if connections[queryset.db].vendor == "postgresql":
        return queryset.filter(systems__contains=[system])
    return queryset.filter(systems__icontains=f'"{system}"')


def issue_counts(org) -> dict[tuple[str, str], int]:
    """Current issues by (category, effect), for the profile chart (one grouped query)."""
    rows = (
        ContextIssue.objects.filter(organisation=org, is_active=True)
        .values_list("category", "effect")
        .annotate(n=Count("*"))
        .order_by()
    )
    return {(category, effect): count for category, effect, count in rows}


def parties_with_counts(queryset):
    """Parties with how many current requirements they have, and how many are climate-related."""
    current = Q(requirements__is_active=True)
    return queryset.annotate(
        requirement_count=Count("requirements", filter=current),
        climate_count=Count("requirements", filter=current & Q(requirements__climate_related=True)),
    ).order_by("number")


def requirements_of(party: InterestedParty) -> list[PartyRequirement]:
    """A party's requirements with their processes and how many risks come from each (two queries)."""
    return list(
        party.requirements.annotate(risk_count=Count("risks", distinct=True))
        .prefetch_related("processes")
        .order_by("-is_active", "id")
    )


def risks_of(source, limit: int = 50) -> list:
    """Risks and opportunities that name `source` (an issue or a party requirement), highest score first."""
    return list(source.risks.select_related("owner").order_by("-score", "number")[:limit])


def compliance_counts(org) -> tuple[dict[str, int], int]:
    """Requirements that apply by last result ("never" when unchecked), and how many checks are overdue:
    one pass over the (organisation, last result, applies, next check) index."""
    today = timezone.localdate()
    results = {result or "never": Q(last_result=result) for result in ("compliant", "partly", "not_compliant", "")}
    counts = LegalRequirement.objects.filter(organisation=org, is_active=True).aggregate(
        # Counting an indexed column, not the id, lets PostgreSQL answer from the index alone.
        **{name: Count("last_result", filter=condition) for name, condition in results.items()},
        overdue=Count("next_check_date", filter=Q(next_check_date__lt=today)),
    )
    overdue = counts.pop("overdue")
    return {name: n for name, n in counts.items() if n}, overdue


def overdue_checks(org, limit: int = OVERDUE_SHOWN) -> list[LegalRequirement]:
    """Requirements whose compliance check is overdue, the longest overdue first."""
    return list(
        LegalRequirement.objects.filter(organisation=org, is_active=True, next_check_date__lt=timezone.localdate())
        .select_related("owner")
        .order_by("next_check_date", "number")[:limit]
    )


def checks_of(requirement: LegalRequirement) -> list[ComplianceCheck]:
    return list(requirement.checks.select_related("checked_by", "evidence").order_by("-checked_on", "-id"))
