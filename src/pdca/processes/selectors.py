"""Reads shared by the process pages, API, PDF and demo: joins chosen so query counts stay flat."""

from dataclasses import dataclass

from django.db import connections
from django.db.models import Case, Count, F, Value, When
from django.db.models.expressions import RawSQL
from django.utils import timezone

from pdca.processes.choices import ProcessStatus, ProcessType
from pdca.processes.models import Process, ProcessInteraction

MAP_LIMIT = 60  # processes drawn on one map: beyond that, boxes and arrows stop being readable
ARROW_LIMIT = 200  # interactions drawn among them
PDF_REGISTER_LIMIT = 500  # processes listed in the map PDF's register; the Excel export has them all


def mine(queryset, person_id: int | None):
    """Processes the person `person_id` owns or works in. Their ids first, by two index reads in one query:
    a condition "owner or member" on the register read every row on PostgreSQL."""
    if person_id is None:
        return queryset.none()
    owned = Process.objects.filter(owner_id=person_id).order_by().values_list("pk")
    member_of = Process.members.through.objects.filter(person_id=person_id).order_by().values_list("process_id")
    ids = [pk for (pk,) in owned.union(member_of)]
    if connections[queryset.db].vendor == "postgresql":
        # One array parameter rather than one per id: for a person in hundreds of processes, turning the
        # list into SQL twice (count and page) was most of the page's work.
        return queryset.filter(pk__in=RawSQL("SELECT unnest(%s::bigint[])", (ids,)))
    return queryset.filter(pk__in=ids)


def register_summary(org) -> dict:
    """How many processes are in each state, how many approved ones changed since their approval, and
    how many approved ones are past their review date: three queries that each read an index only
    (one aggregate with filters would read every row of the table, SIPOC texts included)."""
    processes = Process.objects.filter(organisation=org).order_by()
    counts = dict(processes.values("status").annotate(n=Count("*")).values_list("status", "n"))
    active = processes.filter(status=ProcessStatus.ACTIVE)
    return {
        **{status: counts.get(status, 0) for status in ProcessStatus.values},
        "changed": active.filter(version__gt=F("approved_version")).count(),
        "review_overdue": active.filter(next_review_date__lt=timezone.localdate()).count(),
    }


# --- the turtle

PANEL_LIMIT = 25  # KPIs and objectives shown on a turtle; their registers, filtered by process, have all


@dataclass
class Turtle:
    """What the turtle diagram of one process shows, each list read once (risks come from the risks
    app's own card on the page)."""

    incoming: list
    outgoing: list
    members: list
    documents: list
    sites: list
    kpis: list  # KpiLine
    objectives: list  # ObjectiveLine


@dataclass
class KpiLine:
    kpi: object
    status: str
    status_label: str
    badge: str
    latest: str
    target: str
    sparkline: str


@dataclass
class ObjectiveLine:
    objective: object
    status_label: str
    badge: str
    target: str


def turtle(process: Process) -> Turtle:
    return Turtle(
        incoming=list(process.incoming.select_related("source").order_by("source__number", "id")),
        outgoing=list(process.outgoing.select_related("target").order_by("target__number", "id")),
        members=list(process.members.order_by("name")),
        documents=list(process.documents.order_by("number")),
        sites=list(process.sites.order_by("name")),
        kpis=kpi_lines(process),
        objectives=objective_lines(process),
    )


def kpi_lines(process: Process) -> list[KpiLine]:
    """The KPIs that measure the process, with their status, latest value and a sparkline (2 queries)."""
    from pdca.objectives import charts
    from pdca.objectives.selectors import recent_series
    from pdca.objectives.tables import PERFORMANCE_BADGES, performance_label

    kpis = list(process.kpis.filter(is_active=True).order_by("number")[:PANEL_LIMIT])
    series = recent_series(kpis)
    lines = []
    for kpi in kpis:
        kpi.organisation = process.organisation  # the same, already loaded: its URL costs no query
        status = kpi.status
        lines.append(
            KpiLine(
                kpi=kpi,
                status=status,
                status_label=performance_label(status),
                badge=PERFORMANCE_BADGES.get(status, ""),
                latest=charts.amount(kpi.latest_value, kpi.unit) if kpi.latest_value is not None else "",
                target=_target(kpi, charts.amount),
                sparkline=charts.sparkline(kpi, series.get(kpi.pk, [])),
            )
        )
    return lines


def _target(row, amount) -> str:
    """ "≥ 95 %" when higher is better, "≤ 2 %" when lower is."""
    return f"{'≥' if row.direction == 'higher' else '≤'} {amount(row.target, row.unit)}"


def objective_lines(process: Process) -> list[ObjectiveLine]:
    """The quality objectives that name the process, with the status their KPIs give them (2 queries)."""
    from pdca.objectives import charts
    from pdca.objectives.selectors import stored_performance
    from pdca.objectives.tables import PERFORMANCE_BADGES, performance_label

    objectives = list(process.objectives.order_by("number")[:PANEL_LIMIT])
    stored_performance(objectives)
    lines = []
    for objective in objectives:
        objective.organisation = process.organisation
        lines.append(
            ObjectiveLine(
                objective=objective,
                status_label=performance_label(objective.performance),
                badge=PERFORMANCE_BADGES.get(objective.performance, ""),
                target=_target(objective, charts.amount),
            )
        )
    return lines


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
    queryset = Process.objects.filter(organisation=org)
    if drafts:
        queryset = queryset.filter(status__in=[ProcessStatus.ACTIVE, ProcessStatus.DRAFT])
    else:
        queryset = queryset.filter(status=ProcessStatus.ACTIVE)
    if process_type:
        queryset = queryset.filter(process_type=process_type)
    shown = ("organisation_id", "number", "name", "process_type", "status", "importance", "owner__name")
    processes = list(queryset.select_related("owner").only(*shown).order_by("-importance", "number")[:MAP_LIMIT])
    total = len(processes) if len(processes) < MAP_LIMIT else queryset.count()
    ids = [p.pk for p in processes]
    between = ProcessInteraction.objects.filter(organisation=org, source_id__in=ids, target_id__in=ids)
    by_pk = {p.pk: p for p in processes}
    interactions = list(between.order_by("source__number", "target__number", "id")[: ARROW_LIMIT + 1])
    for interaction in interactions:  # both ends are among the processes already read
        interaction.source, interaction.target = by_pk[interaction.source_id], by_pk[interaction.target_id]
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
