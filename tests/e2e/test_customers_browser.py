"""Customer satisfaction in a real browser (#6): a customer opens the public survey link (no login),
answers it, and the quality manager sees the NPS on the results page change; the used link is refused."""

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


@pytest.fixture
def survey_setup(transactional_db):
    """A quality manager; an open survey (0–10 recommendation, a CSAT question) with one round, one answer
    already in (a 10: NPS +100) and a fresh invitation for another customer."""
    from pdca.core import services
    from pdca.customers import services as customers
    from tests.customers.factories import answer, make_customer, make_round, make_survey
    from tests.factories import UserFactory

    org = services.organisation_create(name="Alder Castings Ltd", slug="alder", by=None)
    user = UserFactory(username="helen", first_name="Helen", last_name="Marsh")
    services.membership_set(org=org, user=user, role="quality_manager", by=None)
    survey = make_survey(org, questions=("nps", "csat"), title="Customer survey 2026", introduction="Two questions.")
    survey_round = make_round(survey, name="Spring 2026")
    answer(survey_round, nps=10, csat=5)
    customer = make_customer(org, name="Pennine Rail Systems")
    ((_invitation, token),) = customers.round_invite(survey_round, customers=[customer], by=None, send_email=False)
    return user, org, survey, token


def test_a_customer_answers_from_the_link_and_the_nps_changes(
    page, browser, live_server, login, survey_setup, screenshot
):
    user, org, survey, token = survey_setup
    results_url = f"/o/{org.slug}/customers/surveys/{survey.pk}/results/"
    login(user, results_url)
    expect(page.get_by_test_id("nps")).to_have_text("100")

    # The customer: a separate browser context, never logged in.
    customer = browser.new_context(base_url=live_server.url, locale="en-GB")
    public = customer.new_page()
    public.goto(f"/s/{token}/")
    expect(public.get_by_role("heading", name="Customer survey 2026")).to_be_visible()
    expect(public.get_by_text("Alder Castings Ltd")).to_be_visible()
    assert public.locator("a").count() == 0  # nothing to click into the app
    nps, csat = (q.pk for q in survey.questions.order_by("order"))
    public.locator(f"label[for=id_q{nps}_3]").click()  # a detractor
    public.locator(f"label[for=id_q{csat}_2]").click()
    screenshot("customers-public-survey")
    public.get_by_role("button", name="Send my answers").click()
    expect(public.get_by_role("status")).to_contain_text("Thank you")

    # Used once: the same link now refuses, neutrally.
    public.goto(f"/s/{token}/")
    expect(public.get_by_role("status")).to_contain_text("cannot be used")
    customer.close()

    # 1 promoter and 1 detractor of 2: NPS 0; CSAT 1 of 2 satisfied: 50 %.
    page.reload()
    expect(page.get_by_test_id("nps")).to_have_text("0")
    expect(page.get_by_test_id("csat")).to_have_text("50 %")
    screenshot("customers-survey-results")
