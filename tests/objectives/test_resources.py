"""Policy commitments, objectives, KPIs and measurements through the shared harness: pages and API for
every role and organisation, the trail, version checks, cross-organisation keys, exports, query counts."""

import itertools

from pdca.core.choices import ALL_ROLES, MANAGERS
from pdca.objectives.models import KPI, Measurement, PolicyCommitment, QualityObjective
from pdca.objectives.rules import MEASURERS, SETTERS
from tests.factories import PersonFactory
from tests.harness import Resource, ResourceTests
from tests.objectives.factories import make_commitment, make_kpi, make_measurement, make_objective, make_policy

_n = itertools.count(1)


def _commitment_data(world):
    return {"policy": make_policy(world.org).pk, "title": f"Keep improving {next(_n)}", "order": 2}


class TestPolicyCommitment(ResourceTests):
    resource = Resource(
        model=PolicyCommitment,
        url="objectives:policycommitment",
        api="policycommitment",
        make=lambda org: make_commitment(org),
        form_data=_commitment_data,
        api_data=_commitment_data,
        edit_field="title",
        view_roles=ALL_ROLES,
        add_roles=SETTERS,
        foreign_key="policy",
        extra={"foreign_make": lambda org: make_policy(org), "export_value": lambda o: o.title},
    )


def _objective_data(world):
    return {
        "title": f"Deliver on time {next(_n)}",
        "direction": "higher",
        "target": "95",
        "unit": "%",
        "deadline": "2027-06-30",
        "owner": PersonFactory(organisation=world.org).pk,
        "commitments": [make_commitment(world.org).pk],
    }


class TestQualityObjective(ResourceTests):
    resource = Resource(
        model=QualityObjective,
        url="objectives:qualityobjective",
        api="qualityobjective",
        make=lambda org: make_objective(org),
        form_data=_objective_data,
        api_data=_objective_data,
        edit_field="title",
        view_roles=ALL_ROLES,
        add_roles=SETTERS,
        delete_roles=MANAGERS,
        foreign_key="owner",
        extra={"foreign_make": lambda org: PersonFactory(organisation=org), "export_value": lambda o: o.number},
    )


def _kpi_data(world):
    return {
        "name": f"Scrap rate {next(_n)}",
        "owner": PersonFactory(organisation=world.org).pk,
        "unit": "%",
        "frequency": "monthly",
        "direction": "lower",
        "target": "2",
        "green": "2",
        "amber": "3",
        "is_active": True,
    }


class TestKPI(ResourceTests):
    resource = Resource(
        model=KPI,
        url="objectives:kpi",
        api="kpi",
        make=lambda org: make_kpi(org),
        form_data=_kpi_data,
        api_data=_kpi_data,
        edit_field="name",
        view_roles=ALL_ROLES,
        add_roles=MEASURERS,
        delete_roles=MANAGERS,
        foreign_key="objective",
        extra={"foreign_make": lambda org: make_objective(org), "export_value": lambda o: o.number},
    )


def _measurement_data(world):
    from tests.objectives.factories import months_ago

    n = next(_n)
    return {
        "kpi": make_kpi(world.org).pk,
        "period": months_ago(n % 60 + 1).isoformat(),
        "value": "96.5",
        "note": f"ERP {n}",
    }


class TestMeasurement(ResourceTests):
    resource = Resource(
        model=Measurement,
        url="objectives:measurement",
        api="measurement",
        make=lambda org: make_measurement(org),
        form_data=_measurement_data,
        api_data=_measurement_data,
        edit_field="note",
        view_roles=ALL_ROLES,
        add_roles=MEASURERS,
        delete_roles=MANAGERS,
        foreign_key="kpi",
        extra={"foreign_make": lambda org: make_kpi(org), "export_value": lambda o: o.kpi.number},
    )
