"""Demo context for Harrow: twelve context issues (external and internal, two climate-related), the
climate-change determination answered (yes, after an earlier "no"), eight interested parties with their
requirements (some climate-related, linked to the demo processes), eight legal and other requirements with
their compliance checks (one check overdue, one requirement never checked), and the QMS scope with 8.3
design and development not applicable (through the gap app's service), published as the next revision of
the scope document and made effective. Idempotent: rows are found by title or name first."""

import datetime

from django.utils import timezone

from pdca.context import scope as scope_services
from pdca.context import services
from pdca.context.models import (
    ClimateDetermination,
    ContextIssue,
    InterestedParty,
    LegalRequirement,
    PartyRequirement,
)
from pdca.core import trail
from pdca.core.demo import DEMO_PASSWORD
from pdca.core.models import Site
from pdca.documents import services as documents
from pdca.documents.models import Document
from pdca.processes.models import Process
from pdca.records.models import Record
from pdca.standards.models import Requirement


def _day(days: int) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=days)


# (title, direction, category, effect, climate, owner, review in days, description, effect on the QMS)
ISSUES = [
    (
        "Steel and aluminium bar prices and supply lead times",
        "external",
        "economic",
        "negative",
        False,
        "auditor",
        90,
        "Bar stock lead times went from 2 to 9 weeks in 2025; prices move monthly.",
        "Late material delays works orders; purchasing must plan further ahead and approve second sources.",
    ),
    (
        "Dependence on two aerospace customers for 60 % of sales",
        "external",
        "market",
        "negative",
        False,
        "Olivia Grant",
        120,
        "Northern Aerostructures and one other customer take most of the capacity.",
        "Their requirements shape the QMS (first article inspection, traceability); losing one hurts.",
    ),
    (
        "Electricity prices for the machine shop",
        "external",
        "economic",
        "negative",
        False,
        "Rebecca Moss",
        150,
        "Machining and compressed air use most of the energy bill.",
        "Pressure on margins and on investment.",
    ),
    (
        "Flood risk and summer heat at the Leeds works (climate change)",
        "external",
        "environmental",
        "negative",
        True,
        "opsdirector",
        60,
        "The works sit beside the canal; the 2024 floods reached the car park. Summer heat passes 30 °C inside.",
        "Flooding could stop production and damage stock; heat affects CMM accuracy and people.",
    ),
    (
        "Customers ask for product carbon footprint data",
        "external",
        "market",
        "both",
        True,
        "Olivia Grant",
        200,
        "Aerospace customers run supplier carbon programmes and ask for scope 1 and 2 figures.",
        "A requirement to report; an opportunity to win work by showing low-energy machining.",
    ),
    (
        "UKCA and CE marking rules for partly completed machinery",
        "external",
        "legal",
        "negative",
        False,
        "quality",
        180,
        "Hydraulic assemblies leave with a declaration of incorporation.",
        "Legal requirements must be known and met at dispatch (see the legal register).",
    ),
    (
        "Cyber attacks on small manufacturers (ransomware)",
        "external",
        "technological",
        "negative",
        False,
        "admin",
        100,
        "Two local firms lost weeks of work to ransomware in 2025.",
        "CNC programmes, drawings and records could be lost; backups and access control matter.",
    ),
    (
        "Automation and industry 4.0 machining cells at competitors",
        "external",
        "technological",
        "both",
        False,
        "production",
        240,
        "Competitors run lights-out cells; customers expect shorter lead times.",
        "An opportunity for the new 5-axis cell; a risk of losing price competitiveness.",
    ),
    (
        "Local skills shortage: recruiting CNC machinists in Leeds",
        "external",
        "social",
        "negative",
        False,
        "Laura Kemp",
        -10,
        "Few trained machinists apply; agencies are expensive.",
        "Competence of new starters must be built in-house (apprentices, training records).",
    ),
    (
        "Key person knowledge: one CMM programmer",
        "internal",
        "knowledge",
        "negative",
        False,
        "Joseph Adeyemi",
        45,
        "Only Joseph writes and proves out CMM programmes.",
        "Inspection stops if he is away; knowledge must be written down and shared (7.1.6).",
    ),
    (
        "Ageing Haas machines at the Leeds works",
        "internal",
        "resources",
        "negative",
        False,
        "Martin Gale",
        75,
        "Four of the Haas machining centres are over 15 years old.",
        "Breakdowns delay orders; maintenance and capability checks matter (7.1.3).",
    ),
    (
        "Open, learning culture after the 2025 quality problems",
        "internal",
        "culture",
        "positive",
        False,
        "md",
        300,
        "Operators now report problems and suggest fixes at the daily meeting.",
        "Nonconformities are raised early; improvement ideas come from the shop floor.",
    ),
]

CLIMATE = [
    (
        -420,
        False,
        "quality",
        "First review of the context: the business machines indoors to customers' drawings; climate change "
        "was not seen as affecting the QMS.",
    ),
    (
        -150,
        True,
        "md",
        "Reviewed after ISO 9001 Amd 1:2024: flooding and summer heat at the Leeds works can stop production and "
        "affect measurement, and aerospace customers now ask for carbon data. Climate change is a relevant issue; "
        "see the climate-related context issues and requirements.",
    ),
]

# party name: (category, owner, description, [(requirement, climate-related, how addressed, [process names])])
PARTIES = {
    "Northern Aerostructures Ltd": (
        "customer",
        "Olivia Grant",
        "Aerospace customer, about 35 % of sales.",
        [
            (
                "First article inspection report with the first delivery of every new part",
                False,
                "Inspection plans and FAI reports (FAI form)",
                ["Inspection and testing"],
            ),
            (
                "On-time delivery of at least 95 % each quarter",
                False,
                "Weekly schedule and delivery KPI",
                ["Production planning", "Dispatch and delivery"],
            ),
            (
                "Scope 1 and 2 emissions reported each year for their supplier carbon programme",
                True,
                "Energy use read monthly; figures reviewed at management review",
                ["Management review and planning"],
            ),
        ],
    ),
    "Northern Hydraulics Ltd": (
        "customer",
        "Olivia Grant",
        "Hydraulics customer, manifolds and assemblies.",
        [
            (
                "Parts made to the drawing revision on the order, traceable to the bar",
                False,
                "Contract review of revisions; heat numbers on route cards",
                ["Sales and contract review", "CNC machining"],
            ),
            ("Certificate of conformity with every delivery", False, "Dispatch checklist", ["Dispatch and delivery"]),
        ],
    ),
    "Employees": (
        "employee",
        "Laura Kemp",
        "Everyone working at Leeds and Sheffield, agency staff included.",
        [
            (
                "Safe machines and the training to use them",
                False,
                "Training matrix, machine guarding checks",
                ["Training and competence", "Maintenance and calibration"],
            ),
            (
                "A bearable workshop in summer heat",
                True,
                "Ventilation plan and hot-weather working rules",
                ["Maintenance and calibration"],
            ),
        ],
    ),
    "Whitaker family (shareholders)": (
        "owner",
        "md",
        "The owners of Harrow Precision Engineering.",
        [
            (
                "Profitable growth and ISO 9001 certification by 2027",
                False,
                "Business plan and quality objectives",
                ["Management review and planning"],
            ),
        ],
    ),
    "Bar stock and tooling suppliers": (
        "supplier",
        "auditor",
        "Steel stockholders, tooling and subcontractors.",
        [
            (
                "Clear purchase orders with material specifications and a forecast",
                False,
                "Purchase order template and quarterly forecast",
                ["Purchasing and supplier control"],
            ),
        ],
    ),
    "HSE and the Environment Agency": (
        "regulator",
        "quality",
        "Health and safety and environmental regulators.",
        [
            (
                "Work equipment and lifting equipment inspected as the regulations require",
                False,
                "Maintenance plan; legal register (PUWER, LOLER)",
                ["Maintenance and calibration"],
            ),
            (
                "Waste coolant and swarf removed by licensed carriers",
                False,
                "Waste transfer notes kept",
                ["CNC machining"],
            ),
        ],
    ),
    "Canal Road neighbours": (
        "community",
        "opsdirector",
        "Neighbours on the industrial estate and the canal.",
        [
            (
                "No night-time noise and nothing spilled into the canal",
                False,
                "Spill kits; doors shut after 22:00",
                ["CNC machining"],
            ),
            (
                "Flood defences on the site boundary kept in good order",
                True,
                "Checked each autumn by maintenance",
                ["Maintenance and calibration"],
            ),
        ],
    ),
    "Northern Certification Ltd": (
        "certification",
        "quality",
        "The certification body for ISO 9001.",
        [
            (
                "Access to records and people during audits, and a scope statement kept current",
                False,
                "Scope published from pdca; records register",
                ["Internal audit and improvement"],
            ),
        ],
    ),
}

# (title, reference, kind, issuer, systems, owner, interval, processes, applies to, how complied, checks)
# checks: (days ago, result, notes, evidence record title or "")
LEGAL = [
    (
        "Supply of Machinery (Safety) Regulations 2008",
        "SI 2008/1597",
        "regulation",
        "UK Parliament",
        ["quality", "safety"],
        "quality",
        12,
        ["Sales and contract review", "Dispatch and delivery"],
        "Hydraulic assemblies supplied as partly completed machinery",
        "Declaration of incorporation and assembly instructions with every assembly",
        [(95, "compliant", "Declarations checked for the last 20 assemblies.", "")],
    ),
    (
        "UK REACH: substances in coolants and coatings",
        "UK REACH (SI 2019/758)",
        "law",
        "HSE",
        ["quality", "environment"],
        "auditor",
        12,
        ["Purchasing and supplier control"],
        "Coolants, anti-corrosion oils and coatings bought and applied",
        "Safety data sheets held for every substance; suppliers confirm SVHC content",
        [(240, "partly", "Two safety data sheets out of date; suppliers asked for new ones.", "")],
    ),
    (
        "Provision and Use of Work Equipment Regulations 1998 (PUWER)",
        "SI 1998/2306",
        "regulation",
        "HSE",
        ["safety", "quality"],
        "Martin Gale",
        6,
        ["Maintenance and calibration", "CNC machining"],
        "Every machine tool at Leeds and Sheffield",
        "Guarding and interlock checks in the maintenance plan",
        [
            (400, "compliant", "All guards and interlocks working.", ""),
            (230, "partly", "Interlock on machine 7 bypassed; repaired the same day.", ""),
        ],
    ),
    (
        "Lifting Operations and Lifting Equipment Regulations 1998 (LOLER)",
        "SI 1998/2307",
        "regulation",
        "HSE",
        ["safety"],
        "Martin Gale",
        6,
        ["Maintenance and calibration"],
        "Overhead crane at Sheffield, forklift, lifting slings",
        "Thorough examination every 6 months by the insurer's engineer; trained operators only",
        [
            (
                60,
                "compliant",
                "Insurer's examination report: no defects. Forklift operators' licences current.",
                "Forklift licence, Ian Stott",
            )
        ],
    ),
    (
        "Northern Hydraulics supplier quality manual",
        "QM-NH rev 7",
        "customer",
        "Northern Hydraulics Ltd",
        ["quality"],
        "Olivia Grant",
        12,
        ["Sales and contract review", "Inspection and testing"],
        "Every part and assembly supplied to Northern Hydraulics",
        "Contract review against the manual; FAI and certificates of conformity",
        [
            (
                120,
                "compliant",
                "Manual revision 7 reviewed; FAI report for HM-220 accepted.",
                "FAI report FAI-2211, hydraulic manifold HM-220",
            )
        ],
    ),
    (
        "Northern Aerostructures supplier quality requirements",
        "SQR-01 issue 4",
        "customer",
        "Northern Aerostructures Ltd",
        ["quality"],
        "quality",
        3,
        ["Inspection and testing"],
        "Aerospace parts for Northern Aerostructures",
        "FAI to their format; special process approvals checked at goods-in",
        [(35, "not_compliant", "FAI reports were not in the customer's format; corrective action raised.", "")],
    ),
    (
        "ISO 2768-1 general tolerances",
        "ISO 2768-1:1989",
        "standard",
        "ISO (called up by customer drawings)",
        ["quality"],
        "production",
        24,
        ["CNC machining", "Inspection and testing"],
        "Dimensions without an individual tolerance on customer drawings",
        "Tolerance class read at contract review; inspection plans use it",
        [(180, "compliant", "Inspection plans sampled: tolerance class applied correctly.", "")],
    ),
    (
        "Environmental Protection (Duty of Care) Regulations 1991",
        "SI 1991/2839",
        "regulation",
        "Environment Agency",
        ["environment"],
        "Beverley Crook",
        12,
        ["CNC machining"],
        "Waste coolant, oily rags and swarf",
        "Licensed carriers only; waste transfer notes kept two years",
        [],
    ),
]

SCOPE = {
    "statement": "Contract machining, assembly and pressure testing of precision components and hydraulic "
    "manifolds to customers' drawings, for the hydraulics and aerospace industries.",
    "products_services": "CNC-machined components in steel and aluminium; hydraulic manifolds and assemblies, "
    "pressure-tested; first article inspection and certificates of conformity with deliveries.",
    "boundaries": "Heat treatment and anodising are outsourced and controlled as external providers (8.4). "
    "Product design is the customers' responsibility. Finance, HR and IT are supporting functions inside the QMS.",
}
DESIGN = "hs.operation.design"
WHY_NO_DESIGN = (
    "Harrow machines and assembles parts only to drawings and specifications supplied by its customers and "
    "decides nothing about their form, fit or function. Customer design changes arrive as new drawing "
    "revisions and are handled at contract review (8.2.3)."
)


def load_demo(org, people) -> None:
    with trail.acting(None, source="demo"):
        processes = {p.name: p for p in Process.objects.filter(organisation=org)}
        _issues(org, people)
        _climate(org, people)
        _parties(org, people, processes)
        _legal(org, people, processes)
        _scope(org, people)


def _issues(org, people) -> None:
    existing = set(ContextIssue.objects.filter(organisation=org).values_list("title", flat=True))
    for title, direction, category, effect, climate, owner, review, description, on_qms in ISSUES:
        if title not in existing:
            data = {
                "title": title,
                "direction": direction,
                "category": category,
                "effect": effect,
                "climate_related": climate,
                "owner": people[owner],
                "review_date": _day(review),
                "description": description,
                "effect_on_qms": on_qms,
            }
            services.issue_create(org=org, data=data, by=None)


def _climate(org, people) -> None:
    if ClimateDetermination.objects.filter(organisation=org).exists():
        return
    for days, relevant, who, rationale in CLIMATE:
        data = {"relevant": relevant, "rationale": rationale, "decided_on": _day(days), "decided_by": people[who]}
        services.climate_determine(org=org, data=data, by=None)


def _parties(org, people, processes) -> None:
    for name, (category, owner, description, requirements) in PARTIES.items():
        party = InterestedParty.objects.filter(organisation=org, name=name).first()
        if party is None:
            data = {"name": name, "category": category, "owner": people[owner], "description": description}
            party = services.party_create(org=org, data={**data, "review_date": _day(180)}, by=None)
        existing = set(PartyRequirement.objects.filter(party=party).values_list("requirement", flat=True))
        for text, climate, how, names in requirements:
            if text not in existing:
                data = {
                    "party": party,
                    "requirement": text,
                    "climate_related": climate,
                    "how_addressed": how,
                    "processes": [processes[n] for n in names if n in processes],
                }
                services.party_requirement_create(org=org, data=data, by=None)


def _legal(org, people, processes) -> None:
    existing = set(LegalRequirement.objects.filter(organisation=org).values_list("title", flat=True))
    for title, reference, kind, issuer, systems, owner, interval, names, applies, how, checks in LEGAL:
        if title in existing:
            continue
        data = {
            "title": title,
            "reference": reference,
            "kind": kind,
            "issuer": issuer,
            "jurisdiction": "United Kingdom" if kind in ("law", "regulation") else "",
            "systems": systems,
            "owner": people[owner],
            "check_interval_months": interval,
            "processes": [processes[n] for n in names if n in processes],
            "applicability": applies,
            "how_complied": how,
        }
        requirement = services.legal_create(org=org, data=data, by=None)
        for days_ago, result, notes, record in checks:
            evidence = Record.objects.filter(organisation=org, title=record).first() if record else None
            check = services.compliance_check_record(
                org=org,
                by=None,
                data={
                    "legal_requirement": requirement,
                    "checked_on": _day(-days_ago),
                    "result": result,
                    "notes": notes,
                    "checked_by": people[owner],
                    "evidence": evidence,
                },
            )
            if result == "not_compliant":
                _put_right(check, people[owner])


def _put_right(check, owner) -> None:
    """The action a failed check raised, in the shared action register."""
    data = {
        "title": f"Restore compliance with {check.legal_requirement.number}: FAI reports in the customer's format",
        "description": check.notes,
        "owner": owner,
        "due_date": _day(21),
        "priority": "high",
    }
    services.compliance_action_raise(check, data=data, by=None)


def _scope(org, people) -> None:
    scope = scope_services.scope_of(org)
    if scope is None:
        # The starter scope document the documents demo adopted becomes the one the scope revises.
        starter = Document.objects.filter(organisation=org, doc_type="manual", title__icontains="scope").first()
        data = {
            **SCOPE,
            "owner": people["quality"],
            "document": starter,
            "sites": list(Site.objects.filter(organisation=org)),
        }
        scope = scope_services.scope_save(org=org, data=data, by=None)
    design = [r for r in Requirement.objects.filter(standard=scope.standard, key__startswith=DESIGN + ".")]
    decided = {d.requirement_id for d in scope_services.not_applicable(scope)}
    missing = [r for r in design if r.pk not in decided]
    if missing:
        scope_services.na_set(scope, requirements=missing, applicable=False, justification=WHY_NO_DESIGN, by=None)
    if scope_services.scope_check(scope).state != scope_services.MATCHES:
        _publish(scope_services.scope_of(org), people)


def _publish(scope, people) -> None:
    """Generate the next revision of the scope document, have the managing director sign it, make it effective."""
    revision = scope_services.scope_publish(scope, by=None)
    signer = people["md"]
    documents.revision_submit(revision, approvers=[signer], reviewers=[people["leadauditor"]], by=None)
    documents.revision_sign(revision, by=signer.user, password=DEMO_PASSWORD, meaning="approved")
    documents.revision_make_effective(revision, by=None)
