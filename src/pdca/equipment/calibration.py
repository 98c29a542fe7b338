"""The calibration due rules, in one place (like risks/scoring.py): plain functions on dates, and the same
rules as SQL conditions on the stored columns so the register filters by index.

- next calibration = last calibration + the interval in calendar months (31 January + 1 month = 28/29
  February: the month's last day when the day does not exist);
- "due" from `warning_days` before the next calibration up to and including that day;
- "overdue" from the day after it;
- equipment that is out of tolerance, quarantined or retired shows that instead; equipment without a
  calibration interval (not measuring equipment) is never due; measuring equipment never calibrated is
  overdue (it cannot be shown fit for use).
"""

import calendar
import datetime

from django.db.models import Q

from pdca.equipment.choices import Condition, IntervalUnit, Status


def add_months(day: datetime.date, months: int) -> datetime.date:
    month0 = day.month - 1 + months
    year, month = day.year + month0 // 12, month0 % 12 + 1
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def next_due(last: datetime.date | None, interval_months: int | None) -> datetime.date | None:
    """The day the next calibration falls due, or None when the equipment needs none or has none yet."""
    if last is None or not interval_months:
        return None
    return add_months(last, interval_months)


def due_from(due: datetime.date | None, warning_days: int) -> datetime.date | None:
    """The first day the calibration shows as due (the stored `calibration_due_from`)."""
    return None if due is None else due - datetime.timedelta(days=warning_days)


def status(
    *, condition: str, needs_calibration: bool, due: datetime.date | None, warning_days: int, today: datetime.date
) -> str:
    """The status the register shows for one piece of equipment on `today`."""
    if condition != Condition.IN_SERVICE:
        return condition
    if not needs_calibration:
        return Status.IN_SERVICE
    if due is None or today > due:
        return Status.OVERDUE
    if today >= due_from(due, warning_days):
        return Status.DUE
    return Status.IN_SERVICE


def status_condition(value: str, today: datetime.date) -> Q:
    """The rows whose status on `today` is `value`, on stored indexed columns (the status function in SQL)."""
    in_service = Q(condition=Condition.IN_SERVICE)
    measuring = in_service & Q(needs_calibration=True)
    if value == Status.OVERDUE:
        return measuring & (Q(next_calibration_due__isnull=True) | Q(next_calibration_due__lt=today))
    if value == Status.DUE:
        return measuring & Q(next_calibration_due__gte=today, calibration_due_from__lte=today)
    if value == Status.IN_SERVICE:
        return in_service & (Q(needs_calibration=False) | Q(calibration_due_from__gt=today))
    return Q(condition=value)


def next_maintenance(done: datetime.date, interval: int, unit: str) -> datetime.date:
    """When a maintenance task done on `done` is next due."""
    if unit == IntervalUnit.MONTHS:
        return add_months(done, interval)
    return done + datetime.timedelta(days=interval * (7 if unit == IntervalUnit.WEEKS else 1))
