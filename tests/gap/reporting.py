"""Assessments for the report, Excel and CLI tests: built through the services, as users would."""

import datetime

from pdca.gap import services
from pdca.gap.models import Response
from pdca.standards.models import Standard

# (score, gap) for the first requirements of the catalogue: a conforming one, gaps, a likely major.
SCORES = [(3, ""), (1, "No list of external issues."), (2, "Internal issues not reviewed."), (0, "Nothing yet."),
          (4, "")]  # fmt: skip


def iso9001() -> Standard:
    return Standard.objects.get(slug="iso9001-2015", organisation=None)


def new_assessment(org, *, title="Baseline", day=datetime.date(2026, 3, 2), small=False):
    """The full catalogue; `small` keeps one requirement per top clause (4…10) for fast PDF tests."""
    assessment = services.assessment_create(
        org=org, data={"title": title, "standard": iso9001(), "assessed_on": day}, by=None
    )
    if small:
        first_per_clause, seen = [], set()
        for pk, clause in Response.objects.filter(assessment=assessment).values_list(
            "pk", "requirement__clause__number"
        ):
            if clause.split(".")[0] not in seen:
                seen.add(clause.split(".")[0])
                first_per_clause.append(pk)
        Response.objects.filter(assessment=assessment).exclude(pk__in=first_per_clause).delete()
    return assessment


def responses(assessment) -> list[Response]:
    return list(Response.objects.filter(assessment=assessment).select_related("requirement").order_by("position"))


def score_some(assessment, scores=SCORES) -> list[Response]:
    rows = responses(assessment)
    for response, (score, gap) in zip(rows, scores, strict=False):
        services.response_update(response, data={"score": score, "gap": gap}, by=None)
    return rows
