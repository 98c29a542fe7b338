"""Suppliers, certificates, criteria, evaluations and SCARs through the shared harness: pages and API for
every role and organisation, the trail, the version check, cross-organisation links, exports, query counts."""

import itertools

from pdca.core.choices import ALL_ROLES, MANAGERS
from pdca.suppliers.models import EvaluationCriterion, Scar, Supplier, SupplierCertificate, SupplierEvaluation
from pdca.suppliers.rules import READERS, WRITERS
from tests.harness import Resource, ResourceTests
from tests.suppliers.factories import (
    buyer_in,
    criteria_in,
    make_certificate,
    make_criterion,
    make_evaluation,
    make_scar,
    make_supplier,
)

_n = itertools.count()


def _supplier_data(world):
    return {
        "name": f"Calder Heat Treatment {next(_n)}",
        "supplies": "Vacuum hardening of tool steel",
        "kind": "outsourced",
        "tier": 1,
        "owner": buyer_in(world.org).pk,
        "contact_email": "orders@calder.example",
    }


class TestSupplier(ResourceTests):
    resource = Resource(
        model=Supplier,
        url="suppliers:supplier",
        api="supplier",
        make=lambda org: make_supplier(org),
        form_data=_supplier_data,
        api_data=_supplier_data,
        view_roles=ALL_ROLES,
        add_roles=WRITERS,
        delete_roles=MANAGERS,
        foreign_key="owner",
        extra={"foreign_make": buyer_in, "export_value": lambda o: o.number},
    )


def _certificate_data(world):
    return {
        "supplier": make_supplier(world.org).pk,
        "standard": f"ISO 9001:2015 {next(_n)}",
        "certificate_number": "Q-1",
        "issuer": "BSI",
        "valid_until": "2030-01-31",
    }


class TestSupplierCertificate(ResourceTests):
    resource = Resource(
        model=SupplierCertificate,
        url="suppliers:suppliercertificate",
        api="suppliercertificate",
        make=lambda org: make_certificate(make_supplier(org)),
        form_data=_certificate_data,
        api_data=_certificate_data,
        edit_field="standard",
        view_roles=ALL_ROLES,
        add_roles=WRITERS,
        delete_roles=MANAGERS,
        foreign_key="supplier",
        extra={"foreign_make": lambda org: make_supplier(org), "export_value": lambda o: o.standard},
    )


def _criterion_data(world):
    # Inactive: an active criterion must come with the others' weights rebalanced (weights page).
    return {"name": f"Packaging {next(_n)}", "weight": 10, "position": 5, "description": "Damage on arrival."}


class TestEvaluationCriterion(ResourceTests):
    resource = Resource(
        model=EvaluationCriterion,
        url="suppliers:evaluationcriterion",
        api="evaluationcriterion",
        make=lambda org: make_criterion(org),
        form_data=_criterion_data,
        api_data=lambda world: {**_criterion_data(world), "active": False},
        view_roles=READERS,
        add_roles=MANAGERS,
        extra={"export_value": lambda o: o.name},
    )


def _evaluation_data(world):
    criteria = criteria_in(world.org)
    return {
        "supplier": make_supplier(world.org).pk,
        "period": f"2025 H{next(_n)}",
        "evaluated_on": "2025-06-30",
        "comment": f"Two late deliveries {next(_n)}",
        **{f"criterion_{c.pk}": 4 for c in criteria},
    }


def _evaluation_api(world):
    criteria = criteria_in(world.org)
    return {
        "supplier": make_supplier(world.org).pk,
        "period": f"2025 H{next(_n)}",
        "evaluated_on": "2025-06-30",
        "comment": f"On time {next(_n)}",
        "scores": [{"criterion": c.pk, "score": 5} for c in criteria],
    }


class TestSupplierEvaluation(ResourceTests):
    resource = Resource(
        model=SupplierEvaluation,
        url="suppliers:supplierevaluation",
        api="supplierevaluation",
        make=lambda org: make_evaluation(make_supplier(org)),
        form_data=_evaluation_data,
        api_data=_evaluation_api,
        edit_field="comment",
        view_roles=READERS,
        add_roles=WRITERS,
        change_roles=MANAGERS,
        delete_roles=MANAGERS,
        foreign_key="supplier",
        extra={"foreign_make": lambda org: make_supplier(org), "export_value": lambda o: o.period},
    )


def _scar_data(world):
    return {
        "supplier": make_supplier(world.org).pk,
        "problem": f"Batch 4471 out of tolerance {next(_n)}",
        "owner": buyer_in(world.org).pk,
        "issued_on": "2025-06-30",
        "response_due": "2025-07-30",
    }


class TestScar(ResourceTests):
    resource = Resource(
        model=Scar,
        url="suppliers:scar",
        api="scar",
        make=lambda org: make_scar(make_supplier(org)),
        form_data=_scar_data,
        api_data=_scar_data,
        edit_field="problem",
        view_roles=READERS,
        add_roles=WRITERS,
        delete_roles=MANAGERS,
        foreign_key="supplier",
        extra={"foreign_make": lambda org: make_supplier(org), "export_value": lambda o: o.number},
    )
