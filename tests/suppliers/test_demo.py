"""The demo organisation's suppliers: 15 in every status and tier, with evaluations, certificates (one
expired, one lapsing soon), SCARs raised by low scores (one overdue), a recovered and a disqualified
supplier; loading twice changes nothing."""

from django.core.management import call_command
from django.utils import timezone

from pdca.suppliers.models import EvaluationCriterion, Scar, Supplier, SupplierCertificate, SupplierEvaluation


def test_the_demo_has_a_realistic_supplier_base(db, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        call_command("demo")
    harrow = Supplier.objects.filter(organisation__slug="harrow")
    assert harrow.count() == 15
    assert set(harrow.values_list("status", flat=True)) == {
        "prospective",
        "approved",
        "conditional",
        "on_watch",
        "disqualified",
    }
    assert set(harrow.values_list("tier", flat=True)) == {1, 2, 3}
    assert set(harrow.values_list("latest_band", flat=True)) >= {"good", "acceptable", "poor"}
    evaluations = SupplierEvaluation.objects.filter(supplier__in=harrow)
    assert evaluations.count() >= 35 and not harrow.filter(last_evaluated_on__isnull=True).exists()
    weights = EvaluationCriterion.objects.filter(organisation__slug="harrow", active=True)
    assert sum(weights.values_list("weight", flat=True)) == 100
    calder = harrow.get(name="Calder Heat Treatment Ltd")
    assert calder.status == "approved" and calder.scars.get().status == "closed"
    foundry = harrow.get(name="Yorkshire Castings Ltd")
    assert foundry.status == "conditional" and sum(s.is_overdue for s in foundry.scars.all()) == 1
    assert harrow.get(name="Wharfe Plating Ltd").status == "disqualified"
    assert set(Scar.objects.filter(supplier__in=harrow).values_list("status", flat=True)) == {
        "issued",
        "response_received",
        "closed",
    }
    today = timezone.localdate()
    certificates = SupplierCertificate.objects.filter(supplier__in=harrow)
    assert certificates.filter(valid_until__lt=today).count() == 1
    assert certificates.filter(valid_until__gte=today, valid_until__lte=today + timezone.timedelta(days=60)).exists()
    assert harrow.filter(next_evaluation_due__lt=today).exists()
    counts = (Supplier.objects.count(), SupplierEvaluation.objects.count(), Scar.objects.count())
    with django_capture_on_commit_callbacks(execute=True):
        call_command("demo")
    assert (Supplier.objects.count(), SupplierEvaluation.objects.count(), Scar.objects.count()) == counts
