"""Benchmark data of the context app: `n` context issues (every heading, a tenth climate-related, tagged
with 4.1), `n` legal and other requirements (a third checked one to three times, so some are overdue and
some never checked, the last result repeated on the row as the services keep it), `n // 20` interested
parties with two requirements each, two climate determinations and the QMS scope with the sites.

Inserted with plain QuerySet.bulk_create (around OrgQuerySet's trail hook, for speed). Called by
generate.py (REGISTER_MODULES) with Django set up, after the processes generator (requirements name some
processes) and before the risks generator (risks point at some issues).
"""

import datetime
import random

from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction
from django.utils import timezone

from pdca.context.choices import (
    EXTERNAL_CATEGORIES,
    ISSUE_PREFIX,
    LEGAL_PREFIX,
    PARTY_PREFIX,
    ComplianceResult,
    Effect,
    IssueCategory,
    LegalKind,
    PartyCategory,
)
from pdca.context.models import (
    ClimateDetermination,
    ComplianceCheck,
    ContextIssue,
    InterestedParty,
    LegalRequirement,
    PartyRequirement,
    QmsScope,
)
from pdca.core.dates import add_months
from pdca.core.models import ClauseTag, Person, Sequence, Site
from pdca.core.numbering import format_number
from pdca.processes.models import Process
from pdca.standards.selectors import default_standard

URLS = [
    ("context issues", "/o/{org}/context/issues/"),
    ("context issues ?climate_related", "/o/{org}/context/issues/?climate_related=true"),
    ("context issues ?external&economic", "/o/{org}/context/issues/?direction=external&category=economic"),
    ("context issues ?mine", "/o/{org}/context/issues/?mine=on"),
    ("context issue page", "/o/{org}/context/issues/{context_issue}/"),
    ("legal register", "/o/{org}/context/legal/"),
    ("legal register ?overdue", "/o/{org}/context/legal/?overdue=true"),
    ("legal register ?system=environment", "/o/{org}/context/legal/?system=environment"),
    ("legal register ?last_result=never", "/o/{org}/context/legal/?last_result=never"),
    ("legal register ?mine", "/o/{org}/context/legal/?mine=on"),
    ("legal requirement page", "/o/{org}/context/legal/{legal_requirement}/"),
    ("compliance checks", "/o/{org}/context/legal/checks/"),
    ("interested parties", "/o/{org}/context/parties/"),
    ("interested party page", "/o/{org}/context/parties/{interested_party}/"),
    ("party requirements ?climate_related", "/o/{org}/context/parties/requirements/?climate_related=true"),
    ("QMS scope", "/o/{org}/context/scope/"),
    ("api context issues", "/api/v1/o/{org}/context/issues/"),
    ("api legal register", "/api/v1/o/{org}/context/legal/"),
]
BATCH = 1000
TOPICS = [
    "steel prices",
    "energy costs",
    "skills",
    "customer demand",
    "new regulation",
    "automation",
    "floods",
    "key supplier",
    "exchange rates",
    "cyber threats",
    "machine age",
    "know-how",
    "culture",
    "cash flow",
]
LAWS = [
    "Machinery",
    "Pressure Equipment",
    "REACH",
    "Waste",
    "Noise at Work",
    "PUWER",
    "LOLER",
    "COSHH",
    "Customer manual",
    "Drawing standard",
    "Export control",
    "Packaging waste",
]
EXTERNAL = [c for c in IssueCategory if c in EXTERNAL_CATEGORIES]
INTERNAL = [c for c in IssueCategory if c not in EXTERNAL_CATEGORIES]
SYSTEMS = [["quality"], ["quality"], ["quality", "environment"], ["environment"], ["quality", "safety"], ["safety"]]


def _insert(model, objs: list) -> list:
    for start in range(0, len(objs), BATCH):
        with transaction.atomic():
            models.QuerySet.bulk_create(model.objects.all(), objs[start : start + BATCH], batch_size=BATCH)
    return objs


def _days(today, rng: random.Random, low: int, high: int) -> datetime.date:
    return today + datetime.timedelta(days=rng.randint(low, high))


def _issue(org, i: int, people: list, rng: random.Random, today) -> ContextIssue:
    external = rng.random() < 0.6
    category = rng.choice(EXTERNAL if external else INTERNAL)
    return ContextIssue(
        organisation=org,
        number=format_number(ISSUE_PREFIX, i + 1),
        title=f"{rng.choice(TOPICS).capitalize()} ({i + 1})",
        direction="external" if external else "internal",
        category=category,
        description="Raised in the benchmark data.",
        effect=rng.choice(list(Effect)),
        effect_on_qms="Affects delivery and cost.",
        owner=rng.choice(people),
        review_date=_days(today, rng, -60, 365),
        climate_related=rng.random() < 0.1,
        is_active=rng.random() < 0.95,
    )


def _legal(org, i: int, people: list, rng: random.Random, today) -> LegalRequirement:
    return LegalRequirement(
        organisation=org,
        number=format_number(LEGAL_PREFIX, i + 1),
        title=f"{rng.choice(LAWS)} regulations ({i + 1})",
        reference=f"SI {rng.randint(1990, 2025)}/{rng.randint(100, 3000)}",
        kind=rng.choice(list(LegalKind)),
        issuer="UK Parliament",
        jurisdiction="United Kingdom",
        applicability="Machined parts and assemblies",
        systems=rng.choice(SYSTEMS),
        owner=rng.choice(people),
        how_complied="Checked at contract review.",
        check_interval_months=rng.choice([6, 12, 12, 24]),
        next_check_date=_days(today, rng, -30, 30),  # never checked: due around now
        is_active=rng.random() < 0.97,
    )


def generate(org, people: list, rng: random.Random, n: int) -> dict:
    """`n` issues, `n` legal requirements with checks, `n // 20` parties; placeholders for URLS."""
    today = timezone.localdate()
    people = [p for p in people if p.is_active] or list(Person.objects.for_org(org)[:100])
    issues = _insert(ContextIssue, [_issue(org, i, people, rng, today) for i in range(n)])
    legal = _insert(LegalRequirement, [_legal(org, i, people, rng, today) for i in range(n)])
    _checks(org, legal[::3], people, rng, today)
    parties = _parties(org, max(1, n // 20), people, rng, today)
    for prefix, count in ((ISSUE_PREFIX, n), (LEGAL_PREFIX, n), (PARTY_PREFIX, len(parties))):
        Sequence.objects.update_or_create(organisation=org, prefix=prefix, defaults={"last_value": count})
    _tags(org, issues)
    _climate_and_scope(org, people, today)
    checked = next((r for r in legal if r.last_checked_on), legal[0])
    return {"context_issue": issues[0].pk, "legal_requirement": checked.pk, "interested_party": parties[0].pk}


def _checks(org, requirements: list, people: list, rng: random.Random, today) -> None:
    checks, results = [], list(ComplianceResult)
    for requirement in requirements:
        day = today - datetime.timedelta(days=rng.randint(200, 900))
        for _ in range(rng.randint(1, 3)):
            result = rng.choices(results, [6, 2, 1])[0]
            checks.append(
                ComplianceCheck(
                    organisation=org,
                    legal_requirement=requirement,
                    checked_on=day,
                    result=result,
                    notes="Checked in the benchmark.",
                    checked_by=rng.choice(people),
                )
            )
            requirement.last_checked_on, requirement.last_result = day, result
            day = min(today, day + datetime.timedelta(days=rng.randint(90, 400)))
        requirement.next_check_date = add_months(requirement.last_checked_on, requirement.check_interval_months)
    _insert(ComplianceCheck, checks)
    models.QuerySet(LegalRequirement).bulk_update(
        requirements, ["last_checked_on", "last_result", "next_check_date"], batch_size=BATCH
    )


def _parties(org, count: int, people: list, rng: random.Random, today) -> list:
    parties = _insert(
        InterestedParty,
        [
            InterestedParty(
                organisation=org,
                number=format_number(PARTY_PREFIX, i + 1),
                name=f"Party {i + 1}",
                category=rng.choice(list(PartyCategory)),
                owner=rng.choice(people),
                review_date=_days(today, rng, -30, 365),
            )
            for i in range(count)
        ],
    )
    requirements = _insert(
        PartyRequirement,
        [
            PartyRequirement(
                organisation=org,
                party=party,
                requirement=f"Requirement {k + 1} of {party.name}",
                climate_related=rng.random() < 0.15,
                how_addressed="Through the QMS processes.",
            )
            for party in parties
            for k in range(2)
        ],
    )
    processes = list(Process.objects.for_org(org).values_list("pk", flat=True)[:50])
    if processes:
        through = PartyRequirement.processes.through
        links = [through(partyrequirement_id=r.pk, process_id=rng.choice(processes)) for r in requirements[::2]]
        models.QuerySet(through).bulk_create(links, batch_size=BATCH, ignore_conflicts=True)
    return parties


def _tags(org, issues: list) -> None:
    ct = ContentType.objects.get_for_model(ContextIssue)
    key = {"external": "hs.context.organization.external_issues", "internal": "hs.context.organization.internal_issues"}
    _insert(
        ClauseTag, [ClauseTag(organisation=org, content_type=ct, object_id=i.pk, key=key[i.direction]) for i in issues]
    )


def _climate_and_scope(org, people: list, today) -> None:
    for days, relevant in ((500, False), (90, True)):
        ClimateDetermination.objects.create(
            organisation=org,
            relevant=relevant,
            rationale="Decided in the benchmark.",
            decided_on=today - datetime.timedelta(days=days),
            decided_by=people[0],
        )
    if QmsScope.objects.filter(organisation=org).exists():
        return
    scope = QmsScope.objects.create(
        organisation=org,
        standard=default_standard(org),
        statement="Contract machining and assembly.",
        products_services="Machined parts and assemblies.",
        owner=people[0],
    )
    scope.sites.set(Site.objects.for_org(org)[:20])
