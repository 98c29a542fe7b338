"""Accounts: password reset through the outbox, and dates in the user's locale."""

import datetime

from django.core import mail
from django.test import Client

from pdca.core import services
from pdca.core.models import OutboxEmail
from pdca.core.notifications import send_due
from tests.factories import PersonFactory


def test_a_password_reset_link_is_sent_through_the_outbox(world):
    user = world.users["employee"]
    response = Client().post("/accounts/reset/", {"email": user.email})
    assert response.status_code == 302
    email = OutboxEmail.objects.get(to=[user.email])
    assert "/accounts/reset/" in email.body
    assert send_due()["sent"] == 1
    link = next(line for line in mail.outbox[0].body.splitlines() if "/accounts/reset/" in line)
    page = Client().get(link.split("testserver")[-1], follow=True)
    assert "Choose a new password" in page.content.decode()


def test_unknown_addresses_get_the_same_answer_and_no_mail(db):
    response = Client().post("/accounts/reset/", {"email": "nobody@example.test"})
    assert response.status_code == 302 and not OutboxEmail.objects.exists()


def test_dates_follow_the_users_language_and_the_browser(world):
    owner = PersonFactory(organisation=world.org)
    services.action_create(
        org=world.org, data={"title": "Dated", "owner": owner, "due_date": datetime.date(2027, 3, 4)}, by=None
    )
    user = world.users["quality_manager"]
    client = world.client(user)
    us = client.get(f"/o/{world.org.slug}/actions/", HTTP_ACCEPT_LANGUAGE="en-us").content.decode()
    gb = client.get(f"/o/{world.org.slug}/actions/", HTTP_ACCEPT_LANGUAGE="en-gb").content.decode()
    assert "03/04/2027" in us and "04/03/2027" in gb
    user.language = "en-gb"
    user.save()
    assert "04/03/2027" in client.get(f"/o/{world.org.slug}/actions/", HTTP_ACCEPT_LANGUAGE="en-us").content.decode()
