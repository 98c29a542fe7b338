"""Processes made through the services."""

import itertools

from pdca.processes import services
from tests.factories import PersonFactory

_n = itertools.count(1)

FULL = {
    "purpose": "Machine parts to drawing, first time right",
    "inputs": "Works orders, bar stock, CNC programmes",
    "outputs": "Machined parts with route cards",
}


def make_process(org, *, name=None, process_type="core", owner=None, approved=False, by=None, **data):
    """A process (a draft unless `approved`), owned by a new person unless `owner` is given."""
    process = services.process_create(
        org=org,
        by=by,
        data={
            "name": name or f"Process {next(_n)}",
            "process_type": process_type,
            "owner": owner or PersonFactory(organisation=org),
            **FULL,
            **data,
        },
    )
    if approved:
        services.process_approve(process, by=by)
    return process


def make_interaction(org, *, source=None, target=None, description=None, by=None):
    return services.interaction_create(
        org=org,
        by=by,
        data={
            "source": source or make_process(org),
            "target": target or make_process(org),
            "description": description or f"Output {next(_n)}",
        },
    )
