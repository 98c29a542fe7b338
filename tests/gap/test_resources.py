"""Gap analysis pages and API through the shared harness."""

import itertools

from pdca.core.choices import MANAGERS, Role
from pdca.gap import services
from pdca.gap.models import Applicability, Assessment
from pdca.standards.models import Requirement, Standard
from tests.gap.factories import make_assessment
from tests.harness import Resource, ResourceTests

_n = itertools.count()
RUNNERS = MANAGERS | {Role.LEAD_AUDITOR, Role.AUDITOR}


def _assessment_form(world):
    return {
        "title": f"Gap check {next(_n)}",
        "standard": Standard.objects.get(slug="iso9001-2015").pk,
        "assessed_on": "2026-11-20",
    }


def _assessment_api(world):
    return {"title": f"Gap check {next(_n)}", "standard": "iso9001-2015", "assessed_on": "2026-11-20"}


class TestAssessment(ResourceTests):
    resource = Resource(
        model=Assessment,
        url="gap:assessment",
        api="assessment",
        make=lambda org: make_assessment(org),
        form_data=_assessment_form,
        api_data=_assessment_api,
        edit_field="title",
        add_roles=RUNNERS,
        delete_roles=MANAGERS,
        foreign_key="assessors",
        extra={
            "foreign_make": lambda org: __import__("tests.factories", fromlist=["PersonFactory"]).PersonFactory(
                organisation=org
            ),
            "export_value": lambda o: o.number,
        },
    )


_requirements = itertools.count()


def _next_requirement():
    # A different requirement each time: an organisation has one decision per requirement.
    return Requirement.objects.filter(standard__slug="iso9001-2015").order_by("position")[next(_requirements) % 300]


def _make_decision(org):
    return services.applicability_set(
        org=org,
        requirement=_next_requirement(),
        applicable=False,
        justification="We design nothing: customers supply every drawing.",
        by=None,
    )


def _decision_form(world):
    return {"requirement": _next_requirement().pk, "justification": f"Outsourced entirely {next(_n)}"}


class TestApplicability(ResourceTests):
    resource = Resource(
        model=Applicability,
        url="gap:applicability",
        api="applicability",
        make=_make_decision,
        form_data=_decision_form,
        api_data=_decision_form,
        edit_field="justification",
        add_roles=MANAGERS | {Role.TOP_MANAGEMENT},
        extra={"export_value": lambda o: o.justification},
    )
