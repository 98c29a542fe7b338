"""Demo suppliers for Harrow Precision Engineering: 15 external providers of a Leeds/Sheffield machine shop
(bar stock, heat treatment, anodising, plating, castings, calibration, haulage …) in every tier and
status, with certificates (one expired, one lapsing within the warning window), the usual four weighted
criteria, two years of evaluations (45 or so) whose trends tell a story: a heat treater that dipped below
the threshold, got a SCAR, answered it and came back; a foundry on its second SCAR with the response
overdue; a plater disqualified. Idempotent: a supplier whose name exists is left alone."""

import datetime

from django.utils import timezone

from pdca.core import trail
from pdca.processes.models import Process
from pdca.suppliers import services
from pdca.suppliers.models import EvaluationCriterion, Scar, Supplier

BUYER, ASSISTANT = "auditor", "Ellie Nash"  # Sian Pritchard, purchasing officer; Ellie Nash, her assistant

# name, supplies, kind, tier, buyer, contact (name, e-mail, phone), processes served, certificates
# (standard, number, issuer, valid until in days from today), evaluations (days ago, period, scores for
# quality, delivery, cost, responsiveness), then what happened (see _story).
SUPPLIERS = [
    (
        "Sheffield Bar Stock Ltd",
        "316, 304 and 17-4PH stainless bar, 10–120 mm, with 3.1 mill certificates",
        "material",
        1,
        BUYER,
        ("Jo Turner", "sales@sheffieldbar.example", "0114 496 0101"),
        ["Purchasing and supplier control", "CNC machining"],
        [("ISO 9001:2015", "GB-Q-44120", "BSI", 410)],
        [
            (720, "2024 H1", (4, 4, 3, 4)),
            (540, "2024 H2", (4, 5, 3, 4)),
            (360, "2025 H1", (5, 4, 3, 4)),
            (180, "2025 H2", (5, 5, 3, 4)),
            (12, "2026 H1", (5, 5, 3, 5)),
        ],
        "approved",
    ),
    (
        "Calder Heat Treatment Ltd",
        "Vacuum hardening and tempering of tool steels; stress relieving",
        "outsourced",
        1,
        BUYER,
        ("Mark Ibbotson", "mark@calderheat.example", "01422 555 0190"),
        ["CNC machining"],
        [("ISO 9001:2015", "LRQ-0981223", "LRQA", 520), ("Nadcap AC7102 heat treating", "NAD-26114", "PRI", 25)],
        [
            (700, "2024 H1", (4, 4, 3, 4)),
            (520, "2024 H2", (4, 3, 3, 4)),
            (330, "2025 H1", (2, 2, 3, 2)),
            (170, "2025 H2", (4, 3, 3, 4)),
            (20, "2026 H1", (4, 4, 3, 5)),
        ],
        "recovered",
    ),
    (
        "Pennine Anodising Co",
        "Hard and sulphuric anodising, passivation of stainless parts",
        "outsourced",
        1,
        BUYER,
        ("Sue Whiteley", "sue@pennineanodising.example", "01484 555 0133"),
        ["CNC machining"],
        [("ISO 9001:2015", "NQA-77215", "NQA", -10)],
        [(560, "2024 H2", (3, 4, 4, 3)), (380, "2025 H1", (4, 3, 4, 3)), (200, "2025 H2", (3, 4, 4, 3))],
        "lapsed",
    ),
    (
        "Aire Valley Fasteners Ltd",
        "Stainless and high-tensile fasteners, inserts and dowels",
        "material",
        2,
        ASSISTANT,
        ("Gareth Lund", "orders@airevalleyfasteners.example", "0113 496 0222"),
        ["Purchasing and supplier control"],
        [("ISO 9001:2015", "SGS-GB-13/0455", "SGS", 600)],
        [(1100, "2023", (4, 4, 4, 4)), (760, "2024", (4, 5, 4, 4))],
        "approved",
    ),
    (
        "Yorkshire Castings Ltd",
        "LM25 aluminium sand and gravity die castings (pump housings)",
        "material",
        1,
        BUYER,
        ("Dave Hepworth", "quality@yorkscastings.example", "01924 555 0147"),
        ["Purchasing and supplier control", "CNC machining", "Inspection and testing"],
        [("ISO 9001:2015", "BV-GB-88412", "Bureau Veritas", 300)],
        [
            (720, "2024 H1", (4, 3, 4, 3)),
            (540, "2024 H2", (3, 3, 4, 3)),
            (380, "2025 H1", (3, 3, 3, 3)),
            (190, "2025 H2", (4, 3, 3, 3)),
            (40, "2026 H1", (2, 3, 3, 2)),
        ],
        "struggling",
    ),
    (
        "Northern Gauge & Calibration Ltd",
        "UKAS calibration of gauges, micrometers, height gauges and the CMM",
        "calibration",
        2,
        "quality",
        ("Priti Desai", "lab@northerngauge.example", "0113 496 0305"),
        ["Maintenance and calibration", "Inspection and testing"],
        [("ISO/IEC 17025:2017 (UKAS 0931)", "0931", "UKAS", 820)],
        [(650, "2024", (5, 4, 3, 5)), (290, "2025", (5, 4, 3, 5))],
        "approved",
    ),
    (
        "Hallam Tooling Supplies",
        "Carbide inserts, solid carbide end mills, tool holders",
        "material",
        2,
        ASSISTANT,
        ("Ian Marsh", "ian@hallamtooling.example", "0114 496 0440"),
        ["CNC machining"],
        [],
        [(600, "2024", (4, 4, 3, 4)), (250, "2025", (4, 5, 3, 5))],
        "approved",
    ),
    (
        "Brigg Logistics Ltd",
        "Overnight pallet and courier deliveries to customers",
        "service",
        3,
        ASSISTANT,
        ("Control room", "ops@brigglogistics.example", "01652 555 0170"),
        ["Dispatch and delivery"],
        [],
        [(400, "2025", (4, 3, 4, 3))],
        "approved",
    ),
    (
        "Kirkstall Packaging Supplies",
        "VCI bags, foam inserts and export crates",
        "material",
        3,
        ASSISTANT,
        ("Amy Cole", "amy@kirkstallpack.example", "0113 496 0512"),
        ["Dispatch and delivery"],
        [],
        [(380, "2025", (4, 4, 4, 4))],
        "approved",
    ),
    (
        "Don Valley Precision Grinding",
        "Cylindrical and surface grinding to 2 µm, honing",
        "outsourced",
        1,
        BUYER,
        ("Steve Lockwood", "steve@donvalleygrinding.example", "0114 496 0633"),
        ["CNC machining"],
        [("AS9100D", "AS-77821", "BSI", 700), ("ISO 9001:2015", "FS-55120", "BSI", 700)],
        [
            (700, "2024 H1", (5, 4, 3, 4)),
            (520, "2024 H2", (5, 4, 3, 4)),
            (340, "2025 H1", (5, 5, 3, 4)),
            (160, "2025 H2", (5, 5, 3, 5)),
        ],
        "approved",
    ),
    (
        "Wharfe Plating Ltd",
        "Zinc-nickel and electroless nickel plating",
        "outsourced",
        1,
        BUYER,
        ("Neil Gray", "neil@wharfeplating.example", "01943 555 0181"),
        ["CNC machining"],
        [("ISO 9001:2015", "ISOQAR-20077", "ISOQAR", 150)],
        [(600, "2024 H2", (3, 3, 3, 3)), (420, "2025 H1", (2, 2, 3, 2)), (250, "2025 H2", (2, 1, 3, 2))],
        "disqualified",
    ),
    (
        "Harrogate Industrial Coatings",
        "Polyester powder coating of guards and frames",
        "outsourced",
        2,
        ASSISTANT,
        ("Lucy Ward", "lucy@harrogatecoatings.example", "01423 555 0119"),
        ["Purchasing and supplier control"],
        [("ISO 9001:2015", "CQS-1182", "Certification Europe", 900)],
        [(15, "Trial batch", (4, 3, 4, 4))],
        "prospective",
    ),
    (
        "Leeds Laser Profiles Ltd",
        "Laser-cut steel and stainless profiles and brackets",
        "outsourced",
        2,
        ASSISTANT,
        ("Tom Kaye", "tom@leedslaser.example", "0113 496 0777"),
        ["CNC machining"],
        [("ISO 9001:2015", "GB-Q-51177", "BSI", 240)],
        [(610, "2024", (4, 3, 4, 4)), (60, "2025 H2", (3, 2, 3, 3))],
        "watch",
    ),
    (
        "Ripon Electronics Assembly",
        "Cable harnesses and control panels for the Sheffield assembly line",
        "outsourced",
        2,
        "production",
        ("Karen Blake", "karen@riponelectronics.example", "01765 555 0108"),
        ["Purchasing and supplier control"],
        [("ISO 9001:2015", "DNV-2201-GB", "DNV", 500), ("IPC/WHMA-A-620 trained staff", "A620-4471", "IPC", 130)],
        [(590, "2024", (4, 4, 3, 4)), (230, "2025", (4, 4, 4, 3))],
        "approved",
    ),
    (
        "Castleford Industrial Gases",
        "Argon, nitrogen and oxygen cylinders; coolant concentrate",
        "material",
        3,
        ASSISTANT,
        ("Depot", "castleford@gases.example", "01977 555 0160"),
        ["Maintenance and calibration"],
        [],
        [(420, "2025", (4, 4, 3, 3))],
        "approved",
    ),
]


def _day(days_ago: int) -> datetime.date:
    return timezone.localdate() - datetime.timedelta(days=days_ago)


def load_demo(org, people) -> None:
    if not EvaluationCriterion.objects.filter(organisation=org).exists():
        services.criteria_defaults_create(org=org, by=None)
    criteria = services.active_criteria(org)
    existing = set(Supplier.objects.filter(organisation=org).values_list("name", flat=True))
    processes = {p.name: p for p in Process.objects.filter(organisation=org)}
    with trail.acting(None, source="demo"):
        for entry in SUPPLIERS:
            if entry[0] not in existing:
                _supplier(org, people, criteria, processes, *entry)


def _supplier(
    org,
    people,
    criteria,
    processes,
    name,
    supplies,
    kind,
    tier,
    buyer,
    contact,
    served,
    certificates,
    evaluations,
    story,
):
    contact_name, email, phone = contact
    data = {
        "name": name,
        "supplies": supplies,
        "kind": kind,
        "tier": tier,
        "owner": people.get(buyer),
        "contact_name": contact_name,
        "contact_email": email,
        "contact_phone": phone,
        "processes": [processes[p] for p in served if p in processes],
    }
    supplier = services.supplier_create(org=org, data=data, by=None)
    for standard, number, issuer, days in certificates:
        services.certificate_create(
            org=org,
            data={
                "supplier": supplier,
                "standard": standard,
                "certificate_number": number,
                "issuer": issuer,
                "valid_from": _day(-days + 3 * 365) if days < 3 * 365 else None,
                "valid_until": timezone.localdate() + datetime.timedelta(days=days),
            },
            by=None,
        )
    if story != "prospective":
        services.supplier_transition(
            supplier, status="approved", by=None, reason="Approved after a supplier audit and first-article inspection."
        )
    evaluator = people.get(buyer)
    for days_ago, period, scores in evaluations:
        services.evaluation_create(
            org=org,
            data={"supplier": supplier, "period": period, "evaluated_on": _day(days_ago), "evaluated_by": evaluator},
            by=None,
            scores={c.pk: s for c, s in zip(criteria, scores, strict=True)},
        )
        _backdate_scars(supplier, days_ago)
    _story(supplier, story)


def _backdate_scars(supplier, days_ago: int) -> None:
    """A SCAR raised by a past evaluation was issued that day (the demo records history in one go)."""
    for scar in Scar.objects.filter(
        supplier=supplier, evaluation__evaluated_on=_day(days_ago), issued_on=timezone.localdate()
    ):
        services.scar_update(scar, data={"issued_on": _day(days_ago), "response_due": _day(days_ago - 21)}, by=None)


def _story(supplier, story: str) -> None:
    supplier = Supplier.objects.get(pk=supplier.pk)
    scars = list(Scar.objects.filter(supplier=supplier).order_by("issued_on", "id"))
    if story == "recovered":  # Calder: the 2025 H1 dip answered, verified and closed; approved again
        scar = scars[0]
        services.scar_transition(
            scar,
            status="response_received",
            by=None,
            on=_day(310),
            text="8D: furnace thermocouple drifted; replaced, survey per AMS2750 added monthly.",
        )
        services.scar_transition(
            scar,
            status="verified",
            by=None,
            on=_day(160),
            text="Hardness on the next 12 batches within 58–60 HRC; TUS report seen on site.",
        )
        services.scar_transition(scar, status="closed", by=None, on=_day(158))
        services.supplier_transition(
            supplier,
            status="approved",
            by=None,
            reason=f"{scar.number} verified effective; scores back above the threshold.",
        )
    elif story == "struggling":  # Yorkshire Castings: earlier SCARs closed, the latest one's response overdue
        for first in scars[:-1]:
            _closed_scar(first)
    elif story == "watch":  # Leeds Laser: late deliveries; the SCAR's answer waits for verification
        services.scar_transition(
            scars[-1],
            status="response_received",
            by=None,
            on=_day(45),
            text="Second laser shift added; deliveries confirmed by e-mail the day before.",
        )
    elif story == "lapsed":  # Pennine: certificate lapsed, kept conditional while the recertification runs
        services.supplier_transition(
            supplier,
            status="conditional",
            by=None,
            reason="ISO 9001 certificate lapsed; recertification audit booked. 100 % inspection at goods-in meanwhile.",
        )
    elif story == "disqualified":  # Wharfe: third failure, work moved elsewhere
        for scar in scars:
            if scar.status == "issued":
                services.scar_transition(scar, status="closed", by=None, reason="Supplier disqualified; work moved.")
        services.supplier_transition(
            supplier,
            status="disqualified",
            by=None,
            reason="Third zinc-nickel thickness failure in a year; plating moved to an approved source.",
        )


def _closed_scar(scar) -> None:
    """An earlier SCAR of the foundry: answered within three weeks, verified on later batches, closed."""
    issued = scar.issued_on
    services.scar_transition(
        scar,
        status="response_received",
        by=None,
        on=issued + datetime.timedelta(days=18),
        text="Porosity traced to degassing; rotary degasser now used on every melt.",
    )
    services.scar_transition(
        scar,
        status="verified",
        by=None,
        on=issued + datetime.timedelta(days=90),
        text="X-ray of 3 consecutive batches clear.",
    )
    services.scar_transition(scar, status="closed", by=None, on=issued + datetime.timedelta(days=91))
