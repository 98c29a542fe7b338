"""The URL walk (tests/test_url_walk.py) over the people app's pages and API only, with a row of each of
its models: anonymous → login or 401/403, another organisation's member → 404 on every method, and A's
admin naming B's rows in A's addresses → 404. (The shared walk needs makers for these models in its
MAKERS table; until they are added there, this file walks them.)"""

from django.urls import reverse

from pdca.core.models import Person
from pdca.people.models import Competence, JobRole, PersonCompetence, RoleRequirement, Training
from tests.people.factories import (
    make_assessment,
    make_competence,
    make_requirement,
    make_role,
    make_training,
    person_in,
)
from tests.test_url_walk import _handles, kwargs_for, org_patterns

API_BASENAMES = ("jobrole-", "competence-", "rolerequirement-", "personcompetence-", "training-")
MAKERS = {
    JobRole: make_role,
    Competence: make_competence,
    RoleRequirement: make_requirement,
    PersonCompetence: make_assessment,
    Training: lambda org: make_training(org, attendees=[person_in(org)]),
    Person: person_in,
}


def people_patterns():
    found = [p for p in org_patterns() if p[0].startswith("people:") or p[0].startswith(API_BASENAMES)]
    assert len(found) >= 40  # five models' pages and endpoints, the matrix, profile, awareness, import, steps
    return found


def _rows(org):
    return {model: make(org) for model, make in MAKERS.items()}


def test_anonymous_users_get_nothing(client, world):
    rows = _rows(world.org)
    for name, route, callback in people_patterns():
        url = reverse(name, kwargs=kwargs_for(name, route, world.org, callback, rows))
        for method in ("get", "post"):
            response = getattr(client, method)(url)
            if route.startswith("api/"):
                assert response.status_code in (401, 403), (method, url)
            else:
                assert response.status_code == 302 and "/accounts/login/" in response["Location"], (method, url)


def test_members_of_another_organisation_get_404_everywhere(world):
    rows = _rows(world.org)
    client = world.client(world.outsider)
    for name, route, callback in people_patterns():
        url = reverse(name, kwargs=kwargs_for(name, route, world.org, callback, rows))
        for method in ("get", "post", "put", "patch", "delete"):
            if not route.startswith("api/") and method in ("put", "patch", "delete"):
                continue
            assert getattr(client, method)(url).status_code == 404, (method, url)
    assert all(type(obj).objects.filter(pk=obj.pk).exists() for obj in rows.values())


def test_a_member_asking_for_another_organisations_row_gets_404(world):
    b_rows = _rows(world.other)
    client = world.client(world.users["admin"])
    checked = 0
    for name, route, callback in people_patterns():
        if "<int:pk>" not in route and "<pk>" not in route:
            continue
        url = reverse(name, kwargs=kwargs_for(name, route, world.org, callback, b_rows))
        for method in ("get", "post"):
            allowed = {404} | ({405} if not _handles(callback, method) else set())
            assert client.generic(method.upper(), url).status_code in allowed, (method, url)
            checked += 1
    assert checked >= 20
    assert all(type(obj).objects.filter(pk=obj.pk).exists() for obj in b_rows.values())
