"""The public answer page /s/<token>/: no login, only the survey and the organisation's name, one answer
per link, the same neutral refusal for unknown, used and expired links, CSRF-protected, rate-limited in
the database, and no way from it to any other page or data."""

import datetime
import re

from django.test import Client
from django.urls import reverse
from django.utils import timezone

from pdca.customers import services
from pdca.customers.models import Invitation, SurveyResponse
from tests.customers.factories import invite, make_customer, make_feedback, make_round, make_survey


def _setup(world):
    survey = make_survey(world.org, introduction="Tell us how we did this year.")
    survey_round = make_round(survey)
    customer = make_customer(world.org, name="Calder Valve Company")
    token = invite(survey_round, [customer])[0]
    return survey, survey_round, token


def _post_data(survey, nps="9"):
    data = {}
    for q in survey.questions.all():
        data[f"q{q.pk}"] = {"nps": nps, "text": "Good parts."}.get(q.kind, "4")
    return data


def test_the_link_shows_only_the_survey_without_a_login(world):
    survey, _round, token = _setup(world)
    other = make_survey(world.org, title="Supplier day feedback (internal)")
    make_feedback(world.org, title="Confidential complaint about porosity")
    response = Client().get(reverse("survey_answer", args=[token]))
    page = response.content.decode()
    assert response.status_code == 200
    assert survey.title in page and "Tell us how we did this year." in page and world.org.name in page
    for q in survey.questions.all():
        assert q.text in page
    assert other.title not in page and "porosity" not in page and "Calder Valve" not in page
    assert "<a " not in page  # no link into the app (or anywhere)
    assert "/o/" not in page and "/api/" not in page
    assert response["Cache-Control"].startswith("max-age=0") or "no-cache" in response["Cache-Control"]


def test_answering_records_once_and_a_reused_link_gets_the_neutral_message(world):
    survey, _survey_round, token = _setup(world)
    client = Client()
    url = reverse("survey_answer", args=[token])
    response = client.post(url, _post_data(survey))
    assert response.status_code == 200 and "Thank you" in response.content.decode()
    assert SurveyResponse.objects.count() == 1
    again = client.post(url, _post_data(survey, nps="0"))
    assert again.status_code == 404 and "cannot be used" in again.content.decode()
    assert SurveyResponse.objects.count() == 1
    assert client.get(url).status_code == 404


def test_unknown_used_and_expired_links_look_the_same(world):
    survey, survey_round, _token = _setup(world)
    used = invite(survey_round)[0]
    services.response_submit(token=used, answers=_post_data(survey))
    expired = invite(survey_round)[0]
    Invitation.objects.filter(token_hash=services.hash_token(expired)).update(
        expires_on=timezone.localdate() - datetime.timedelta(days=1)
    )
    pages = []
    for bad in (used, expired, "x" * 32):
        response = Client().get(reverse("survey_answer", args=[bad]))
        assert response.status_code == 404
        pages.append(re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", response.content.decode()))
    assert pages[0] == pages[1] == pages[2]
    assert survey.title not in pages[0] and world.org.name not in pages[0]


def test_a_bad_score_is_shown_again_with_the_error_and_nothing_saved(world):
    survey, _round, token = _setup(world)
    data = _post_data(survey, nps="12")
    response = Client().post(reverse("survey_answer", args=[token]), data)
    assert response.status_code == 400 and "Choose a score from 0 to 10" in response.content.decode()
    assert not SurveyResponse.objects.exists() and Invitation.objects.get().answered_at is None


def test_the_form_is_csrf_protected(world):
    survey, _round, token = _setup(world)
    client = Client(enforce_csrf_checks=True)
    assert client.post(reverse("survey_answer", args=[token]), _post_data(survey)).status_code == 403
    assert not SurveyResponse.objects.exists()


def test_the_page_is_rate_limited_per_address(world):
    _survey, _round, token = _setup(world)
    client = Client(REMOTE_ADDR="192.0.2.77")
    codes = [client.get(reverse("survey_answer", args=[f"guess{i}"])).status_code for i in range(services.RATE_LIMIT)]
    assert set(codes) == {404}
    assert client.get(reverse("survey_answer", args=[token])).status_code == 429  # even a good link, now
    assert Client(REMOTE_ADDR="192.0.2.78").get(reverse("survey_answer", args=[token])).status_code == 200


def test_the_link_opens_no_other_page_or_data(world):
    survey, _round, token = _setup(world)
    client = Client()
    client.post(reverse("survey_answer", args=[token]), _post_data(survey))
    for url in (
        reverse("customers:customer_list", args=[world.org.slug]),
        reverse("customers:survey_results", args=[world.org.slug, survey.pk]),
        reverse("core:org_home", args=[world.org.slug]),
    ):
        response = client.get(url)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert client.get(reverse("survey-list", args=[world.org.slug])).status_code in (401, 403)
    assert client.get(f"/s/{token}/../o/{world.org.slug}/customers/").status_code in (302, 404)
