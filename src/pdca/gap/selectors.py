"""Gap reads shared by pages, API, reports: lines for scoring, results, trends, comparisons."""

import functools

from pdca.core import cache
from pdca.gap import scoring
from pdca.gap.choices import AssessmentStatus
from pdca.gap.models import Applicability, Assessment, Response


def not_applicable_ids(org) -> set[int]:
    return set(
        Applicability.objects.filter(organisation=org, applicable=False).values_list("requirement_id", flat=True)
    )


LINE_FIELDS = (
    "id",
    "score",
    "weight",
    "applicable",
    "requirement__key",
    "requirement__clause__number",
    "requirement__is_key",
    "requirement__documented_information",
    "requirement__extent_necessary",
    "requirement__text",
)


def lines_for(assessment: Assessment) -> list[scoring.Line]:
    """All responses of an assessment as scoring lines: one query."""
    rows = Response.objects.filter(assessment=assessment).order_by("position").values_list(*LINE_FIELDS)
    return [
        scoring.Line(
            key=key,
            clause=clause,
            score=score,
            weight=weight,
            applicable=applicable,
            is_key=is_key,
            di=di,
            extent_necessary=extent,
            response_id=pk,
            text=text,
        )
        for pk, score, weight, applicable, key, clause, is_key, di, extent, text in rows
    ]


def results_for(assessment: Assessment) -> scoring.Results:
    return scoring.results(lines_for(assessment), assessment.organisation.settings.get("gap"))


def current_results(assessment: Assessment) -> scoring.Results:
    """`results_for`, kept per process under `results_stamp` (one small query): screens that are reloaded
    between scores (the scoring screen's clauses, the results page) work the figures out once per change.
    Results are never changed after they are made, so sharing them between requests is safe."""
    return _results_under(results_stamp(assessment), assessment)


@functools.lru_cache(maxsize=128)
def _results_under(stamp: str, assessment: Assessment) -> scoring.Results:
    return results_for(assessment)


def overall_figures(assessment: Assessment) -> scoring.Figures:
    """Readiness, maturity and coverage only (the scoring screen's header): one query, no joins."""
    rows = Response.objects.filter(assessment=assessment).values_list("score", "weight", "applicable")
    return scoring.figures([scoring.Line(key="", clause="", score=s, weight=w, applicable=a) for s, w, a in rows])


def results_stamp(assessment: Assessment) -> str:
    """Changes whenever anything the results page shows changes (one query; see core.cache.stamp): the
    assessment's responses (scores, notes, applicability, weights), the completed assessments of the
    trend, and the gap thresholds. Used as a cache key, never shown."""
    org = assessment.organisation
    stamps = cache.stamp(Response.objects.filter(assessment=assessment), completed(org, assessment.standard_id))
    return cache.key("gap-results", assessment.pk, assessment.version, org.settings.get("gap"), stamps)


def responses_for_scoring(assessment: Assessment):
    """The scoring screen's rows: responses with requirement, clause and action (one query)."""
    return (
        Response.objects.filter(assessment=assessment)
        .select_related("requirement", "requirement__clause", "action", "action__owner")
        .order_by("position")
    )


def completed(org, standard=None):
    queryset = Assessment.objects.filter(
        organisation=org, status__in=[AssessmentStatus.COMPLETED, AssessmentStatus.ARCHIVED]
    )
    return queryset.filter(standard=standard) if standard else queryset


def trend(org, standard=None) -> list[dict]:
    """Readiness of every completed assessment, oldest first: the benchmark over time (one query)."""
    rows = completed(org, standard).order_by("assessed_on", "id").values("id", "number", "assessed_on", "results")
    return [
        {
            "id": r["id"],
            "number": r["number"],
            "date": r["assessed_on"],
            "readiness": (r["results"] or {}).get("readiness"),
        }
        for r in rows
    ]


def latest(org):
    return (
        Assessment.objects.filter(organisation=org)
        .exclude(status=AssessmentStatus.ARCHIVED)
        .select_related("standard")
        .order_by("-assessed_on", "-id")
        .first()
    )


def comparison(before: Assessment, after: Assessment) -> dict:
    """Overall and per-clause deltas, and the requirements that improved or regressed."""
    a, b = lines_for(before), lines_for(after)
    ra, rb = (
        scoring.results(a, before.organisation.settings.get("gap")),
        scoring.results(b, after.organisation.settings.get("gap")),
    )
    old = {line.key: line for line in a}
    improved, regressed = [], []
    for line in b:
        prev = old.get(line.key)
        if prev is None or prev.score is None or line.score is None or not (prev.applicable and line.applicable):
            continue
        if line.score > prev.score:
            improved.append((prev, line))
        elif line.score < prev.score:
            regressed.append((prev, line))
    clauses = sorted(set(ra.by_clause) | set(rb.by_clause), key=lambda c: int(c) if c.isdigit() else 99)
    return {
        "before": ra,
        "after": rb,
        "improved": improved,
        "regressed": regressed,
        "clauses": [(c, ra.by_clause.get(c), rb.by_clause.get(c)) for c in clauses],
    }
