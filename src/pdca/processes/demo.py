"""Demo processes for Harrow: ten processes of a machine shop with their owners, the people who work in
them, SIPOC and turtle filled in, linked to the demo documents that exist, tagged with their clauses,
and interactions forming a realistic map with loops (inspection sends rework back to machining;
delivery performance goes back to sales; internal audit and management review feed each other).
Nine are approved by the managing director; training and competence is still a draft. Idempotent:
a process whose name exists is left alone, and an interaction that exists is not added again."""

import datetime

from django.utils import timezone

from pdca.core import trail
from pdca.documents.models import Document
from pdca.processes import services
from pdca.processes.models import Process, ProcessInteraction

# name, type, owner, importance, members, clauses, documents (titles), fields
PROCESSES = [
    (
        "Management review and planning",
        "management",
        "md",
        3,
        ["opsdirector", "quality", "Rebecca Moss"],
        ["hs.evaluation.review", "hs.planning.objectives", "hs.leadership.commitment"],
        ["Management review", "Quality policy", "Quality objectives", "Scope of the quality management system"],
        {
            "purpose": "Set direction, objectives and resources, and check twice a year that the QMS works.",
            "suppliers": "All process owners; internal audit; sales (customer feedback); finance",
            "inputs": "KPI results, audit results, customer feedback and complaints, supplier performance, "
            "risks and opportunities, status of actions",
            "outputs": "Quality objectives and targets, resource decisions, improvement actions, review minutes",
            "customers": "All processes; the board; customers (through better delivery and quality)",
            "resources": "Board room, KPI dashboard in pdca, budget",
            "competences": "Directors and the quality manager; understanding of ISO 9001 and the business plan",
            "criteria": "Review held every six months with every 9.3.2 input; actions closed on time",
        },
    ),
    (
        "Internal audit and improvement",
        "management",
        "quality",
        3,
        ["leadauditor", "auditor", "Sophie Lang"],
        ["hs.evaluation.audit", "hs.improvement.nonconformity", "hs.improvement.continual"],
        ["Internal audit", "Nonconformity and corrective action", "Control of documents and records"],
        {
            "purpose": "Check that the processes run as planned and put right the causes of problems.",
            "suppliers": "Management review (audit programme priorities); all processes (nonconformities)",
            "inputs": "Audit programme, process descriptions, nonconformance reports, customer complaints",
            "outputs": "Audit reports and findings, corrective actions, lessons learned",
            "customers": "Process owners; management review",
            "resources": "pdca (audits, actions), audit checklists",
            "competences": "Two trained internal auditors (ISO 19011), independent of the area audited",
            "criteria": "Audit programme completed; corrective actions closed within 60 days and checked effective",
        },
    ),
    (
        "Sales and contract review",
        "core",
        "Olivia Grant",
        3,
        ["Hannah Price", "Ben Ashworth"],
        ["hs.operation.requirements"],
        ["Customer complaints", "Customer quality manual (Northern Hydraulics)"],
        {
            "purpose": "Win orders we can make to drawing, on time and at a profit.",
            "suppliers": "Customers (enquiries, drawings, purchase orders); dispatch (delivery data)",
            "inputs": "Enquiries, drawings and specifications, purchase orders, customer-specific requirements",
            "outputs": "Quotations, confirmed orders with reviewed requirements, customer feedback",
            "customers": "Customers; production planning",
            "resources": "ERP (orders), estimating spreadsheet, CRM",
            "competences": "Estimators able to read drawings and GD&T; knowledge of machine capacity",
            "criteria": "Every order reviewed before acceptance; quote turnaround within 3 working days",
        },
    ),
    (
        "Production planning",
        "core",
        "Stuart Finch",
        2,
        ["opsdirector"],
        ["hs.operation.planning"],
        [],
        {
            "purpose": "Turn confirmed orders into a feasible schedule for machines, people and materials.",
            "suppliers": "Sales (orders); purchasing (material due dates); maintenance (machine availability)",
            "inputs": "Confirmed orders, stock levels, machine availability, lead times",
            "outputs": "Works orders and route cards, weekly schedule, material and subcontract requirements",
            "customers": "CNC machining; purchasing",
            "resources": "ERP planning module, capacity board",
            "competences": "Planner with knowledge of routings and set-up times",
            "criteria": "Schedule adherence; orders released with complete route cards",
        },
    ),
    (
        "CNC machining",
        "core",
        "production",
        3,
        ["operator", "Lee Marsden", "Karen Holt", "Jamie Walsh", "Piotr Zielinski", "Chloe Thornton"],
        ["hs.operation.production.control", "hs.operation.production.traceability"],
        [
            "CNC machine start-up and warm-up",
            "Setting a work offset on the Haas VF-2",
            "Deburring and edge break",
            "Hydraulic manifold HM-220 drawing notes",
        ],
        {
            "purpose": "Machine parts to drawing, first time right, on the planned date.",
            "suppliers": "Production planning; purchasing (bar stock, tooling); maintenance; training",
            "inputs": "Works orders and route cards, bar stock with certificates, proven CNC programmes, "
            "serviceable machines, rework instructions",
            "outputs": "Machined parts with signed route cards, first-off results, breakdown reports",
            "customers": "Inspection and testing; maintenance",
            "resources": "Haas VF-2 and VF-4 machining centres, Mazak lathes, fixtures, tooling, coolant",
            "competences": "Setter-operators authorised per machine (competence matrix level 2 or above)",
            "criteria": "First-off approved before the batch runs; scrap rate; on-time completion",
        },
    ),
    (
        "Inspection and testing",
        "core",
        "quality",
        3,
        ["Emma Cartwright", "Joseph Adeyemi", "Gemma Rowe", "Katie Sutcliffe"],
        ["hs.operation.release", "hs.operation.nonconforming_outputs"],
        [
            "First-off inspection",
            "CMM programme verification",
            "First article inspection report",
            "Nonconformance report",
            "Hydraulic manifold pressure test",
            "ISO 2768-1 general tolerances",
        ],
        {
            "purpose": "Release only parts that meet the drawing and the customer's requirements.",
            "suppliers": "CNC machining; assembly (Sheffield); calibration",
            "inputs": "Machined parts with route cards, drawings, inspection plans, calibrated gauges",
            "outputs": "Released parts with certificates of conformity, inspection reports, "
            "nonconformance reports, rework instructions",
            "customers": "Dispatch and delivery; CNC machining (rework); internal audit and improvement",
            "resources": "Zeiss Contura CMM, height gauges, micrometers, pressure test rig",
            "competences": "Inspectors trained on CMM programming and drawing interpretation",
            "criteria": "Escapes to customers (target zero); first-pass yield; inspection backlog",
        },
    ),
    (
        "Dispatch and delivery",
        "core",
        "Beverley Crook",
        2,
        ["Ian Stott"],
        ["hs.operation.production.preservation", "hs.operation.production.post_delivery"],
        ["Packing and labelling for dispatch"],
        {
            "purpose": "Deliver the right parts, protected and documented, on the date promised.",
            "suppliers": "Inspection and testing (released parts); carriers",
            "inputs": "Released parts, certificates of conformity, delivery schedule",
            "outputs": "Packed and labelled consignments, delivery notes, on-time delivery data",
            "customers": "Customers; sales and contract review",
            "resources": "Packing area, labels, carrier accounts",
            "competences": "Dispatch staff trained on customer labelling requirements",
            "criteria": "On-time delivery (target 95 %); no transit damage claims",
        },
    ),
    (
        "Purchasing and supplier control",
        "support",
        "auditor",
        2,
        ["Ellie Nash", "Beverley Crook"],
        ["hs.operation.external"],
        ["Purchasing and supplier approval", "Goods-in inspection", "Supplier evaluation"],
        {
            "purpose": "Buy material, tooling and services that conform, from approved suppliers, on time.",
            "suppliers": "Production planning (requirements); approved suppliers and subcontractors",
            "inputs": "Material and subcontract requirements, approved supplier list",
            "outputs": "Purchase orders, inspected bar stock and tooling, supplier performance data",
            "customers": "CNC machining; management review (supplier performance)",
            "resources": "ERP purchasing, goods-in area",
            "competences": "Purchasing officer able to specify material grades and certificates",
            "criteria": "Supplier on-time delivery and rejection rate; goods-in checks done",
        },
    ),
    (
        "Maintenance and calibration",
        "support",
        "Martin Gale",
        2,
        ["Ryan Doyle", "Joseph Adeyemi"],
        ["hs.support.resources.infrastructure", "hs.support.resources.monitoring"],
        ["Calibration of measuring equipment", "Coolant concentration check", "Gauge calibration label"],
        {
            "purpose": "Keep machines running and measuring equipment accurate.",
            "suppliers": "CNC machining (breakdown reports); calibration laboratory; machine tool suppliers",
            "inputs": "Maintenance plan, breakdown reports, calibration due list",
            "outputs": "Serviceable machines, calibrated gauges and CMM, calibration certificates",
            "customers": "CNC machining; inspection and testing",
            "resources": "Spares, maintenance tools, external calibration laboratory (UKAS)",
            "competences": "Maintenance engineer; CMM calibration by the supplier",
            "criteria": "Machine downtime; no gauge used past its calibration date",
        },
    ),
    (
        "Training and competence",
        "support",
        "Laura Kemp",
        2,
        ["production", "quality"],
        ["hs.support.competence", "hs.support.awareness"],
        ["Competence and training", "Training record"],
        {
            "purpose": "Make sure everybody is competent for the work they do, and knows it matters.",
            "suppliers": "Managers (training needs); training providers",
            "inputs": "Competence matrix, training needs from reviews and audits, new starters",
            "outputs": "Trained and authorised people, training records, updated competence matrix",
            "customers": "All processes, mostly CNC machining and inspection",
            "resources": "Training room, external providers, budget",
            "competences": "HR and training coordinator; trainers per machine",
            "criteria": "Competence matrix up to date; training effectiveness checked",
        },
    ),
]
DRAFTS = {"Training and competence"}

# (from, to, what flows)
INTERACTIONS = [
    ("Sales and contract review", "Production planning", "Confirmed orders with reviewed drawings"),
    ("Production planning", "CNC machining", "Works orders, route cards and the weekly schedule"),
    ("Production planning", "Purchasing and supplier control", "Material and subcontract requirements"),
    ("Purchasing and supplier control", "CNC machining", "Bar stock and tooling inspected at goods-in"),
    ("CNC machining", "Inspection and testing", "Machined parts with signed route cards"),
    ("Inspection and testing", "CNC machining", "Rework instructions for nonconforming parts"),
    ("Inspection and testing", "Dispatch and delivery", "Released parts with certificates of conformity"),
    ("Dispatch and delivery", "Sales and contract review", "Delivery confirmations and on-time delivery data"),
    ("Maintenance and calibration", "CNC machining", "Serviceable machines"),
    ("Maintenance and calibration", "Inspection and testing", "Calibrated gauges and CMM"),
    ("CNC machining", "Maintenance and calibration", "Breakdown reports and machine hours"),
    ("Training and competence", "CNC machining", "Trained and authorised machinists"),
    ("Inspection and testing", "Internal audit and improvement", "Nonconformance reports"),
    ("Sales and contract review", "Management review and planning", "Customer feedback and complaints"),
    ("Purchasing and supplier control", "Management review and planning", "Supplier performance"),
    ("Internal audit and improvement", "Management review and planning", "Audit results and corrective action status"),
    ("Management review and planning", "Internal audit and improvement", "Audit programme priorities"),
    ("Management review and planning", "Production planning", "Capacity and resource decisions"),
]


def load_demo(org, people) -> None:
    md = people["md"].user
    titles = {d.title: d for d in Document.objects.filter(organisation=org)}
    with trail.acting(None, source="demo"):
        existing = {p.name: p for p in Process.objects.filter(organisation=org)}
        for index, (name, process_type, owner, importance, members, clauses, documents, fields) in enumerate(PROCESSES):
            if name in existing:
                continue
            data = {
                "name": name,
                "process_type": process_type,
                "owner": people[owner],
                "importance": importance,
                "members": [people[m] for m in members],
                "documents": [titles[t] for t in documents if t in titles],
                "next_review_date": _review_date(name, index),
                "clauses": clauses,
                **fields,
            }
            existing[name] = services.process_create(org=org, data=data, by=None)
        _interactions(org, existing)
    with trail.acting(md, source="demo"):
        for name, process in existing.items():
            if name not in DRAFTS and process.approved_at is None and process.status == "draft":
                services.process_approve(process, by=md, reason="Process register approved at the management review.")


def _review_date(name: str, index: int) -> datetime.date:
    """Reviews spread over the coming months; dispatch's is overdue, to show how the register flags it."""
    days = -12 if name == "Dispatch and delivery" else 25 + 30 * (index % 8)
    return timezone.localdate() + datetime.timedelta(days=days)


def _interactions(org, processes: dict) -> None:
    have = set(
        ProcessInteraction.objects.filter(organisation=org).values_list("source__name", "target__name", "description")
    )
    for source, target, what in INTERACTIONS:
        if (source, target, what) not in have:
            services.interaction_create(
                org=org, data={"source": processes[source], "target": processes[target], "description": what}, by=None
            )
