"""The demo organisation's risks: 20 entries of both kinds spread over the heat map, actions in the shared
register (some done, one overdue), residual ratings, evaluations of every verdict, two evaluations due,
one closed; loading twice changes nothing."""

from django.core.management import call_command

from pdca.core.models import Action
from pdca.risks.models import Risk, RiskEvaluation


def test_the_demo_has_a_realistic_risk_register(db, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        call_command("demo")
    harrow = Risk.objects.filter(organisation__slug="harrow")
    assert harrow.count() == 20
    assert set(harrow.values_list("kind", flat=True)) == {"risk", "opportunity"}
    assert harrow.values("likelihood", "impact").distinct().count() >= 10
    assert {r.band for r in harrow} == {"low", "medium", "high", "critical"}
    assert harrow.filter(residual_score__isnull=False).count() >= 10
    assert set(harrow.values_list("status", flat=True)) == {"open", "in_treatment", "treated", "closed"}
    actions = Action.objects.filter(organisation__slug="harrow", source_type__model="risk")
    assert actions.filter(status="done").count() >= 8
    assert sum(a.is_overdue for a in actions) == 1
    verdicts = set(RiskEvaluation.objects.filter(risk__in=harrow).values_list("effectiveness", flat=True))
    assert verdicts == {"effective", "partly", "not_effective"}
    due = harrow.filter(evaluation_due=True)
    assert due.count() == 2
    counts = (Risk.objects.count(), Action.objects.count(), RiskEvaluation.objects.count())
    with django_capture_on_commit_callbacks(execute=True):
        call_command("demo")
    assert (Risk.objects.count(), Action.objects.count(), RiskEvaluation.objects.count()) == counts
