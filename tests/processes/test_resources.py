"""Processes and their interactions through the shared harness: pages and API for every role and organisation."""

import itertools

from pdca.core.choices import ALL_ROLES, MANAGERS
from pdca.processes.models import Process, ProcessInteraction
from tests.factories import PersonFactory
from tests.harness import Resource, ResourceTests
from tests.processes.factories import make_interaction, make_process

_n = itertools.count()


def _process_data(world):
    n = next(_n)
    return {
        "name": f"CNC machining cell {n}",
        "process_type": "core",
        "owner": PersonFactory(organisation=world.org).pk,
        "importance": 3,
        "purpose": "Machine parts to drawing",
        "inputs": "Works orders",
        "outputs": "Machined parts",
        "clauses": "hs.context.system.processes",
    }


def _process_api_data(world):
    return {**_process_data(world), "clauses": ["hs.context.system.processes"]}


class TestProcess(ResourceTests):
    resource = Resource(
        model=Process,
        url="processes:process",
        api="process",
        make=lambda org: make_process(org),
        form_data=_process_data,
        api_data=_process_api_data,
        view_roles=ALL_ROLES,
        add_roles=MANAGERS,
        foreign_key="owner",
        extra={"foreign_make": lambda org: PersonFactory(organisation=org), "export_value": lambda o: o.number},
    )


def _interaction_data(world):
    source, target = make_process(world.org), make_process(world.org)
    return {"source": source.number, "target": target.number, "description": f"Works orders {next(_n)}"}


def _interaction_api_data(world):
    source, target = make_process(world.org), make_process(world.org)
    return {"source": source.pk, "target": target.pk, "description": f"Works orders {next(_n)}"}


class TestProcessInteraction(ResourceTests):
    resource = Resource(
        model=ProcessInteraction,
        url="processes:processinteraction",
        api="processinteraction",
        make=lambda org: make_interaction(org),
        form_data=_interaction_data,
        api_data=_interaction_api_data,
        view_roles=ALL_ROLES,
        add_roles=MANAGERS,
        edit_field="description",
        foreign_key="target",
        extra={"foreign_make": lambda org: make_process(org), "export_value": lambda o: o.description},
    )
