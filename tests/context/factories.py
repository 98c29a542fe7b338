"""Context rows made through the services."""

import datetime
import itertools

from django.utils import timezone

from pdca.context import scope, services
from tests.factories import PersonFactory

_n = itertools.count(1)


def make_issue(org, *, direction="external", category="economic", by=None, **data):
    return services.issue_create(
        org=org,
        by=by,
        data={"title": f"Steel prices {next(_n)}", "direction": direction, "category": category, **data},
    )


def make_party(org, *, by=None, **data):
    return services.party_create(org=org, by=by, data={"name": f"Customer {next(_n)}", "category": "customer", **data})


def make_requirement(org, *, party=None, by=None, **data):
    return services.party_requirement_create(
        org=org,
        by=by,
        data={"party": party or make_party(org), "requirement": f"On-time delivery {next(_n)}", **data},
    )


def make_legal(org, *, by=None, **data):
    return services.legal_create(
        org=org, by=by, data={"title": f"Pressure Equipment Regulations {next(_n)}", "kind": "regulation", **data}
    )


def make_check(org, *, requirement=None, days_ago=10, result="compliant", by=None, **data):
    return services.compliance_check_record(
        org=org,
        by=by,
        data={
            "legal_requirement": requirement or make_legal(org),
            "checked_on": timezone.localdate() - datetime.timedelta(days=days_ago),
            "result": result,
            **data,
        },
    )


def make_climate(org, *, relevant=True, days_ago=0, by=None, **data):
    return services.climate_determine(
        org=org,
        by=by,
        data={
            "relevant": relevant,
            "rationale": "Flood risk at the Leeds site; customers ask for carbon data.",
            "decided_on": timezone.localdate() - datetime.timedelta(days=days_ago),
            "decided_by": data.pop("decided_by", None) or PersonFactory(organisation=org),
            **data,
        },
    )


def make_scope(org, *, sites=(), by=None, **data):
    return scope.scope_save(
        org=org,
        by=by,
        data={
            "statement": "Contract machining and assembly of hydraulic components.",
            "products_services": "Machined parts and hydraulic manifolds made to customer drawings.",
            "sites": list(sites),
            **data,
        },
    )
