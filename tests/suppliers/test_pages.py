"""Supplier pages beyond the harness: the list shows the latest score with its band and filters by it,
the detail page draws the trend, an evaluation form weights the scores and raises the SCAR, the status
and SCAR forms, the weights page, the settings page, and query counts flat on the supplier page."""

import datetime

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from pdca.suppliers import services
from pdca.suppliers.models import Scar, Supplier, SupplierEvaluation
from tests.suppliers.factories import criteria_in, make_certificate, make_evaluation, make_scar, make_supplier


def _url(world, name, *args):
    return reverse(f"suppliers:{name}", args=[world.org.slug, *args])


def test_the_list_shows_the_latest_score_and_band_and_filters_by_band(world):
    good = make_supplier(world.org, name="Don Valley Grinding", status="approved")
    poor = make_supplier(world.org, name="Wharfe Plating", status="approved")
    make_evaluation(good, scores=(5, 5, 5, 4))  # 96.3
    make_evaluation(poor, scores=(2, 2, 2, 2))  # 25
    client = world.client(world.users["employee"])  # goods-in reads the approved supplier list
    page = client.get(_url(world, "supplier_list")).content.decode()
    assert "96.3 Good" in page and "25.0 Below threshold" in page and "band-poor" in page
    assert 'value="1" selected' not in page  # the tier filter starts blank, not at tier 1
    assert "Wharfe Plating" in client.get(_url(world, "supplier_list"), {"tier": ""}).content.decode()
    filtered = client.get(_url(world, "supplier_list"), {"band": "poor"}).content.decode()
    assert "Wharfe Plating" in filtered and "Don Valley Grinding" not in filtered
    usable = client.get(_url(world, "supplier_list"), {"status": "usable"}).content.decode()
    assert "Wharfe Plating" in usable  # on watch: still usable


def test_the_supplier_page_draws_the_trend_and_hides_scores_from_employees(world):
    supplier = make_supplier(world.org, status="approved")
    for days, scores in ((300, (4, 4, 4, 4)), (150, (2, 2, 3, 3)), (10, (4, 5, 4, 4))):
        make_evaluation(supplier, scores=scores, days_ago=days)
    page = world.client(world.users["quality_manager"]).get(supplier.get_absolute_url()).content.decode()
    assert page.count('class="supplier-point"') == 3 and 'data-band="poor"' in page
    assert "threshold 60" in page and "Mean score per criterion" in page and "SCAR-0001" in page
    employee = world.client(world.users["employee"]).get(supplier.get_absolute_url())
    assert employee.status_code == 200 and "supplier-point" not in employee.content.decode()


def test_the_supplier_page_queries_do_not_grow_with_its_history(world):
    client = world.client(world.users["admin"])
    counts = []
    for n in (1, 6):
        supplier = make_supplier(world.org, status="approved")
        for i in range(n):
            make_evaluation(supplier, scores=(4, 4, 4, 4), days_ago=30 * i + 1)
            make_certificate(supplier, standard=f"ISO {i}")
            make_scar(supplier)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(supplier.get_absolute_url()).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1] and counts[0] <= 30, counts


def test_the_evaluation_form_weights_scores_and_raises_a_scar(world):
    supplier = make_supplier(world.org, status="approved")
    quality, delivery, cost, resp = criteria_in(world.org)
    client = world.client(world.users["process_owner"])
    form = client.get(_url(world, "supplierevaluation_create") + f"?supplier={supplier.pk}").content.decode()
    assert "Quality (40 %)" in form and supplier.number in form
    data = {
        "supplier": supplier.number,
        "period": "2026 Q1",
        "evaluated_on": timezone.localdate().isoformat(),
        f"criterion_{quality.pk}": 2,
        f"criterion_{delivery.pk}": 2,
        f"criterion_{cost.pk}": 3,
        f"criterion_{resp.pk}": 3,
    }
    bad = client.post(_url(world, "supplierevaluation_create"), {**data, f"criterion_{cost.pk}": 9})
    assert bad.status_code == 400 and f"criterion_{cost.pk}" in bad.context["form"].errors
    assert not SupplierEvaluation.objects.exists()
    response = client.post(_url(world, "supplierevaluation_create"), data)
    assert response.status_code == 302 and response["Location"] == supplier.get_absolute_url()
    evaluation = SupplierEvaluation.objects.get()
    assert str(evaluation.score) == "32.5"  # 10 + 7.5 + 7.5 + 7.5
    assert Scar.objects.get().evaluation == evaluation
    assert Supplier.objects.get(pk=supplier.pk).status == "on_watch"


def test_status_and_scar_forms(world):
    supplier = make_supplier(world.org)
    url = _url(world, "supplier_transition", supplier.pk)
    assert (
        world.client(world.users["process_owner"]).post(url, {"status": "approved", "reason": "x"}).status_code == 403
    )
    qm = world.client(world.users["quality_manager"])
    qm.post(url, {"status": "approved", "reason": "Audit passed"})
    assert Supplier.objects.get(pk=supplier.pk).status == "approved"
    scar = make_scar(supplier)
    qm.post(_url(world, "scar_transition", scar.pk), {"status": "response_received", "text": "8D received"})
    scar.refresh_from_db()
    assert scar.status == "response_received" and scar.response == "8D received"
    page = qm.get(scar.get_absolute_url()).content.decode()
    assert "8D received" in page and "Verified" in page


def test_the_weights_page_refuses_totals_other_than_100(world):
    quality, delivery, cost, resp = criteria_in(world.org)
    client = world.client(world.users["quality_manager"])
    data = {f"weight_{c.pk}": w for c, w in ((quality, 50), (delivery, 30), (cost, 15), (resp, 15))}
    data |= {f"active_{c.pk}": "on" for c in (quality, delivery, cost, resp)}
    response = client.post(_url(world, "weights"), data)
    assert response.status_code == 400 and "110" in response.content.decode()
    assert sum(c.weight for c in services.active_criteria(world.org)) == 100
    response = client.post(_url(world, "weights"), {**data, f"weight_{quality.pk}": 40, f"weight_{resp.pk}": 15})
    assert response.status_code == 302
    listing = client.get(_url(world, "evaluationcriterion_list")).content.decode()
    assert "The active weights total 100 %" in listing


def test_the_settings_page_moves_due_dates(world):
    supplier = make_supplier(world.org, tier=1, status="approved")
    make_evaluation(supplier, days_ago=5)
    client = world.client(world.users["quality_manager"])
    page = client.get(_url(world, "settings"))
    assert page.status_code == 200 and "Tier 1 – critical" in page.content.decode()
    data = {"threshold": 55, "good_from": 85, "certificate_warning_days": 90, "scar_response_days": 14}
    data |= {"interval_1": 6, "interval_2": 24, "interval_3": 36}
    assert client.post(_url(world, "settings"), {**data, "good_from": 50}).status_code == 400
    assert client.post(_url(world, "settings"), data).status_code == 302
    supplier.refresh_from_db()
    from pdca.core.dates import add_months

    assert supplier.next_evaluation_due == add_months(timezone.localdate() - datetime.timedelta(days=5), 6)
    assert world.client(world.users["auditor"]).get(_url(world, "settings")).status_code == 403


def test_the_certificate_list_filters_the_expiring(world):
    supplier = make_supplier(world.org)
    make_certificate(supplier, days=20, standard="Nadcap heat treating")
    make_certificate(supplier, days=400, standard="ISO 14001")
    page = world.client(world.users["viewer"]).get(_url(world, "suppliercertificate_list"), {"validity": "expiring"})
    text = page.content.decode()
    assert "Nadcap heat treating" in text and "ISO 14001" not in text


def test_the_extra_pages_refuse_strangers(world):
    """The pages the harness does not cover (status changes, import, settings, weights): anonymous users go
    to the login page, members of another organisation get 404, and nothing changes."""
    supplier = make_supplier(world.org)
    scar = make_scar(supplier)
    urls = [
        _url(world, "supplier_transition", supplier.pk),
        _url(world, "scar_transition", scar.pk),
        _url(world, "import"),
        _url(world, "settings"),
        _url(world, "weights"),
    ]
    anonymous, outsider = world.client(None), world.client(world.outsider)
    for url in urls:
        for method in ("get", "post"):
            response = getattr(anonymous, method)(url)
            assert response.status_code == 302 and "/accounts/login/" in response["Location"], url
            assert getattr(outsider, method)(url, {"status": "approved", "reason": "x"}).status_code == 404, url
    api = world.api(world.outsider)
    assert api.post(reverse("supplier-transition", args=[world.org.slug, supplier.pk]), {}).status_code == 404
    assert api.get(reverse("supplier-trend", args=[world.org.slug, supplier.pk])).status_code == 404
    assert Supplier.objects.get(pk=supplier.pk).status == "prospective"
    assert Scar.objects.get(pk=scar.pk).status == "issued"


def test_a_scar_without_a_response_date_gets_the_settings_default(world):
    supplier = make_supplier(world.org)
    data = {"supplier": supplier.number, "problem": "Burrs on 40 % of batch 8812", "issued_on": "2026-01-05"}
    response = world.client(world.users["auditor"]).post(_url(world, "scar_create"), data)
    assert response.status_code == 302, response.context["form"].errors if response.context else response
    assert Scar.objects.get().response_due == datetime.date(2026, 2, 4)  # 30 days
