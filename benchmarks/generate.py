"""Build a "large organisation" for the benchmarks in the database named by DATABASE_URL.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/pdca_bench \\
        .venv/bin/python benchmarks/generate.py --people 2000 --actions 20000 --trail 500000

Creates the organisation `bench` (and a second one, `bench-other`, with a tenth of the data so
that every query has to filter by organisation), a login `bench` (quality manager) with the
password BENCH_PASSWORD, a dozen other logins with various roles, sites, people with managers,
actions ACT-0001… with their due items, trail entries spread over two years, several actors
and several object types, and gap assessments against the shipped ISO 9001 catalogue (the oldest
completed with their results frozen, the newest in progress: the one the scoring pages use).

Seeding goes around the app's own write paths on purpose, for speed: OrgQuerySet.bulk_create
records one trail entry per created row (core/models/base.py), so sites, people, actions and due
items go through django.db.models.QuerySet.bulk_create directly, and the trail entries through
executemany in batches of --batch rows (raw_insert), both organisations' entries in time order.
The small things (organisations, memberships, the applicability decision and the current gap
assessment) still go through the services; the earlier assessments and their responses are cloned
from the current one with QuerySet.bulk_create.

Idempotent-ish: when the organisation exists with the same sizes, nothing is done; with other
sizes the script stops (exit code 3) unless --reset is given, which deletes both benchmark
organisations and the bench logins first. Writes the facts run.py needs to --meta-out.
"""

import argparse
import contextlib
import datetime
import importlib
import json
import os
import random
import sys
import time
from pathlib import Path

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pdca.settings")

import django

django.setup()

from django.apps import apps  # noqa: E402
from django.contrib.contenttypes.models import ContentType  # noqa: E402
from django.db import DEFAULT_DB_ALIAS, connection, connections, models, transaction  # noqa: E402
from django.utils import timezone  # noqa: E402

from pdca.core import search, services, trail  # noqa: E402
from pdca.core.choices import ActionStatus, Priority, Role, TrailAction  # noqa: E402
from pdca.core.models import (  # noqa: E402
    Action,
    Attachment,
    ClauseTag,
    DueItem,
    Membership,
    Organisation,
    Person,
    Sequence,
    Site,
    TrailEntry,
    User,
)
from pdca.core.numbering import format_number  # noqa: E402
from pdca.documents import content as document_content  # noqa: E402
from pdca.documents.choices import TYPE_PREFIXES, DocumentStatus, DocumentType, RevisionStatus  # noqa: E402
from pdca.documents.models import Document, DocumentRevision  # noqa: E402
from pdca.gap import scoring, selectors  # noqa: E402
from pdca.gap import services as gap_services  # noqa: E402
from pdca.gap.choices import AssessmentStatus  # noqa: E402
from pdca.gap.models import Assessment, Response  # noqa: E402
from pdca.records import services as record_services  # noqa: E402
from pdca.records.models import Record, RecordLink  # noqa: E402
from pdca.standards.models import Requirement, Standard  # noqa: E402

BENCH_USERNAME = "bench"
BENCH_PASSWORD = "bench-only-password-2026"  # benchmark data only, never a real account
USER_PREFIX = "bench-"  # the other generated logins: bench-u01 …
HISTORY_DAYS = 730  # the trail spreads over two years

FIRST = (  # noqa: SIM905
    "Aisha Ben Chloe Daniel Emma Fatima Gary Hannah Ian Jamie Karen Laura Mohammed Nadia Olivia Paul "
    "Rachel Sophie Tomasz Wayne Zoe Adam Beverley Craig Dylan Ellie Gemma Joseph Katie Lee Mark Neil Omar "
    "Piotr Ryan Sam Tracy Priya Graham Helen"
).split()
LAST = (  # noqa: SIM905
    "Shah Whitaker Okafor Nowak Pritchard Hughes Begum Levy Dunn Farouk Marsden Holt Walsh Zielinski "
    "Rahman Barlow Cartwright Adeyemi Lang Gale Doyle Crook Finch Grant Price Ashworth Moss Pickles Kemp "
    "Iqbal Thornton Reid Stott Kershaw Marshall Hirst Ali Bradshaw Sutcliffe Hollis Rowe Platt Ellison"
).split()
JOBS = [
    "CNC machinist",
    "Setter-operator",
    "Inspector",
    "Assembler",
    "Test technician",
    "Stores",
    "Maintenance engineer",
    "Production planner",
    "Design engineer",
    "Buyer",
    "Customer service",
    "Team leader",
    "Quality technician",
    "Apprentice",
    "Dispatch",
    "Finance assistant",
]
TOWNS = [
    "Leeds",
    "Sheffield",
    "Bradford",
    "York",
    "Hull",
    "Wakefield",
    "Doncaster",
    "Halifax",
    "Huddersfield",
    "Barnsley",
    "Rotherham",
    "Harrogate",
]
VERBS = [
    "Review",
    "Update",
    "Calibrate",
    "Train",
    "Investigate",
    "Replace",
    "Document",
    "Audit",
    "Verify",
    "Agree",
    "Check",
    "Move",
    "Record",
    "Approve",
]


def _vocabulary(n: int = 5000) -> list[str]:
    """Made-up words (syllables), fixed by the seed: a vocabulary whose frequencies can follow Zipf's law."""
    rng, syllables = random.Random(7), ["ka", "lo", "mi", "ne", "ru", "sa", "to", "vi", "ze", "bar", "dun", "fel"]
    words = []
    while len(words) < n:
        word = "".join(rng.choice(syllables) for _ in range(rng.randint(2, 4)))
        if word not in words:
            words.append(word)
    return words


VOCABULARY = _vocabulary()
THINGS = [
    "the work instruction for deburring",
    "the CMM probe",
    "the supplier evaluation criteria",
    "the control plan for the manifold",
    "the competence matrix",
    "the nonconformance log",
    "the calibration schedule",
    "the risk register",
    "the quality objectives",
    "the customer complaint",
    "the goods-in inspection",
    "the FAI report",
    "the internal audit plan",
    "the tool-life sheets",
    "the scrap figures",
    "the packaging specification",
]
# The logins besides `bench` (roles of a realistic organisation) and how often each acts in the trail.
OTHER_ROLES = [
    Role.ADMIN,
    Role.TOP_MANAGEMENT,
    Role.TOP_MANAGEMENT,
    Role.QUALITY_MANAGER,
    Role.LEAD_AUDITOR,
    Role.AUDITOR,
    Role.AUDITOR,
    Role.PROCESS_OWNER,
    Role.PROCESS_OWNER,
    Role.PROCESS_OWNER,
    Role.EMPLOYEE,
]
ACTOR_WEIGHTS = [30, 2, 4, 3, 12, 6, 5, 4, 8, 7, 6, 3]  # bench first, then OTHER_ROLES in order
STATUS_WEIGHTS = {ActionStatus.OPEN: 3, ActionStatus.IN_PROGRESS: 2, ActionStatus.DONE: 4, ActionStatus.CANCELLED: 1}
PRIORITY_WEIGHTS = {Priority.CRITICAL: 1, Priority.HIGH: 3, Priority.MEDIUM: 5, Priority.LOW: 2}
GAP_STANDARD = "iso9001-2015"  # the shipped catalogue
GAP_NOT_APPLICABLE = "hs.operation.design"  # declared not applicable (a make-to-print shop), as in the demo
GAP_EVERY_DAYS = 14  # one assessment every two weeks back from today
# Probabilities of scores 0–4 in the oldest and the newest assessment; those between are interpolated.
GAP_SCORES_OLDEST = (0.25, 0.35, 0.25, 0.13, 0.02)
GAP_SCORES_NEWEST = (0.03, 0.10, 0.30, 0.45, 0.12)
GAP_CURRENT_COVERAGE = 0.7  # share of the in-progress assessment's applicable requirements already scored
GAP_TEXTS = [
    "Not yet consistent; evidence missing for part of the year.",
    "Procedure exists but is not followed on the night shift.",
    "No records kept since the system change.",
    "Only the main site does it.",
    "Defined in the manual, never reviewed.",
]


def parse_args(argv=None):
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0], formatter_class=argparse.RawTextHelpFormatter)
    p.add_argument("--org", default="bench", help="slug of the large organisation (default: bench)")
    p.add_argument("--other-org", default="bench-other", help="slug of the second organisation")
    p.add_argument("--people", type=int, default=2000, help="people in the organisation (default: 2000)")
    p.add_argument("--sites", type=int, default=0, help="sites (default: people/100, at least 3)")
    p.add_argument("--actions", type=int, default=20000, help="actions (default: 20000)")
    p.add_argument("--trail", type=int, default=500000, help="trail entries (default: 500000)")
    p.add_argument(
        "--assessments", type=int, default=50, help="gap assessments against ISO 9001, one in progress (default: 50)"
    )
    p.add_argument("--records", type=int, default=20000, help="records (default: 20000)")
    p.add_argument(
        "--documents", type=int, default=20000, help="controlled documents, ~3 revisions each (default: 20000)"
    )
    p.add_argument(
        "--registers",
        type=int,
        default=10000,
        help="rows of each planning register: context issues, legal requirements, processes, risks, objectives,\n"
        "KPIs (default: 10000; see REGISTER_MODULES)",
    )
    p.add_argument(
        "--other-share",
        type=float,
        default=0.1,
        help="size of the second organisation relative to the first (default: 0.1)",
    )
    p.add_argument("--batch", type=int, default=10000, help="rows per INSERT batch (default: 10000)")
    p.add_argument("--seed", type=int, default=2026)
    p.add_argument("--reset", action="store_true", help="delete the benchmark organisations first")
    p.add_argument(
        "--no-analyze",
        action="store_true",
        help="skip VACUUM ANALYZE on PostgreSQL afterwards (autovacuum would do it in production)",
    )
    p.add_argument("--meta-out", type=Path, help="write what run.py needs (slugs, login, ids) to this JSON file")
    args = p.parse_args(argv)
    args.sites = args.sites or max(3, args.people // 100)
    return args


GENERATOR_VERSION = 10  # bump when the data changes shape: run.py then rebuilds it


def sizes_of(args) -> dict:
    return {
        "generator": GENERATOR_VERSION,
        "people": args.people,
        "sites": args.sites,
        "actions": args.actions,
        "trail": args.trail,
        "assessments": args.assessments,
        "records": args.records,
        "documents": args.documents,
        "registers": args.registers,
        "other_share": args.other_share,
        "seed": args.seed,
    }


@contextlib.contextmanager
def explicit_timestamps(*fields):
    """Let bulk_create keep the timestamps we give instead of auto_now(_add) stamping them with now()."""
    saved = [(f, f.auto_now, f.auto_now_add) for f in fields]
    for f in fields:
        f.auto_now = f.auto_now_add = False
    try:
        yield
    finally:
        for f, auto_now, auto_now_add in saved:
            f.auto_now, f.auto_now_add = auto_now, auto_now_add


def seed_insert(model, objs: list, batch: int) -> list:
    """Plain bulk insert, one transaction per batch: bypasses OrgQuerySet.bulk_create's trail hook."""
    for start in range(0, len(objs), batch):
        with transaction.atomic():
            models.QuerySet.bulk_create(model.objects.all(), objs[start : start + batch], batch_size=batch)
    return objs


def raw_insert(model, rows: list[dict]) -> None:
    """INSERT rows (dicts by attname) in one transaction with executemany, values prepared by the model's
    own fields. Used for the trail: QuerySet.bulk_create spends ~250 µs a row compiling SQL and building
    model instances (and SQLite's 999-parameter limit cuts it into 90-row statements); this is ~10x faster."""
    conn = connections[DEFAULT_DB_ALIAS]  # the real connection: the `connection` proxy costs a lookup per use
    fields = [f for f in model._meta.concrete_fields if not f.primary_key]
    # Strings, integers and None go to the driver as they are; dates and JSON need the field's conversion.
    prepared = {f.attname for f in fields if f.get_internal_type() in {"DateTimeField", "DateField", "JSONField"}}
    qn = conn.ops.quote_name
    sql = (
        f"INSERT INTO {qn(model._meta.db_table)} ({', '.join(qn(f.column) for f in fields)}) "
        f"VALUES ({', '.join(['%s'] * len(fields))})"
    )
    preps = [(f.attname, f.get_db_prep_save if f.attname in prepared else None) for f in fields]
    params = [[prep(row[name], conn) if prep else row[name] for name, prep in preps] for row in rows]
    with transaction.atomic(), conn.cursor() as cursor:
        cursor.executemany(sql, params)


class Timer:
    def __init__(self):
        self.steps: dict[str, float] = {}

    @contextlib.contextmanager
    def step(self, name: str):
        start = time.perf_counter()
        yield
        self.steps[name] = round(self.steps.get(name, 0) + time.perf_counter() - start, 2)
        print(f"  {name}: {self.steps[name]:.1f} s", flush=True)


# --- Reset


def reset(slugs: list[str]) -> None:
    """Delete the benchmark organisations with raw DELETEs (Organisation.delete() would hit PROTECT on
    Action.owner and load every trail entry); foreign keys are deferred, so the order does not matter,
    but many-to-many rows (no organisation column) go first by their owner."""
    orgs = list(Organisation.objects.filter(slug__in=slugs).values_list("pk", flat=True))
    with transaction.atomic():
        if orgs:
            for model in apps.get_models():  # many-to-many rows of org-scoped rows (e.g. an assessment's sites)
                if not any(f.name == "organisation" for f in model._meta.concrete_fields):
                    continue
                for m2m in model._meta.local_many_to_many:
                    through = m2m.remote_field.through
                    if through._meta.auto_created:
                        owners = models.QuerySet(model).filter(organisation__in=orgs).values("pk")
                        qs = models.QuerySet(through).filter(**{f"{m2m.m2m_field_name()}__in": owners})
                        qs._raw_delete(qs.db)
            for model in apps.get_models():
                for field in model._meta.concrete_fields:
                    if field.is_relation and field.related_model is Organisation:
                        qs = models.QuerySet(model).filter(**{f"{field.name}__in": orgs})
                        qs._raw_delete(qs.db)
            models.QuerySet(Organisation).filter(pk__in=orgs)._raw_delete(connection.alias)
        users = User.objects.filter(models.Q(username=BENCH_USERNAME) | models.Q(username__startswith=USER_PREFIX))
        users.delete()


# --- Building one organisation


class OrgBuilder:
    def __init__(self, org: Organisation, *, rng: random.Random, batch: int, timer: Timer):
        self.org, self.rng, self.batch, self.timer = org, rng, batch, timer
        self.now = timezone.now()
        self.start = self.now - datetime.timedelta(days=HISTORY_DAYS)

    def logins(self, users: list[tuple[User, str]]) -> dict[int, Person]:
        with trail.acting(None, source="bench"):
            for user, role in users:
                services.membership_set(org=self.org, user=user, role=role, by=None)
        return {p.user_id: p for p in Person.objects.filter(organisation=self.org, user__isnull=False)}

    def sites(self, n: int) -> list[Site]:
        rng = self.rng
        objs = [
            Site(
                organisation=self.org,
                name=f"{TOWNS[i % len(TOWNS)]} site {i + 1}",
                address=f"Unit {rng.randint(1, 40)}, {TOWNS[i % len(TOWNS)]} Business Park",
                headcount=rng.randint(5, 400),
                is_central_function=(i == 0),
            )
            for i in range(n)
        ]
        return seed_insert(Site, objs, self.batch)

    def people(self, n: int, sites: list[Site], existing: list[Person]) -> list[Person]:
        """Managers first (a tenth), then everybody else reporting to one of them."""
        rng = self.rng
        n = max(0, n - len(existing))
        n_managers = max(1, n // 10)

        def person(i: int, manager: Person | None) -> Person:
            first, last = rng.choice(FIRST), rng.choice(LAST)
            email = f"{first}.{last}.{i}@bench.example".lower()
            return Person(
                organisation=self.org,
                name=f"{first} {last}",
                email=email,
                job_title=("Team leader" if manager is None else rng.choice(JOBS)),
                site=rng.choice(sites),
                manager=manager,
                is_active=rng.random() > 0.05,
            )

        managers = seed_insert(Person, [person(i, None) for i in range(n_managers)], self.batch)
        staff = seed_insert(Person, [person(i, rng.choice(managers)) for i in range(n_managers, n)], self.batch)
        return existing + managers + staff

    def actions(self, n: int, people: list[Person], bench_person: Person | None) -> list[Action]:
        """Actions ACT-0001…, created over two years; the older, the likelier done. Plus their due items."""
        rng = self.rng
        active = [p for p in people if p.is_active] or people
        span = (self.now - self.start).total_seconds()
        objs = []
        for i in range(n):
            created = self.start + datetime.timedelta(seconds=span * (i + rng.random()) / max(n, 1))
            age = (self.now - created).days
            status = rng.choices(
                list(STATUS_WEIGHTS),
                [w * (1 + age / 180 if s == ActionStatus.DONE else 1) for s, w in STATUS_WEIGHTS.items()],
            )[0]
            due = (created + datetime.timedelta(days=rng.randint(7, 120))).date()
            # The bench login owns a few actions, so its home page has due items to show.
            owner = bench_person if bench_person is not None and i % 400 == 0 else rng.choice(active)
            done = status == ActionStatus.DONE
            objs.append(
                Action(
                    organisation=self.org,
                    number=format_number("ACT", i + 1),
                    title=f"{rng.choice(VERBS)} {rng.choice(THINGS)}",
                    description="Raised in the benchmark data.",
                    owner=owner,
                    due_date=due,
                    priority=rng.choices(list(PRIORITY_WEIGHTS), PRIORITY_WEIGHTS.values())[0],
                    status=status,
                    evidence="Done and checked; record filed." if done else "",
                    completed_on=min(due, self.now.date()) if done else None,
                    created_at=created,
                    updated_at=created,
                )
            )
        with explicit_timestamps(Action._meta.get_field("created_at"), Action._meta.get_field("updated_at")):
            seed_insert(Action, objs, self.batch)
        Sequence.objects.update_or_create(organisation=self.org, prefix="ACT", defaults={"last_value": n})
        ct = ContentType.objects.get_for_model(Action)
        open_statuses = {ActionStatus.OPEN, ActionStatus.IN_PROGRESS}
        items = [
            DueItem(
                organisation=self.org,
                person=a.owner,
                kind="action",
                title=str(a)[:300],
                due_date=a.due_date,
                url=f"/o/{self.org.slug}/actions/{a.pk}/",
                is_open=a.status in open_statuses,
                source_type=ct,
                source_id=a.pk,
            )
            for a in objs
        ]
        seed_insert(DueItem, items, self.batch)
        return objs

    def gap_assessments(self, n: int, assessors: list[Person]) -> Assessment | None:
        """`n` gap assessments against the shipped ISO 9001 catalogue, one every GAP_EVERY_DAYS back from
        today, scores improving over time: the newest (created by the service) in progress and partly
        scored, the others cloned from it with plain bulk_create, fully scored and completed with their
        results frozen as the workflow would. Returns the one in progress."""
        if n <= 0:
            return None
        rng = self.rng
        standard = Standard.objects.get(slug=GAP_STANDARD, organisation=None)
        today = self.now.date()
        with trail.acting(None, source="bench"):
            for requirement in Requirement.objects.filter(standard=standard, key__startswith=GAP_NOT_APPLICABLE + "."):
                gap_services.applicability_set(
                    org=self.org,
                    requirement=requirement,
                    applicable=False,
                    justification="We machine to our customers' drawings; we do not design products.",
                    by=None,
                )
            # The earlier ones take GAP-0001…; the current one gets the next number from the service.
            Sequence.objects.update_or_create(organisation=self.org, prefix="GAP", defaults={"last_value": n - 1})
            current = gap_services.assessment_create(
                org=self.org,
                data={
                    "title": "Pre-certification gap analysis",
                    "standard": standard,
                    "assessed_on": today,
                    "assessors": assessors[:2],
                },
                by=None,
            )
            gap_services.assessment_transition(current, status=AssessmentStatus.IN_PROGRESS, by=None)
        template = list(Response.objects.filter(assessment=current).order_by("position"))

        def scored(response: Response, assessment: Assessment, progress: float, coverage: float) -> Response:
            response.assessment = assessment
            if response.applicable and rng.random() < coverage:
                weights = [a + (b - a) * progress for a, b in zip(GAP_SCORES_OLDEST, GAP_SCORES_NEWEST, strict=True)]
                response.score = rng.choices(range(5), weights)[0]
                response.evidence = "Seen: procedure, records of the last three months." if response.score >= 2 else ""
                response.gap = rng.choice(GAP_TEXTS) if response.score < 3 else ""
                response.priority = Priority.HIGH if response.score <= 1 else ""
            return response

        old = []
        for k in range(n - 1):  # oldest first
            day = today - datetime.timedelta(days=GAP_EVERY_DAYS * (n - 1 - k))
            old.append(
                Assessment(
                    organisation=self.org,
                    number=format_number("GAP", k + 1),
                    title="Internal gap review" if k else "Initial gap analysis",
                    standard=standard,
                    assessed_on=day,
                    status=AssessmentStatus.COMPLETED,
                    summary="Benchmark data.",
                    completed_at=datetime.datetime.combine(
                        day + datetime.timedelta(days=3), datetime.time(16), tzinfo=datetime.UTC
                    ),
                )
            )
        seed_insert(Assessment, old, self.batch)
        through = Assessment.assessors.through
        seed_insert(
            through,
            [
                through(assessment_id=a.pk, person_id=p.pk)
                for a in old
                for p in rng.sample(assessors, min(2, len(assessors)))
            ],
            self.batch,
        )
        responses = [
            scored(
                Response(
                    **{f.attname: getattr(r, f.attname) for f in Response._meta.concrete_fields if not f.primary_key}
                ),
                a,
                k / max(1, n - 1),
                1.0,
            )
            for k, a in enumerate(old)
            for r in template
        ]
        seed_insert(Response, responses, self.batch)
        for r in template:
            scored(r, current, 1.0, GAP_CURRENT_COVERAGE)
        models.QuerySet.bulk_update(
            models.QuerySet(Response), template, ["score", "evidence", "gap", "priority"], batch_size=self.batch
        )
        for a in old:  # frozen results, as assessment_transition(…, "completed") keeps them
            models.QuerySet(Assessment).filter(pk=a.pk).update(results=scoring.summary(selectors.results_for(a)))
        return current

    def records(self, n: int, people: list[Person]) -> list[Record]:
        """`n` records REC-0001… of the suggested types, dated over the last twelve years (so that part
        are past their retention), each tagged with its type's clause and linked to a person; kept on
        paper (a location, no file bytes). Tags and links go in with plain bulk inserts too."""
        if n <= 0:
            return []
        with trail.acting(None, source="bench"):
            types = record_services.record_types_copy_defaults(org=self.org, by=None)
        rng, today = self.rng, self.now.date()
        objs = []
        for i in range(n):
            record_type = rng.choice(types)
            day = today - datetime.timedelta(days=rng.randint(0, 12 * 365))
            objs.append(
                Record(
                    organisation=self.org,
                    number=format_number("REC", i + 1),
                    title=f"{record_type.name} {rng.choice(THINGS)} {i + 1}",
                    record_type=record_type,
                    record_date=day,
                    location=f"Archive box {i // 200 + 1}",
                    retain_until=record_services.retain_until(day, record_type),
                    legal_hold=(i % 500 == 0),
                    legal_hold_reason="Benchmark claim" if i % 500 == 0 else "",
                )
            )
        seed_insert(Record, objs, self.batch)
        Sequence.objects.update_or_create(organisation=self.org, prefix="REC", defaults={"last_value": n})
        record_ct, person_ct = ContentType.objects.get_for_models(Record, Person).values()
        tags = [
            ClauseTag(organisation=self.org, content_type=record_ct, object_id=r.pk, key=r.record_type.clause_keys[0])
            for r in objs
        ]
        seed_insert(ClauseTag, tags, self.batch)
        links = [
            RecordLink(organisation=self.org, record=r, content_type=person_ct, object_id=p.pk, label=p.name)
            for r in objs
            for p in [rng.choice(people)]
        ]
        seed_insert(RecordLink, links, self.batch)
        return objs

    def documents(self, n: int, people: list[Person]) -> list[Document]:
        """`n` documents of every type, each with 1–5 revisions (3 on average: 60,000 for 20,000): the
        older ones superseded, the latest effective, one in ten with a draft of its next revision, one in
        twenty never approved and one in fifty withdrawn. Markdown of a few hundred words from the
        vocabulary, so that search has text to look through; one or two clause tags each."""
        if n <= 0:
            return []
        rng, today = self.rng, self.now.date()
        keys = list(Requirement.objects.filter(standard__code="iso9001").values_list("clause__key", flat=True))
        types, counters = list(DocumentType), dict.fromkeys(DocumentType, 0)
        documents, plans = [], []
        for i in range(n):
            doc_type = types[i % len(types)]
            counters[doc_type] += 1
            shape = (
                "draft_only" if i % 20 == 7 else "withdrawn" if i % 50 == 3 else "revising" if i % 10 == 1 else "live"
            )
            count = 1 if shape == "draft_only" else rng.randint(1, 5)
            status = {
                "draft_only": DocumentStatus.DRAFT,
                "withdrawn": DocumentStatus.OBSOLETE,
                "revising": DocumentStatus.UNDER_REVISION,
                "live": DocumentStatus.EFFECTIVE,
            }[shape]
            documents.append(
                Document(
                    organisation=self.org,
                    number=format_number(TYPE_PREFIXES[doc_type], counters[doc_type]),
                    title=f"{rng.choice(VERBS)} {rng.choice(THINGS)} {i + 1}",
                    doc_type=doc_type,
                    owner=rng.choice(people),
                    review_interval_months=rng.choice([12, 24, 36]),
                    next_review_date=today + datetime.timedelta(days=rng.randint(-60, 700)),
                    status=status,
                )
            )
            plans.append((shape, count))
        seed_insert(Document, documents, self.batch)
        for doc_type, last in counters.items():
            Sequence.objects.update_or_create(
                organisation=self.org, prefix=TYPE_PREFIXES[doc_type], defaults={"last_value": last}
            )
        revisions = [r for d, plan in zip(documents, plans, strict=True) for r in self._revisions(d, *plan, today)]
        seed_insert(DocumentRevision, revisions, self.batch)
        effective = {r.document_id: r.pk for r in revisions if r.status == RevisionStatus.EFFECTIVE}
        for document in documents:
            document.current_revision_id = effective.get(document.pk)
        with transaction.atomic():
            models.QuerySet.bulk_update(Document.objects.all(), documents, ["current_revision"], batch_size=2000)
        document_ct = ContentType.objects.get_for_model(Document)
        tags = [
            ClauseTag(organisation=self.org, content_type=document_ct, object_id=d.pk, key=key)
            for d in documents
            for key in set(rng.sample(keys, rng.randint(1, 2)))
        ]
        seed_insert(ClauseTag, tags, self.batch)
        return documents

    def _revisions(self, document: Document, shape: str, count: int, today) -> list[DocumentRevision]:
        revisions = []
        for k in range(1, count + 1):
            last = k == count
            if shape == "draft_only":
                status = RevisionStatus.DRAFT
            elif not last:
                status = RevisionStatus.SUPERSEDED
            else:
                status = {"withdrawn": RevisionStatus.OBSOLETE, "revising": RevisionStatus.EFFECTIVE}.get(
                    shape, RevisionStatus.EFFECTIVE
                )
            markdown = self._markdown(document.title)
            revisions.append(
                self._revision(document, str(k), status, markdown, today - datetime.timedelta(days=(count - k) * 300))
            )
        if shape == "revising":
            revisions.append(
                self._revision(document, str(count + 1), RevisionStatus.DRAFT, self._markdown(document.title), None)
            )
        return revisions

    def _revision(self, document, label, status, markdown, effective) -> DocumentRevision:
        return DocumentRevision(
            organisation=self.org,
            document=document,
            label=label,
            status=status,
            markdown=markdown,
            content_hash=document_content.markdown_hash(markdown),
            change_summary="" if label == "1" else "Periodic update",
            effective_date=effective if status != RevisionStatus.DRAFT else None,
        )

    def _markdown(self, title: str) -> str:
        """A few paragraphs: the common vocabulary (every procedure calibrates and checks something), words
        drawn from VOCABULARY with Zipf-like frequencies, as real text has them, and a part number that
        only this revision mentions (what people search for when they look for one document)."""
        rng = self.rng
        paragraphs = [
            " ".join(f"{rng.choice(VERBS).lower()} the {rng.choice(THINGS)}" for _ in range(rng.randint(4, 10)))
            + " "
            + " ".join(VOCABULARY[min(int(rng.paretovariate(1.1)) - 1, len(VOCABULARY) - 1)] for _ in range(30))
            + "."
            for _ in range(rng.randint(2, 5))
        ]
        part = f"PN-{rng.randint(100000, 999999)}"
        return f"# {title}\n\nApplies to part {part}.\n\n## Purpose\n\n" + "\n\n".join(paragraphs) + "\n"

    def trail_chunks(
        self, n: int, chunks: int, *, actors: list[User], actions: list[Action], people: list[Person], sites: list[Site]
    ):
        """`n` entries over two years in `chunks` consecutive slices of time, oldest first, across object
        types, actors and kinds of change; build() interleaves the organisations' slices."""
        rng = self.rng
        cts = ContentType.objects.get_for_models(Action, Person, Site, Membership, ClauseTag, Attachment)
        memberships = list(Membership.objects.filter(organisation=self.org).select_related("user"))
        # (content type, weight, objects to point at or None for rows that may be gone by now)
        targets = [
            (cts[Action], 55, [(a.pk, str(a)) for a in actions]),
            (cts[Person], 15, [(p.pk, p.name) for p in people]),
            (cts[ClauseTag], 12, None),
            (cts[Attachment], 8, None),
            (cts[Site], 6, [(s.pk, s.name) for s in sites]),
            (cts[Membership], 4, [(m.pk, str(m)) for m in memberships]),
        ]
        targets = [t for t in targets if t[2] is None or t[2]]
        weights = [t[1] for t in targets]
        actor_choices: list[User | None] = [*actors, None]
        actor_weights = [*ACTOR_WEIGHTS[: len(actors)], 10]  # None: the system, imports, API scripts
        statuses = list(STATUS_WEIGHTS)
        span = (self.now - self.start).total_seconds()
        labels = {actor: str(actor) for actor in actors}
        org_id = self.org.pk
        for chunk in range(chunks):
            rows = []
            for i in range(n * chunk // chunks, n * (chunk + 1) // chunks):
                ct, _w, objs = rng.choices(targets, weights)[0]
                if objs is None:
                    object_id, label = rng.randint(1, 50000), f"{ct.model} #{rng.randint(1, 50000)}"
                else:
                    object_id, label = rng.choice(objs)
                actor = rng.choices(actor_choices, actor_weights)[0]
                kind, changes, reason = self._change(ct.model, statuses)
                source = "web" if actor is not None else rng.choice(["system", "system", "api", "import"])
                rows.append(
                    {
                        "organisation_id": org_id,
                        "at": self.start + datetime.timedelta(seconds=span * (i + rng.random()) / n),
                        "actor_id": actor.pk if actor else None,
                        "actor_label": labels[actor] if actor else source,
                        "source": "api" if actor is not None and rng.random() < 0.1 else source,
                        "action": kind,
                        "content_type_id": ct.pk,
                        "object_id": object_id,
                        "object_label": label[:300],
                        "changes": changes,
                        "reason": reason,
                    }
                )
            yield rows

    def _change(self, model: str, statuses: list) -> tuple[str, dict, str]:
        rng = self.rng
        roll = rng.random()
        if model == "action" and roll < 0.3:
            old, new = rng.sample(statuses, 2)
            return (
                TrailAction.TRANSITION,
                {"status": {"old": old, "new": new}},
                rng.choice(["", "", "Evidence checked", "Customer agreed", "Superseded by a newer action"]),
            )
        if roll < 0.45:
            return TrailAction.CREATE, {"name": {"new": rng.choice(THINGS)}, "priority": {"new": "medium"}}, ""
        if roll < 0.95:
            day = (self.start + datetime.timedelta(days=rng.randint(0, HISTORY_DAYS))).date()
            return (
                TrailAction.UPDATE,
                {"due_date": {"old": day.isoformat(), "new": (day + datetime.timedelta(days=14)).isoformat()}},
                "",
            )
        return TrailAction.DELETE, {"name": {"old": rng.choice(THINGS)}}, rng.choice(["Duplicate", "Raised in error"])


# --- Main


def make_users(rng: random.Random, n_other: int) -> list[tuple[User, str]]:
    """The bench login (quality manager, known password) and the others (unusable passwords)."""
    result = []
    bench = User(username=BENCH_USERNAME, email="bench@bench.example", first_name="Bench", last_name="Quality")
    bench.set_password(BENCH_PASSWORD)
    bench.save()
    result.append((bench, Role.QUALITY_MANAGER))
    for i, role in enumerate(OTHER_ROLES[:n_other], start=1):
        user = User(
            username=f"{USER_PREFIX}u{i:02d}",
            email=f"u{i:02d}@bench.example",
            first_name=rng.choice(FIRST),
            last_name=rng.choice(LAST),
        )
        user.set_unusable_password()
        user.save()
        result.append((user, role))
    return result


# The planning registers (issue 5) seed themselves: benchmarks/gen_<app>.py has
# generate(org, people, rng, n) -> placeholders for its URLS (e.g. {"risk": 17}), and run.py measures its URLS.
REGISTER_MODULES = (
    "gen_processes",
    "gen_context",
    "gen_risks",
    "gen_objectives",
    "gen_people",
    "gen_suppliers",
    "gen_customers",
    "gen_equipment",
)


def seed_registers(org, people: list[Person], rng: random.Random, n: int, timer: Timer) -> dict:
    placeholders = {}
    for name in REGISTER_MODULES:
        module = importlib.import_module(name)
        with timer.step(f"{org.slug}: {name.removeprefix('gen_')}"), trail.acting(None, source="bench"):
            placeholders |= module.generate(org, people, rng, n) or {}
    return placeholders


def build(args, timer: Timer) -> dict:
    """Both organisations' data; returns the placeholders the registers' URLs need (the first organisation's)."""
    rng = random.Random(args.seed)
    placeholders: dict = {}
    with timer.step("organisations and logins"), trail.acting(None, source="bench"):
        org = services.organisation_create(name="Benchmark Industries Ltd", slug=args.org, by=None)
        other = services.organisation_create(name="Other Benchmark Ltd", slug=args.other_org, by=None)
        users = make_users(rng, len(OTHER_ROLES))
        main = OrgBuilder(org, rng=rng, batch=args.batch, timer=timer)
        login_people = main.logins(users)
        # The bench login is also an employee of the second organisation, like a consultant's clients.
        other_builder = OrgBuilder(other, rng=rng, batch=args.batch, timer=timer)
        other_people = other_builder.logins([(users[0][0], Role.EMPLOYEE), *[(u, r) for u, r in users[1:4]]])
    bench_person = login_people[users[0][0].pk]
    trails = []
    for builder, share, existing, actors in (
        (main, 1.0, list(login_people.values()), [u for u, _r in users]),
        (other_builder, args.other_share, list(other_people.values()), [u for u, _r in users[:4]]),
    ):
        label = builder.org.slug
        with timer.step(f"{label}: sites and people"):
            sites = builder.sites(max(1, int(args.sites * share)))
            people = builder.people(int(args.people * share), sites, existing)
        with timer.step(f"{label}: actions and due items"):
            actions = builder.actions(int(args.actions * share), people, bench_person if builder is main else None)
        with timer.step(f"{label}: gap assessments"):
            builder.gap_assessments(round(args.assessments * share), existing)
        with timer.step(f"{label}: records"):
            builder.records(int(args.records * share), people)
        with timer.step(f"{label}: documents and revisions"):
            builder.documents(int(args.documents * share), people)
        found = seed_registers(builder.org, people, rng, int(args.registers * share), timer)
        placeholders = placeholders or found
        with timer.step(f"{label}: search index of every kind"):
            search.reindex([builder.org])  # bulk upserts of 500; the engine's index follows
        trails.append(
            (builder, int(args.trail * share), dict(actors=actors, actions=actions, people=people, sites=sites))
        )
    # Both organisations' entries are written slice by slice in time order, so that ids grow with time
    # across the whole table as they do in production (the trail is append-only).
    chunks = max(1, -(-args.trail // args.batch))
    with timer.step("trail (both organisations)"):
        streams = [builder.trail_chunks(n, chunks, **context) for builder, n, context in trails]
        written = 0
        for k, slices in enumerate(zip(*streams, strict=True)):
            rows = sorted((row for rows in slices for row in rows), key=lambda row: row["at"])
            raw_insert(TrailEntry, rows)
            written += len(rows)
            if k % 10 == 9:
                print(f"    trail {written}", flush=True)
    return placeholders


def vacuum_analyze(timer: Timer) -> None:
    """PostgreSQL: what autovacuum does soon after a bulk load in production (statistics for the planner,
    the visibility map for index-only scans). SQLite: nothing, because the app never runs ANALYZE."""
    if connection.vendor != "postgresql":
        return
    with timer.step("VACUUM ANALYZE"), connection.cursor() as cursor:
        cursor.execute("VACUUM (ANALYZE)")


def meta(args) -> dict:
    org = Organisation.objects.get(slug=args.org)
    standard = Standard.objects.filter(organisation__isnull=True, code="iso9001").order_by("-edition").first()
    requirement = None
    if standard is not None:
        requirement = (
            Requirement.objects.filter(standard=standard, key__startswith="hs.improvement.nonconformity")
            .order_by("position")
            .first()
            or Requirement.objects.filter(standard=standard).order_by("position").first()
        )
    cts = ContentType.objects.get_for_models(Action, Site)
    # The assessment the scoring pages use, and the response the scoring POST changes (its version now).
    current = (
        Assessment.objects.filter(organisation=org, status=AssessmentStatus.IN_PROGRESS)
        .order_by("-assessed_on")
        .first()
    )
    response = None
    if current is not None:
        answerable = Response.objects.filter(assessment=current, applicable=True)
        response = (
            answerable.filter(requirement__key=requirement.key).first() if requirement else None
        ) or answerable.order_by("position").first()
    return {
        "org": org.slug,
        "other_org": args.other_org,
        "username": BENCH_USERNAME,
        "password": BENCH_PASSWORD,
        "action_ct": cts[Action].pk,
        "site_ct": cts[Site].pk,
        "standard": standard.slug if standard else None,
        "requirement": requirement.key if requirement else None,
        "assessment": current.pk if current else None,
        "response": response.pk if response else None,
        "response_version": response.version if response else None,
        "response_score": response.score if response else None,
        "record": Record.objects.filter(organisation=org).order_by("-pk").values_list("pk", flat=True).first(),
        # What people search for: one document's part number, and a word of middling frequency (rank 50, ~3 %).
        "part": _part_number(org),
        "word": VOCABULARY[49],
        # A document in use with several revisions behind it: the document page's usual case.
        "document": Document.objects.filter(organisation=org, status=DocumentStatus.EFFECTIVE)
        .order_by("-pk")
        .values_list("pk", flat=True)
        .first(),
        "bench": org.settings.get("bench", {}),
        "placeholders": org.settings.get("bench", {}).get("placeholders", {}),
        "vendor": connection.vendor,
        "counts": {
            "sites": Site.objects.filter(organisation=org).count(),
            "people": Person.objects.filter(organisation=org).count(),
            "actions": Action.objects.filter(organisation=org).count(),
            "trail": TrailEntry.objects.filter(organisation=org).count(),
            "trail_all_orgs": TrailEntry.objects.count(),
            "assessments": Assessment.objects.filter(organisation=org).count(),
            "responses": Response.objects.filter(organisation=org).count(),
            "records": Record.objects.filter(organisation=org).count(),
            "documents": Document.objects.filter(organisation=org).count(),
            "revisions": DocumentRevision.objects.filter(organisation=org).count(),
        },
    }


def _part_number(org) -> str | None:
    import re

    markdown = (
        DocumentRevision.objects.filter(organisation=org, status=RevisionStatus.EFFECTIVE)
        .order_by("pk")
        .values_list("markdown", flat=True)
        .first()
    )
    match = re.search(r"PN-\d+", markdown or "")
    return match.group(0) if match else None


def main(argv=None) -> int:
    args = parse_args(argv)
    timer = Timer()
    db = connection.settings_dict
    print(f"generate: {connection.vendor} {db.get('NAME')} — org {args.org}: {sizes_of(args)}", flush=True)
    existing = Organisation.objects.filter(slug=args.org).first()
    generated = False
    if existing is not None and not args.reset:
        recorded = existing.settings.get("bench", {}).get("sizes")
        if recorded != sizes_of(args):
            print(
                f"generate: organisation {args.org} exists with sizes {recorded}; use --reset to rebuild it",
                file=sys.stderr,
            )
            return 3
        print("generate: data already there with these sizes, nothing to do", flush=True)
    else:
        started = time.perf_counter()
        if existing is not None or Organisation.objects.filter(slug=args.other_org).exists():
            with timer.step("reset"):
                reset([args.org, args.other_org])
        placeholders = build(args, timer)
        if not args.no_analyze:
            vacuum_analyze(timer)
        seconds = round(time.perf_counter() - started, 1)
        info = {
            "sizes": sizes_of(args),
            "placeholders": placeholders,
            "seconds": seconds,
            "steps": timer.steps,
            "generated_at": timezone.now().isoformat(timespec="seconds"),
        }
        org = Organisation.objects.get(slug=args.org)
        Organisation.objects.filter(pk=org.pk).update(settings={**org.settings, "bench": info})
        print(f"generate: done in {seconds:.1f} s", flush=True)
        generated = True
    if args.meta_out:
        data = meta(args) | {"generated": generated}
        args.meta_out.parent.mkdir(parents=True, exist_ok=True)
        args.meta_out.write_text(json.dumps(data, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
