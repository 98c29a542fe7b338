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

from django.db.models import Case, CharField, IntegerField, Max, OuterRef, Q, Subquery, Value, When
from django.db.models.lookups import GreaterThanOrEqual
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


def objective_state(kpis, today: datetime.date) -> tuple[str, datetime.date | None]:
    """An objective's status from its measured KPIs, and the day it may change by itself: the first day one
    of its current values goes stale (None when none is current). Stored on the objective by the services."""
    statuses, until = [], None
    for kpi in kpis:
        status = kpi_status(kpi, today)
        statuses.append(status)
        if status != Performance.NO_DATA:
            ends = current_until(kpi.latest_period, kpi.frequency)
            until = ends if until is None else min(until, ends)
    return objective_performance(statuses), until


# --- the same rules in SQL


def current_until(period: datetime.date | None, frequency: str) -> datetime.date | None:
    """The first day on which a value for `period` is stale (kept on the KPI as `current_until`).

    A value is current while its period is at least current_from(today), i.e. while today is before the
    start of the period STALE_AFTER + 1 periods later: one comparison in SQL, whatever the frequency.
    """
    return shift_period(period, frequency, STALE_AFTER + 1) if period else None


def latest_band(kpi) -> str:
    """The band of the KPI's latest value whatever its date (stored on the KPI as `latest_band` by the
    services, so that the status is one indexed comparison in SQL); empty when never measured."""
    if kpi.latest_value is None:
        return ""
    return band(kpi.latest_value, direction=kpi.direction, green=kpi.green, amber=kpi.amber)


def _current(today: datetime.date | None) -> Q:
    return Q(is_active=True, latest_value__isnull=False, current_until__gt=today or timezone.localdate())


def _in_band(status: str) -> Q:
    return Q(latest_band=status)


# How bad each status is, for an objective's worst KPI (no data sits between at risk and on track).
RANKS = {Performance.ON_TRACK: 1, Performance.NO_DATA: 2, Performance.AT_RISK: 3, Performance.OFF_TRACK: 4}


def _by_status(today: datetime.date | None, values: dict, output_field) -> Case:
    current = _current(today)
    return Case(
        When(current & _in_band(Performance.ON_TRACK), then=Value(values[Performance.ON_TRACK])),
        When(current & _in_band(Performance.AT_RISK), then=Value(values[Performance.AT_RISK])),
        When(current, then=Value(values[Performance.OFF_TRACK])),
        default=Value(values[Performance.NO_DATA]),
        output_field=output_field,
    )


def kpi_performance_q(status: str, today: datetime.date | None = None) -> Q:
    """KPIs whose status is `status`, as a filter (no annotation to build)."""
    current = _current(today)
    return ~current if status == Performance.NO_DATA else current & _in_band(status)


def kpi_performance_expression(today: datetime.date | None = None) -> Case:
    """A KPI's status in SQL: the rules of kpi_status on the stored latest band and current_until."""
    return _by_status(today, {s: s.value for s in Performance}, CharField())


def objective_performance_expression(today: datetime.date | None = None) -> Case:
    """An objective's status in SQL: the worst rank among its measured KPIs (one correlated subquery)."""
    from pdca.objectives.models import KPI

    worst = (
        KPI.objects.filter(objective=OuterRef("pk"), is_active=True)
        .order_by()
        .values("objective")
        .annotate(worst=Max(_by_status(today, RANKS, IntegerField())))
        .values("worst")
    )
    rank = Subquery(worst, output_field=IntegerField())
    return Case(
        When(GreaterThanOrEqual(rank, RANKS[Performance.OFF_TRACK]), then=Value(Performance.OFF_TRACK.value)),
        When(GreaterThanOrEqual(rank, RANKS[Performance.AT_RISK]), then=Value(Performance.AT_RISK.value)),
        When(GreaterThanOrEqual(rank, RANKS[Performance.NO_DATA]), then=Value(Performance.NO_DATA.value)),
        When(GreaterThanOrEqual(rank, RANKS[Performance.ON_TRACK]), then=Value(Performance.ON_TRACK.value)),
        default=Value(Performance.NO_DATA.value),
        output_field=CharField(),
    )
