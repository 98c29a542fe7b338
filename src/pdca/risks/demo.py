"""Demo risks and opportunities for Harrow Precision Engineering: 20 entries spread over the heat map,
with sources in the demo's processes and context issues where those exist (found by name, so the
entries still load without them), treatments raised as actions in the shared register (some done, one
overdue), residual ratings, and effectiveness evaluations (effective, partly, not effective), two
entries whose actions are finished and wait for their evaluation, one closed. Idempotent: an entry
whose title exists is left alone."""

import datetime

from django.utils import timezone

from pdca.context.models import ContextIssue
from pdca.core import services as core
from pdca.core import trail
from pdca.core.choices import ActionStatus
from pdca.core.models import Action
from pdca.processes.models import Process
from pdca.risks import services
from pdca.risks.choices import RiskStatus
from pdca.risks.models import Risk

RISK, OPPORTUNITY = "risk", "opportunity"

# Words that find the demo's processes and context issues by name.
PROCESSES = {
    "machining": ("machin", "production", "manufactur"),
    "purchasing": ("purchas", "procure", "supplier", "external provi"),
    "inspection": ("inspect", "measur", "quality control", "verification"),
    "sales": ("sales", "contract", "order", "customer"),
    "planning": ("planning", "scheduling"),
    "delivery": ("dispatch", "deliver", "logistic", "shipping"),
    "people": ("competence", "training", "people", "human", " hr "),
    "maintenance": ("mainten", "infrastructure", "equipment"),
    "it": ("information", " it ", "systems"),
    "assembly": ("assembl",),
    "management": ("management", "leadership", "strategy", "planning"),
}
ISSUES = {
    "supply": ("supply", "steel", "material", "supplier"),
    "skills": ("skill", "labour", "recruit", "workforce"),
    "customer": ("customer", "market", "depend", "aerospace"),
    "energy": ("energy", "electricity", "price", "inflation"),
    "climate": ("climate", "heat", "weather"),
    "cyber": ("cyber", "digital", " it ", "software"),
    "knowledge": ("knowledge", "key person", "expertise"),
    "technology": ("technolog", "automation", "industry 4"),
}


def _days(n: int) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=n)


# Each entry: what it is, where it comes from, who owns it, its ratings and treatment, then the story
# of its treatment: actions (title, owner, due in days, status, completed days ago) and evaluations
# (days ago, verdict, residual likelihood, residual impact, comment), in the order they happened.
ENTRIES = [
    {
        "title": "Spindle failure on the 5-axis machining centre stops aerospace work",
        "kind": RISK,
        "description": "The DMG Mori 5-axis is the only machine that can make the Skyline Aero brackets; a spindle "
        "rebuild takes three weeks.",
        "process": "machining",
        "issue": "technology",
        "owner": "Martin Gale",
        "rating": (3, 5),
        "treatment": "reduce",
        "plan": "Spindle vibration monitoring; standby capacity agreed with a partner machine shop.",
        "residual": (2, 4),
        "review": 120,
        "actions": [
            ("Fit vibration monitoring to the 5-axis spindle", "Martin Gale", -50, "done", 40),
            ("Agree standby 5-axis capacity with a partner machine shop", "opsdirector", -25, "done", 20),
        ],
        "evaluations": [
            (10, "effective", 2, 4, "Monitoring caught a bearing trend in week 3; rebuilt in a planned weekend."),
        ],
    },
    {
        "title": "Single source of 316 stainless bar with 16-week lead times",
        "kind": RISK,
        "description": "One mill supplies all 316 bar; an allocation cut last year stopped manifold production.",
        "process": "purchasing",
        "issue": "supply",
        "owner": "auditor",
        "rating": (4, 4),
        "treatment": "reduce",
        "plan": "Approve a second mill and hold eight weeks of safety stock.",
        "residual": (2, 4),
        "review": 60,
        "actions": [
            ("Hold eight weeks' safety stock of 316 bar", "Beverley Crook", -30, "done", 28),
            ("Approve a second 316 bar supplier", "auditor", 30, "in_progress", None),
        ],
    },
    {
        "title": "Only one person can program the CMM",
        "kind": RISK,
        "description": "Joseph Adeyemi writes every CMM program; when he is away, first-article inspections wait.",
        "process": "inspection",
        "issue": "knowledge",
        "owner": "quality",
        "rating": (3, 4),
        "treatment": "reduce",
        "plan": "Train a second programmer; keep programs and the method in the document register.",
        "residual": (2, 3),
        "review": 45,
        "actions": [("Train Sophie Lang as a second CMM programmer", "Laura Kemp", -14, "open", None)],
    },
    {
        "title": "Superseded customer drawing revision used on the shop floor",
        "kind": RISK,
        "description": "A batch of HM-200 was made to revision B after the customer issued revision C.",
        "process": "planning",
        "other": "Nonconformity NC-2024-017 (HM-200 made to revision B)",
        "owner": "Stuart Finch",
        "rating": (3, 4),
        "treatment": "reduce",
        "plan": "Drawing revision checked against the customer portal at job release and at first-off.",
        "residual": (1, 4),
        "review": 180,
        "actions": [("Add a drawing revision check to the job traveller", "Stuart Finch", -70, "done", 60)],
        "evaluations": [(30, "effective", 1, 4, "No wrong-revision jobs in 40 releases since; checked at audit.")],
    },
    {
        "title": "Airedale Hydraulics (38 % of turnover) moves work to a low-cost supplier",
        "kind": RISK,
        "description": "Our largest customer is dual-sourcing; losing it would cut a third of the work.",
        "process": "sales",
        "issue": "customer",
        "owner": "md",
        "rating": (2, 5),
        "treatment": "reduce",
        "plan": "Win customers in agriculture and rail so no customer is above 25 % of turnover.",
        "review": 90,
        "actions": [("Quote three new customers in the agricultural sector", "Olivia Grant", 60, "open", None)],
    },
    {
        "title": "Gauges used after their calibration is due",
        "kind": RISK,
        "description": "Two micrometers were found in use a month past their calibration date at the last audit.",
        "process": "inspection",
        "owner": "quality",
        "rating": (2, 3),
        "treatment": "reduce",
        "plan": "Due dates visible to everyone; gauges past due quarantined in the QA office.",
        "residual": (1, 3),
        "review": 200,
        "actions": [
            ("Label every gauge with its calibration due date", "Sophie Lang", -160, "done", 150),
            ("Quarantine shelf for gauges past their due date", "Joseph Adeyemi", -100, "done", 90),
        ],
        "evaluations": [
            (130, "partly", 2, 3, "Labels in place, but one gauge past due still found in cell 3."),
            (50, "effective", 1, 3, "Two monthly checks with no gauge past due in use."),
        ],
    },
    {
        "title": "Shortage of skilled CNC machinists in the Leeds labour market",
        "kind": RISK,
        "description": "Two vacancies open for five months; overtime covers the gap.",
        "process": "people",
        "issue": "skills",
        "owner": "production",
        "rating": (4, 3),
        "treatment": "reduce",
        "plan": "Grow our own: a second apprentice intake each year.",
        "residual": (3, 3),
        "review": 100,
        "actions": [
            ("Start a second apprentice intake with Leeds City College", "Laura Kemp", -40, "done", 30),
        ],
    },
    {
        "title": "Ransomware on the CAM and ERP server",
        "kind": RISK,
        "description": "All CNC programs and the order book sit on one server at Leeds.",
        "process": "it",
        "issue": "cyber",
        "owner": "admin",
        "rating": (3, 5),
        "treatment": "reduce",
        "plan": "Offline backups tested monthly; multi-factor sign-in for remote access.",
        "residual": (2, 4),
        "review": 90,
        "actions": [
            ("Offline backups of CAM programs, restored as a test each month", "admin", -30, "done", 25),
            ("Multi-factor sign-in for all remote access", "admin", -20, "done", 15),
        ],
    },
    {
        "title": "Energy prices make subcontract heat treatment uneconomic",
        "kind": RISK,
        "description": "The heat treater has added an energy surcharge twice this year.",
        "process": "purchasing",
        "issue": "energy",
        "owner": "Rebecca Moss",
        "rating": (3, 2),
        "treatment": "accept",
        "plan": "Accepted: surcharges are passed on under clause 9 of our terms; reviewed quarterly.",
        "review": 75,
    },
    {
        "title": "Sealing faces of finished manifolds damaged in transit",
        "kind": RISK,
        "description": "Three customer returns last year for dented sealing faces.",
        "process": "delivery",
        "owner": "Beverley Crook",
        "rating": (2, 3),
        "treatment": "transfer",
        "plan": "Carrier liability cover raised to the contract value; better packaging for HM parts.",
        "residual": (1, 3),
        "review": 150,
        "actions": [("Specify VCI bags and foam end caps for HM parts", "Ian Stott", -80, "done", 70)],
        "evaluations": [(35, "effective", 1, 3, "No transit damage in 46 shipments since the change.")],
    },
    {
        "title": "Torque wrenches at Sheffield assembly drift between calibrations",
        "kind": RISK,
        "description": "Low consequence: assembly torques are verified again at final test.",
        "process": "assembly",
        "owner": "Paul Kershaw",
        "rating": (2, 2),
        "treatment": "accept",
        "plan": "Accepted: final test catches an under-torqued joint; wrenches calibrated yearly.",
        "review": 300,
    },
    {
        "title": "Summer heat takes the CMM room outside 20 ± 2 °C",
        "kind": RISK,
        "description": "Hotter summers: last July the CMM room reached 26 °C and measurements were suspended.",
        "process": "inspection",
        "issue": "climate",
        "owner": "quality",
        "rating": (3, 3),
        "treatment": "reduce",
        "plan": "Air-conditioning for the CMM room; temperature logged with each measurement.",
        "residual": (1, 3),
        "review": 60,
        "actions": [("Install air-conditioning in the CMM room", "Martin Gale", 90, "open", None)],
    },
    {
        "title": "Skyline Aero first-article inspection to AS9102 not understood by inspectors",
        "kind": RISK,
        "description": "Two FAI reports were rejected by the customer for missing characteristics.",
        "process": "inspection",
        "other": "Customer requirement: Skyline Aero supplier manual, FAI to AS9102",
        "owner": "quality",
        "rating": (3, 3),
        "treatment": "reduce",
        "plan": "Train the inspectors; FAI software that numbers characteristics from the drawing.",
        "residual": (2, 3),
        "review": 40,
        "actions": [
            ("Train the inspectors on AS9102 forms", "Emma Cartwright", -50, "done", 45),
            ("Buy an FAI software module for ballooning drawings", "quality", 40, "open", None),
        ],
        "evaluations": [(20, "not_effective", 3, 3, "The next FAI was rejected again: training alone is not enough.")],
    },
    {
        "title": "No spare parts for the old Mazak lathe",
        "kind": RISK,
        "description": "The manufacturer no longer supplies parts for the 1998 Mazak.",
        "process": "machining",
        "owner": "production",
        "rating": (4, 2),
        "treatment": "avoid",
        "plan": "Sell the lathe and move its work to the Haas ST-20.",
        "closed": "Lathe sold in March; all its work now runs on the Haas ST-20.",
    },
    {
        "title": "Anodising subcontractor returns parts with uneven colour",
        "kind": RISK,
        "description": "Four rejections this year from the same anodiser; customer noticed one batch.",
        "process": "purchasing",
        "owner": "auditor",
        "rating": (5, 2),
        "treatment": "reduce",
        "plan": "Supplier visit and corrective action request; look for an alternative anodiser.",
        "review": -10,
    },
    {
        "title": "Offer complete manifolds instead of part-machined bodies",
        "kind": OPPORTUNITY,
        "description": "With 5-axis capacity and Sheffield assembly we can deliver tested manifolds.",
        "process": "sales",
        "issue": "customer",
        "owner": "Olivia Grant",
        "rating": (3, 4),
        "treatment": "exploit",
        "plan": "Launch the offer to the ten largest customers; price it per tested assembly.",
        "review": 60,
        "actions": [
            ("Launch the complete-manifold offer to the top ten customers", "Olivia Grant", 20, "in_progress", None)
        ],
    },
    {
        "title": "Robot part loading for lights-out machining on the Haas cells",
        "kind": OPPORTUNITY,
        "description": "A cobot loader could run cell 2 unattended overnight.",
        "process": "machining",
        "issue": "technology",
        "owner": "Mohammed Iqbal",
        "rating": (2, 4),
        "treatment": "enhance",
        "plan": "Trial a cobot on cell 2, then decide on an investment case.",
        "review": 90,
        "actions": [("Trial a cobot loader on cell 2", "Mohammed Iqbal", -40, "done", 30)],
        "evaluations": [(5, "partly", 3, 4, "Ran two nights unattended; fixture changes needed before investing.")],
    },
    {
        "title": "Grant for energy-efficient compressors",
        "kind": OPPORTUNITY,
        "description": "A regional grant covers 40 % of new variable-speed compressors.",
        "process": "maintenance",
        "issue": "energy",
        "owner": "Rebecca Moss",
        "rating": (4, 2),
        "treatment": "exploit",
        "plan": "Apply before the deadline; Martin Gale specifies the compressors.",
        "residual": (5, 2),
        "review": 180,
        "actions": [("Apply for the compressor energy grant", "Rebecca Moss", -70, "done", 65)],
        "evaluations": [(40, "effective", 5, 2, "Grant awarded; compressors ordered.")],
    },
    {
        "title": "Metrology apprenticeships with Sheffield Hallam University",
        "kind": OPPORTUNITY,
        "description": "The university looks for employers to co-design a metrology apprenticeship.",
        "process": "people",
        "issue": "skills",
        "owner": "Laura Kemp",
        "rating": (2, 3),
        "treatment": "share",
        "plan": "Co-design the course with two other local manufacturers and share the placements.",
        "review": 120,
    },
    {
        "title": "Digital job travellers on tablets cut paperwork errors",
        "kind": OPPORTUNITY,
        "description": "Paper travellers get lost or filled in late; tablets could show the current drawing too.",
        "process": "planning",
        "issue": "technology",
        "owner": "production",
        "rating": (4, 3),
        "treatment": "exploit",
        "plan": "Pilot tablets in cell 1, then roll out if first-off errors fall.",
        "review": 75,
        "actions": [("Pilot tablets with digital travellers in cell 1", "production", 45, "open", None)],
    },
]


def load_demo(org, people) -> None:
    existing = set(Risk.objects.for_org(org).values_list("title", flat=True))
    processes = list(Process.objects.for_org(org))
    issues = list(ContextIssue.objects.for_org(org))
    with trail.acting(None, source="demo"):
        for entry in ENTRIES:
            if entry["title"] not in existing:
                _entry(org, people, entry, processes, issues)


def _find(rows, hints, name_of):
    for hint in hints:
        for row in rows:
            if hint in f" {name_of(row).casefold()} ":
                return row
    return None


def _sources(entry, processes, issues) -> dict:
    process = _find(processes, PROCESSES.get(entry.get("process"), ()), lambda p: p.name)
    issue = _find(issues, ISSUES.get(entry.get("issue"), ()), lambda i: i.title)
    other = entry.get("other", "")
    if not other and process is None and issue is None and entry.get("process"):
        other = f"{entry['process'].capitalize()} process"
    return {"process": process, "context_issue": issue, "source_other": other}


def _entry(org, people, entry, processes, issues) -> Risk:
    likelihood, impact = entry["rating"]
    residual = entry.get("residual") or (None, None)
    data = {
        "title": entry["title"],
        "kind": entry["kind"],
        "description": entry["description"],
        "owner": people[entry["owner"]],
        "likelihood": likelihood,
        "impact": impact,
        "treatment": entry["treatment"],
        "treatment_plan": entry["plan"],
        "residual_likelihood": residual[0],
        "residual_impact": residual[1],
        "review_date": _days(entry["review"]) if "review" in entry else None,
        **_sources(entry, processes, issues),
    }
    risk = services.risk_create(org=org, data=data, by=None)
    for action in entry.get("actions", []):
        _action(risk, people, *action)
    for days_ago, verdict, res_l, res_i, comment in entry.get("evaluations", []):
        services.evaluation_create(
            org=org,
            by=None,
            data={
                "risk": risk,
                "evaluated_on": _days(-days_ago),
                "effectiveness": verdict,
                "residual_likelihood": res_l,
                "residual_impact": res_i,
                "comment": comment,
                "evaluated_by": people[entry["owner"]],
            },
        )
    if entry.get("closed"):
        risk.refresh_from_db()
        services.risk_transition(risk, status=RiskStatus.CLOSED, by=None, reason=entry["closed"])
    return risk


def _action(risk, people, title, owner, due_in, status, completed_ago) -> Action:
    risk.refresh_from_db()
    action = services.risk_action_raise(
        risk, by=None, data={"title": title, "owner": people[owner], "due_date": _days(due_in), "priority": "high"}
    )
    if status != ActionStatus.OPEN:
        evidence = "Done; see the records in the QA office." if status == ActionStatus.DONE else ""
        core.action_transition(action, status=status, by=None, evidence=evidence, reason="Demo history")
    if completed_ago is not None:  # the story happened in the past: the completion date says when
        Action.objects.filter(pk=action.pk).update(completed_on=_days(-completed_ago))
    return action
