"""Every customers page and API endpoint under an organisation, found by reading the resolver (as
tests/test_url_walk.py does for the apps it knows): anonymous users get the login page or 401, members of
another organisation get 404 for reads and writes, and nothing is changed."""

from django.urls import reverse

from pdca.customers.models import Customer, Feedback, KpiFeed, Survey, SurveyQuestion, SurveyRound
from tests.customers.factories import make_customer, make_feedback, make_round, make_survey
from tests.objectives.factories import make_kpi
from tests.test_url_walk import _handles, org_patterns, view_model

MODELS = (Customer, Feedback, KpiFeed, Survey, SurveyQuestion, SurveyRound)


def _rows(org) -> dict:
    survey = make_survey(org)
    from pdca.customers import services

    return {
        Customer: make_customer(org),
        Feedback: make_feedback(org),
        Survey: survey,
        SurveyQuestion: survey.questions.first(),
        SurveyRound: make_round(survey),
        KpiFeed: services.feed_create(org=org, data={"kpi": make_kpi(org), "metric": "nps"}, by=None),
    }


def _mine():
    for name, route, callback in org_patterns():
        model = view_model(callback)
        if name.startswith("customers:") or model in MODELS:
            yield name, route, model, callback


def _url(name, route, model, org, rows) -> str:
    kwargs = {"org_slug": org.slug}
    if "<int:pk>" in route or "<pk>" in route:
        kwargs["pk"] = rows[model].pk
    return reverse(name, kwargs=kwargs)


def test_the_walk_finds_the_customer_pages():
    names = {name for name, _route, _model, _callback in _mine()}
    assert {"customers:customer_list", "customers:survey_results", "customers:settings", "feedback-list"} <= names


def test_anonymous_users_get_nothing(client, world):
    rows = _rows(world.org)
    versions = {model: obj.version for model, obj in rows.items()}
    for name, route, model, _callback in _mine():
        url = _url(name, route, model, world.org, rows)
        for method in ("get", "post"):
            response = getattr(client, method)(url)
            if route.startswith("api/"):
                assert response.status_code in (401, 403), (method, url)
            else:
                assert response.status_code == 302 and "/accounts/login/" in response["Location"], (method, url)
    assert {m: type(o).objects.get(pk=o.pk).version for m, o in rows.items()} == versions


def test_members_of_another_organisation_get_404_everywhere(world):
    rows = _rows(world.org)
    client = world.client(world.outsider)
    for name, route, model, _callback in _mine():
        url = _url(name, route, model, world.org, rows)
        for method in ("get", "post", "put", "patch", "delete"):
            if not route.startswith("api/") and method in ("put", "patch", "delete"):
                continue
            assert getattr(client, method)(url).status_code == 404, (method, url)
    assert all(type(o).objects.filter(pk=o.pk).exists() for o in rows.values())


def test_a_member_asking_for_another_organisations_row_gets_404(world):
    theirs = _rows(world.other)
    client = world.client(world.users["admin"])
    for name, route, model, callback in _mine():
        if "<int:pk>" not in route and "<pk>" not in route:
            continue
        url = _url(name, route, model, world.org, theirs)
        for method in ("get", "post"):
            # 405 for a method the page does not have is decided before any lookup: it reveals nothing.
            allowed = {404} | ({405} if not _handles(callback, method) else set())
            assert getattr(client, method)(url).status_code in allowed, (method, url)
