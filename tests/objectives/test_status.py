"""The status rules, hand-computed: thresholds and direction, staleness by frequency, objectives following
their KPIs; and the SQL versions (lists and filters) agreeing with the Python ones."""

import datetime
from decimal import Decimal as D

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pdca.objectives import services
from pdca.objectives.models import KPI, QualityObjective
from pdca.objectives.status import (
    band,
    current_from,
    current_until,
    kpi_performance,
    kpi_performance_q,
    objective_performance,
    period_label,
    period_start,
    shift_period,
)
from tests.objectives.factories import make_kpi, make_objective, measure

TODAY = datetime.date(2026, 11, 18)  # a Wednesday in the fourth quarter


# --- one value against the thresholds


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("97.3", "on_track"),  # above green 95
        ("95", "on_track"),  # exactly green: on track
        ("94.99", "at_risk"),  # just below green, above amber 90
        ("90", "at_risk"),  # exactly amber: still at risk
        ("89.99", "off_track"),  # below amber
        ("0", "off_track"),
    ],
)
def test_it_judges_higher_is_better_values(value, expected):
    assert band(D(value), direction="higher", green=D("95"), amber=D("90")) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("0.2", "on_track"),  # returns 0.2 % with green at 0.5 %
        ("0.5", "on_track"),  # exactly green
        ("0.51", "at_risk"),  # worse than green, not worse than amber 1.0
        ("1.0", "at_risk"),  # exactly amber
        ("1.01", "off_track"),
        ("12", "off_track"),
    ],
)
def test_it_judges_lower_is_better_values(value, expected):
    assert band(D(value), direction="lower", green=D("0.5"), amber=D("1.0")) == expected


def test_without_an_amber_band_anything_worse_than_green_is_off_track():
    assert band(D("94"), direction="higher", green=D("95"), amber=D("95")) == "off_track"
    assert band(D("95"), direction="higher", green=D("95"), amber=D("95")) == "on_track"


# --- periods and staleness


@pytest.mark.parametrize(
    ("frequency", "day", "start"),
    [
        ("weekly", datetime.date(2026, 11, 18), datetime.date(2026, 11, 16)),  # Wednesday → Monday
        ("monthly", datetime.date(2026, 11, 18), datetime.date(2026, 11, 1)),
        ("quarterly", datetime.date(2026, 11, 18), datetime.date(2026, 10, 1)),
        ("quarterly", datetime.date(2026, 3, 31), datetime.date(2026, 1, 1)),
        ("half_yearly", datetime.date(2026, 11, 18), datetime.date(2026, 7, 1)),
        ("half_yearly", datetime.date(2026, 6, 30), datetime.date(2026, 1, 1)),
        ("yearly", datetime.date(2026, 11, 18), datetime.date(2026, 1, 1)),
    ],
)
def test_a_day_names_its_period(frequency, day, start):
    assert period_start(day, frequency) == start


def test_periods_shift_across_years():
    assert shift_period(datetime.date(2026, 1, 1), "monthly", -1) == datetime.date(2025, 12, 1)
    assert shift_period(datetime.date(2026, 1, 1), "quarterly", -2) == datetime.date(2025, 7, 1)
    assert shift_period(datetime.date(2026, 11, 16), "weekly", -2) == datetime.date(2026, 11, 2)
    assert period_label(datetime.date(2026, 10, 1), "quarterly") == "2026 Q4"
    assert period_label(datetime.date(2026, 7, 1), "half_yearly") == "2026 H2"


@pytest.mark.parametrize(
    ("frequency", "oldest_current"),
    [
        # In November 2026 a monthly KPI's September value still counts (October's may not be in yet).
        ("monthly", datetime.date(2026, 9, 1)),
        # In Q4 a quarterly KPI's Q2 value still counts.
        ("quarterly", datetime.date(2026, 4, 1)),
        ("half_yearly", datetime.date(2025, 7, 1)),
        ("yearly", datetime.date(2024, 1, 1)),
        ("weekly", datetime.date(2026, 11, 2)),
    ],
)
def test_a_value_is_current_for_two_periods(frequency, oldest_current):
    assert current_from(frequency, TODAY) == oldest_current


def _perf(value, period, **kpi):
    rules = {"direction": "higher", "green": D("95"), "amber": D("90"), "frequency": "monthly", **kpi}
    return kpi_performance(None if value is None else D(value), period, today=TODAY, **rules)


def test_the_kpi_status_needs_a_current_value():
    assert _perf(None, None) == "no_data"  # never measured
    assert _perf("99", datetime.date(2026, 8, 1)) == "no_data"  # August is stale in November
    assert _perf("99", datetime.date(2026, 9, 1)) == "on_track"  # September still counts
    assert _perf("92", datetime.date(2026, 10, 1)) == "at_risk"
    assert _perf("80", datetime.date(2026, 11, 1)) == "off_track"
    assert _perf("80", datetime.date(2026, 4, 1), frequency="quarterly") == "off_track"  # Q2 counts in Q4
    assert _perf("80", datetime.date(2026, 1, 1), frequency="quarterly") == "no_data"  # Q1 does not


# --- objectives follow their KPIs


@pytest.mark.parametrize(
    ("statuses", "expected"),
    [
        ([], "no_data"),
        (["on_track"], "on_track"),
        (["on_track", "on_track"], "on_track"),
        (["on_track", "at_risk"], "at_risk"),
        (["at_risk", "off_track", "on_track"], "off_track"),
        (["on_track", "no_data"], "no_data"),  # on track only if every KPI shows it
        (["no_data", "at_risk"], "at_risk"),
        (["no_data", "off_track"], "off_track"),
    ],
)
def test_an_objective_takes_the_worst_of_its_kpis(statuses, expected):
    assert objective_performance(statuses) == expected


# --- the SQL rules agree with the Python ones


def _sql_status(kpi):
    return KPI.objects.with_performance().get(pk=kpi.pk).performance


@pytest.mark.django_db
def test_the_sql_status_of_kpis_matches_the_rules(world):
    org = world.org
    cases = [
        (make_kpi(org), [96, 97], "on_track"),
        (make_kpi(org), [96, 92], "at_risk"),
        (make_kpi(org), [96, 85], "off_track"),
        (make_kpi(org, direction="lower", target=D("2"), green=D("2"), amber=D("3")), [4, 1.5], "on_track"),
        (make_kpi(org, direction="lower", target=D("2"), green=D("2"), amber=D("3")), [1, 3], "at_risk"),
        (make_kpi(org, direction="lower", target=D("2"), green=D("2"), amber=D("3")), [1, 3.5], "off_track"),
        (make_kpi(org), [], "no_data"),
    ]
    for kpi, values, _expected in cases:
        if values:
            measure(kpi, values)
    stale = make_kpi(org)
    measure(stale, [99], newest_months_ago=4)
    cases.append((stale, [99], "no_data"))
    for kpi, values, expected in cases:
        kpi.refresh_from_db()
        assert kpi.status == expected, (values, kpi.direction)
        assert _sql_status(kpi) == expected, (values, kpi.direction)
    filtered = set(KPI.objects.with_performance().filter(performance="no_data").values_list("pk", flat=True))
    assert filtered == {cases[6][0].pk, stale.pk}


@pytest.mark.django_db
def test_new_thresholds_move_the_stored_band_and_so_the_filter(world):
    kpi = make_kpi(world.org)
    measure(kpi, [93])
    kpi.refresh_from_db()
    assert kpi.latest_band == "at_risk"
    assert list(KPI.objects.filter(kpi_performance_q("at_risk"))) == [kpi]
    services.kpi_update(kpi, data={"green": D("92")}, by=None)
    assert kpi.latest_band == "on_track" == kpi.status
    assert list(KPI.objects.filter(kpi_performance_q("on_track"))) == [kpi]
    assert not KPI.objects.filter(kpi_performance_q("at_risk")).exists()


@pytest.mark.django_db
def test_the_sql_status_of_objectives_follows_their_kpis(world):
    org = world.org
    green, amber, red, empty = (make_objective(org) for _ in range(4))
    mixed = make_objective(org)
    measure(make_kpi(org, objective=green), [97])
    measure(make_kpi(org, objective=green), [99])
    measure(make_kpi(org, objective=amber), [97])
    measure(make_kpi(org, objective=amber), [93])
    measure(make_kpi(org, objective=red), [93])
    measure(make_kpi(org, objective=red), [80])
    measure(make_kpi(org, objective=mixed), [97])
    make_kpi(org, objective=mixed)  # not measured yet
    retired = make_kpi(org, objective=green, is_active=False)  # not measured any more: does not count
    measure(retired, [10])
    annotated = dict(QualityObjective.objects.with_performance().values_list("pk", "performance"))
    assert annotated[green.pk] == "on_track"
    assert annotated[amber.pk] == "at_risk"
    assert annotated[red.pk] == "off_track"
    assert annotated[empty.pk] == "no_data"
    assert annotated[mixed.pk] == "no_data"
    stored = dict(QualityObjective.objects.values_list("pk", "kpi_status"))
    for objective in (green, amber, red, empty, mixed):
        statuses = [k.status for k in objective.kpis.filter(is_active=True)]
        assert objective_performance(statuses) == annotated[objective.pk] == stored[objective.pk]


@pytest.mark.django_db
def test_the_stored_status_follows_every_change_and_the_filter_works_out_outdated_rows(world, rf):
    from pdca.objectives import services
    from pdca.objectives.filtersets import QualityObjectiveFilterSet

    def stored(objective):
        objective.refresh_from_db()
        return objective.kpi_status

    objective = make_objective(world.org)
    assert stored(objective) == "no_data"
    kpi = make_kpi(world.org, objective=objective)
    measure(kpi, [97])
    kpi.refresh_from_db()
    assert stored(objective) == "on_track" and objective.kpi_status_until == shift_period(
        kpi.latest_period, "monthly", 3
    )
    services.kpi_update(kpi, by=None, data={"green": D("98")})
    assert stored(objective) == "at_risk"
    other = make_kpi(world.org)
    measure(other, [10])
    services.kpi_update(other, by=None, data={"objective": objective})
    assert stored(objective) == "off_track"
    services.kpi_update(other, by=None, data={"is_active": False})
    assert stored(objective) == "at_risk"

    # A value that went stale since the last write: the stored status is outdated; the filter works it out.
    QualityObjective.objects.filter(pk=objective.pk).update(
        kpi_status="off_track", kpi_status_until=datetime.date(2000, 1, 1)
    )
    request = rf.get("/")
    request.org, request.user = world.org, world.users["admin"]

    def found(status):
        filterset = QualityObjectiveFilterSet({"performance": status}, QualityObjective.objects.all(), request=request)
        return list(filterset.qs)

    assert found("at_risk") == [objective] and found("off_track") == []


@given(
    day=st.dates(min_value=datetime.date(2000, 1, 1), max_value=datetime.date(2040, 12, 31)),
    today=st.dates(min_value=datetime.date(2000, 1, 1), max_value=datetime.date(2040, 12, 31)),
    frequency=st.sampled_from(["weekly", "monthly", "quarterly", "half_yearly", "yearly"]),
)
def test_the_stored_current_until_says_what_current_from_says(day, today, frequency):
    period = period_start(day, frequency)
    assert (period >= current_from(frequency, today)) == (current_until(period, frequency) > today)


@pytest.mark.django_db
def test_pages_take_the_stored_status_and_work_out_again_only_stale_ones(world, django_assert_num_queries):
    from pdca.objectives.selectors import stored_performance

    fresh, stale = make_objective(world.org), make_objective(world.org)
    for objective in (fresh, stale):
        measure(make_kpi(world.org, objective=objective), [97])
    tomorrow = datetime.date.today() + datetime.timedelta(days=1)
    # What the services stored, made wrong on purpose to see which one is read and which worked out.
    QualityObjective.objects.filter(pk=fresh.pk).update(kpi_status="at_risk", kpi_status_until=tomorrow)
    QualityObjective.objects.filter(pk=stale.pk).update(kpi_status="at_risk", kpi_status_until=datetime.date.today())
    rows = list(QualityObjective.objects.filter(pk__in=[fresh.pk, stale.pk]).order_by("pk"))
    with django_assert_num_queries(1):  # the stale one's KPIs
        stored_performance(rows)
    assert [row.performance for row in rows] == ["at_risk", "on_track"]
