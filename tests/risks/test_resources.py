"""Risks and effectiveness evaluations through the shared harness: pages and API for every role and
organisation, the trail, the version check, cross-organisation links, exports and query counts."""

import itertools

from pdca.core.choices import MANAGERS
from pdca.risks.models import Risk, RiskEvaluation
from pdca.risks.rules import READERS, WRITERS
from tests.harness import Resource, ResourceTests
from tests.risks.factories import make_evaluation, make_risk, owner_in

_n = itertools.count()


def _risk_data(world):
    return {
        "kind": "risk",
        "title": f"Late delivery of bar stock {next(_n)}",
        "owner": owner_in(world.org).pk,
        "likelihood": 4,
        "impact": 5,
        "treatment": "reduce",
        "treatment_plan": "Second approved supplier.",
        "residual_likelihood": 2,
        "residual_impact": 5,
        "review_date": "2030-01-31",
    }


class TestRisk(ResourceTests):
    resource = Resource(
        model=Risk,
        url="risks:risk",
        api="risk",
        make=lambda org: make_risk(org),
        form_data=_risk_data,
        api_data=_risk_data,
        edit_field="title",
        view_roles=READERS,
        add_roles=WRITERS,
        delete_roles=MANAGERS,
        foreign_key="owner",
        extra={"foreign_make": owner_in, "export_value": lambda o: o.number},
    )


def _evaluation_data(world):
    return {
        "risk": make_risk(world.org).pk,
        "evaluated_on": "2025-06-30",
        "effectiveness": "partly",
        "residual_likelihood": 2,
        "residual_impact": 3,
        "comment": f"Two late deliveries in the quarter {next(_n)}",
    }


class TestRiskEvaluation(ResourceTests):
    resource = Resource(
        model=RiskEvaluation,
        url="risks:riskevaluation",
        api="riskevaluation",
        make=lambda org: make_evaluation(make_risk(org)),
        form_data=_evaluation_data,
        api_data=_evaluation_data,
        edit_field="comment",
        view_roles=READERS,
        add_roles=WRITERS,
        change_roles=MANAGERS,
        delete_roles=MANAGERS,
        foreign_key="risk",
        extra={"foreign_make": lambda org: make_risk(org), "export_value": lambda o: o.risk.number},
    )
