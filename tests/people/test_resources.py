"""Job roles, competences, role requirements, people's levels and trainings through the shared harness:
pages and API for every role and organisation, the trail, the version check, cross-organisation links,
exports and query counts."""

import itertools

from django.utils import timezone

from pdca.core.choices import MANAGERS
from pdca.people.models import Competence, JobRole, PersonCompetence, RoleRequirement, Training
from pdca.people.rules import ASSESSORS, READERS
from tests.harness import Resource, ResourceTests
from tests.people.factories import (
    make_assessment,
    make_competence,
    make_requirement,
    make_role,
    make_training,
    person_in,
)

_n = itertools.count()


def _role_data(world):
    return {"name": f"Inspector {next(_n)}", "purpose": "Release parts against the drawing."}


class TestJobRole(ResourceTests):
    resource = Resource(
        model=JobRole,
        url="people:jobrole",
        api="jobrole",
        make=lambda org: make_role(org),
        form_data=_role_data,
        api_data=_role_data,
        view_roles=READERS,
        add_roles=MANAGERS,
        foreign_key="people",
        extra={"foreign_make": person_in},
    )


def _competence_data(world):
    return {"name": f"CMM programming {next(_n)}", "category": "skill", "requalify_months": 24}


class TestCompetence(ResourceTests):
    resource = Resource(
        model=Competence,
        url="people:competence",
        api="competence",
        make=lambda org: make_competence(org),
        form_data=_competence_data,
        api_data=_competence_data,
        view_roles=READERS,
        add_roles=MANAGERS,
    )


def _requirement_data(world):
    return {
        "role": make_role(world.org).pk,
        "competence": make_competence(world.org).pk,
        "required_level": 3,
        "note": f"Sign-off by the cell lead {next(_n)}",
    }


class TestRoleRequirement(ResourceTests):
    resource = Resource(
        model=RoleRequirement,
        url="people:rolerequirement",
        api="rolerequirement",
        make=lambda org: make_requirement(org),
        form_data=_requirement_data,
        api_data=_requirement_data,
        edit_field="note",
        view_roles=READERS,
        add_roles=MANAGERS,
        foreign_key="competence",
        extra={"foreign_make": make_competence, "export_value": lambda o: o.role.name},
    )


def _assessment_data(world):
    return {
        "person": person_in(world.org).pk,
        "competence": make_competence(world.org).pk,
        "level": 3,
        "evidence_kind": "observation",
        "evidence": f"Observed three set-ups {next(_n)}",
        "assessed_on": str(timezone.localdate()),
    }


class TestPersonCompetence(ResourceTests):
    resource = Resource(
        model=PersonCompetence,
        url="people:personcompetence",
        api="personcompetence",
        make=lambda org: make_assessment(org),
        form_data=_assessment_data,
        api_data=_assessment_data,
        edit_field="evidence",
        view_roles=READERS,
        add_roles=ASSESSORS,
        delete_roles=MANAGERS,
        foreign_key="person",
        extra={"foreign_make": person_in, "export_value": lambda o: o.person.name},
    )


def _training_data(world):
    return {
        "title": f"Reading GD&T drawings {next(_n)}",
        "kind": "internal",
        "owner": person_in(world.org).pk,
        "planned_on": "2030-03-02",
        "target_level": 2,
    }


class TestTraining(ResourceTests):
    resource = Resource(
        model=Training,
        url="people:training",
        api="training",
        make=lambda org: make_training(org, attendees=[person_in(org)]),
        form_data=_training_data,
        api_data=_training_data,
        edit_field="title",
        view_roles=READERS,
        add_roles=ASSESSORS,
        delete_roles=MANAGERS,
        foreign_key="owner",
        extra={"foreign_make": person_in, "export_value": lambda o: o.number},
    )
