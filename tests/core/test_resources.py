"""Core's models through the shared harness: pages and API for every role and organisation."""

import itertools

from pdca.core.choices import ADMINS, CONTRIBUTORS, MANAGERS
from pdca.core.models import Action, Membership, Person, Site
from tests.factories import ActionFactory, MembershipFactory, PersonFactory, SiteFactory, UserFactory
from tests.harness import Resource, ResourceTests

_n = itertools.count()


class TestSite(ResourceTests):
    resource = Resource(
        model=Site,
        url="core:site",
        api="site",
        make=lambda org: SiteFactory(organisation=org),
        form_data=lambda w: {"name": f"Plant {next(_n)}", "address": "1 Mill Lane", "headcount": 12},
        api_data=lambda w: {"name": f"Plant {next(_n)}", "headcount": 12},
        add_roles=MANAGERS,
        extra={"export_value": lambda o: o.name},
    )


class TestPerson(ResourceTests):
    resource = Resource(
        model=Person,
        url="core:person",
        api="person",
        make=lambda org: PersonFactory(organisation=org),
        form_data=lambda w: {"name": f"Alex Example {next(_n)}", "job_title": "Welder", "is_active": "on"},
        api_data=lambda w: {"name": f"Alex Example {next(_n)}", "job_title": "Welder"},
        add_roles=MANAGERS,
        foreign_key="site",
        extra={"foreign_make": lambda org: SiteFactory(organisation=org), "export_value": lambda o: o.name},
    )


def _action_data(world):
    owner = PersonFactory(organisation=world.org)
    return {
        "title": f"Fix the gauge {next(_n)}",
        "owner": owner.pk,
        "priority": "high",
        "due_date": "2027-01-31",
        "status": "open",
    }


class TestAction(ResourceTests):
    resource = Resource(
        model=Action,
        url="core:action",
        api="action",
        make=lambda org: ActionFactory(organisation=org),
        form_data=_action_data,
        api_data=_action_data,
        edit_field="title",
        add_roles=CONTRIBUTORS,
        delete_roles=MANAGERS,
        foreign_key="owner",
        extra={"foreign_make": lambda org: PersonFactory(organisation=org), "export_value": lambda o: o.number},
    )


def _membership_data(world):
    return {"email": UserFactory().email, "role": "employee"}


class TestMembership(ResourceTests):
    resource = Resource(
        model=Membership,
        url="core:membership",
        make=lambda org: MembershipFactory(organisation=org, user=UserFactory(), role="viewer"),
        form_data=_membership_data,
        edit_field="role",
        view_roles=MANAGERS,
        add_roles=ADMINS,
        extra={"export_value": lambda o: o.user.email},
    )
