"""Risks through the API: ratings and treatments refused by name with nothing saved, scores and bands in
the answer, status, actions raised in the shared register, the heat map, and evaluations that re-score."""

from django.urls import reverse
from django.utils import timezone

from pdca.core import services as core
from pdca.risks.models import Risk
from tests.risks.factories import make_risk, owner_in


def api_url(world, name, pk=None):
    return reverse(name, kwargs={"org_slug": world.org.slug, **({"pk": pk} if pk else {})})


def _data(world, **extra):
    return {"title": "Late bar stock", "owner": owner_in(world.org).pk, "likelihood": 4, "impact": 5, **extra}


def test_a_risk_is_created_scored_and_banded(world):
    api = world.api(world.users["process_owner"])
    response = api.post(
        api_url(world, "risk-list"), _data(world, residual_likelihood=2, residual_impact=3), format="json"
    )
    assert response.status_code == 201, response.data
    body = response.data
    assert (body["number"], body["score"], body["band"], body["residual_score"], body["residual_band"]) == (
        "RSK-0001", 20, "critical", 6, "medium"
    )  # fmt: skip
    assert body["clauses"] == ["hs.planning.risks.determination.identify"] and body["status"] == "open"
    listed = api.get(api_url(world, "risk-list") + "?band=critical").data["results"]
    assert [r["number"] for r in listed] == ["RSK-0001"] and listed[0]["evaluation_due"] is False


def test_ratings_outside_1_to_5_and_a_misfit_treatment_are_refused_by_name(world):
    api = world.api(world.users["quality_manager"])
    for field, value in (("likelihood", 7), ("impact", 0), ("residual_impact", 6)):
        response = api.post(
            api_url(world, "risk-list"), _data(world, residual_likelihood=2, **{field: value}), format="json"
        )
        assert response.status_code == 400 and field in response.data, response.data
    response = api.post(api_url(world, "risk-list"), _data(world, kind="opportunity", treatment="avoid"), format="json")
    assert response.status_code == 400 and "does not fit an opportunity" in response.data["treatment"][0]
    assert not Risk.objects.exists()
    risk = make_risk(world.org, likelihood=2, impact=2)
    response = api.patch(api_url(world, "risk-detail", risk.pk), {"likelihood": 9}, format="json")
    assert response.status_code == 400 and "likelihood" in response.data
    assert Risk.objects.get(pk=risk.pk).score == 4


def test_status_actions_and_evaluation_through_the_api(world):
    api = world.api(world.users["quality_manager"])
    risk = make_risk(world.org, likelihood=4, impact=4)
    actions = api_url(world, "risk-risk-actions", risk.pk)
    response = api.post(actions, {"title": "Second supplier", "owner": owner_in(world.other).pk}, format="json")
    assert response.status_code == 400 and "owner" in response.data
    response = api.post(
        actions, {"title": "Second supplier", "owner": risk.owner.pk, "priority": "high"}, format="json"
    )
    assert response.status_code == 201 and response.data["number"] == "ACT-0001"
    assert [a["title"] for a in api.get(actions).data] == ["Second supplier"]
    assert api.get(api_url(world, "risk-detail", risk.pk)).data["status"] == "in_treatment"
    from pdca.core.models import Action

    core.action_transition(Action.objects.get(), status="done", by=None, evidence="Approved")
    assert api.get(api_url(world, "risk-detail", risk.pk)).data["evaluation_due"] is True
    response = api.post(
        api_url(world, "riskevaluation-list"),
        {
            "risk": risk.pk,
            "evaluated_on": timezone.localdate().isoformat(),
            "effectiveness": "effective",
            "residual_likelihood": 1,
            "residual_impact": 4,
        },
        format="json",
    )
    assert response.status_code == 201 and response.data["residual_score"] == 4
    body = api.get(api_url(world, "risk-detail", risk.pk)).data
    assert (body["status"], body["residual_score"], body["last_effectiveness"], body["evaluation_due"]) == (
        "treated", 4, "effective", False
    )  # fmt: skip
    transition = api_url(world, "risk-transition", risk.pk)
    assert api.post(transition, {"status": "closed"}, format="json").status_code == 400
    response = api.post(transition, {"status": "closed", "reason": "Supplier approved"}, format="json")
    assert response.status_code == 200 and response.data["status"] == "closed"
    assert api.post(transition, {"status": "treated"}, format="json").status_code == 409


def test_the_heat_map_endpoint_counts_the_filtered_risks(world):
    make_risk(world.org, likelihood=4, impact=5)
    make_risk(world.org, likelihood=4, impact=5, residual_likelihood=2, residual_impact=2)
    make_risk(world.org, likelihood=1, impact=3, kind="opportunity")
    make_risk(world.other, likelihood=4, impact=5)
    body = world.api(world.users["viewer"]).get(api_url(world, "risk-heat-map") + "?kind=risk").data
    inherent = {(c["likelihood"], c["impact"]): (c["count"], c["band"]) for c in body["inherent"] if c["count"]}
    assert inherent == {(4, 5): (2, "critical")}
    assert [(c["likelihood"], c["impact"]) for c in body["residual"] if c["count"]] == [(2, 2)]
    assert body["unrated"] == 1 and len(body["inherent"]) == 25
