"""Risks and evaluations made through the services."""

import datetime
import itertools

from django.utils import timezone

from pdca.core.models import Person
from pdca.risks import services
from tests.factories import PersonFactory

_n = itertools.count(1)


def owner_in(org) -> Person:
    return PersonFactory(organisation=org, name=f"Risk owner {next(_n)}")


def make_risk(org, *, owner=None, likelihood=3, impact=4, by=None, clauses=None, **extra):
    data = {
        "title": extra.pop("title", f"Spindle failure on machine {next(_n)}"),
        "owner": owner or owner_in(org),
        "likelihood": likelihood,
        "impact": impact,
        **extra,
    }
    return services.risk_create(org=org, data=data, by=by, clauses=clauses)


def make_evaluation(risk, *, days_ago=0, effectiveness="effective", likelihood=2, impact=2, by=None, **extra):
    data = {
        "risk": risk,
        "evaluated_on": timezone.localdate() - datetime.timedelta(days=days_ago),
        "effectiveness": effectiveness,
        "residual_likelihood": likelihood,
        "residual_impact": impact,
        **extra,
    }
    return services.evaluation_create(org=risk.organisation, data=data, by=by)
