"""Suppliers, criteria, evaluations, certificates and SCARs made through the services."""

import datetime
import itertools

from django.utils import timezone

from pdca.core.models import Person
from pdca.suppliers import services
from pdca.suppliers.models import EvaluationCriterion
from tests.factories import PersonFactory

_n = itertools.count(1)


def buyer_in(org) -> Person:
    return PersonFactory(organisation=org, name=f"Buyer {next(_n)}")


def make_supplier(org, *, by=None, status=None, **extra):
    data = {
        "name": extra.pop("name", f"Leeds Bar Stock {next(_n)} Ltd"),
        "supplies": extra.pop("supplies", "316 stainless bar"),
        "tier": extra.pop("tier", 2),
        **extra,
    }
    supplier = services.supplier_create(org=org, data=data, by=by)
    if status:
        services.supplier_transition(supplier, status=status, by=None, reason="Audit passed")
    return supplier


def criteria_in(org) -> list[EvaluationCriterion]:
    """The usual four (quality 40, delivery 30, cost 15, responsiveness 15), made once per organisation."""
    if not EvaluationCriterion.objects.filter(organisation=org).exists():
        services.criteria_defaults_create(org=org, by=None)
    return services.active_criteria(org)


def make_evaluation(supplier, *, scores=(4, 4, 4, 4), days_ago=0, by=None, **extra):
    """An evaluation scoring the active criteria in order (quality, delivery, cost, responsiveness)."""
    criteria = criteria_in(supplier.organisation)
    data = {
        "supplier": supplier,
        "period": extra.pop("period", f"Period {next(_n)}"),
        "evaluated_on": timezone.localdate() - datetime.timedelta(days=days_ago),
        **extra,
    }
    given = {c.pk: s for c, s in zip(criteria, scores, strict=True)}
    return services.evaluation_create(org=supplier.organisation, data=data, by=by, scores=given)


def make_certificate(supplier, *, days=365, standard="ISO 9001:2015", by=None):
    data = {
        "supplier": supplier,
        "standard": standard,
        "certificate_number": f"Q-{next(_n)}",
        "issuer": "BSI",
        "valid_until": timezone.localdate() + datetime.timedelta(days=days),
    }
    return services.certificate_create(org=supplier.organisation, data=data, by=by)


def make_scar(supplier, *, by=None, **extra):
    data = {"supplier": supplier, "problem": extra.pop("problem", f"Rejected batch {next(_n)}"), **extra}
    return services.scar_create(org=supplier.organisation, data=data, by=by)


def make_criterion(org, *, weight=10, active=False):
    criteria_in(org)  # the usual four first, so evaluations made later still find active criteria
    data = {"name": f"Criterion {next(_n)}", "weight": weight, "active": active}
    return services.criterion_create(org=org, data=data, by=None)
