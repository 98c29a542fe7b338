"""Catalogue reads: the clause tree in two queries, search, and checks of clause keys."""

from django.db.models import Q

from pdca.standards.models import Clause, Requirement, Standard


def standards_for(org):
    return Standard.objects.visible_to(org).order_by("organisation_id", "code", "-edition")


def default_standard(org) -> Standard | None:
    return standards_for(org).filter(organisation__isnull=True, code="iso9001").first() or standards_for(org).first()


def clause_tree(standard: Standard, query: str = "") -> list[dict]:
    """Clauses depth-first, each with its requirements; with `query`, only matches and their parents."""
    clauses = list(
        Clause.objects.filter(standard=standard)
        .only("id", "parent_id", "number", "title", "key", "depth", "is_specific")
        .order_by("position")
    )
    requirements = (
        Requirement.objects.filter(standard=standard)
        .only(
            "id",
            "clause_id",
            "key",
            "text",
            "documented_information",
            "is_key",
            "may_be_not_applicable",
            "weight",
            "climate",
        )
        .order_by("position")
    )
    if query:
        requirements = requirements.filter(Q(text__icontains=query) | Q(key__icontains=query))
    by_clause: dict[int, list] = {}
    for req in requirements:
        by_clause.setdefault(req.clause_id, []).append(req)
    if not query:
        return [{"clause": c, "requirements": by_clause.get(c.pk, [])} for c in clauses]
    q = query.lower()
    keep = {c.pk for c in clauses if c.pk in by_clause or q in c.title.lower() or c.number == query}
    parents = {c.pk: c.parent_id for c in clauses}
    for pk in list(keep):
        while parents.get(pk):
            pk = parents[pk]
            keep.add(pk)
    return [{"clause": c, "requirements": by_clause.get(c.pk, [])} for c in clauses if c.pk in keep]


def catalogue_counts(standard: Standard) -> dict:
    return {
        "clauses": Clause.objects.filter(standard=standard).count(),
        "requirements": Requirement.objects.filter(standard=standard).count(),
    }


def requirement_page(org, slug: str, key: str):
    """A requirement of a catalogue the organisation sees, the same stable key in its other visible catalogues
    (e.g. ISO 14001) and the explicit mappings to visible requirements: two queries, no subqueries.

    Returns (requirement, same_key, mapped), or None when no visible catalogue `slug` holds `key`.
    """
    visible = Q(standard__organisation__isnull=True) | Q(standard__organisation=org)
    rows = list(Requirement.objects.filter(visible, key=key).select_related("standard", "clause", "clause__parent"))
    requirement = next((r for r in rows if r.standard.slug == slug), None)
    if requirement is None:
        return None
    same_key = sorted((r for r in rows if r is not requirement), key=lambda r: (r.standard.code, r.standard.edition))
    mapped = list(
        requirement.mappings_out.filter(
            Q(target__standard__organisation__isnull=True) | Q(target__standard__organisation=org)
        ).select_related("target__standard", "target__clause")
    )
    return requirement, same_key, mapped


def unknown_keys(org, keys: list[str]) -> list[str]:
    """The keys that name neither a clause nor a requirement in a catalogue `org` can see."""
    visible = Standard.objects.visible_to(org)
    known = set(Clause.objects.filter(standard__in=visible, key__in=keys).values_list("key", flat=True))
    known |= set(Requirement.objects.filter(standard__in=visible, key__in=keys).values_list("key", flat=True))
    return [k for k in keys if k not in known]
