"""The status rules of KPIs and objectives, as pure functions and as the same rules in SQL.

A KPI is judged on its latest value:
- higher is better: on track at `green` or above, at risk at `amber` or above, off track below;
- lower is better: on track at `green` or below, at risk at `amber` or below, off track above;
- no data: never measured, or its latest value is stale. A value is current while its period is at
  most STALE_AFTER periods before the period we are in: in November, a monthly KPI's September
  value still counts (October's may not be entered yet), an August value is stale; in the third
  quarter, a quarterly KPI's first-quarter value still counts.

An objective follows its measured (active) KPIs: the worst of them, where a KPI without current data
counts as worse than one on track (an objective is on track only if every KPI shows it is), and an
objective without KPIs has no data. Order: off track > at risk > no data > on track.

The SQL versions (`kpi_performance_expression`, `objective_performance_expression`) let lists filter
and show the status of 10,000 rows without reading a measurement; tests check both agree.
"""

import datetime
from collections.abc import Iterable
from decimal import Decimal

from django.db.models import Case, CharField, Exists, F, OuterRef, Q, Value, When
from django.utils import timezone

from pdca.objectives.choices import Direction, Frequency, Performance

STALE_AFTER = 2  # periods

# Months per period; weekly is handled in days.
MONTHS = {Frequency.MONTHLY: 1, Frequency.QUARTERLY: 3, Frequency.HALF_YEARLY: 6, Frequency.YEARLY: 12}

# Worst first: the objective takes the first of these that any of its KPIs has.
WORST_FIRST = (Performance.OFF_TRACK, Performance.AT_RISK, Performance.NO_DATA, Performance.ON_TRACK)


# --- periods


def period_start(day: datetime.date, frequency: str) -> datetime.date:
    """The first day of the period `day` falls in: Monday, the 1st of the month, of the quarter …"""
    if frequency == Frequency.WEEKLY:
        return day - datetime.timedelta(days=day.weekday())
    months = MONTHS[frequency]
    return datetime.date(day.year, (day.month - 1) // months * months + 1, 1)


def shift_period(start: datetime.date, frequency: str, periods: int) -> datetime.date:
    """The period `periods` after (or before, if negative) the one starting on `start`."""
    if frequency == Frequency.WEEKLY:
        return start + datetime.timedelta(weeks=periods)
    index = start.year * 12 + start.month - 1 + periods * MONTHS[frequency]
    return datetime.date(index // 12, index % 12 + 1, 1)


def current_from(frequency: str, today: datetime.date) -> datetime.date:
    """The oldest period whose value still counts as current today."""
    return shift_period(period_start(today, frequency), frequency, -STALE_AFTER)


def period_label(period: datetime.date, frequency: str) -> str:
    """How people name a period: 2026-03, 2026 Q1, 2026 H2, 2026, week of 2026-03-02."""
    if frequency == Frequency.MONTHLY:
        return f"{period.year}-{period.month:02d}"
    if frequency == Frequency.QUARTERLY:
        return f"{period.year} Q{(period.month - 1) // 3 + 1}"
    if frequency == Frequency.HALF_YEARLY:
        return f"{period.year} H{(period.month - 1) // 6 + 1}"
    if frequency == Frequency.YEARLY:
        return str(period.year)
    return period.isoformat()


# --- pure rules


def band(value: Decimal, *, direction: str, green: Decimal, amber: Decimal) -> str:
    """on_track, at_risk or off_track for one value against the thresholds, whatever its date."""
    better_or_equal = (lambda a, b: a >= b) if direction == Direction.HIGHER else (lambda a, b: a <= b)
    if better_or_equal(value, green):
        return Performance.ON_TRACK
    if better_or_equal(value, amber):
        return Performance.AT_RISK
    return Performance.OFF_TRACK


def kpi_performance(
    value: Decimal | None,
    period: datetime.date | None,
    *,
    direction: str,
    green: Decimal,
    amber: Decimal,
    frequency: str,
    today: datetime.date,
) -> str:
    """The KPI's status from its latest value and that value's period."""
    if value is None or period is None or period < current_from(frequency, today):
        return Performance.NO_DATA
    return band(value, direction=direction, green=green, amber=amber)


def kpi_status(kpi, today: datetime.date | None = None) -> str:
    """`kpi_performance` of a KPI row, from its stored latest value (no query)."""
    if not kpi.is_active:
        return Performance.NO_DATA
    return kpi_performance(
        kpi.latest_value,
        kpi.latest_period,
        direction=kpi.direction,
        green=kpi.green,
        amber=kpi.amber,
        frequency=kpi.frequency,
        today=today or timezone.localdate(),
    )


def objective_performance(kpi_statuses: Iterable[str]) -> str:
    """The worst status among an objective's KPIs (no KPI: no data)."""
    statuses = set(kpi_statuses)
    return next((s for s in WORST_FIRST if s in statuses), Performance.NO_DATA)


# --- the same rules in SQL


def _better_or_equal(threshold: str) -> Q:
    return Q(direction=Direction.HIGHER, latest_value__gte=F(threshold)) | Q(
        direction=Direction.LOWER, latest_value__lte=F(threshold)
    )


def _current(today: datetime.date) -> Q:
    q = Q()
    for frequency in Frequency:
        q |= Q(frequency=frequency, latest_period__gte=current_from(frequency, today))
    return q & Q(is_active=True, latest_value__isnull=False)


def kpi_performance_expression(today: datetime.date | None = None) -> Case:
    current = _current(today or timezone.localdate())
    return Case(
        When(current & _better_or_equal("green"), then=Value(Performance.ON_TRACK)),
        When(current & _better_or_equal("amber"), then=Value(Performance.AT_RISK)),
        When(current, then=Value(Performance.OFF_TRACK)),
        default=Value(Performance.NO_DATA),
        output_field=CharField(),
    )


def kpi_performance_q(status: str, today: datetime.date | None = None) -> Q:
    """KPIs whose status is `status`, as a filter (for lists and the objectives' subqueries)."""
    current = _current(today or timezone.localdate())
    green, amber = _better_or_equal("green"), _better_or_equal("amber")
    return {
        Performance.ON_TRACK: current & green,
        Performance.AT_RISK: current & ~green & amber,
        Performance.OFF_TRACK: current & ~green & ~amber,
        Performance.NO_DATA: ~current,
    }[status]


def objective_performance_expression(today: datetime.date | None = None) -> Case:
    from pdca.objectives.models import KPI

    def kpis(status: str):
        return Exists(KPI.objects.filter(kpi_performance_q(status, today), objective=OuterRef("pk"), is_active=True))

    measured = Exists(KPI.objects.filter(objective=OuterRef("pk"), is_active=True))
    return Case(
        When(kpis(Performance.OFF_TRACK), then=Value(Performance.OFF_TRACK)),
        When(kpis(Performance.AT_RISK), then=Value(Performance.AT_RISK)),
        When(~measured, then=Value(Performance.NO_DATA)),
        When(kpis(Performance.NO_DATA), then=Value(Performance.NO_DATA)),
        default=Value(Performance.ON_TRACK),
        output_field=CharField(),
    )
