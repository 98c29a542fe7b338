"""Benchmark data of the risks app: `n` risks and opportunities spread over the whole heat map, some
linked to the processes and context issues the other generators made, a tenth with treatment actions in
the shared register (some done), and evaluations for some of those; plus clause tags.

Inserted with plain QuerySet.bulk_create (around OrgQuerySet's trail hook, for speed), scores computed
here as the services would. Called by generate.py (REGISTER_MODULES) with Django set up.
"""

import datetime
import random

from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction
from django.utils import timezone

from pdca.context.models import ContextIssue
from pdca.core.choices import ActionStatus
from pdca.core.models import Action, ClauseTag, Person, Sequence
from pdca.core.numbering import format_number
from pdca.processes.models import Process
from pdca.risks import services
from pdca.risks.choices import RISK_PREFIX, TREATMENTS_BY_KIND, Effectiveness, RiskKind, RiskStatus
from pdca.risks.models import Risk, RiskEvaluation

URLS = [
    ("risk register", "/o/{org}/risks/"),
    ("risk register ?band=critical&status=active", "/o/{org}/risks/?band=critical&status=active"),
    ("risk register ?mine&order=-score", "/o/{org}/risks/?mine=on&order=-score"),
    ("risk register ?evaluation_due", "/o/{org}/risks/?evaluation_due=on"),
    ("risk page", "/o/{org}/risks/{risk}/"),
    ("risk heat map", "/o/{org}/risks/heat-map/"),
    ("risk heat map ?kind=risk&process", "/o/{org}/risks/heat-map/?kind=risk&process={risk_process}"),
    ("api risks", "/api/v1/o/{org}/risks/"),
]

BATCH = 500
WHAT = [
    "Late delivery of",
    "Wrong revision of",
    "Loss of",
    "Breakdown of",
    "Shortage of",
    "Price rise of",
    "Audit finding on",
    "Cyber attack on",
]
THINGS = ["bar stock", "the 5-axis machine", "the CMM", "key staff", "the ERP server", "anodising", "castings"]
STATUS_WEIGHTS = {RiskStatus.OPEN: 4, RiskStatus.IN_TREATMENT: 3, RiskStatus.TREATED: 2, RiskStatus.CLOSED: 1}


def _insert(model, objs: list) -> list:
    for start in range(0, len(objs), BATCH):
        with transaction.atomic():
            models.QuerySet.bulk_create(model.objects.all(), objs[start : start + BATCH], batch_size=BATCH)
    return objs


def _risk(org, i: int, people: list, processes: list, issues: list, rng: random.Random, today) -> Risk:
    kind = RiskKind.OPPORTUNITY if rng.random() < 0.15 else RiskKind.RISK
    likelihood, impact = rng.randint(1, 5), rng.randint(1, 5)
    status = rng.choices(list(STATUS_WEIGHTS), list(STATUS_WEIGHTS.values()))[0]
    treated = status != RiskStatus.OPEN or rng.random() < 0.3
    residual = (max(1, likelihood - rng.randint(0, 2)), impact) if treated else (None, None)
    return Risk(
        organisation=org,
        number=format_number(RISK_PREFIX, i + 1),
        title=f"{rng.choice(WHAT)} {rng.choice(THINGS)} ({i + 1})",
        description="Raised in the benchmark data.",
        kind=kind,
        process=rng.choice(processes) if processes and rng.random() < 0.4 else None,
        context_issue=rng.choice(issues) if issues and rng.random() < 0.3 else None,
        owner=rng.choice(people),
        likelihood=likelihood,
        impact=impact,
        score=likelihood * impact,
        treatment=rng.choice(TREATMENTS_BY_KIND[kind]) if treated else "",
        treatment_plan="Planned in the benchmark." if treated else "",
        residual_likelihood=residual[0],
        residual_impact=residual[1],
        residual_score=residual[0] * residual[1] if residual[0] else None,
        review_date=today + datetime.timedelta(days=rng.randint(-120, 365)),
        status=status,
    )


def generate(org, people: list, rng: random.Random, n: int) -> dict:
    """`n` risks (n // 10 with actions, a third of those evaluated); placeholders for URLS."""
    today = timezone.localdate()
    people = [p for p in people if p.is_active] or list(Person.objects.for_org(org)[:100])
    processes = list(Process.objects.for_org(org)[:200])
    issues = list(ContextIssue.objects.for_org(org)[:200])
    risks = _insert(Risk, [_risk(org, i, people, processes, issues, rng, today) for i in range(n)])
    Sequence.objects.update_or_create(organisation=org, prefix=RISK_PREFIX, defaults={"last_value": n})
    ct = ContentType.objects.get_for_model(Risk)
    _insert(
        ClauseTag,
        [
            ClauseTag(
                organisation=org,
                content_type=ct,
                object_id=r.pk,
                key="hs.planning.risks.determination."
                + ("opportunities" if r.kind == RiskKind.OPPORTUNITY else "identify"),
            )
            for r in risks
        ],
    )
    treated = [r for r in risks if r.status in (RiskStatus.IN_TREATMENT, RiskStatus.TREATED)][: max(1, n // 10)]
    _actions(org, treated, ct, rng, today)
    _evaluations(org, treated[::3], rng, today)
    services.evaluation_due_refresh(Risk.objects.filter(organisation=org))
    sample = treated[0] if treated else risks[0]
    process = next((r.process_id for r in risks if r.process_id), None)
    return {"risk": sample.pk, "risk_process": process or ""}


def _actions(org, risks: list, ct, rng: random.Random, today) -> None:
    seq, _created = Sequence.objects.get_or_create(organisation=org, prefix="ACT")
    number, objs = seq.last_value, []
    for risk in risks:
        for _ in range(rng.randint(1, 2)):
            number += 1
            done = risk.status == RiskStatus.TREATED or rng.random() < 0.5
            due = today + datetime.timedelta(days=rng.randint(-60, 90))
            objs.append(
                Action(
                    organisation=org,
                    number=format_number("ACT", number),
                    title=f"Treatment of {risk.number}",
                    owner=risk.owner,
                    due_date=due,
                    status=ActionStatus.DONE if done else ActionStatus.OPEN,
                    evidence="Done." if done else "",
                    completed_on=min(due, today) if done else None,
                    source_type=ct,
                    source_id=risk.pk,
                )
            )
    _insert(Action, objs)
    Sequence.objects.filter(pk=seq.pk).update(last_value=number)


def _evaluations(org, risks: list, rng: random.Random, today) -> None:
    objs, updates = [], []
    for risk in risks:
        likelihood, impact = rng.randint(1, 3), risk.impact
        day = today - datetime.timedelta(days=rng.randint(0, 30))
        verdict = rng.choice(list(Effectiveness))
        objs.append(
            RiskEvaluation(
                organisation=org,
                risk=risk,
                evaluated_on=day,
                effectiveness=verdict,
                comment="Checked in the benchmark.",
                residual_likelihood=likelihood,
                residual_impact=impact,
                residual_score=likelihood * impact,
                evaluated_by=risk.owner,
            )
        )
        risk.residual_likelihood, risk.residual_impact, risk.residual_score = likelihood, impact, likelihood * impact
        risk.last_evaluated_on, risk.last_effectiveness = day, verdict
        updates.append(risk)
    _insert(RiskEvaluation, objs)
    fields = ["residual_likelihood", "residual_impact", "residual_score", "last_evaluated_on", "last_effectiveness"]
    models.QuerySet(Risk).bulk_update(updates, fields, batch_size=BATCH)
