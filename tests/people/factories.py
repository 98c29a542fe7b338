"""Job roles, competences, assessments and trainings made through the services."""

import datetime
import itertools

from django.utils import timezone

from pdca.people import services
from pdca.people.models import Competence, JobRole, RoleRequirement
from tests.factories import PersonFactory

_n = itertools.count(1)


def person_in(org, **extra):
    return PersonFactory(organisation=org, name=extra.pop("name", f"Operator {next(_n)}"), **extra)


def make_role(org, *, people=(), documents=(), **extra):
    data = {"name": extra.pop("name", f"CNC setter {next(_n)}"), **extra}
    if people:
        data["people"] = list(people)
    if documents:
        data["documents"] = list(documents)
    return services.row_create(JobRole, org=org, data=data, by=None)


def make_competence(org, **extra):
    data = {"name": extra.pop("name", f"5-axis programming {next(_n)}"), **extra}
    return services.row_create(Competence, org=org, data=data, by=None)


def make_requirement(org, *, role=None, competence=None, level=3, **extra):
    data = {"role": role or make_role(org), "competence": competence or make_competence(org), "required_level": level}
    return services.row_create(RoleRequirement, org=org, data={**data, **extra}, by=None)


def make_assessment(org, *, person=None, competence=None, level=3, days_ago=0, **extra):
    data = {
        "person": person or person_in(org),
        "competence": competence or make_competence(org),
        "level": level,
        "assessed_on": timezone.localdate() - datetime.timedelta(days=days_ago),
        **extra,
    }
    return services.competence_assess(org=org, data=data, by=None)


def make_training(org, *, owner=None, attendees=(), competences=(), documents=(), **extra):
    data = {
        "title": extra.pop("title", f"First-article inspection {next(_n)}"),
        "owner": owner or person_in(org),
        "planned_on": extra.pop("planned_on", timezone.localdate()),
        **extra,
    }
    if competences:
        data["competences"] = list(competences)
    if documents:
        data["documents"] = list(documents)
    if attendees:
        data["attendees"] = list(attendees)
    return services.training_create(org=org, data=data, by=None)
