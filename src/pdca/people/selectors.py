"""Reads shared by the people pages, API and reports: the competence matrices (built from a handful of
`values_list` queries, whatever their size), a person's profile with gaps, and awareness."""

import datetime
from dataclasses import dataclass, field

from django.utils import timezone

from pdca.core.models import Person
from pdca.people.choices import Cell
from pdca.people.models import (
    Competence,
    JobRole,
    ObjectiveAwareness,
    PersonCompetence,
    RetrainingFlag,
    RoleRequirement,
    Training,
    TrainingAttendee,
)

Holders = JobRole.people.through


def cell_state(required: int, held: tuple[int, object] | None, today) -> str:
    """The colour of a person × competence cell: `required` level (0: not required), `held` (level,
    requalify-by date) or None when never assessed."""
    if held is None:
        return Cell.MISSING if required else Cell.NONE
    level, valid_until = held
    if valid_until is not None and valid_until < today and (required or level):
        return Cell.EXPIRED
    if required:
        return Cell.MEETS if level >= required else Cell.BELOW
    return Cell.EXTRA if level else Cell.NONE


@dataclass
class Matrix:
    """People × competences: `required[(person, competence)]` (the highest of their roles), `held[(person,
    competence)]` (level), `expired` (pairs whose requalification date has passed), `flags[person]`."""

    competences: list[tuple[int, str, str]]
    people: list[tuple[int, str, str]]
    required: dict = field(default_factory=dict)
    held: dict = field(default_factory=dict)
    expired: set = field(default_factory=set)
    flags: dict = field(default_factory=dict)
    roles: dict = field(default_factory=dict)

    def state(self, person: int, competence: int) -> str:
        key = (person, competence)
        return fast_state(self.required.get(key, 0), self.held.get(key), key in self.expired)

    def counts(self) -> dict[str, int]:
        totals = {c.value: 0 for c in Cell}
        for person, *_rest in self.people:
            for competence, *_r in self.competences:
                totals[self.state(person, competence)] += 1
        return totals


def fast_state(required: int, level: int | None, expired: bool) -> str:
    """cell_state for a cell whose expiry is already known (the matrix's 30,000 cells)."""
    if level is None:
        return Cell.MISSING if required else Cell.NONE
    if expired and (required or level):
        return Cell.EXPIRED
    if required:
        return Cell.MEETS if level >= required else Cell.BELOW
    return Cell.EXTRA if level else Cell.NONE


def people_for_matrix(org, *, site=None, role=None, process=None, q: str = ""):
    """Active people chosen by the matrix filters (a queryset, for paging)."""
    people = Person.objects.filter(organisation=org, is_active=True)
    if site:
        people = people.filter(site_id=site)
    if role:
        people = people.filter(pk__in=Holders.objects.filter(jobrole_id=role).values("person_id"))
    if process:
        holders = Holders.objects.filter(jobrole__process_id=process, jobrole__organisation=org)
        people = people.filter(pk__in=holders.values("person_id"))
    if q:
        people = people.filter(name__icontains=q)
    return people.order_by("name", "pk")


def competences_for_matrix(org, *, role=None, process=None):
    competences = Competence.objects.filter(organisation=org)
    if role:
        competences = competences.filter(pk__in=RoleRequirement.objects.filter(role_id=role).values("competence_id"))
    elif process:
        required = RoleRequirement.objects.filter(role__process_id=process, organisation=org)
        competences = competences.filter(pk__in=required.values("competence_id"))
    return competences.order_by("category", "name", "pk")


def people_matrix(org, people, competences, *, start: int = 0, stop: int | None = None) -> Matrix:
    """The matrix of people (a queryset, its rows `start:stop`, or a list of ids) × competences: eight
    queries whatever the size. The page of people is a subquery, not a list of ids: building a filter of
    500 ids four times cost more than the queries."""
    today = timezone.localdate()
    if isinstance(people, list | tuple):
        people = Person.objects.filter(pk__in=people).order_by("name", "pk")
    matrix = Matrix(competences=list(competences.values_list("pk", "name", "category")), people=[])
    rows = people.values_list("pk", "name", "site__name")[start:stop]
    matrix.people = [(pk, name, site or "") for pk, name, site in rows]
    people_ids = people.values("pk")[start:stop]
    role_of: dict[int, list[int]] = {}
    role_names = dict(JobRole.objects.filter(organisation=org).values_list("pk", "name"))
    for person, role in Holders.objects.filter(person_id__in=people_ids).values_list("person_id", "jobrole_id"):
        role_of.setdefault(role, []).append(person)
        matrix.roles.setdefault(person, []).append(role_names.get(role, ""))
    requirements = RoleRequirement.objects.filter(organisation=org, role_id__in=list(role_of)).values_list(
        "role_id", "competence_id", "required_level"
    )
    for role, competence, level in requirements:
        for person in role_of[role]:
            key = (person, competence)
            if matrix.required.get(key, 0) < level:
                matrix.required[key] = level
    # Levels without their dates (converting 30,000 dates was half the page's time), then the few lapsed.
    assessed = PersonCompetence.objects.filter(organisation=org, person_id__in=people_ids)
    held = assessed.values_list("person_id", "competence_id", "level")
    # Levels of competences not shown (a role's filter) stay in the dict, unread: cheaper than a filter.
    matrix.held = {(p, c): level for p, c, level in held}
    matrix.expired = set(assessed.filter(valid_until__lt=today).values_list("person_id", "competence_id"))
    flags = RetrainingFlag.objects.filter(organisation=org, person_id__in=people_ids, cleared_on=None)
    for person, number, label in flags.values_list("person_id", "document__number", "revision__label"):
        matrix.flags.setdefault(person, []).append(f"{number} {label}")
    return matrix


def role_matrix(org, competences) -> tuple[list[tuple[int, str]], list[tuple[int, str, str]], dict]:
    """Roles × competences with the required levels: three queries."""
    roles = list(JobRole.objects.filter(organisation=org).order_by("name").values_list("pk", "name"))
    comps = list(competences.values_list("pk", "name", "category"))
    levels = {
        (r, c): level
        for r, c, level in RoleRequirement.objects.filter(organisation=org).values_list(
            "role_id", "competence_id", "required_level"
        )
    }
    return roles, comps, levels


# --- one person


def profile(person: Person) -> dict:
    """A person's roles, each competence required or held with its state, their trainings and open flags."""
    today = timezone.localdate()
    roles = list(JobRole.objects.filter(people=person).select_related("process").order_by("name"))
    required: dict[int, tuple[int, list[str]]] = {}
    for req in RoleRequirement.objects.filter(role__in=roles).select_related("role"):
        level, names = required.get(req.competence_id, (0, []))
        required[req.competence_id] = (max(level, req.required_level), [*names, req.role.name])
    held = {
        pc.competence_id: pc
        for pc in PersonCompetence.objects.filter(person=person).select_related("assessed_by", "record")
    }
    competences = Competence.objects.filter(pk__in={*required, *held}).order_by("category", "name")
    lines = []
    for competence in competences:
        level, role_names = required.get(competence.pk, (0, []))
        pc = held.get(competence.pk)
        state = cell_state(level, (pc.level, pc.valid_until) if pc else None, today)
        lines.append({"competence": competence, "required": level, "roles": role_names, "held": pc, "state": state})
    gaps = [line for line in lines if line["state"] in (Cell.MISSING, Cell.BELOW, Cell.EXPIRED)]
    return {
        "roles": roles,
        "lines": lines,
        "gaps": gaps,
        "trainings": list(
            TrainingAttendee.objects.filter(person=person)
            .select_related("training")
            .order_by("-training__planned_on")[:50]
        ),
        "flags": list(
            RetrainingFlag.objects.filter(person=person)
            .select_related("document", "revision")
            .order_by("cleared_on", "-flagged_on")[:50]
        ),
    }


# --- awareness (7.3)


def relevant_objectives(org, person_ids: list[int]) -> dict[int, set[int]]:
    """For each person, the live objectives relevant to them: those of the processes their roles work in,
    and those tied to no process (they concern everyone)."""
    from pdca.objectives.choices import ObjectiveStatus
    from pdca.objectives.models import QualityObjective

    live = QualityObjective.objects.filter(organisation=org).exclude(
        status__in=[ObjectiveStatus.WITHDRAWN, ObjectiveStatus.DRAFT]
    )
    by_process: dict[int, set[int]] = {}
    linked = set()
    for objective, process in QualityObjective.processes.through.objects.filter(qualityobjective__in=live).values_list(
        "qualityobjective_id", "process_id"
    ):
        by_process.setdefault(process, set()).add(objective)
        linked.add(objective)
    general = set(live.values_list("pk", flat=True)) - linked
    relevant = {pk: set(general) for pk in person_ids}
    pairs = Holders.objects.filter(person_id__in=person_ids, jobrole__process__isnull=False).values_list(
        "person_id", "jobrole__process_id"
    )
    for person, process in pairs:
        relevant[person] |= by_process.get(process, set())
    return relevant


def awareness(org, person_ids: list[int]) -> dict:
    """Per person: policy acknowledged (of its effective revision), relevant objectives and those
    acknowledged. A fixed number of queries for a page of people."""
    from pdca.documents.models import Acknowledgement
    from pdca.objectives.selectors import quality_policy

    policy = quality_policy(org)
    revision_id = policy.current_revision_id if policy is not None else None
    acked = set()
    if revision_id:
        acked = set(
            Acknowledgement.objects.filter(
                revision_id=revision_id, person_id__in=person_ids, acknowledged_at__isnull=False
            ).values_list("person_id", flat=True)
        )
    relevant = relevant_objectives(org, person_ids)
    known: dict[int, set[int]] = {}
    for person, objective in ObjectiveAwareness.objects.filter(person_id__in=person_ids).values_list(
        "person_id", "objective_id"
    ):
        known.setdefault(person, set()).add(objective)
    rows = {}
    for pk in person_ids:
        wanted = relevant.get(pk, set())
        rows[pk] = {
            "policy": pk in acked,
            "relevant": len(wanted),
            "acknowledged": len(wanted & known.get(pk, set())),
            "missing_objectives": wanted - known.get(pk, set()),
        }
    return {"policy": policy, "revision_id": revision_id, "rows": rows}


def trainings_for_table(org):
    return (
        Training.objects.for_org(org)
        .select_related("owner")
        .only(
            "number",
            "title",
            "kind",
            "planned_on",
            "completed_on",
            "status",
            "evaluate_by",
            "owner__name",
            "organisation",
        )
    )


def open_flags(org):
    return RetrainingFlag.objects.filter(organisation=org, cleared_on=None)


def requalification_due(org, days: int):
    limit = timezone.localdate() + datetime.timedelta(days=days)
    return PersonCompetence.objects.filter(organisation=org, valid_until__lte=limit)
