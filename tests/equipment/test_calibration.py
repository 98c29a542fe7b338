"""The calibration due rules on hand-made cases: next date from the interval in calendar months, the
warning window, due on the day itself, overdue the day after, never calibrated, conditions that override
the dates; and the same rules in SQL (status_condition) agreeing with the Python ones row by row."""

import datetime

import pytest
from django.utils import timezone

from pdca.equipment import calibration
from pdca.equipment.models import Equipment
from tests.equipment.factories import make_equipment

D = datetime.date


@pytest.mark.parametrize(
    ("last", "months", "expected"),
    [
        (D(2025, 3, 15), 12, D(2026, 3, 15)),
        (D(2025, 1, 31), 1, D(2025, 2, 28)),  # no 31 February: the month's last day
        (D(2024, 1, 31), 1, D(2024, 2, 29)),  # leap year
        (D(2025, 11, 30), 3, D(2026, 2, 28)),  # across the year end
        (D(2025, 6, 1), 6, D(2025, 12, 1)),
        (D(2025, 8, 31), 24, D(2027, 8, 31)),
        (None, 12, None),  # never calibrated: no date to count from
        (D(2025, 6, 1), None, None),  # no interval: not calibrated equipment
    ],
)
def test_the_next_calibration_is_the_last_plus_the_interval_in_calendar_months(last, months, expected):
    assert calibration.next_due(last, months) == expected


DUE = D(2026, 3, 15)


@pytest.mark.parametrize(
    ("today", "warning", "expected"),
    [
        (D(2026, 2, 12), 30, "in_service"),  # 31 days before: not yet in the window
        (D(2026, 2, 13), 30, "due"),  # exactly 30 days before: the window opens
        (D(2026, 3, 14), 30, "due"),
        (D(2026, 3, 15), 30, "due"),  # the due day itself is still "due", not overdue
        (D(2026, 3, 16), 30, "overdue"),  # the day after
        (D(2027, 1, 1), 30, "overdue"),
        (D(2026, 3, 14), 0, "in_service"),  # no warning window: in service until the day
        (D(2026, 3, 15), 0, "due"),
        (D(2026, 3, 16), 0, "overdue"),
        (D(2025, 12, 15), 90, "due"),  # 90 days before
        (D(2025, 12, 14), 90, "in_service"),
    ],
)
def test_due_opens_the_warning_days_before_and_overdue_starts_the_day_after(today, warning, expected):
    status = calibration.status(
        condition="in_service", needs_calibration=True, due=DUE, warning_days=warning, today=today
    )
    assert status == expected


@pytest.mark.parametrize(
    ("condition", "needs", "due", "expected"),
    [
        ("out_of_tolerance", True, D(2030, 1, 1), "out_of_tolerance"),  # a result outranks the dates
        ("quarantined", True, D(2000, 1, 1), "quarantined"),  # long overdue, but quarantined says more
        ("retired", True, D(2000, 1, 1), "retired"),
        ("in_service", False, None, "in_service"),  # a machine: never due
        ("in_service", True, None, "overdue"),  # measuring equipment never calibrated: not fit to use
    ],
)
def test_the_condition_and_the_kind_of_equipment_come_before_the_dates(condition, needs, due, expected):
    today = D(2026, 3, 1)
    status = calibration.status(condition=condition, needs_calibration=needs, due=due, warning_days=30, today=today)
    assert status == expected


def test_the_sql_rules_give_every_row_the_same_status_as_the_python_ones(world):
    today = timezone.localdate()
    cases = {
        "fresh": dict(last_calibrated_on=today - datetime.timedelta(days=10)),
        "due_soon": dict(last_calibrated_on=calibration.add_months(today, -12) + datetime.timedelta(days=20)),
        "due_today": dict(last_calibrated_on=calibration.add_months(today, -12)),
        "overdue": dict(last_calibrated_on=calibration.add_months(today, -12) - datetime.timedelta(days=1)),
        "never": dict(),
        "machine": dict(needs_calibration=False, calibration_interval_months=None),
    }
    made = {name: make_equipment(world.org, **fields) for name, fields in cases.items()}
    expected = {
        "fresh": "in_service",
        "due_soon": "due",
        "due_today": "due",
        "overdue": "overdue",
        "never": "overdue",
        "machine": "in_service",
    }
    assert {name: e.status for name, e in made.items()} == expected
    rows = Equipment.objects.filter(organisation=world.org)
    for status in ("in_service", "due", "overdue", "out_of_tolerance", "quarantined", "retired"):
        chosen = set(rows.filter(calibration.status_condition(status, today)).values_list("pk", flat=True))
        assert chosen == {e.pk for name, e in made.items() if expected[name] == status}, status
