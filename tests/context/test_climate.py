"""The climate-change determination (ISO 9001 Amd 1:2024, 4.1): missing until answered, kept as history
(a new determination never overwrites one), the latest by date in force; pages, API, roles and tenancy
(the model is exempt from the generic harness because it is never edited)."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from pdca.context import services
from pdca.context.models import ClimateDetermination
from pdca.context.rules import WRITERS
from pdca.core.exceptions import PermissionDenied, ValidationFailed
from pdca.core.services import person_for_user
from tests.context.factories import make_climate, make_issue
from tests.harness import trail_of

TODAY = timezone.localdate()


def page(world, name, *args):
    return reverse(f"context:{name}", args=[world.org.slug, *args])


def test_it_is_missing_until_answered(world):
    assert services.climate_latest(world.org) is None
    client = world.client(world.users["employee"])
    body = client.get(page(world, "contextissue_list")).content.decode()
    assert 'data-climate="missing"' in body and "MISSING" in body
    make_climate(world.org, relevant=False)
    body = client.get(page(world, "contextissue_list")).content.decode()
    assert 'data-climate="not-relevant"' in body and "MISSING" not in body


def test_a_new_determination_is_added_not_overwritten_and_the_latest_by_date_counts(world):
    first = make_climate(world.org, relevant=False, days_ago=400)
    second = make_climate(world.org, relevant=True, days_ago=10)
    make_climate(world.org, relevant=False, days_ago=800, rationale="Entered late, from the 2024 minutes.")
    assert ClimateDetermination.objects.filter(organisation=world.org).count() == 3
    assert services.climate_latest(world.org) == second
    first.refresh_from_db()
    assert first.relevant is False and first.version == 1


def test_it_needs_an_answer_a_rationale_a_past_date_and_who_decided(world):
    with pytest.raises(ValidationFailed) as refused:
        services.climate_determine(
            org=world.org, by=None, data={"rationale": "  ", "decided_on": TODAY + datetime.timedelta(days=1)}
        )
    assert set(refused.value.errors) == {"relevant", "rationale", "decided_on", "decided_by"}
    assert not ClimateDetermination.objects.exists()


def test_who_decided_defaults_to_the_person_recording_it(world):
    user = world.users["top_management"]
    determination = services.climate_determine(
        org=world.org, by=user, data={"relevant": True, "rationale": "Heat waves stop the paint line."}
    )
    assert determination.decided_by == person_for_user(world.org, user)
    assert determination.decided_on == TODAY
    assert trail_of(determination, "create").get().actor == user


def test_only_top_management_and_quality_managers_decide(world):
    for role, user in world.users.items():
        data = {"relevant": True, "rationale": f"Decided by {role}"}
        if role in WRITERS:
            services.climate_determine(org=world.org, by=user, data=data)
        else:
            with pytest.raises(PermissionDenied):
                services.climate_determine(org=world.org, by=user, data=data)
    assert ClimateDetermination.objects.count() == len(WRITERS)


def test_the_page_records_a_determination_and_shows_it_on_the_register(world):
    client = world.client(world.users["quality_manager"])
    assert client.get(page(world, "climatedetermination_create")).status_code == 200
    response = client.post(
        page(world, "climatedetermination_create"),
        {"answer": "yes", "rationale": "Customers ask for product carbon data.", "decided_on": TODAY.isoformat()},
    )
    assert response.status_code == 400  # who decided is missing: the form says so
    assert "decided_by" in response.context["form"].errors
    person = person_for_user(world.org, world.users["quality_manager"])
    response = client.post(
        page(world, "climatedetermination_create"),
        {
            "answer": "yes",
            "rationale": "Customers ask for product carbon data.",
            "decided_on": TODAY.isoformat(),
            "decided_by": person.pk,
        },
    )
    assert response.status_code == 302 and response["Location"] == page(world, "contextissue_list")
    determination = ClimateDetermination.objects.get()
    assert determination.relevant is True and determination.decided_by == person
    body = client.get(page(world, "contextissue_list")).content.decode()
    assert "Customers ask for product carbon data." in body
    assert "No current issue is marked climate-related" in body  # relevant, yet no issue says how
    make_issue(world.org, category="environmental", climate_related=True)
    assert (
        "No current issue is marked climate-related"
        not in client.get(page(world, "contextissue_list")).content.decode()
    )


def test_nobody_edits_or_deletes_a_determination(world):
    determination = make_climate(world.org)
    for user in world.users.values():
        client = world.client(user)
        assert client.get(page(world, "climatedetermination_detail", determination.pk)).status_code == 200
        assert client.post(page(world, "climatedetermination_edit", determination.pk), {}).status_code == 403
        assert client.post(page(world, "climatedetermination_delete", determination.pk)).status_code == 403
        api = world.api(user)
        url = reverse("climatedetermination-detail", args=[world.org.slug, determination.pk])
        assert api.patch(url, {"rationale": "x"}, format="json").status_code == 405
        assert api.delete(url).status_code == 405
    assert ClimateDetermination.objects.get().version == 1


def test_other_organisations_get_404(world):
    determination = make_climate(world.org)
    client, api = world.client(world.outsider), world.api(world.outsider)
    for url in (
        page(world, "climatedetermination_list"),
        page(world, "climatedetermination_create"),
        page(world, "climatedetermination_detail", determination.pk),
    ):
        assert client.get(url).status_code == 404
    assert api.get(reverse("climatedetermination-list", args=[world.org.slug])).status_code == 404
    other = reverse("climatedetermination-detail", args=[world.other.slug, determination.pk])
    assert api.get(other).status_code == 404


def test_the_api_records_and_lists_determinations(world):
    api = world.api(world.users["top_management"])
    url = reverse("climatedetermination-list", args=[world.org.slug])
    response = api.post(url, {"relevant": False, "rationale": "We machine indoors to drawings."}, format="json")
    assert response.status_code == 201, response.data
    assert response.data["decided_on"] == TODAY.isoformat()
    assert api.post(url, {"rationale": "No answer"}, format="json").status_code == 400
    assert (
        world.api(world.users["employee"]).post(url, {"relevant": True, "rationale": "x"}, format="json").status_code
        == 403
    )
    listed = world.api(world.users["viewer"]).get(url).data
    assert [row["relevant"] for row in listed["results"]] == [False]
