"""Reads shared by the process pages, API, PDF and demo: joins chosen so query counts stay flat."""

from dataclasses import dataclass

from django.core.exceptions import FieldDoesNotExist
from django.db.models import Case, Count, F, Q, Value, When
from django.utils import timezone

from pdca.core.models import Person
from pdca.processes.choices import ProcessStatus, ProcessType
from pdca.processes.models import Process, ProcessInteraction

MAP_LIMIT = 60  # processes drawn on one map: beyond that, boxes and arrows stop being readable
ARROW_LIMIT = 200  # interactions drawn among them
PDF_REGISTER_LIMIT = 500  # processes listed in the map PDF's register; the Excel export has them all


def mine(queryset, person: Person | None):
    """Processes `person` owns or works in (a subquery, not a join: no duplicates, no DISTINCT)."""
    if person is None:
        return queryset.none()
    member_of = Process.members.through.objects.filter(person=person).values("process_id")
    return queryset.filter(Q(owner=person) | Q(pk__in=member_of))


def register_summary(org) -> dict:
    """How many processes are in each state, how many approved ones changed since their approval, and
    how many approved ones are past their review date (one query)."""
    active = Q(status=ProcessStatus.ACTIVE)
    return Process.objects.filter(organisation=org).aggregate(
        draft=Count("pk", filter=Q(status=ProcessStatus.DRAFT)),
        active=Count("pk", filter=active),
        retired=Count("pk", filter=Q(status=ProcessStatus.RETIRED)),
        changed=Count("pk", filter=active & Q(version__gt=F("approved_version"))),
        review_overdue=Count("pk", filter=active & Q(next_review_date__lt=timezone.localdate())),
    )


# --- the turtle


@dataclass
class Turtle:
    """What the turtle diagram of one process shows, each list read once."""

    incoming: list
    outgoing: list
    members: list
    documents: list
    sites: list
    kpis: list | None  # None: the objectives app provides no KPIs (yet)
    risks: list | None
    objectives: list | None


def turtle(process: Process) -> Turtle:
    return Turtle(
        incoming=list(process.incoming.select_related("source").order_by("source__number", "id")),
        outgoing=list(process.outgoing.select_related("target").order_by("target__number", "id")),
        members=list(process.members.order_by("name")),
        documents=list(process.documents.order_by("number")),
        sites=list(process.sites.order_by("name")),
        kpis=_reverse(process, "kpis", "name"),
        risks=_reverse(process, "risks", "-score"),
        objectives=_reverse(process, "objectives", "pk"),
    )


def _reverse(process: Process, name: str, order: str, limit: int = 50) -> list | None:
    """Rows of another app that point at the process, or None while that app has no such link."""
    try:
        field = Process._meta.get_field(name)
    except FieldDoesNotExist:
        return None
    related = getattr(process, field.get_accessor_name() if hasattr(field, "get_accessor_name") else name)
    model = related.model
    try:
        model._meta.get_field(order.lstrip("-"))
    except FieldDoesNotExist:
        order = "pk"
    joins = [f for f in ("owner",) if _has_fk(model, f)]
    rows = list(related.select_related(*joins).order_by(order, "pk")[:limit])
    for row in rows:
        row.organisation = process.organisation  # the same, already loaded: their URLs cost no query
    return rows


def _has_fk(model, name: str) -> bool:
    try:
        return model._meta.get_field(name).many_to_one
    except FieldDoesNotExist:
        return False


# --- the map


@dataclass
class MapSelection:
    processes: list
    interactions: list
    total: int  # processes that match, drawn or not
    arrows_total: int

    @property
    def capped(self) -> bool:
        return self.total > len(self.processes)

    @property
    def arrows_capped(self) -> bool:
        return self.arrows_total > len(self.interactions)


def map_selection(org, *, drafts: bool = False, process_type: str = "") -> MapSelection:
    """The processes the map draws (approved ones; drafts on request; never retired ones) and the
    interactions between them. Bounded: at most MAP_LIMIT processes, the most important first, and
    ARROW_LIMIT interactions, whatever the size of the register (4 queries)."""
    statuses = [ProcessStatus.ACTIVE, *([ProcessStatus.DRAFT] if drafts else [])]
    queryset = Process.objects.filter(organisation=org, status__in=statuses)
    if process_type:
        queryset = queryset.filter(process_type=process_type)
    processes = list(queryset.select_related("owner").order_by("-importance", "number")[:MAP_LIMIT])
    total = len(processes) if len(processes) < MAP_LIMIT else queryset.count()
    ids = [p.pk for p in processes]
    between = ProcessInteraction.objects.filter(organisation=org, source_id__in=ids, target_id__in=ids)
    interactions = list(
        between.select_related("source", "target").order_by("source__number", "target__number", "id")[: ARROW_LIMIT + 1]
    )
    arrows_total = len(interactions) if len(interactions) <= ARROW_LIMIT else between.count()
    return MapSelection(processes, interactions[:ARROW_LIMIT], total, arrows_total)


def register_for_pdf(org) -> tuple[list, int]:
    """The approved processes for the map PDF's register, with their methods (3 queries), and how many there are."""
    queryset = Process.objects.filter(organisation=org, status=ProcessStatus.ACTIVE)
    lanes = Case(*[When(process_type=t, then=Value(i)) for i, t in enumerate(ProcessType)], default=Value(9))
    rows = list(
        queryset.select_related("owner").prefetch_related("documents").order_by(lanes, "number")[:PDF_REGISTER_LIMIT]
    )
    total = len(rows) if len(rows) < PDF_REGISTER_LIMIT else queryset.count()
    return rows, total
