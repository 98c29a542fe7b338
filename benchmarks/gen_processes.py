"""Benchmark data of the processes app: `n` processes of every type and status with SIPOC text, owners
and members (the bench login owns some and works in others, for "my processes"), linked documents and
clause tags, and about 1.5 interactions per process, mostly between neighbours in the numbering, so
there are chains and loops.

The map page is bounded by design (processes.selectors.MAP_LIMIT, ARROW_LIMIT): it draws at most 60
approved processes, the most important first, and at most 200 arrows among them, whatever the size of
the register; a register of 10,000 is read through the list, its filters and the Excel export.

Inserted with plain QuerySet.bulk_create (around OrgQuerySet's trail hook, for speed). Called by
generate.py (REGISTER_MODULES) with Django set up, before the risks and objectives generators, which
link some of their rows to these processes.
"""

import datetime
import random

from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction
from django.utils import timezone

from pdca.core.models import ClauseTag, Person, Sequence
from pdca.core.numbering import format_number
from pdca.documents.models import Document
from pdca.processes.choices import PROCESS_PREFIX, ProcessStatus, ProcessType
from pdca.processes.models import Process, ProcessInteraction

URLS = [
    ("process register", "/o/{org}/processes/"),
    ("process register ?type=core&status=active", "/o/{org}/processes/?process_type=core&status=active"),
    ("process register ?mine", "/o/{org}/processes/?mine=true"),
    ("process register ?q=machining", "/o/{org}/processes/?q=machining"),
    ("process turtle page", "/o/{org}/processes/{process}/"),
    ("process map", "/o/{org}/processes/map/"),
    ("process interactions", "/o/{org}/processes/interactions/?process={process}"),
    ("api processes", "/api/v1/o/{org}/processes/"),
]

BATCH = 500
ACTIVITIES = [
    "CNC machining",
    "Turning",
    "Grinding",
    "Inspection",
    "Assembly",
    "Testing",
    "Purchasing",
    "Dispatch",
    "Sales",
    "Planning",
    "Maintenance",
    "Calibration",
    "Training",
    "Internal audit",
    "Management review",
    "Design",
    "Customer service",
    "Stores",
]
AREAS = ["cell", "line", "shop", "site", "team"]
TYPES = [(ProcessType.MANAGEMENT, 1), (ProcessType.CORE, 6), (ProcessType.SUPPORT, 3)]
STATUSES = [(ProcessStatus.ACTIVE, 8), (ProcessStatus.DRAFT, 1), (ProcessStatus.RETIRED, 1)]
CLAUSES = {
    ProcessType.MANAGEMENT: "hs.evaluation.review",
    ProcessType.CORE: "hs.operation.production.control",
    ProcessType.SUPPORT: "hs.support.resources.infrastructure",
}


def _insert(model, objs: list) -> list:
    for start in range(0, len(objs), BATCH):
        with transaction.atomic():
            models.QuerySet.bulk_create(model.objects.all(), objs[start : start + BATCH], batch_size=BATCH)
    return objs


def _pick(rng: random.Random, weighted: list):
    return rng.choices([v for v, _w in weighted], [w for _v, w in weighted])[0]


def _process(org, i: int, owner: Person, rng: random.Random, today) -> Process:
    activity = ACTIVITIES[i % len(ACTIVITIES)]
    status = _pick(rng, STATUSES)
    approved = status != ProcessStatus.DRAFT
    return Process(
        organisation=org,
        number=format_number(PROCESS_PREFIX, i + 1),
        name=f"{activity} {rng.choice(AREAS)} {i + 1}",
        process_type=_pick(rng, TYPES),
        status=status,
        importance=rng.choice((1, 2, 2, 3)),
        owner=owner,
        purpose=f"{activity} to plan, first time right.",
        inputs="Orders, drawings, material, programmes",
        outputs="Conforming parts and their records",
        suppliers="Planning; purchasing; approved suppliers",
        customers="The next process; customers",
        resources="Machines, fixtures, gauges",
        competences="Trained operators (competence matrix level 2)",
        criteria="First-off approval; scrap rate; on-time completion",
        next_review_date=today + datetime.timedelta(days=rng.randint(-90, 365)),
        approved_at=timezone.now() if approved else None,
        approved_version=1 if approved else None,
    )


def generate(org, people: list, rng: random.Random, n: int) -> dict:
    """`n` processes and about 1.5 n interactions; placeholders for URLS."""
    today = timezone.localdate()
    people = [p for p in people if p.is_active] or list(Person.objects.for_org(org)[:100])
    bench = Person.objects.filter(organisation=org, user__username="bench").first() or people[0]
    owners = [bench if i % 40 == 0 else rng.choice(people) for i in range(n)]
    processes = _insert(Process, [_process(org, i, owners[i], rng, today) for i in range(n)])
    Sequence.objects.update_or_create(organisation=org, prefix=PROCESS_PREFIX, defaults={"last_value": n})
    _members(processes, people, bench, rng)
    _documents(org, processes, rng)
    _tags(org, processes)
    _interactions(org, processes, rng)
    sample = next(p for p in processes if p.status == ProcessStatus.ACTIVE and p.process_type == ProcessType.CORE)
    return {"process": sample.pk}


def _members(processes: list, people: list, bench: Person, rng: random.Random) -> None:
    through = Process.members.through
    rows = []
    for i, process in enumerate(processes):
        chosen = set(rng.sample(people, min(len(people), rng.randint(2, 6))))
        if i % 25 == 3:
            chosen.add(bench)
        rows += [through(process_id=process.pk, person_id=person.pk) for person in chosen]
    _insert(through, rows)


def _documents(org, processes: list, rng: random.Random) -> None:
    documents = list(Document.objects.filter(organisation=org).values_list("pk", flat=True)[:500])
    if not documents:
        return
    through = Process.documents.through
    rows = [
        through(process_id=p.pk, document_id=d)
        for p in processes
        for d in rng.sample(documents, min(len(documents), rng.randint(0, 4)))
    ]
    _insert(through, rows)


def _tags(org, processes: list) -> None:
    ct = ContentType.objects.get_for_model(Process)
    tags = [
        ClauseTag(organisation=org, content_type=ct, object_id=p.pk, key=CLAUSES[p.process_type]) for p in processes
    ]
    _insert(ClauseTag, tags)


def _interactions(org, processes: list, rng: random.Random) -> None:
    """Chains along the numbering (i → i+1 … i+3) with some long jumps and loops back."""
    links, seen = [], set()
    for i, source in enumerate(processes):
        for _ in range(rng.choice((0, 1, 1, 2, 2, 3))):
            j = i + rng.choice((1, 1, 2, 3, -1, -5)) if rng.random() < 0.9 else rng.randrange(len(processes))
            if not 0 <= j < len(processes) or j == i or (i, j) in seen:
                continue
            seen.add((i, j))
            target = processes[j]
            links.append(
                ProcessInteraction(
                    organisation=org,
                    source=source,
                    target=target,
                    description=f"Output {len(links) + 1} of {source.number} for {target.number}",
                )
            )
    _insert(ProcessInteraction, links)
