"""The supplier API beyond the harness: evaluations with their criterion scores, the threshold through
the API, status transitions, the trend, SCAR steps, and the weights rule."""

from django.urls import reverse

from pdca.suppliers.models import Scar, Supplier
from tests.suppliers.factories import criteria_in, make_evaluation, make_scar, make_supplier


def _api(world, name, *args):
    return reverse(name, args=[world.org.slug, *args])


def test_an_evaluation_through_the_api_is_weighted_and_can_raise_a_scar(world):
    supplier = make_supplier(world.org, status="approved")
    criteria = criteria_in(world.org)
    api = world.api(world.users["auditor"])
    body = {
        "supplier": supplier.pk,
        "period": "2026 Q1",
        "evaluated_on": "2026-01-15",
        "scores": [{"criterion": c.pk, "score": s} for c, s in zip(criteria, (4, 3, 5, 2), strict=True)],
    }
    response = api.post(_api(world, "supplierevaluation-list"), body, format="json")
    assert response.status_code == 201, response.data
    assert response.data["score"] == "63.8" and response.data["band"] == "acceptable"
    assert {s["criterion"]: s["weight"] for s in response.data["scores"]} == {c.pk: c.weight for c in criteria}
    bad = {**body, "scores": [{"criterion": criteria[0].pk, "score": 7}]}
    response = api.post(_api(world, "supplierevaluation-list"), bad, format="json")
    assert response.status_code == 400 and f"criterion_{criteria[0].pk}" in response.data
    low = {
        **body,
        "period": "2026 Q2",
        "evaluated_on": "2026-02-01",
        "scores": [{"criterion": c.pk, "score": 1} for c in criteria],
    }
    assert api.post(_api(world, "supplierevaluation-list"), low, format="json").status_code == 201
    assert Scar.objects.filter(supplier=supplier).count() == 1
    assert Supplier.objects.get(pk=supplier.pk).status == "on_watch"


def test_transitions_trend_and_scar_steps(world):
    supplier = make_supplier(world.org)
    qm = world.api(world.users["quality_manager"])
    url = _api(world, "supplier-transition", supplier.pk)
    assert (
        world.api(world.users["process_owner"])
        .post(url, {"status": "approved", "reason": "x"}, format="json")
        .status_code
        == 403
    )
    response = qm.post(url, {"status": "approved", "reason": "First article passed"}, format="json")
    assert response.status_code == 200 and response.data["status"] == "approved"
    assert qm.post(url, {"status": "prospective", "reason": "x"}, format="json").status_code == 409  # not allowed
    make_evaluation(supplier, scores=(4, 4, 4, 4), days_ago=100, period="2025 H2")
    make_evaluation(supplier, scores=(5, 5, 5, 5), days_ago=5, period="2026 H1")
    trend = qm.get(_api(world, "supplier-trend", supplier.pk)).data
    assert [(p["period"], p["score"]) for p in trend] == [("2025 H2", 75.0), ("2026 H1", 100.0)]
    assert world.api(world.users["employee"]).get(_api(world, "supplier-trend", supplier.pk)).status_code == 403
    scar = make_scar(supplier)
    steps = _api(world, "scar-transition", scar.pk)
    assert qm.post(steps, {"status": "response_received"}, format="json").status_code == 400
    response = qm.post(steps, {"status": "response_received", "text": "8D attached"}, format="json")
    assert response.status_code == 200 and response.data["response"] == "8D attached"


def test_the_api_keeps_weights_at_100(world):
    criteria = criteria_in(world.org)
    api = world.api(world.users["quality_manager"])
    response = api.patch(_api(world, "evaluationcriterion-detail", criteria[0].pk), {"weight": 45}, format="json")
    assert response.status_code == 400 and "weight" in response.data
    response = api.post(
        _api(world, "evaluationcriterion-list"), {"name": "Packaging", "weight": 5, "active": True}, format="json"
    )
    assert response.status_code == 400 and "weight" in response.data
