"""Context issues, interested parties and their requirements, legal requirements and compliance checks
through the shared harness: pages and API for every role and organisation."""

import itertools

from pdca.context.models import ComplianceCheck, ContextIssue, InterestedParty, LegalRequirement, PartyRequirement
from pdca.context.rules import CHECKERS, WRITERS
from tests.context.factories import make_check, make_issue, make_legal, make_party, make_requirement
from tests.factories import PersonFactory
from tests.harness import Resource, ResourceTests

_n = itertools.count()


def _issue_data(world):
    return {
        "title": f"Skills shortage in CNC programming {next(_n)}",
        "direction": "internal",
        "category": "knowledge",
        "effect": "negative",
        "effect_on_qms": "Fewer people can prove out new programmes.",
        "review_date": "2027-01-31",
    }


class TestContextIssue(ResourceTests):
    resource = Resource(
        model=ContextIssue,
        url="context:contextissue",
        api="contextissue",
        make=lambda org: make_issue(org),
        form_data=_issue_data,
        api_data=_issue_data,
        edit_field="title",
        add_roles=WRITERS,
        foreign_key="owner",
        extra={"foreign_make": lambda org: PersonFactory(organisation=org), "export_value": lambda o: o.number},
    )


def _party_data(world):
    return {"name": f"Northern Hydraulics {next(_n)}", "category": "customer", "description": "Largest customer."}


class TestInterestedParty(ResourceTests):
    resource = Resource(
        model=InterestedParty,
        url="context:interestedparty",
        api="interestedparty",
        make=lambda org: make_party(org),
        form_data=_party_data,
        api_data=_party_data,
        add_roles=WRITERS,
        foreign_key="owner",
        extra={"foreign_make": lambda org: PersonFactory(organisation=org), "export_value": lambda o: o.number},
    )


def _requirement_data(world):
    return {
        "party": make_party(world.org).pk,
        "requirement": f"Certificates of conformity with every delivery {next(_n)}",
        "climate_related": "on",
        "how_addressed": "Dispatch procedure",
        "is_active": "on",
    }


def _requirement_api_data(world):
    return {**_requirement_data(world), "climate_related": True, "is_active": True}


class TestPartyRequirement(ResourceTests):
    resource = Resource(
        model=PartyRequirement,
        url="context:partyrequirement",
        api="partyrequirement",
        make=lambda org: make_requirement(org),
        form_data=_requirement_data,
        api_data=_requirement_api_data,
        edit_field="requirement",
        add_roles=WRITERS,
        foreign_key="party",
        extra={"foreign_make": lambda org: make_party(org), "export_value": lambda o: o.requirement[:40]},
    )


def _legal_data(world):
    return {
        "title": f"Supply of Machinery (Safety) Regulations {next(_n)}",
        "reference": "SI 2008/1597",
        "kind": "regulation",
        "issuer": "UK Parliament",
        "systems": ["quality", "safety"],
        "check_interval_months": 12,
        "how_complied": "Declaration of incorporation with each assembly",
    }


class TestLegalRequirement(ResourceTests):
    resource = Resource(
        model=LegalRequirement,
        url="context:legalrequirement",
        api="legalrequirement",
        make=lambda org: make_legal(org),
        form_data=_legal_data,
        api_data=_legal_data,
        edit_field="title",
        add_roles=WRITERS,
        foreign_key="owner",
        extra={"foreign_make": lambda org: PersonFactory(organisation=org), "export_value": lambda o: o.number},
    )


def _check_data(world):
    return {
        "legal_requirement": make_legal(world.org).pk,
        "checked_on": "2025-06-30",
        "result": "partly",
        "notes": f"Two declarations missing {next(_n)}",
    }


class TestComplianceCheck(ResourceTests):
    resource = Resource(
        model=ComplianceCheck,
        url="context:compliancecheck",
        api="compliancecheck",
        make=lambda org: make_check(org),
        form_data=_check_data,
        api_data=_check_data,
        edit_field="notes",
        add_roles=CHECKERS,
        change_roles=WRITERS,
        delete_roles=WRITERS,
        foreign_key="legal_requirement",
        extra={"foreign_make": lambda org: make_legal(org), "export_value": lambda o: o.legal_requirement.number},
    )
