"""Reads shared by the objectives pages, API, PDF and demo: joins chosen so query counts stay flat."""

import datetime
from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.db.models import Case, Count, F, Q, When, Window
from django.db.models.functions import RowNumber
from django.utils import timezone

from pdca.core.models import Action, ClauseTag
from pdca.documents.choices import DocumentStatus, DocumentType
from pdca.documents.models import Document
from pdca.objectives.choices import ObjectiveStatus
from pdca.objectives.models import KPI, Measurement, PolicyCommitment, QualityObjective
from pdca.objectives.status import band, objective_performance

POLICY_KEY = "hs.leadership.policy"
SPARK_POINTS = 12


# --- the quality policy


def quality_policy(org) -> Document | None:
    """The quality policy document: the policy-type document tagged 5.2, else one with commitments, else
    any policy document; in use (effective or under revision) before not, then by number.

    Tried in that order, each a query over a handful of rows: one query ranking every policy document
    by those three tests read them all (a 20,000-document register has thousands of policies)."""
    policies = Document.objects.filter(organisation=org, doc_type=DocumentType.POLICY).select_related(
        "current_revision", "owner"
    )
    tagged = ClauseTag.objects.filter(
        organisation=org, content_type=ContentType.objects.get_for_model(Document)
    ).filter(Q(key=POLICY_KEY) | Q(key__startswith=POLICY_KEY + "."))
    committed = PolicyCommitment.objects.filter(organisation=org)
    in_use_first = Case(When(status__in=(DocumentStatus.EFFECTIVE, DocumentStatus.UNDER_REVISION), then=0), default=1)
    for candidates in (
        policies.filter(pk__in=tagged.values("object_id")),
        policies.filter(pk__in=committed.values("policy_id")),
        policies,
    ):
        found = candidates.order_by(in_use_first, "number").first()
        if found is not None:
            return found
    return None


def commitments_of(policy: Document) -> list[PolicyCommitment]:
    """The policy's commitments in order, each with `objective_count` (objectives not withdrawn)."""
    live = Q(objectives__status__in=[s for s in ObjectiveStatus.values if s != ObjectiveStatus.WITHDRAWN])
    return list(
        PolicyCommitment.objects.filter(policy=policy)
        .annotate(objective_count=Count("objectives", filter=live))
        .order_by("order", "id")
    )


def objectives_by_commitment(commitments: list[PolicyCommitment]) -> dict[int, list[QualityObjective]]:
    """The objectives (not withdrawn) that follow from each commitment, with their status (one query)."""
    through = QualityObjective.commitments.through
    rows = (
        through.objects.filter(policycommitment__in=commitments)
        .exclude(qualityobjective__status=ObjectiveStatus.WITHDRAWN)
        .select_related("qualityobjective")
        .order_by("qualityobjective__number")
    )
    result: dict[int, list[QualityObjective]] = {c.pk: [] for c in commitments}
    for row in rows:
        result[row.policycommitment_id].append(row.qualityobjective)
    return result


# --- KPIs and their measurements


@dataclass(frozen=True)
class Point:
    period: datetime.date
    value: object
    status: str


def series(kpi: KPI, limit: int | None = None) -> list[Point]:
    """The KPI's measurements oldest first, each judged against the thresholds (one query)."""
    rows = Measurement.objects.filter(kpi=kpi).order_by("-period").values_list("period", "value")
    rows = list(rows[:limit] if limit else rows)
    return [_point(kpi, period, value) for period, value in reversed(rows)]


def _point(kpi: KPI, period, value) -> Point:
    return Point(period, value, band(value, direction=kpi.direction, green=kpi.green, amber=kpi.amber))


def recent_series(kpis: list[KPI], points: int = SPARK_POINTS) -> dict[int, list[Point]]:
    """The last `points` measurements of each KPI, oldest first: one query whatever the number of KPIs."""
    by_id = {kpi.pk: kpi for kpi in kpis}
    if not by_id:
        return {}
    numbered = (
        Measurement.objects.filter(kpi_id__in=by_id)
        .annotate(n=Window(RowNumber(), partition_by=[F("kpi_id")], order_by=F("period").desc()))
        .filter(n__lte=points)
        .values_list("kpi_id", "period", "value")
    )
    result: dict[int, list[Point]] = {pk: [] for pk in by_id}
    for kpi_id, period, value in numbered:
        result[kpi_id].append(_point(by_id[kpi_id], period, value))
    for values in result.values():
        values.sort(key=lambda p: p.period)
    return result


# What kpi_status reads: a KPI row loaded with only these is judged without another query.
STATUS_FIELDS = (
    "id",
    "objective_id",
    "is_active",
    "latest_value",
    "latest_period",
    "frequency",
    "direction",
    "green",
    "amber",
    "current_until",
)


def performance_of(objectives) -> None:
    """Set `performance` on each objective from its measured KPIs (one query for all of them)."""
    objectives = list(objectives)
    statuses: dict[int, list[str]] = {o.pk: [] for o in objectives}
    kpis = KPI.objects.filter(objective_id__in=statuses, is_active=True).only(*STATUS_FIELDS).order_by()
    for kpi in kpis:
        statuses[kpi.objective_id].append(kpi.status)
    for objective in objectives:
        objective.performance = objective_performance(statuses[objective.pk])


def stored_performance(objectives) -> None:
    """Set `performance` from the status the services stored, working it out again (one query) only for
    the objectives whose stored status may have changed by itself since (a value gone stale)."""
    today = timezone.localdate()
    stale = []
    for objective in objectives:
        if objective.kpi_status_until is not None and objective.kpi_status_until <= today:
            stale.append(objective)
        else:
            objective.performance = objective.kpi_status
    if stale:
        performance_of(stale)


def kpis_of(objective: QualityObjective) -> list[KPI]:
    return list(objective.kpis.select_related("process", "owner").order_by("number"))


def actions_of(obj) -> list[Action]:
    """The actions of the shared register raised from `obj` (an objective's plan), by due date."""
    ct = ContentType.objects.get_for_model(obj)
    return list(
        Action.objects.filter(organisation_id=obj.organisation_id, source_type=ct, source_id=obj.pk)
        .select_related("owner")
        .order_by("due_date", "id")
    )
