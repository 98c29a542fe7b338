"""The people pages beyond the harness: the competence matrices (colours, filters, flat query counts),
a person's profile (gaps, own access, retraining acknowledgement, awareness), the training steps and the
awareness overview."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from pdca.core.models import Person
from pdca.people.choices import TrainingStatus
from pdca.people.models import ObjectiveAwareness, PersonCompetence, RetrainingFlag
from tests.people.factories import (
    make_assessment,
    make_competence,
    make_requirement,
    make_role,
    make_training,
    person_in,
)

pytestmark = pytest.mark.django_db


def _url(world, name, *args):
    return reverse(f"people:{name}", args=[world.org.slug, *args])


def _grow(org, n):
    role = make_role(org)
    competences = [make_competence(org) for _ in range(n)]
    for c in competences:
        make_requirement(org, role=role, competence=c, level=2)
    for i in range(n):
        person = person_in(org)
        role.people.add(person)
        make_assessment(org, person=person, competence=competences[i], level=1 + i % 4)


def test_the_matrix_colours_gaps_and_shows_retraining(world):
    org = world.org
    ann = person_in(org, name="Ann Archer")
    milling = make_competence(org, name="Milling")
    role = make_role(org, name="Setter", people=[ann])
    make_requirement(org, role=role, competence=milling, level=3)
    make_assessment(org, person=ann, competence=milling, level=2)
    client = world.client(world.users["quality_manager"])
    html = client.get(_url(world, "matrix")).content.decode()
    assert "Ann Archer" in html and "Milling" in html
    assert re.search(r'class="mx-below"[^>]*>↓ 2/3<', html)
    roles = client.get(_url(world, "matrix"), {"view": "roles"}).content.decode()
    assert re.search(r'class="mx-req-3">3<', roles)


def test_the_matrix_filters_by_role(world):
    org = world.org
    ann, bob = person_in(org, name="Ann Archer"), person_in(org, name="Bob Baker")
    role = make_role(org, people=[ann])
    make_role(org, people=[bob])
    html = world.client(world.users["admin"]).get(_url(world, "matrix"), {"role": role.pk}).content.decode()
    assert "Ann Archer" in html and "Bob Baker" not in html


def test_matrix_queries_do_not_grow_with_people_and_competences(world):
    client = world.client(world.users["admin"])
    counts = []
    for n in (2, 8):
        _grow(world.org, n)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(_url(world, "matrix")).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1] and counts[0] <= 20, counts


def test_employees_see_their_own_profile_only(world):
    org = world.org
    employee = world.users["employee"]
    own = Person.objects.get(organisation=org, user=employee)
    other = person_in(org)
    client = world.client(employee)
    assert client.get(_url(world, "profile", own.pk)).status_code == 200
    assert client.get(_url(world, "profile", other.pk)).status_code == 403
    assert client.get(_url(world, "matrix")).status_code == 403
    assert world.client(world.outsider).get(_url(world, "profile", own.pk)).status_code == 404


def test_the_profile_lists_gaps(world):
    org = world.org
    ann = person_in(org)
    role = make_role(org, people=[ann])
    make_requirement(org, role=role, competence=make_competence(org, name="Deburring"), level=2)
    html = world.client(world.users["admin"]).get(_url(world, "profile", ann.pk)).content.decode()
    assert "1 gap against" in html and 'data-state="missing"' in html


def test_a_person_acknowledges_a_flagged_revision_from_their_profile(world):
    from tests.documents.factories import make_effective
    from tests.people.test_services import _new_revision

    org = world.org
    employee = world.users["employee"]
    own = Person.objects.get(organisation=org, user=employee)
    wi = make_effective(org)
    make_role(org, people=[own], documents=[wi])
    revision = _new_revision(wi)
    flag = RetrainingFlag.objects.get(person=own, revision=revision)
    response = world.client(employee).post(_url(world, "profile", own.pk), {"flag": flag.pk})
    assert response.status_code == 302
    flag.refresh_from_db()
    assert flag.cleared_how == "acknowledged"


def test_awareness_is_recorded_on_the_profile_and_shown_on_the_overview(world):
    from tests.objectives.factories import make_effective_policy, make_objective

    org = world.org
    make_effective_policy(org)
    objective = make_objective(org, approved=True)
    ann = person_in(org, name="Ann Archer")
    client = world.client(world.users["quality_manager"])
    response = client.post(_url(world, "profile", ann.pk), {"policy": "on", "objectives": [objective.pk]})
    assert response.status_code == 302
    assert ObjectiveAwareness.objects.filter(person=ann, objective=objective).exists()
    html = client.get(_url(world, "awareness")).content.decode()
    row = html[html.index("Ann Archer") :][:600]
    assert "acknowledged" in row and "1 / 1" in row
    assert (
        world.client(world.users["employee"]).post(_url(world, "profile", ann.pk), {"policy": "on"}).status_code == 403
    )


def test_a_training_is_run_from_its_page(world):
    org = world.org
    skill = make_competence(org, name="Reading drawings")
    ann, bob = person_in(org), person_in(org)
    training = make_training(org, competences=[skill])
    client = world.client(world.users["process_owner"])
    assert client.post(_url(world, "training_attendees", training.pk), {"people": [ann.pk, bob.pk]}).status_code == 302
    assert training.attendees.count() == 2
    client.post(_url(world, "training_complete", training.pk), {"absent": [bob.pk]})
    training.refresh_from_db()
    assert training.status == TrainingStatus.COMPLETED
    attendee = training.attendees.get(person=ann)
    client.post(
        _url(world, "training_evaluate", training.pk),
        {"attendee": attendee.pk, "effectiveness": "effective", "level_reached": "3", "comment": "Observed"},
    )
    training.refresh_from_db()
    assert training.status == TrainingStatus.EVALUATED
    assert PersonCompetence.objects.get(person=ann, competence=skill).level == 3
    page = client.get(training.get_absolute_url()).content.decode()
    assert "Effectiveness evaluated" in page


def test_training_steps_need_change_rights_and_refuse_other_organisations(world):
    training = make_training(world.org, attendees=[person_in(world.org)])
    for user, status in ((world.users["auditor"], 403), (world.outsider, 404)):
        response = world.client(user).post(_url(world, "training_complete", training.pk))
        assert response.status_code == status
    training.refresh_from_db()
    assert training.status == TrainingStatus.PLANNED
