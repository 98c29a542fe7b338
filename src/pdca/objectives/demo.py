"""Demo objectives for Harrow: the five commitments of the quality policy, six quality objectives of a
machine shop with their plans, owners, processes and actions, and eight KPIs with twelve months of
values ending last month: on-time delivery and first-pass yield on track, returns, complaint response
and training at risk, scrap off track (and its objective overdue), complaints per 100 orders no longer
current (last measured three quarters ago), and a process KPI with no objective. Idempotent: commitments,
objectives and KPIs are found by their titles and names; a period that has a value is not measured again.
"""

import datetime
from decimal import Decimal

from django.utils import timezone

from pdca.core import trail
from pdca.documents import starters
from pdca.objectives import selectors, services
from pdca.objectives.choices import MeasurementSource, ObjectiveStatus
from pdca.objectives.models import KPI, Measurement, PolicyCommitment, QualityObjective
from pdca.objectives.status import period_start, shift_period
from pdca.processes.models import Process

# The quality policy's commitments, as its starter words them.
COMMITMENTS = [
    (
        "Get it right for the customer",
        "We find out what each customer needs, including the legal and regulatory rules that apply to what we "
        "supply, and we check that we can meet it before we say yes.",
    ),
    (
        "Set goals and measure them",
        "Each year top management sets quality objectives that follow from this policy, publishes them, and "
        "reviews progress at least every three months.",
    ),
    (
        "Learn from problems",
        "When something goes wrong we contain it, find out why it happened, and change the way we work so that it "
        "does not happen again.",
    ),
    (
        "Keep improving",
        "We look for better ways of working, and we give people the time, training and equipment to do their jobs.",
    ),
    (
        "Run one system",
        "Our management system is how we actually work, not a separate set of papers.",
    ),
]

# title, owner, commitments, processes, direction, target, unit, baseline, deadline (days from today),
# what, resources, evaluation, plan actions [(title, owner, days from today)]
OBJECTIVES = [
    (
        "Deliver on time: 95 % of order lines on or before the agreed date",
        "opsdirector",
        ["Get it right for the customer", "Set goals and measure them"],
        ["Production planning", "Dispatch and delivery"],
        "higher",
        "95",
        "%",
        "88",
        200,
        "Weekly capacity review of the Haas and DMG cells; material ordered at order acceptance, not at release.",
        "Planner's time (half a day a week); ERP delivery report; second shift on the DMG when the backlog is over "
        "two weeks",
        "OTD from the ERP every month at the operations meeting; the year's figure at management review.",
        [
            ("Weekly capacity review with sales", "Stuart Finch", 14),
            ("Order bar stock at order acceptance", "auditor", 30),
        ],
    ),
    (
        "Customer returns below 0.5 % of parts shipped",
        "quality",
        ["Get it right for the customer", "Learn from problems"],
        ["Inspection and testing", "Dispatch and delivery"],
        "lower",
        "0.5",
        "%",
        "1.2",
        200,
        "Root-cause review of every return within a week; final inspection sampling doubled on the HM-220.",
        "Quality technician, half a day a week; CMM time for the extra sampling",
        "Returned parts over parts shipped, monthly, from the complaints log and the ERP.",
        [("8D on the HM-220 thread returns", "Sophie Lang", 10)],
    ),
    (
        "Cut scrap in CNC machining to 1.5 %",
        "production",
        ["Learn from problems", "Keep improving"],
        ["CNC machining"],
        "lower",
        "1.5",
        "%",
        "2.8",
        -45,
        "First-off inspection on every setup; tool-life limits in the machine programmes; scrap reasons coded.",
        "Setter time for first-offs; tool presetter; scrap-reason codes in the ERP",
        "Scrapped parts over parts made, monthly, by machine and reason; reviewed at the production meeting.",
        [
            ("Tool-life limits in the Haas programmes", "Lee Marsden", -20),
            ("Scrap-reason codes in the ERP", "Mohammed Iqbal", 21),
        ],
    ),
    (
        "First-pass yield of 97 % at final inspection",
        "quality",
        ["Get it right for the customer", "Keep improving"],
        ["CNC machining", "Inspection and testing"],
        "higher",
        "97",
        "%",
        "95.5",
        200,
        "Keep first-off inspection and SPC on the critical bores; share the weekly yield on the shop-floor board.",
        "Inspectors' time; SPC charts at the CMM",
        "Parts passing final inspection first time over parts inspected, monthly.",
        [],
    ),
    (
        "Answer every complaint within two working days",
        "Olivia Grant",
        ["Get it right for the customer"],
        ["Sales and contract review"],
        "lower",
        "2",
        "days",
        "4",
        140,
        "One named owner per complaint the day it arrives; a first answer with containment within two days.",
        "Customer service coordinator; complaint log in pdca",
        "Average working days to the first answer, monthly; complaints per 100 orders every quarter.",
        [("Complaint owner rota in customer service", "Hannah Price", 7)],
    ),
    (
        "Train every machinist on the new set-up and first-off procedures",
        "Laura Kemp",
        ["Keep improving", "Run one system"],
        ["Training and competence", "CNC machining"],
        "higher",
        "95",
        "%",
        "40",
        90,
        "Toolbox talks and on-the-job sign-off for every machinist and setter on both procedures.",
        "Two hours per person; setters as trainers",
        "Share of the training plan completed, monthly, from the training records.",
        [("Sign-off sheets for the set-up procedure", "Laura Kemp", 20)],
    ),
]

# name, objective (title prefix), process, owner, frequency, direction, target, green, amber, unit, source,
# values oldest first, periods back from the last complete one (0: the newest is last month's)
KPIS = [
    (
        "On-time delivery (OTD)",
        "Deliver on time",
        "Dispatch and delivery",
        "Stuart Finch",
        "monthly",
        "higher",
        "95",
        "95",
        "90",
        "%",
        "ERP delivery report, pushed monthly through the API",
        [86.5, 87.9, 88.4, 90.2, 89.1, 91.5, 92.8, 93.4, 94.1, 95.2, 95.8, 96.3],
        0,
    ),
    (
        "Customer returns (% of parts shipped)",
        "Customer returns",
        "Inspection and testing",
        "quality",
        "monthly",
        "lower",
        "0.5",
        "0.5",
        "0.8",
        "%",
        "Complaints log and ERP shipments",
        [1.15, 1.08, 1.12, 0.98, 0.95, 0.91, 0.86, 0.82, 0.79, 0.74, 0.71, 0.68],
        0,
    ),
    (
        "Scrap rate, CNC machining",
        "Cut scrap",
        "CNC machining",
        "production",
        "monthly",
        "lower",
        "1.5",
        "1.5",
        "2.0",
        "%",
        "Scrap tickets in the ERP",
        [1.62, 1.58, 1.71, 1.66, 1.84, 1.97, 2.05, 2.21, 2.18, 2.36, 2.49, 2.61],
        0,
    ),
    (
        "First-pass yield at final inspection",
        "First-pass yield",
        "Inspection and testing",
        "Emma Cartwright",
        "monthly",
        "higher",
        "97",
        "97",
        "95",
        "%",
        "Final inspection records",
        [96.1, 96.8, 97.2, 97.5, 97.1, 97.9, 98.2, 97.6, 98.4, 98.1, 98.6, 98.3],
        0,
    ),
    (
        "Complaint first response (working days)",
        "Answer every complaint",
        "Sales and contract review",
        "Hannah Price",
        "monthly",
        "lower",
        "2",
        "2",
        "3",
        "days",
        "Complaint log",
        [4.2, 3.9, 4.1, 3.6, 3.4, 3.5, 3.1, 2.9, 3.2, 2.8, 2.7, 2.6],
        0,
    ),
    (
        "Complaints per 100 orders shipped",
        "Answer every complaint",
        "Sales and contract review",
        "Olivia Grant",
        "quarterly",
        "lower",
        "0.5",
        "0.5",
        "1.0",
        "",
        "Complaint log and ERP orders (quarterly)",
        [1.4, 1.1, 0.9, 0.8],
        2,  # last counted three quarters ago: no current data
    ),
    (
        "Training plan completion",
        "Train every machinist",
        "Training and competence",
        "Laura Kemp",
        "monthly",
        "higher",
        "95",
        "95",
        "90",
        "%",
        "Training records",
        [42, 48, 55, 61, 66, 70, 74, 79, 83, 86, 89, 91],
        0,
    ),
    (
        "CNC machine availability",
        None,
        "CNC machining",
        "Martin Gale",
        "monthly",
        "higher",
        "85",
        "85",
        "80",
        "%",
        "Machine monitoring export",
        [84.0, 85.5, 83.9, 86.2, 87.1, 85.8, 86.9, 88.0, 87.4, 88.3, 87.9, 88.6],
        0,
    ),
]


def load_demo(org, people) -> None:
    md = people["md"].user
    with trail.acting(None, source="demo"):
        commitments = _commitments(org, people)
        processes = {p.name: p for p in Process.objects.filter(organisation=org)}
        objectives = _objectives(org, people, commitments, processes)
    with trail.acting(md, source="demo"):
        for objective in objectives:
            if objective.status == ObjectiveStatus.DRAFT:
                services.objective_transition(objective, status=ObjectiveStatus.APPROVED, by=md)
    with trail.acting(None, source="demo"):
        _kpis(org, people, objectives, processes)


def _commitments(org, people) -> dict[str, PolicyCommitment]:
    policy = selectors.quality_policy(org)
    if policy is None:  # the documents demo did not run: the policy as a draft from its starter
        policy = starters.copy_into_register(starters.find("quality-policy"), org=org, by=None, owner=people["md"])
    found = {c.title: c for c in PolicyCommitment.objects.filter(organisation=org, policy=policy)}
    for order, (title, text) in enumerate(COMMITMENTS, start=1):
        if title not in found:
            data = {"policy": policy, "order": order, "title": title, "text": text}
            found[title] = services.commitment_create(org=org, data=data, by=None)
    return found


def _objectives(org, people, commitments, processes) -> list[QualityObjective]:
    today, result = timezone.localdate(), []
    existing = {o.title: o for o in QualityObjective.objects.filter(organisation=org)}
    for row in OBJECTIVES:
        title, owner, linked, in_processes, direction, target, unit, baseline, days, what, resources, how, plan = row
        objective = existing.get(title)
        if objective is None:
            data = {
                "title": title,
                "owner": people[owner],
                "commitments": [commitments[c] for c in linked],
                "processes": [processes[p] for p in in_processes if p in processes],
                "direction": direction,
                "target": Decimal(target),
                "unit": unit,
                "baseline": Decimal(baseline),
                "deadline": today + datetime.timedelta(days=days),
                "description": what,
                "resources": resources,
                "evaluation": how,
            }
            objective = services.objective_create(org=org, data=data, by=None)
            for action_title, action_owner, due in plan:
                action = {
                    "title": action_title,
                    "owner": people[action_owner],
                    "priority": "high" if due < 0 else "medium",
                }
                action["due_date"] = today + datetime.timedelta(days=due)
                services.objective_action_add(objective, data=action, by=None)
        result.append(objective)
    return result


def _kpis(org, people, objectives, processes) -> None:
    existing = {k.name: k for k in KPI.objects.filter(organisation=org)}
    for row in KPIS:
        (
            name,
            objective_prefix,
            process,
            owner,
            frequency,
            direction,
            target,
            green,
            amber,
            unit,
            source,
            values,
            back,
        ) = row
        kpi = existing.get(name)
        if kpi is None:
            objective = next((o for o in objectives if objective_prefix and o.title.startswith(objective_prefix)), None)
            data = {
                "name": name,
                "objective": objective,
                "process": processes.get(process),
                "owner": people[owner],
                "frequency": frequency,
                "direction": direction,
                "target": Decimal(target),
                "green": Decimal(green),
                "amber": Decimal(amber),
                "unit": unit,
                "data_source": source,
            }
            kpi = services.kpi_create(org=org, data=data, by=None)
        _measure(org, kpi, values, back, api=source.endswith("API"))


def _measure(org, kpi: KPI, values: list, back: int, *, api: bool) -> None:
    """Values oldest first; the newest is for the period `back` periods before the last complete one."""
    last = shift_period(period_start(timezone.localdate(), kpi.frequency), kpi.frequency, -1 - back)
    periods = [shift_period(last, kpi.frequency, i - len(values) + 1) for i in range(len(values))]
    have = set(Measurement.objects.filter(kpi=kpi).values_list("period", flat=True))
    items = [
        {"key": i, "kpi": kpi, "period": period, "value": Decimal(str(value))}
        for i, (period, value) in enumerate(zip(periods, values, strict=True))
        if period not in have
    ]
    if items:
        source = MeasurementSource.API if api else MeasurementSource.MANUAL
        services.measurements_add_many(org=org, items=items, by=None, source=source)
