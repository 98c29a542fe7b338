"""Demo gap analysis for Harrow: a completed assessment six months ago (about 45 % ready) and the
current one in progress (about 75 %), so comparison and trend show something real. Idempotent."""

import datetime
import random

from django.utils import timezone

from pdca.core import trail
from pdca.gap import services
from pdca.gap.models import Applicability, Assessment
from pdca.standards.models import Requirement, Standard

NOT_APPLICABLE = {
    "hs.operation.design": "Harrow machines and assembles parts to its customers' drawings and specifications; "
    "it does not design products. Customer design changes are handled under 8.2.4.",
}
# Probabilities of scores 0–4 for the two assessments (seeded, so the demo is the same every time).
EARLIER = (0.25, 0.35, 0.25, 0.13, 0.02)
CURRENT = (0.04, 0.14, 0.35, 0.40, 0.07)


def load_demo(org, people) -> None:
    standard = Standard.objects.get(slug="iso9001-2015", organisation=None)
    _not_applicable(org)
    if Assessment.objects.filter(organisation=org).exists():
        return
    today = timezone.localdate()
    with trail.acting(None, source="demo"):
        earlier = _assessment(
            org, standard, "Initial gap analysis", today - datetime.timedelta(days=182), EARLIER, 1.0, people
        )
        for status in ("in_progress", "under_review", "completed"):
            services.assessment_transition(earlier, status=status, by=None, reason="Demo history")
        current = services.assessment_create(
            org=org,
            data={
                "title": "Pre-certification gap analysis",
                "standard": standard,
                "assessed_on": today,
                "assessors": [people["quality"], people["leadauditor"]],
            },
            by=None,
            copy_from=earlier,
        )
        _score(current, CURRENT, 0.9, seed=2)
        services.assessment_transition(current, status="in_progress", by=None)
        _raise_actions(current, people)


def _not_applicable(org) -> None:
    for prefix, why in NOT_APPLICABLE.items():
        for requirement in Requirement.objects.filter(standard__slug="iso9001-2015", key__startswith=prefix + "."):
            if not Applicability.objects.filter(organisation=org, requirement=requirement).exists():
                services.applicability_set(
                    org=org, requirement=requirement, applicable=False, justification=why, accepted_by_cb=False, by=None
                )


def _assessment(org, standard, title, day, weights, coverage, people):
    assessment = services.assessment_create(
        org=org,
        data={"title": title, "standard": standard, "assessed_on": day, "assessors": [people["quality"]]},
        by=None,
    )
    _score(assessment, weights, coverage, seed=1)
    return assessment


def _score(assessment, weights, coverage, seed) -> None:
    rng = random.Random(seed)  # noqa: S311 (demo data, not security)
    for response in assessment.responses.filter(applicable=True).select_related("requirement"):
        if rng.random() > coverage:
            services.response_update(response, data={"score": None}, by=None)
            continue
        score = rng.choices(range(5), weights=weights)[0]
        gap = "" if score >= 3 else "Not yet consistent; evidence missing for part of the year."
        services.response_update(response, data={"score": score, "gap": gap}, by=None)


def _raise_actions(assessment, people) -> None:
    owners = [people["quality"], people["production"], people["opsdirector"], people["Laura Kemp"]]
    gaps = assessment.responses.filter(score__lte=1, applicable=True, requirement__is_key=True)[:6]
    for i, response in enumerate(gaps.select_related("requirement__clause")):
        services.response_raise_action(
            response,
            data={
                "title": f"Close the gap on {response.requirement.clause.number}: {response.requirement.text[:80]}",
                "owner": owners[i % len(owners)],
                "due_date": timezone.localdate() + datetime.timedelta(days=30 + 7 * i),
                "priority": "high",
            },
            by=None,
        )
