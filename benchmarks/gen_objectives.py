"""Benchmark data of the objectives app: `n` quality objectives and `n` KPIs (half of them measuring an
objective, a third a process), twelve monthly values for every KPI with the latest kept on the KPI as
the services keep it, and one KPI with five years (60) of monthly values for the chart page; commitments
of a policy document (when the documents generator made one) linked to the objectives; clause tags.

Inserted with plain QuerySet.bulk_create (around OrgQuerySet's trail hook, for speed). Called by
generate.py (REGISTER_MODULES) with Django set up.
"""

import datetime
import random
from decimal import Decimal

from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction
from django.utils import timezone

from pdca.core.models import ClauseTag, Person, Sequence
from pdca.core.numbering import format_number
from pdca.documents.models import Document
from pdca.objectives import services
from pdca.objectives.choices import KPI_PREFIX, OBJECTIVE_PREFIX, Direction, ObjectiveStatus
from pdca.objectives.models import KPI, Measurement, PolicyCommitment, QualityObjective
from pdca.objectives.status import current_until, latest_band, period_start, shift_period
from pdca.processes.models import Process

URLS = [
    ("objective register", "/o/{org}/objectives/"),
    ("objective register ?status=approved&overdue", "/o/{org}/objectives/?status=approved&overdue=true"),
    ("objective register ?mine", "/o/{org}/objectives/?mine=on"),
    ("objective register ?performance=off_track", "/o/{org}/objectives/?performance=off_track"),
    ("objective page", "/o/{org}/objectives/{objective}/"),
    ("KPI list (sparklines)", "/o/{org}/objectives/kpis/"),
    ("KPI list ?performance=at_risk", "/o/{org}/objectives/kpis/?performance=at_risk"),
    ("KPI page, 5 years monthly", "/o/{org}/objectives/kpis/{kpi}/"),
    ("KPI chart SVG, 5 years monthly", "/o/{org}/objectives/kpis/{kpi}/chart.svg"),
    ("measurements register", "/o/{org}/objectives/measurements/"),
    ("quality policy", "/o/{org}/objectives/policy/"),
    ("api objectives", "/api/v1/o/{org}/objectives/"),
    ("api KPIs", "/api/v1/o/{org}/objectives/kpis/"),
]

BATCH = 500
MONTHS = 12
LONG_SERIES = 60
TOPICS = [
    ("On-time delivery", Direction.HIGHER, 95, 90, "%"),
    ("Customer returns", Direction.LOWER, Decimal("0.5"), Decimal("0.8"), "%"),
    ("Scrap rate", Direction.LOWER, Decimal("1.5"), 2, "%"),
    ("First-pass yield", Direction.HIGHER, 97, 95, "%"),
    ("Complaint response", Direction.LOWER, 2, 3, "days"),
    ("Training completion", Direction.HIGHER, 95, 90, "%"),
    ("Machine availability", Direction.HIGHER, 85, 80, "%"),
    ("Supplier on-time delivery", Direction.HIGHER, 92, 85, "%"),
]
STATUS_WEIGHTS = {
    ObjectiveStatus.DRAFT: 2,
    ObjectiveStatus.APPROVED: 6,
    ObjectiveStatus.ACHIEVED: 1,
    ObjectiveStatus.NOT_ACHIEVED: 1,
}


def _insert(model, objs: list) -> list:
    for start in range(0, len(objs), BATCH):
        with transaction.atomic():
            models.QuerySet.bulk_create(model.objects.all(), objs[start : start + BATCH], batch_size=BATCH)
    return objs


def generate(org, people: list, rng: random.Random, n: int) -> dict:
    """`n` objectives and `n` KPIs with twelve months of values each, one KPI with five years; placeholders."""
    today = timezone.localdate()
    people = [p for p in people if p.is_active] or list(Person.objects.for_org(org)[:100])
    processes = list(Process.objects.for_org(org)[:200])
    commitments = _commitments(org)
    objectives = _insert(QualityObjective, [_objective(org, i, people, rng, today) for i in range(n)])
    _links(objectives, commitments, processes, rng)
    kpis = _insert(KPI, [_kpi(org, i, people, objectives, processes, rng) for i in range(n)])
    long = kpis[0]
    _measurements(org, kpis, rng, today, long)
    for prefix in (OBJECTIVE_PREFIX, KPI_PREFIX):
        Sequence.objects.update_or_create(organisation=org, prefix=prefix, defaults={"last_value": n})
    _tags(org, objectives, "hs.planning.objectives")
    _tags(org, kpis, "hs.evaluation.monitoring.general")
    measured = next((o for o in objectives if o.status == ObjectiveStatus.APPROVED), objectives[0])
    models.QuerySet(KPI).filter(pk__in=[k.pk for k in kpis[1:5]]).update(objective=measured)  # KPIs on one page
    for start in range(0, len(objectives), 2000):  # their stored status, as the services keep it
        services.refresh_objectives([o.pk for o in objectives[start : start + 2000]])
    return {"kpi": long.pk, "objective": measured.pk}


def _commitments(org) -> list[PolicyCommitment]:
    policy = Document.objects.filter(organisation=org, doc_type="policy").order_by("pk").first()
    if policy is None:
        return []
    titles = ["Get it right for the customer", "Set goals and measure them", "Learn from problems", "Keep improving"]
    return _insert(
        PolicyCommitment,
        [PolicyCommitment(organisation=org, policy=policy, order=i, title=t) for i, t in enumerate(titles, 1)],
    )


def _objective(org, i: int, people: list, rng: random.Random, today) -> QualityObjective:
    topic, direction, green, _amber, unit = rng.choice(TOPICS)
    status = rng.choices(list(STATUS_WEIGHTS), list(STATUS_WEIGHTS.values()))[0]
    approved = status != ObjectiveStatus.DRAFT
    closed = status in (ObjectiveStatus.ACHIEVED, ObjectiveStatus.NOT_ACHIEVED)
    return QualityObjective(
        organisation=org,
        number=format_number(OBJECTIVE_PREFIX, i + 1),
        title=f"{topic}: reach {green} {unit} ({i + 1})",
        description="Set in the benchmark data.",
        direction=direction,
        target=Decimal(str(green)),
        unit=unit,
        baseline=Decimal(str(green)) * Decimal("0.9"),
        deadline=today + datetime.timedelta(days=rng.randint(-90, 400)),
        owner=rng.choice(people),
        resources="Time and budget as planned." if approved else "",
        evaluation="Monthly report." if approved else "",
        status=status,
        approved_on=today - datetime.timedelta(days=rng.randint(30, 300)) if approved else None,
        closed_on=today - datetime.timedelta(days=rng.randint(0, 30)) if closed else None,
        result="Evaluated at the management review." if closed else "",
    )


def _links(objectives: list, commitments: list, processes: list, rng: random.Random) -> None:
    through = QualityObjective.commitments.through
    if commitments:
        _insert(
            through,
            [through(qualityobjective_id=o.pk, policycommitment_id=rng.choice(commitments).pk) for o in objectives],
        )
    through = QualityObjective.processes.through
    if processes:
        rows = [through(qualityobjective_id=o.pk, process_id=rng.choice(processes).pk) for o in objectives[::2]]
        _insert(through, rows)


def _kpi(org, i: int, people: list, objectives: list, processes: list, rng: random.Random) -> KPI:
    topic, direction, green, amber, unit = TOPICS[i % len(TOPICS)]
    return KPI(
        organisation=org,
        number=format_number(KPI_PREFIX, i + 1),
        name=f"{topic} ({i + 1})",
        objective=rng.choice(objectives) if rng.random() < 0.5 else None,
        process=rng.choice(processes) if processes and rng.random() < 0.33 else None,
        owner=rng.choice(people),
        unit=unit,
        frequency="monthly",
        direction=direction,
        target=Decimal(str(green)),
        green=Decimal(str(green)),
        amber=Decimal(str(amber)),
        data_source="Benchmark feed",
    )


def _measurements(org, kpis: list, rng: random.Random, today, long: KPI) -> None:
    """Twelve monthly values per KPI around its thresholds (five years for `long`), latest on the KPI."""
    last = shift_period(period_start(today, "monthly"), "monthly", -1)
    rows, updates = [], []
    for kpi in kpis:
        months = LONG_SERIES if kpi is long else MONTHS
        centre, spread = float(kpi.green), max(abs(float(kpi.green) - float(kpi.amber)) * 2, 0.5)
        drift = rng.uniform(-spread, spread) / months
        value = Decimal("0")
        for back in range(months - 1, -1, -1):
            noise = rng.gauss(0, spread / 3) + drift * (months - back)
            value = Decimal(str(round(max(centre + noise, 0), 2)))
            period = shift_period(last, "monthly", -back)
            rows.append(Measurement(organisation=org, kpi=kpi, period=period, value=value))
        kpi.latest_value, kpi.latest_period = value, last
        kpi.current_until = current_until(last, "monthly")
        kpi.latest_band = latest_band(kpi)
        updates.append(kpi)
        if len(rows) >= BATCH * 10:
            _insert(Measurement, rows)
            rows = []
    _insert(Measurement, rows)
    models.QuerySet(KPI).bulk_update(updates, sorted(KPI.derived), batch_size=BATCH)


def _tags(org, rows: list, key: str) -> None:
    ct = ContentType.objects.get_for_model(type(rows[0]))
    _insert(ClauseTag, [ClauseTag(organisation=org, content_type=ct, object_id=row.pk, key=key) for row in rows])
