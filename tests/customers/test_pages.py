"""Customer pages beyond the harness: the complaint steps from the feedback page, the overdue filter, the
survey's status buttons, sending a round (links shown once), the results page by role, the settings."""

from django.urls import reverse

from pdca.customers import services
from pdca.customers.models import CustomerSettings, Invitation
from tests.customers.factories import make_feedback, make_round, make_survey


def _page(world, name, *args):
    return reverse(f"customers:{name}", args=[world.org.slug, *args])


def test_the_feedback_page_moves_a_complaint_and_shows_the_steps(world):
    complaint = make_feedback(world.org)
    client = world.client(world.users["process_owner"])
    page = client.get(_page(world, "feedback_detail", complaint.pk)).content.decode()
    assert "Complaint handling" in page and 'value="acknowledged"' in page
    client.post(_page(world, "feedback_transition", complaint.pk), {"status": "acknowledged"})
    complaint.refresh_from_db()
    assert complaint.status == "acknowledged"
    response = client.post(_page(world, "feedback_transition", complaint.pk), {"status": "response_sent"}, follow=True)
    assert "Record the response sent to the customer." in response.content.decode()
    viewer = world.client(world.users["viewer"])
    assert (
        viewer.post(_page(world, "feedback_transition", complaint.pk), {"status": "investigating"}).status_code == 403
    )


def test_the_overdue_filter_lists_only_overdue_complaints(world):
    late = make_feedback(world.org, days_ago=10, title="Late one")
    make_feedback(world.org, title="Fresh one")
    make_feedback(world.org, kind="compliment", days_ago=30, title="Kind words")
    page = world.client(world.users["viewer"]).get(_page(world, "feedback_list"), {"due": "overdue"}).content.decode()
    assert late.number in page and "Fresh one" not in page and "Kind words" not in page


def test_a_round_is_sent_from_its_page_and_the_links_are_shown_once(world):
    survey = make_survey(world.org)
    survey_round = make_round(survey)
    from tests.customers.factories import make_customer

    make_customer(world.org, name="With e-mail")
    make_customer(world.org, name="Without e-mail", contact_email="")
    client = world.client(world.users["quality_manager"])
    response = client.post(_page(world, "surveyround_invite", survey_round.pk), {"everyone": "on"}, follow=True)
    page = response.content.decode()
    assert "1 customers invited" in page or "1 customer" in page
    assert page.count("/s/") == 1 and Invitation.objects.count() == 1
    assert "/s/" not in client.get(_page(world, "surveyround_detail", survey_round.pk)).content.decode()


def test_the_survey_status_buttons_and_results_by_role(world):
    survey = make_survey(world.org, open_it=False)
    client = world.client(world.users["quality_manager"])
    client.post(_page(world, "survey_transition", survey.pk), {"status": "open"})
    survey.refresh_from_db()
    assert survey.status == "open"
    assert world.client(world.users["auditor"]).get(_page(world, "survey_results", survey.pk)).status_code == 200
    assert world.client(world.users["employee"]).get(_page(world, "survey_results", survey.pk)).status_code == 403
    assert world.client(world.outsider).get(_page(world, "survey_results", survey.pk)).status_code == 404


def test_the_settings_page(world):
    url = _page(world, "settings")
    assert world.client(world.users["viewer"]).get(url).status_code == 200
    assert world.client(world.users["employee"]).get(url).status_code == 403
    assert world.client(world.users["auditor"]).post(url, {"acknowledge_days": 5}).status_code == 403
    client = world.client(world.users["admin"])
    version = services.settings_for(world.org).version
    response = client.post(url, {"acknowledge_days": 0, "respond_days": 10, "invitation_days": 30, "version": version})
    assert response.status_code == 400 and "acknowledge_days" in response.context["form"].errors
    data = {"acknowledge_days": 1, "respond_days": 5, "invitation_days": 21, "version": version}
    assert client.post(url, data).status_code == 302
    assert CustomerSettings.objects.get(organisation=world.org).respond_days == 5
    assert make_feedback(world.org).respond_due is not None


def test_the_customer_page_shows_their_recommendation_scores_to_readers_of_surveys(world):
    from tests.customers.factories import answer, make_customer

    customer = make_customer(world.org)
    survey_round = make_round(make_survey(world.org), name="Autumn round")
    answer(survey_round, nps=4, customer=customer)
    answer(survey_round, nps=10)  # another customer's
    url = _page(world, "customer_detail", customer.pk)
    page = world.client(world.users["auditor"]).get(url).content.decode()
    assert "Autumn round" in page and ">4</span> detractor" in page and ">10</span>" not in page
    assert "Would they recommend us" not in world.client(world.users["employee"]).get(url).content.decode()
