"""Customers through the API: feedback's workflow and due dates, survey status and results, invitations
that hand back their links once."""

from django.urls import reverse

from pdca.customers.models import SurveyResponse
from tests.customers.factories import answer, make_customer, make_feedback, make_round, make_survey


def _url(world, name, pk=None):
    return reverse(name, kwargs={"org_slug": world.org.slug, **({"pk": pk} if pk else {})})


def test_feedback_moves_through_its_workflow(world):
    api = world.api(world.users["process_owner"])
    complaint = make_feedback(world.org)
    url = _url(world, "feedback-transition", complaint.pk)
    response = api.post(url, {"status": "response_sent"}, format="json")
    assert response.status_code == 409 and response.data["code"] == "transition_not_allowed"
    assert api.post(url, {"status": "acknowledged"}, format="json").data["status"] == "acknowledged"
    response = api.post(url, {"status": "response_sent", "text": "Credit note raised."}, format="json")
    assert response.status_code == 200 and response.data["response"] == "Credit note raised."
    assert response.data["next_due"] is None


def test_feedback_created_by_api_gets_due_dates(world):
    api = world.api(world.users["employee"])
    customer = make_customer(world.org)
    data = {"customer": customer.pk, "kind": "complaint", "title": "Late", "received_on": "2026-01-05"}
    response = api.post(_url(world, "feedback-list"), data, format="json")
    assert response.status_code == 201, response.data
    assert response.data["acknowledge_due"] == "2026-01-07" and response.data["respond_due"] == "2026-01-19"


def test_results_and_invitations(world):
    survey = make_survey(world.org, questions=("nps", "csat"))
    survey_round = make_round(survey)
    for nps, csat in ((10, 5), (6, 2)):
        answer(survey_round, nps=nps, csat=csat)
    api = world.api(world.users["viewer"])
    body = api.get(_url(world, "survey-results", survey.pk)).data
    assert body["nps"] == 0.0 and body["csat"] == 50.0
    assert body["trend"][0]["answered"] == 2
    assert body["questions"][0]["counts"]["10"] == 1
    manager = world.api(world.users["quality_manager"])
    customer = make_customer(world.org)
    response = manager.post(
        _url(world, "surveyround-invite", survey_round.pk), {"customers": [customer.pk]}, format="json"
    )
    assert response.status_code == 201 and "/s/" in response.data[0]["link"]
    token = response.data[0]["link"].rstrip("/").rsplit("/", 1)[1]
    q = {question.kind: question for question in survey.questions.all()}
    public = world.client(None).post(f"/s/{token}/", {f"q{q['nps'].pk}": "10", f"q{q['scale'].pk}": "5"})
    assert public.status_code == 200 and SurveyResponse.objects.count() == 3
    assert (
        world.api(world.users["viewer"])
        .post(_url(world, "surveyround-invite", survey_round.pk), {"customers": [customer.pk]}, format="json")
        .status_code
        == 403
    )
