"""Objectives and KPIs as a PDF for management review (9.3.2 c): each objective in force with its status,
plan and KPIs, each KPI with the same SVG trend chart as its page. Drawn with core.pdf (WeasyPrint, offline).
"""

from django.template.loader import render_to_string
from django.utils import timezone

from pdca.core import pdf as core_pdf
from pdca.objectives import charts, selectors
from pdca.objectives.choices import OPEN_OBJECTIVE_STATUSES, REGISTER_STATUSES
from pdca.objectives.models import KPI, QualityObjective
from pdca.objectives.status import period_label
from pdca.objectives.tables import performance_label

PDF_TEMPLATE = "objectives/report_pdf.html"
PDF_OBJECTIVES = 200  # a management review reads dozens; the Excel export has every row


def report_context(org) -> dict:
    """Objectives in force (approved, and closed ones kept as results) with their KPIs: a fixed number of queries."""
    objectives = list(
        QualityObjective.objects.for_org(org)
        .filter(status__in=REGISTER_STATUSES)
        .with_performance()
        .select_related("owner")
        .prefetch_related("commitments", "processes")
        .order_by("number")[:PDF_OBJECTIVES]
    )
    kpis = list(KPI.objects.filter(objective__in=objectives).select_related("owner").order_by("number"))
    points = selectors.recent_series(kpis, points=24)
    by_objective: dict[int, list] = {o.pk: [] for o in objectives}
    for kpi in kpis:
        by_objective[kpi.objective_id].append(
            {
                "kpi": kpi,
                "status": performance_label(kpi.status),
                "latest": charts.amount(kpi.latest_value, kpi.unit),
                "period": period_label(kpi.latest_period, kpi.frequency) if kpi.latest_period else "",
                "chart": charts.trend(kpi, points[kpi.pk]),
            }
        )
    today = timezone.localdate()
    rows = [
        {
            "objective": o,
            "performance": performance_label(o.performance),
            "target": charts.amount(o.target, o.unit),
            "overdue": o.status in OPEN_OBJECTIVE_STATUSES and o.deadline < today,
            "kpis": by_objective[o.pk],
        }
        for o in objectives
    ]
    return {"organisation": org, "today": today, "rows": rows}


def objectives_pdf(org) -> bytes:
    return core_pdf.render(render_to_string(PDF_TEMPLATE, report_context(org)))
