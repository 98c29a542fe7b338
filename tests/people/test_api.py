"""The people API beyond the harness: the matrix and the training workflow's actions."""

import pytest
from django.urls import reverse

from pdca.people.choices import TrainingStatus
from pdca.people.models import PersonCompetence
from tests.people.factories import (
    make_assessment,
    make_competence,
    make_requirement,
    make_role,
    make_training,
    person_in,
)

pytestmark = pytest.mark.django_db


def test_the_matrix_endpoint_gives_required_held_and_state(world):
    org = world.org
    ann = person_in(org)
    skill = make_competence(org)
    role = make_role(org, people=[ann])
    make_requirement(org, role=role, competence=skill, level=3)
    make_assessment(org, person=ann, competence=skill, level=3)
    api = world.api(world.users["viewer"])
    response = api.get(reverse("competence-matrix", kwargs={"org_slug": org.slug}))
    assert response.status_code == 200
    assert response.data["cells"] == [
        {"person": ann.pk, "competence": skill.pk, "required": 3, "level": 3, "state": "meets"}
    ]
    assert (
        world.api(world.users["employee"]).get(reverse("competence-list", kwargs={"org_slug": org.slug})).status_code
        == 403
    )


def test_a_training_runs_through_the_api(world):
    org = world.org
    ann = person_in(org)
    skill = make_competence(org)
    training = make_training(org, competences=[skill])
    api = world.api(world.users["quality_manager"])
    kwargs = {"org_slug": org.slug, "pk": training.pk}
    assert (
        api.post(reverse("training-attendees", kwargs=kwargs), {"people": [ann.pk]}, format="json").status_code == 201
    )
    response = api.post(reverse("training-complete", kwargs=kwargs), {}, format="json")
    assert response.status_code == 200 and response.data["status"] == TrainingStatus.COMPLETED
    attendee = training.attendees.get()
    body = {"attendee": attendee.pk, "effectiveness": "effective", "level_reached": 2}
    response = api.post(reverse("training-evaluate", kwargs=kwargs), body, format="json")
    assert response.status_code == 200 and response.data["status"] == TrainingStatus.EVALUATED
    assert PersonCompetence.objects.get(person=ann, competence=skill).level == 2


def test_the_api_refuses_people_of_another_organisation_on_a_training(world):
    training = make_training(world.org)
    stranger = person_in(world.other)
    api = world.api(world.users["admin"])
    url = reverse("training-attendees", kwargs={"org_slug": world.org.slug, "pk": training.pk})
    response = api.post(url, {"people": [stranger.pk]}, format="json")
    assert response.status_code == 400 and "people" in response.data
    assert training.attendees.count() == 0


def test_the_api_refuses_a_level_outside_the_scale_naming_the_field(world):
    api = world.api(world.users["admin"])
    url = reverse("personcompetence-list", kwargs={"org_slug": world.org.slug})
    body = {
        "person": person_in(world.org).pk,
        "competence": make_competence(world.org).pk,
        "level": 7,
        "assessed_on": "2025-01-01",
    }
    response = api.post(url, body, format="json")
    assert response.status_code == 400 and "level" in response.data
    assert not PersonCompetence.objects.exists()
