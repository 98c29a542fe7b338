"""The demo organisation's objectives: the policy's commitments, six objectives linked to processes, KPIs with
twelve months of values showing green, amber and red, statuses that follow; loading twice changes nothing."""

from django.core.management import call_command

from pdca.core.models import Action
from pdca.objectives import selectors
from pdca.objectives.models import KPI, Measurement, PolicyCommitment, QualityObjective


def test_the_demo_has_objectives_with_good_and_bad_trends(db, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        call_command("demo")
    objectives = QualityObjective.objects.filter(organisation__slug="harrow")
    policy = selectors.quality_policy(objectives.first().organisation)
    assert policy.title == "Quality policy" and policy.status == "effective"
    assert PolicyCommitment.objects.filter(policy=policy).count() == 5
    assert objectives.count() == 6 and set(objectives.values_list("status", flat=True)) == {"approved"}
    assert all(o.processes.exists() and o.commitments.exists() for o in objectives)
    kpis = KPI.objects.filter(organisation__slug="harrow")
    statuses = {k.name: k.status for k in kpis}
    assert {"on_track", "at_risk", "off_track", "no_data"} <= set(statuses.values())
    assert statuses["Scrap rate, CNC machining"] == "off_track"
    # Twelve months typed in; the KPIs the customers app feeds (NPS, complaints) have what their data gives.
    entered = kpis.filter(frequency="monthly", customer_feed__isnull=True)
    assert entered.count() >= 4 and all(k.measurements.count() >= 12 for k in entered)
    performance = dict(objectives.with_performance().values_list("title", "performance"))
    assert performance["Cut scrap in CNC machining to 1.5 %"] == "off_track"
    assert performance["Deliver on time: 95 % of order lines on or before the agreed date"] == "on_track"
    assert objectives.get(title__startswith="Cut scrap").is_overdue
    assert Action.objects.filter(source_id__in=objectives.values("pk")).count() >= 6
    counts = (
        QualityObjective.objects.count(),
        KPI.objects.count(),
        Measurement.objects.count(),
        Action.objects.count(),
    )
    with django_capture_on_commit_callbacks(execute=True):
        call_command("demo")
    assert (
        QualityObjective.objects.count(),
        KPI.objects.count(),
        Measurement.objects.count(),
        Action.objects.count(),
    ) == counts
