"""Benchmark data of the suppliers app: `n` suppliers in every tier and status, two evaluations each with
a score per criterion (the usual four weighted criteria), half with a certificate (some expiring), SCARs
for those whose latest score is below the threshold, and clause tags.

Inserted with plain QuerySet.bulk_create (around OrgQuerySet's trail hook, for speed); weighted scores,
bands and next due dates are computed here as the services would. Called by generate.py with Django set up.
"""

import datetime
import random

from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction
from django.utils import timezone

from pdca.core.dates import add_months
from pdca.core.models import ClauseTag, Person, Sequence
from pdca.core.numbering import format_number
from pdca.suppliers import scoring, services
from pdca.suppliers.choices import SCAR_PREFIX, SUPPLIER_PREFIX, ScarStatus, SupplierStatus, SupplyKind, Tier
from pdca.suppliers.models import (
    EvaluationCriterion,
    EvaluationScore,
    Scar,
    Supplier,
    SupplierCertificate,
    SupplierEvaluation,
)

URLS = [
    ("supplier list", "/o/{org}/suppliers/"),
    ("supplier list ?status=usable&tier=1", "/o/{org}/suppliers/?status=usable&tier=1"),
    ("supplier list ?band=poor&order=score", "/o/{org}/suppliers/?band=poor&order=score"),
    ("supplier list ?evaluation_due=overdue", "/o/{org}/suppliers/?evaluation_due=overdue"),
    ("supplier page", "/o/{org}/suppliers/{supplier}/"),
    ("supplier evaluations", "/o/{org}/suppliers/evaluations/"),
    ("supplier certificates ?validity=expiring", "/o/{org}/suppliers/certificates/?validity=expiring"),
    ("supplier SCARs ?status=open", "/o/{org}/suppliers/scars/?status=open"),
    ("api suppliers", "/api/v1/o/{org}/suppliers/"),
    ("api supplier evaluations", "/api/v1/o/{org}/suppliers/evaluations/"),
]

BATCH = 500
NAMES = ["Bar Stock", "Heat Treatment", "Anodising", "Castings", "Fasteners", "Tooling", "Plating", "Logistics"]
PLACES = ["Leeds", "Sheffield", "Calder", "Aire", "Don Valley", "Pennine", "Wharfe", "Hallam", "Ripon", "Brigg"]
STATUS_WEIGHTS = {
    SupplierStatus.APPROVED: 12,
    SupplierStatus.CONDITIONAL: 2,
    SupplierStatus.ON_WATCH: 2,
    SupplierStatus.PROSPECTIVE: 2,
    SupplierStatus.DISQUALIFIED: 1,
}


def _insert(model, objs: list) -> list:
    for start in range(0, len(objs), BATCH):
        with transaction.atomic():
            models.QuerySet.bulk_create(model.objects.all(), objs[start : start + BATCH], batch_size=BATCH)
    return objs


def generate(org, people: list, rng: random.Random, n: int) -> dict:
    """`n` suppliers, 2n evaluations (8n criterion scores), n/2 certificates, SCARs for the poor; placeholders."""
    today = timezone.localdate()
    people = [p for p in people if p.is_active] or list(Person.objects.for_org(org)[:100])
    if not EvaluationCriterion.objects.filter(organisation=org).exists():
        services.criteria_defaults_create(org=org, by=None)
    criteria = services.active_criteria(org)
    settings = services.settings_of(org)
    plans = [_plan(rng, criteria, settings, today) for _ in range(n)]
    suppliers = _insert(
        Supplier, [_supplier(org, i, plan, people, rng, settings, today) for i, plan in enumerate(plans)]
    )
    Sequence.objects.update_or_create(organisation=org, prefix=SUPPLIER_PREFIX, defaults={"last_value": n})
    evaluations = []
    for supplier, plan in zip(suppliers, plans, strict=True):
        for day, period, _scores, score, band in plan:
            evaluations.append(
                SupplierEvaluation(
                    organisation=org,
                    supplier=supplier,
                    period=period,
                    evaluated_on=day,
                    evaluated_by=supplier.owner,
                    score=score,
                    band=band,
                )
            )
    _insert(SupplierEvaluation, evaluations)
    plan_scores = [scores for plan in plans for _d, _p, scores, _s, _b in plan]
    _insert(
        EvaluationScore,
        [
            EvaluationScore(organisation=org, evaluation=e, criterion=c, weight=c.weight, score=s)
            for e, scores in zip(evaluations, plan_scores, strict=True)
            for c, s in zip(criteria, scores, strict=True)
        ],
    )
    _certificates(org, suppliers[::2], rng, today)
    _scars(org, suppliers, evaluations, today)
    ct = ContentType.objects.get_for_model(Supplier)
    key = services.SUPPLIER_CLAUSES[0]
    _insert(ClauseTag, [ClauseTag(organisation=org, content_type=ct, object_id=s.pk, key=key) for s in suppliers])
    sample = next((s for s in suppliers if s.latest_band == "poor"), suppliers[0])
    return {"supplier": sample.pk}


def _plan(rng: random.Random, criteria, settings, today) -> list:
    """Two evaluations, six months apart, oldest first: (day, period, scores, weighted score, band)."""
    base = rng.choice([2, 3, 3, 4, 4, 4, 5])
    plan = []
    for months_ago in (rng.randint(7, 14), rng.randint(0, 6)):
        day = add_months(today, -months_ago)
        scores = [max(1, min(5, base + rng.choice([-1, 0, 0, 1]))) for _ in criteria]
        score = scoring.weighted_score([(c.weight, s) for c, s in zip(criteria, scores, strict=True)])
        band = scoring.band(score, threshold=settings.threshold, good_from=settings.good_from)
        plan.append((day, f"{day.year} {'H1' if day.month <= 6 else 'H2'}", scores, score, band))
    return plan


def _supplier(org, i: int, plan: list, people: list, rng: random.Random, settings, today) -> Supplier:
    tier = rng.choice(Tier.values)
    status = rng.choices(list(STATUS_WEIGHTS), list(STATUS_WEIGHTS.values()))[0]
    day, _period, _scores, score, band = plan[-1]
    return Supplier(
        organisation=org,
        number=format_number(SUPPLIER_PREFIX, i + 1),
        name=f"{rng.choice(PLACES)} {rng.choice(NAMES)} {i + 1} Ltd",
        supplies="Supplied in the benchmark data.",
        kind=rng.choice(SupplyKind.values),
        tier=tier,
        status=status,
        owner=rng.choice(people),
        contact_email=f"orders{i}@supplier.example",
        approved_on=day if status != SupplierStatus.PROSPECTIVE else None,
        last_evaluated_on=day,
        latest_score=score,
        latest_band=band,
        next_evaluation_due=None
        if status == SupplierStatus.DISQUALIFIED
        else add_months(day, settings.intervals[tier]),
    )


def _certificates(org, suppliers: list, rng: random.Random, today) -> None:
    _insert(
        SupplierCertificate,
        [
            SupplierCertificate(
                organisation=org,
                supplier=s,
                standard=rng.choice(["ISO 9001:2015", "AS9100D", "IATF 16949", "ISO/IEC 17025"]),
                certificate_number=f"C-{s.pk}",
                issuer=rng.choice(["BSI", "LRQA", "SGS", "NQA"]),
                valid_until=today + datetime.timedelta(days=rng.randint(-60, 1000)),
            )
            for s in suppliers
        ],
    )


def _scars(org, suppliers: list, evaluations: list, today) -> None:
    latest = {e.supplier_id: e for e in evaluations}  # the plan's second evaluation is the latest
    poor = [s for s in suppliers if s.latest_band == "poor" and s.status != SupplierStatus.PROSPECTIVE]
    seq, _created = Sequence.objects.get_or_create(organisation=org, prefix=SCAR_PREFIX)
    number, objs = seq.last_value, []
    for s in poor:
        number += 1
        evaluation = latest[s.pk]
        objs.append(
            Scar(
                organisation=org,
                number=format_number(SCAR_PREFIX, number),
                supplier=s,
                evaluation=evaluation,
                problem="Below the threshold in the benchmark data.",
                owner=s.owner,
                issued_on=evaluation.evaluated_on,
                response_due=evaluation.evaluated_on + datetime.timedelta(days=30),
                status=ScarStatus.ISSUED if number % 3 else ScarStatus.CLOSED,
            )
        )
    _insert(Scar, objs)
    Sequence.objects.filter(pk=seq.pk).update(last_value=number)
