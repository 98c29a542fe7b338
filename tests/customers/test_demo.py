"""The demo organisation's customers: a list, feedback of every kind in every step, a year of quarterly
survey rounds with NPS rising, a round open now, KPIs fed from NPS and complaints; loading twice changes
nothing."""

from django.core.management import call_command

from pdca.customers import selectors
from pdca.customers.models import Answer, Customer, Feedback, KpiFeed, Survey
from pdca.objectives.models import Measurement


def test_the_demo_has_a_realistic_customer_picture(db, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        call_command("demo")
    customers = Customer.objects.filter(organisation__slug="harrow")
    assert customers.count() == 14
    feedback = Feedback.objects.filter(organisation__slug="harrow")
    assert set(feedback.values_list("kind", flat=True)) == {"complaint", "compliment", "suggestion", "warranty_claim"}
    complaints = feedback.filter(kind="complaint")
    assert set(complaints.values_list("status", flat=True)) == {
        "received", "acknowledged", "investigating", "response_sent", "closed"
    }  # fmt: skip
    assert any(f.is_overdue for f in complaints)
    survey = Survey.objects.get(organisation__slug="harrow")
    results = selectors.survey_results(survey)
    trend = [t.nps for t in results.trend]
    assert len(trend) == 5 and trend[0] < trend[3]  # a year of quarterly rounds, NPS rising
    assert results.trend[-1].round.answered < results.trend[-1].round.invited  # the open round
    assert KpiFeed.objects.filter(organisation__slug="harrow").count() == 2
    nps_kpi = KpiFeed.objects.get(organisation__slug="harrow", metric="nps").kpi
    assert Measurement.objects.filter(kpi=nps_kpi).count() >= 4
    counts = (Customer.objects.count(), Feedback.objects.count(), Answer.objects.count(), Measurement.objects.count())
    with django_capture_on_commit_callbacks(execute=True):
        call_command("demo")
    assert (
        Customer.objects.count(), Feedback.objects.count(), Answer.objects.count(), Measurement.objects.count()
    ) == counts  # fmt: skip
