import functools

from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from pdca.core.tables import Table
from pdca.objectives.charts import amount
from pdca.objectives.choices import OPEN_OBJECTIVE_STATUSES, Performance
from pdca.objectives.models import KPI, Measurement, PolicyCommitment, QualityObjective
from pdca.objectives.status import band, period_label

STATUS_BADGES = {
    "draft": "badge text-bg-secondary",
    "approved": "badge text-bg-primary",
    "achieved": "badge text-bg-success",
    "not_achieved": "badge text-bg-danger",
    "withdrawn": "badge text-bg-dark",
}
# Text on the badge says the status: the colour only repeats it.
PERFORMANCE_BADGES = {
    Performance.ON_TRACK: "badge text-bg-success",
    Performance.AT_RISK: "badge text-bg-warning",
    Performance.OFF_TRACK: "badge text-bg-danger",
    Performance.NO_DATA: "badge text-bg-light border",
}
PERFORMANCE_LABELS = dict(Performance.choices)


def performance_label(value) -> str:
    return _labels(get_language()).get(value, value or "")


@functools.cache
def _labels(language: str | None) -> dict[str, str]:
    """The status labels translated once per language (a lazy label translates on every str())."""
    return {value: str(label) for value, label in PERFORMANCE_LABELS.items()}


class PolicyCommitmentTable(Table):
    model = PolicyCommitment
    columns = ["title", "policy", "order", "is_active"]
    select_related = ["policy"]


class QualityObjectiveTable(Table):
    """Objectives with their computed status: rows carry `performance`, stored by the services and worked
    out again for stale rows (selectors.stored_performance) or annotated in SQL for an export (with_performance)."""

    model = QualityObjective
    columns = ["number", "title", "owner", "target_text", "deadline", "status", "performance"]
    select_related = ["owner"]
    labels = {"target_text": _("Target"), "performance": _("Status of the KPIs")}

    def __init__(self, rows):
        super().__init__(rows)
        self.today = timezone.localdate()

    @classmethod
    def value(cls, obj, column):
        if column == "target_text":
            return f"{'≥' if obj.direction == 'higher' else '≤'} {amount(obj.target, obj.unit)}"
        if column == "performance":
            return performance_label(getattr(obj, "performance", None))
        return Table.value(obj, column)

    def css(self, obj, column, value):
        if column == "status":
            return STATUS_BADGES.get(obj.status, "")
        if column == "performance":
            return PERFORMANCE_BADGES.get(getattr(obj, "performance", None), "")
        if column == "deadline" and obj.status in OPEN_OBJECTIVE_STATUSES and obj.deadline < self.today:
            return "text-danger fw-semibold"
        return ""


class KPITable(Table):
    """KPIs with status (from the stored latest value, no query) and latest value; on the page also a
    sparkline of the last values."""

    model = KPI
    columns = ["number", "name", "owner", "process", "frequency", "latest", "target_text", "performance"]
    select_related = ["owner", "process"]
    labels = {"latest": _("Latest value"), "target_text": _("Target"), "performance": _("Status"), "trend": _("Trend")}

    def __init__(self, rows, sparklines: dict | None = None):
        """`sparklines`: {kpi id: svg} adds a trend column (pages only; exports have no drawings)."""
        super().__init__(rows)
        if sparklines is not None:
            self.columns = [*type(self).columns, "trend"]
            for obj in rows:
                obj.sparkline = sparklines.get(obj.pk, "")
                obj.performance = obj.status  # worked out once per row, read by two cells

    @classmethod
    def value(cls, obj, column):
        if column == "latest":
            if obj.latest_period is None:
                return None
            return f"{amount(obj.latest_value, obj.unit)} ({period_label(obj.latest_period, obj.frequency)})"
        if column == "target_text":
            return amount(obj.target, obj.unit)
        if column == "performance":
            return performance_label(getattr(obj, "performance", None) or obj.status)
        if column == "trend":
            return getattr(obj, "sparkline", "")
        return Table.value(obj, column)

    def css(self, obj, column, value):
        if column == "performance":
            return PERFORMANCE_BADGES.get(getattr(obj, "performance", None) or obj.status, "")
        return ""


class MeasurementTable(Table):
    model = Measurement
    columns = ["kpi", "period", "value", "note", "source", "entered_by", "created_at"]
    select_related = ["kpi", "entered_by"]
    labels = {"created_at": _("Recorded")}

    @classmethod
    def value(cls, obj, column):
        if column == "value":
            return amount(obj.value, obj.kpi.unit)
        if column == "period":
            return period_label(obj.period, obj.kpi.frequency)
        return Table.value(obj, column)


class KPIMeasurementTable(Table):
    """A KPI's own measurements on its page, newest first, each judged against the thresholds."""

    model = Measurement
    columns = ["period", "value", "band", "note", "source", "entered_by"]
    labels = {"band": _("Status")}

    def __init__(self, rows, kpi):
        super().__init__(rows)
        self.kpi = kpi
        for obj in rows:
            obj.kpi = kpi  # already loaded: no query per row for its unit and frequency

    @classmethod
    def value(cls, obj, column):
        if column == "band":
            kpi = obj.kpi
            return performance_label(band(obj.value, direction=kpi.direction, green=kpi.green, amber=kpi.amber))
        return MeasurementTable.value(obj, column)

    def css(self, obj, column, value):
        if column != "band":
            return ""
        kpi = obj.kpi
        return PERFORMANCE_BADGES[band(obj.value, direction=kpi.direction, green=kpi.green, amber=kpi.amber)]
