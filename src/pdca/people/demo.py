"""Demo data for Harrow Precision (core/demo.py calls load_demo): the competences a machine shop needs,
nine job roles with their required levels and the documents they must know, a competence matrix for the
whole staff (mostly met, with gaps, missing assessments and lapsed qualifications to act on), five
trainings in every state (one evaluated that raised levels, one overdue for evaluation), a new revision
of the machine warm-up instruction that flags the setters and machinists for retraining (two have read
it), and awareness of the policy and objectives for part of the staff. Loading twice changes nothing."""

import datetime

from django.utils import timezone

from pdca.core import trail
from pdca.people import services
from pdca.people.models import Competence, JobRole, PersonCompetence, RetrainingFlag, RoleRequirement, Training

# (name, category, requalify months, description)
COMPETENCES = [
    ("Setting the Haas VF-2 and DMG 5-axis", "skill", None, "Fixtures, work offsets, tool lengths, first-off."),
    ("Operating CNC machining centres", "skill", None, "Load, run, monitor and unload to the route card."),
    ("CAM programming (5-axis)", "skill", None, "Programmes from the model, verified in simulation."),
    ("Reading drawings and GD&T", "knowledge", None, "ISO 1101 symbols, datums, general tolerances."),
    ("Hand measuring instruments", "skill", None, "Micrometers, verniers, bore gauges, height gauge."),
    ("First-off inspection", "skill", 24, "Full dimensional check of the first part before the batch."),
    ("CMM programming and operation", "skill", 24, "Zeiss Calypso programmes and reports."),
    ("Deburring and edge break", "skill", None, "Edges 0.2-0.5 mm, no burrs in cross-drillings."),
    ("Hydraulic pressure testing", "qualification", 12, "Test rig operation at 1.5 x rated pressure."),
    ("Torque-controlled assembly", "skill", 12, "Calibrated wrenches, torque sequence, witness marks."),
    ("Counterbalance forklift licence", "qualification", 36, "RTITB or equivalent certificate."),
    ("Abrasive wheel mounting", "qualification", 36, "PUWER-trained wheel mounting."),
    ("Goods-in inspection", "skill", None, "Certificates of conformity, material certs, sampling."),
    ("Gauge calibration", "skill", 24, "In-house calibration of gauges against the masters."),
    ("Internal auditing to ISO 9001", "qualification", 36, "Process auditing, evidence, reporting."),
    ("Quality awareness", "behaviour", 12, "The policy, our objectives, what a nonconformity costs."),
]

# (role, process, documents by title, holders by job title or login, {competence: level})
ROLES = [
    (
        "CNC setter-operator",
        "CNC machining",
        ["CNC machine start-up and warm-up", "Setting a work offset on the Haas VF-2", "First-off inspection"],
        ["Setter-operator"],
        {
            "Setting the Haas VF-2 and DMG 5-axis": 3,
            "Operating CNC machining centres": 4,
            "Reading drawings and GD&T": 3,
            "Hand measuring instruments": 3,
            "First-off inspection": 3,
            "Quality awareness": 2,
        },
    ),
    (
        "CNC machinist",
        "CNC machining",
        ["CNC machine start-up and warm-up"],
        ["CNC machinist"],
        {
            "Operating CNC machining centres": 3,
            "Reading drawings and GD&T": 2,
            "Hand measuring instruments": 3,
            "Deburring and edge break": 2,
            "Quality awareness": 2,
        },
    ),
    (
        "Apprentice machinist",
        "CNC machining",
        ["CNC machine start-up and warm-up"],
        ["Apprentice machinist"],
        {
            "Operating CNC machining centres": 2,
            "Hand measuring instruments": 2,
            "Deburring and edge break": 2,
            "Quality awareness": 1,
        },
    ),
    (
        "Inspector",
        "Inspection and testing",
        ["First-off inspection", "CMM programme verification"],
        ["Inspector", "Inspector (CMM)", "Quality technician"],
        {
            "Reading drawings and GD&T": 4,
            "Hand measuring instruments": 4,
            "First-off inspection": 3,
            "CMM programming and operation": 2,
            "Gauge calibration": 2,
            "Quality awareness": 3,
        },
    ),
    (
        "Assembler",
        None,
        ["Assembly torque settings", "Hydraulic manifold pressure test"],
        ["Assembler", "Assembler (agency)", "Assembly supervisor"],
        {"Torque-controlled assembly": 3, "Reading drawings and GD&T": 2, "Quality awareness": 2},
    ),
    (
        "Test technician",
        None,
        ["Hydraulic manifold pressure test"],
        ["Test technician"],
        {"Hydraulic pressure testing": 3, "Torque-controlled assembly": 2, "Quality awareness": 2},
    ),
    (
        "Maintenance engineer",
        "Maintenance and calibration",
        ["Coolant concentration check"],
        ["Maintenance engineer", "Maintenance technician"],
        {"Abrasive wheel mounting": 3, "Gauge calibration": 2, "Quality awareness": 2},
    ),
    (
        "Stores and goods-in",
        "Purchasing and supplier control",
        ["Packing and labelling for dispatch", "Goods-in inspection"],
        ["Stores and goods-in", "Stores", "Dispatch"],
        {"Counterbalance forklift licence": 3, "Goods-in inspection": 3, "Quality awareness": 2},
    ),
    (
        "Internal auditor",
        "Internal audit and improvement",
        [],
        ["leadauditor", "auditor"],
        {"Internal auditing to ISO 9001": 3, "Quality awareness": 3},
    ),
]

# A fixed pattern of how assessed levels sit against the requirement (keeps the demo repeatable):
# 0 meets, -1 one below, None not assessed, "lapsed" requalification overdue, +1 above.
PATTERN = [0, 0, +1, 0, -1, 0, 0, None, 0, +1, 0, "lapsed", 0, 0, -1, 0, 0, 0, None, 0]

# (title, kind, provider, owner, days from today, state, competences, documents, attendee job titles)
TRAININGS = [
    (
        "First-off inspection refresher",
        "internal",
        "Helen Okafor",
        "quality",
        -120,
        "evaluated",
        ["First-off inspection"],
        ["First-off inspection"],
        ["Setter-operator", "Apprentice machinist"],
    ),
    (
        "Torque-controlled assembly with the new wrenches",
        "on_the_job",
        "Paul Kershaw",
        "Paul Kershaw",
        -100,
        "completed",
        ["Torque-controlled assembly"],
        [],
        ["Assembler"],
    ),
    (
        "Counterbalance forklift refresher",
        "external",
        "Yorkshire Lift Training Ltd",
        "Laura Kemp",
        30,
        "planned",
        ["Counterbalance forklift licence"],
        [],
        ["Stores and goods-in", "Stores"],
    ),
    (
        "Zeiss Calypso advanced programming",
        "external",
        "Carl Zeiss UK",
        "quality",
        10,
        "cancelled",
        ["CMM programming and operation"],
        [],
        ["Inspector (CMM)"],
    ),
    (
        "Warm-up instruction revision B briefing",
        "briefing",
        "Darren Hughes",
        "production",
        -2,
        "retraining",
        [],
        ["CNC machine start-up and warm-up"],
        ["Setter-operator"],
    ),
]


def _today():
    return timezone.localdate()


def load_demo(org, people) -> None:
    with trail.acting(None, source="demo"):
        competences = _competences(org)
        roles = _roles(org, people, competences)
        if not PersonCompetence.objects.filter(organisation=org).exists():
            _assessments(org, people, roles, competences)
        _new_revision(org, people)
        existing = set(Training.objects.filter(organisation=org).values_list("title", flat=True))
        for entry in TRAININGS:
            if entry[0] not in existing:
                _training(org, people, competences, entry)
        if not RetrainingFlag.objects.filter(organisation=org, cleared_on__isnull=False).exists():
            _acknowledge_some(org, people)
        _awareness(org, people)


def _competences(org) -> dict[str, Competence]:
    found = {c.name: c for c in Competence.objects.filter(organisation=org)}
    for name, category, months, description in COMPETENCES:
        if name not in found:
            data = {"name": name, "category": category, "requalify_months": months, "description": description}
            found[name] = services.row_create(Competence, org=org, data=data, by=None)
    return found


def _holders(people, keys) -> list:
    chosen = []
    for key, person in people.items():
        if key in keys or (person.job_title in keys and person.is_active):
            chosen.append(person)
    return sorted({p.pk: p for p in chosen}.values(), key=lambda p: p.name)


def _roles(org, people, competences) -> dict[str, tuple[JobRole, dict]]:
    from pdca.documents.models import Document
    from pdca.processes.models import Process

    existing = {r.name: r for r in JobRole.objects.filter(organisation=org)}
    processes = {p.name: p for p in Process.objects.filter(organisation=org)}
    documents = {d.title: d for d in Document.objects.filter(organisation=org)}
    roles = {}
    for name, process, titles, holders, required in ROLES:
        role = existing.get(name)
        if role is None:
            data = {
                "name": name,
                "process": processes.get(process),
                "documents": [documents[t] for t in titles if t in documents],
                "people": _holders(people, holders),
                "purpose": f"{name} at Harrow Precision.",
            }
            role = services.row_create(JobRole, org=org, data=data, by=None)
            for competence, level in required.items():
                data = {"role": role, "competence": competences[competence], "required_level": level}
                services.row_create(RoleRequirement, org=org, data=data, by=None)
        roles[name] = (role, required)
    return roles


def _assessments(org, people, roles, competences) -> None:
    assessor = people["quality"]
    i = 0
    done = set()
    for role, required in roles.values():
        for person in role.people.order_by("name"):
            for competence, level in required.items():
                if (person.pk, competence) in done:
                    continue
                done.add((person.pk, competence))
                shape = PATTERN[i % len(PATTERN)]
                i += 1
                if shape is None:
                    continue
                _assess(org, person, competences[competence], level, shape, assessor, i)


def _assess(org, person, competence, required, shape, assessor, i) -> None:
    days_ago = 30 + (i * 37) % 500
    valid_until = None
    if shape == "lapsed":
        days_ago, held = 800, required
        valid_until = _today() - datetime.timedelta(days=12 + i % 40)
    else:
        held = max(0, min(4, required + shape))
    data = {
        "person": person,
        "competence": competence,
        "level": held,
        "assessed_on": _today() - datetime.timedelta(days=days_ago),
        "assessed_by": assessor,
        "evidence_kind": "qualification" if competence.category == "qualification" else "observation",
        "evidence": "Certificate on file." if competence.category == "qualification" else "Observed at work.",
        "valid_until": valid_until,
    }
    services.competence_assess(org=org, data=data, by=None)


def _new_revision(org, people) -> None:
    """Revision B of the warm-up instruction: its effective date flags the setters and machinists."""
    from pdca.documents import services as documents
    from pdca.documents.demo import _approve, _submit
    from pdca.documents.models import Document

    document = Document.objects.filter(organisation=org, title="CNC machine start-up and warm-up").first()
    if document is None or RetrainingFlag.objects.filter(organisation=org, document=document).exists():
        return
    if document.current_revision_id is None or document.revisions.filter(status__in=("draft", "in_review")).exists():
        return
    revision = documents.revision_create(
        document=document, by=None, change_summary="Warm-up extended to 20 minutes after a spindle bearing failure."
    )
    documents.revision_update(
        revision,
        data={"markdown": revision.markdown + "\nRun the 20-minute warm-up after any stop over 4 hours.\n"},
        by=None,
    )
    _submit(revision, document, people)
    _approve(revision, document, people)
    documents.revision_make_effective(revision, by=None)


def _training(org, people, competences, entry) -> None:
    title, kind, provider, owner, days, state, comps, titles, attendee_titles = entry
    from pdca.documents.models import Document

    attendees = _holders(people, attendee_titles)
    planned_on = _today() + datetime.timedelta(days=days)
    data = {
        "title": title,
        "kind": kind,
        "provider": provider,
        "owner": people[owner],
        "planned_on": planned_on,
        "competences": [competences[c] for c in comps],
        "documents": list(Document.objects.filter(organisation=org, title__in=titles)),
        "attendees": attendees,
        "target_level": 3,
    }
    training = services.training_create(org=org, data=data, by=None)
    if state == "cancelled":
        services.training_cancel(training, by=None, reason="Trainer unavailable; rebooking for the spring.")
    if state not in ("evaluated", "completed", "retraining"):
        return
    absent = attendees[-1:] if state == "evaluated" and len(attendees) > 2 else []
    services.training_complete(
        training,
        by=None,
        completed_on=planned_on,
        absent=absent,
        evaluate_by=planned_on + datetime.timedelta(days=60) if state == "completed" else None,
    )
    if state != "evaluated":
        return
    verdicts = ["effective", "not_effective", "partly", "effective"]
    for n, attendee in enumerate(training.attendees.filter(attended=True).select_related("person", "training")):
        verdict = verdicts[n % len(verdicts)]
        services.attendee_evaluate(
            attendee,
            by=None,
            effectiveness=verdict,
            level_reached=3 if verdict != "not_effective" else 2,
            comment="Observed on the next three first-offs.",
            evaluated_on=planned_on + datetime.timedelta(days=30),
        )


def _acknowledge_some(org, people) -> None:
    from pdca.documents import services as documents

    flags = list(RetrainingFlag.objects.filter(organisation=org, cleared_on=None).select_related("revision")[:2])
    for flag in flags:
        documents.acknowledgement_record(flag.revision, by=None, person=flag.person)


def _awareness(org, people) -> None:
    """Half the shop floor briefed on the policy and their objectives (the rest shows on the overview)."""
    from pdca.objectives.models import QualityObjective
    from pdca.objectives.selectors import quality_policy
    from pdca.people.models import ObjectiveAwareness
    from pdca.people.selectors import relevant_objectives

    if ObjectiveAwareness.objects.filter(organisation=org).exists():
        return
    policy = quality_policy(org)
    staff = sorted((p for p in people.values() if p.is_active), key=lambda p: p.name)[::2]
    relevant = relevant_objectives(org, [p.pk for p in staff])
    for person in staff:
        objectives = QualityObjective.objects.filter(pk__in=relevant.get(person.pk, ()))
        has_policy = policy is not None and policy.current_revision_id is not None
        services.awareness_record(person, by=None, policy=has_policy, objectives=objectives)
