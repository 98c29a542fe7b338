"""The demo organisation: Harrow Precision Engineering Ltd, a fictional 45-person machine shop on
two sites, with a login for every role, and a consultant who also serves a second client.

Idempotent: every row is looked up by a natural key first, so running it twice changes nothing.
Later issues extend it (gap assessments, documents, audits …) in their own apps' demo modules.
"""

import datetime
import importlib

from django.db import transaction
from django.utils import timezone

from pdca.core import services, trail
from pdca.core.choices import ActionStatus, Role
from pdca.core.models import Action, Organisation, Person, Site, User

# Each later app adds its demo data through a module with load_demo(org, people).
APP_DEMOS = [
    "pdca.gap.demo",
    "pdca.documents.demo",
    "pdca.records.demo",
    "pdca.processes.demo",
    "pdca.context.demo",
    "pdca.risks.demo",
    "pdca.objectives.demo",
    "pdca.people.demo",
    "pdca.suppliers.demo",
    "pdca.customers.demo",
    "pdca.equipment.demo",
]

DEMO_PASSWORD = "pdca-demo-2026"  # noqa: S105 printed by `pdca demo`; demo data only, never a real account

ORG = {"name": "Harrow Precision Engineering Ltd", "slug": "harrow"}
SECOND_ORG = {"name": "Bramley Fine Foods Ltd", "slug": "bramley"}

SITES = [
    ("Leeds works", "Unit 4, Canal Road Industrial Estate, Leeds LS12 2PL", 32, True),
    ("Sheffield assembly", "17 Attercliffe Common, Sheffield S9 2AE", 13, False),
]

# (username, first, last, job title, role, site, manager username)
LOGINS = [
    ("admin", "Priya", "Shah", "IT and systems administrator", Role.ADMIN, "Leeds works", "md"),
    ("md", "Graham", "Whitaker", "Managing director", Role.TOP_MANAGEMENT, "Leeds works", None),
    ("quality", "Helen", "Okafor", "Quality manager", Role.QUALITY_MANAGER, "Leeds works", "md"),
    (
        "leadauditor",
        "Tomasz",
        "Nowak",
        "Lead internal auditor (production engineer)",
        Role.LEAD_AUDITOR,
        "Leeds works",
        "opsdirector",
    ),
    (
        "auditor",
        "Sian",
        "Pritchard",
        "Internal auditor (purchasing officer)",
        Role.AUDITOR,
        "Leeds works",
        "opsdirector",
    ),
    ("production", "Darren", "Hughes", "Production manager", Role.PROCESS_OWNER, "Leeds works", "opsdirector"),
    ("operator", "Aisha", "Begum", "CNC machinist", Role.EMPLOYEE, "Leeds works", "production"),
    ("certbody", "Martin", "Levy", "External auditor, Northern Certification Ltd", Role.VIEWER, None, None),
    ("opsdirector", "Rachel", "Dunn", "Operations director", Role.TOP_MANAGEMENT, "Leeds works", "md"),
    ("consultant", "Omar", "Farouk", "QMS consultant (Farouk Quality Consulting)", Role.QUALITY_MANAGER, None, None),
]

# People without a login: (name, job title, site, manager username or person name)
STAFF = [
    ("Lee Marsden", "Setter-operator", "Leeds works", "production"),
    ("Karen Holt", "Setter-operator", "Leeds works", "production"),
    ("Jamie Walsh", "CNC machinist", "Leeds works", "production"),
    ("Piotr Zielinski", "CNC machinist", "Leeds works", "production"),
    ("Nadia Rahman", "CNC machinist", "Leeds works", "production"),
    ("Craig Barlow", "CNC machinist", "Leeds works", "production"),
    ("Emma Cartwright", "Inspector", "Leeds works", "quality"),
    ("Joseph Adeyemi", "Inspector (CMM)", "Leeds works", "quality"),
    ("Sophie Lang", "Quality technician", "Leeds works", "quality"),
    ("Martin Gale", "Maintenance engineer", "Leeds works", "opsdirector"),
    ("Ryan Doyle", "Maintenance technician", "Leeds works", "Martin Gale"),
    ("Beverley Crook", "Stores and goods-in", "Leeds works", "auditor"),
    ("Stuart Finch", "Production planner", "Leeds works", "opsdirector"),
    ("Olivia Grant", "Sales manager", "Leeds works", "md"),
    ("Hannah Price", "Customer service coordinator", "Leeds works", "Olivia Grant"),
    ("Ben Ashworth", "Estimator", "Leeds works", "Olivia Grant"),
    ("Rebecca Moss", "Finance manager", "Leeds works", "md"),
    ("Gary Pickles", "Accounts assistant", "Leeds works", "Rebecca Moss"),
    ("Laura Kemp", "HR and training coordinator", "Leeds works", "md"),
    ("Mohammed Iqbal", "Manufacturing engineer", "Leeds works", "leadauditor"),
    ("Chloe Thornton", "Apprentice machinist", "Leeds works", "Lee Marsden"),
    ("Dylan Reid", "Apprentice machinist", "Leeds works", "Karen Holt"),
    ("Ian Stott", "Dispatch", "Leeds works", "Beverley Crook"),
    ("Paul Kershaw", "Assembly supervisor", "Sheffield assembly", "opsdirector"),
    ("Zoe Marshall", "Assembler", "Sheffield assembly", "Paul Kershaw"),
    ("Adam Hirst", "Assembler", "Sheffield assembly", "Paul Kershaw"),
    ("Fatima Ali", "Assembler", "Sheffield assembly", "Paul Kershaw"),
    ("Neil Bradshaw", "Assembler", "Sheffield assembly", "Paul Kershaw"),
    ("Katie Sutcliffe", "Test technician", "Sheffield assembly", "Paul Kershaw"),
    ("Wayne Hollis", "Test technician", "Sheffield assembly", "Paul Kershaw"),
    ("Gemma Rowe", "Inspector", "Sheffield assembly", "quality"),
    ("Daniel Platt", "Stores", "Sheffield assembly", "Paul Kershaw"),
    ("Mark Ellison", "Assembler", "Sheffield assembly", "Paul Kershaw"),
    ("Tracy Beaumont", "Site administrator", "Sheffield assembly", "Paul Kershaw"),
    ("Sam Oduya", "Assembler (agency)", "Sheffield assembly", "Paul Kershaw"),
    ("Ellie Nash", "Purchasing assistant", "Leeds works", "auditor"),
]

# (title, owner username or name, days from today, priority, status, evidence)
ACTIONS = [
    (
        "Write the QMS scope statement, including the Sheffield assembly site",
        "quality",
        14,
        "high",
        ActionStatus.IN_PROGRESS,
        "",
    ),
    ("Agree and sign the quality policy at the next board meeting", "md", 21, "high", ActionStatus.OPEN, ""),
    (
        "Set measurable quality objectives for on-time delivery and scrap",
        "opsdirector",
        30,
        "high",
        ActionStatus.OPEN,
        "",
    ),
    (
        "Put the CMM and height gauges on the calibration schedule",
        "Joseph Adeyemi",
        -5,
        "medium",
        ActionStatus.OPEN,
        "",
    ),
    ("Build a competence matrix for CNC machinists and setters", "Laura Kemp", 45, "medium", ActionStatus.OPEN, ""),
    (
        "Approved supplier list: add evaluation criteria and last review dates",
        "auditor",
        40,
        "medium",
        ActionStatus.IN_PROGRESS,
        "",
    ),
    ("Move the nonconformance log from Excel into pdca", "quality", 10, "medium", ActionStatus.OPEN, ""),
    ("Train both internal auditors on ISO 19011 audit techniques", "leadauditor", 60, "medium", ActionStatus.OPEN, ""),
    (
        "Quarantine area for nonconforming parts at Sheffield",
        "Paul Kershaw",
        -20,
        "high",
        ActionStatus.DONE,
        "Caged and labelled red-tag area set up by the test bench; photo attached to the site record.",
    ),
    (
        "Record first-article inspection for the new hydraulic manifold",
        "Emma Cartwright",
        -2,
        "high",
        ActionStatus.DONE,
        "FAI report FAI-2211 signed off by the customer's SQE.",
    ),
    ("Decide whether climate change is a relevant issue for the business", "md", 35, "low", ActionStatus.OPEN, ""),
    (
        "Replace the handwritten tool-life sheets with the machine monitoring export",
        "production",
        90,
        "low",
        ActionStatus.CANCELLED,
        "",
    ),
]


def _user(username, first, last) -> tuple[User, bool]:
    email = f"{username}@harrow.example"
    user = User.objects.filter(username=username).first()
    if user:
        return user, False
    user = User(username=username, email=email, first_name=first, last_name=last)
    user.set_password(DEMO_PASSWORD)
    user.save()
    return user, True


@transaction.atomic
def load_demo() -> dict:
    """Create (or find) the demo organisations; returns the logins with their roles."""
    with trail.acting(None, source="demo"):
        org = Organisation.objects.filter(slug=ORG["slug"]).first() or services.organisation_create(
            name=ORG["name"], slug=ORG["slug"], by=None
        )
        second = Organisation.objects.filter(slug=SECOND_ORG["slug"]).first() or services.organisation_create(
            name=SECOND_ORG["name"], slug=SECOND_ORG["slug"], by=None
        )
        sites = _sites(org)
        logins = _logins(org, second, sites)
        people = _staff(org, sites, logins)
        _actions(org, people)
        for module in APP_DEMOS:
            importlib.import_module(module).load_demo(org, people)
    return {"organisation": org, "logins": logins}


def _sites(org) -> dict[str, Site]:
    sites = {}
    for name, address, headcount, central in SITES:
        site = Site.objects.filter(organisation=org, name=name).first()
        if site is None:
            site = services.object_create(
                Site,
                org=org,
                by=None,
                data={"name": name, "address": address, "headcount": headcount, "is_central_function": central},
            )
        sites[name] = site
    return sites


def _logins(org, second, sites) -> list[tuple[str, str, str]]:
    result = []
    for username, first, last, title, role, site, _manager in LOGINS:
        user, _created = _user(username, first, last)
        expires = timezone.now() + datetime.timedelta(days=30) if role == Role.VIEWER else None
        if not user.memberships.filter(organisation=org).exists():
            services.membership_set(org=org, user=user, role=role, by=None, expires_at=expires)
        person = Person.objects.get(organisation=org, user=user)
        if person.job_title != title:
            services.object_update(person, by=None, data={"job_title": title, "site": sites.get(site)})
        result.append((user.username, role.label, org.slug))
    consultant = User.objects.get(username="consultant")
    if not consultant.memberships.filter(organisation=second).exists():
        services.membership_set(org=second, user=consultant, role=Role.QUALITY_MANAGER, by=None)
    result.append(("consultant", Role.QUALITY_MANAGER.label, second.slug))
    return result


def _staff(org, sites, logins) -> dict[str, Person]:
    people = {
        p.user.username if p.user_id else p.name: p
        for p in Person.objects.filter(organisation=org).select_related("user")
    }
    for name, title, site, _manager in STAFF:
        if name not in people:
            people[name] = services.object_create(
                Person,
                org=org,
                by=None,
                data={
                    "name": name,
                    "job_title": title,
                    "site": sites[site],
                    "email": name.lower().replace(" ", ".") + "@harrow.example",
                },
            )
    managers = {u: m for u, *_rest, m in LOGINS} | {n: m for n, _t, _s, m in STAFF}
    for key, person in people.items():
        manager = people.get(managers.get(key) or "")
        if manager is not None and person.manager_id != manager.pk:
            services.object_update(person, by=None, data={"manager": manager})
    return people


def _actions(org, people) -> None:
    today = timezone.localdate()
    existing = set(Action.objects.filter(organisation=org).values_list("title", flat=True))
    for title, owner, days, priority, status, evidence in ACTIONS:
        if title in existing:
            continue
        action = services.action_create(
            org=org,
            by=None,
            data={
                "title": title,
                "owner": people[owner],
                "due_date": today + datetime.timedelta(days=days),
                "priority": priority,
            },
        )
        if status != ActionStatus.OPEN:
            services.action_transition(action, status=status, by=None, evidence=evidence, reason="Demo history")
