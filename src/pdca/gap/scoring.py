"""The arithmetic of a gap assessment, as plain functions of its lines (no database).

readiness % = Σ(weight × min(score, 3)) ÷ Σ(weight × 3)   over applicable, answered requirements
maturity  % = Σ(weight × score)         ÷ Σ(weight × 4)   over the same
coverage  % = answered ÷ applicable
Not-applicable requirements are out of all three. Likely findings and the verdict follow the
organisation's settings (choices.DEFAULT_SETTINGS); the practice behind them is described in
the team's domain notes (gap analysis practice, with sources).
"""

from collections import defaultdict
from dataclasses import dataclass, field

from pdca.gap.choices import CONFORMING, DEFAULT_SETTINGS, MAX_SCORE, LikelyFinding, Verdict


@dataclass(frozen=True)
class Line:
    """One requirement's response, reduced to what the arithmetic needs."""

    key: str
    clause: str  # the leaf clause number, e.g. "8.5.1"
    score: int | None
    weight: int
    applicable: bool = True
    is_key: bool = False
    di: str = "none"
    extent_necessary: bool = False
    response_id: int | None = None
    text: str = ""

    @property
    def top(self) -> str:
        return self.clause.split(".")[0]

    @property
    def answered(self) -> bool:
        return self.applicable and self.score is not None


@dataclass(frozen=True)
class Figures:
    readiness: float | None
    maturity: float | None
    coverage: float | None
    answered: int
    applicable: int


def percent(part: float, whole: float) -> float | None:
    return None if whole == 0 else round(100 * part / whole, 1)


def figures(lines) -> Figures:
    applicable = [line for line in lines if line.applicable]
    answered = [line for line in applicable if line.score is not None]
    weights = sum(line.weight for line in answered)
    return Figures(
        readiness=percent(sum(line.weight * min(line.score, CONFORMING) for line in answered), weights * CONFORMING),
        maturity=percent(sum(line.weight * line.score for line in answered), weights * MAX_SCORE),
        coverage=percent(len(answered), len(applicable)),
        answered=len(answered),
        applicable=len(applicable),
    )


def settings_with_defaults(settings: dict | None) -> dict:
    return {**DEFAULT_SETTINGS, **(settings or {})}


def likely_finding(line: Line, settings: dict) -> str:
    if not line.answered:
        return LikelyFinding.UNANSWERED
    if line.score <= settings["major_if_score_at_most"] or (
        line.is_key and line.score <= settings["major_if_key_score_at_most"]
    ):
        return LikelyFinding.MAJOR
    return LikelyFinding.MINOR if line.score < CONFORMING else LikelyFinding.CONFORMING


@dataclass(frozen=True)
class Condition:
    """One condition of "ready for stage 1", whether it holds, and the requirements that break it."""

    code: str
    holds: bool
    lines: tuple = ()


@dataclass
class Results:
    overall: Figures
    by_clause: dict[str, Figures]
    by_subclause: dict[str, Figures]
    findings: dict[str, list[Line]]
    missing_documented_information: list[Line]
    conditions: list[Condition]
    verdict: str
    settings: dict = field(default_factory=dict)

    @property
    def failing(self) -> list[Condition]:
        return [c for c in self.conditions if not c.holds]


def _grouped(lines, key) -> dict[str, Figures]:
    groups = defaultdict(list)
    for line in lines:
        groups[key(line)].append(line)
    return {name: figures(group) for name, group in sorted(groups.items(), key=lambda kv: _clause_order(kv[0]))}


def _clause_order(number: str) -> tuple:
    return tuple(int(p) if p.isdigit() else p for p in number.split("."))


def results(lines, settings: dict | None = None) -> Results:
    settings = settings_with_defaults(settings)
    lines = list(lines)
    overall = figures(lines)
    findings = {f.value: [] for f in LikelyFinding}
    for line in lines:
        if line.applicable:
            findings[likely_finding(line, settings)].append(line)
    missing_di = [
        line
        for line in lines
        if line.applicable and line.di != "none" and (line.score is None or line.score < CONFORMING)
    ]
    conditions = [
        Condition("coverage", overall.coverage == 100, tuple(findings[LikelyFinding.UNANSWERED])),
        Condition("no_major", not findings[LikelyFinding.MAJOR], tuple(findings[LikelyFinding.MAJOR])),
        Condition(
            "readiness",
            (overall.readiness or 0) >= settings["ready_readiness"],
            tuple(findings[LikelyFinding.MINOR] + findings[LikelyFinding.MAJOR]),
        ),
    ]
    return Results(
        overall=overall,
        by_clause=_grouped(lines, lambda line: line.top),
        by_subclause=_grouped(lines, lambda line: line.clause),
        findings=findings,
        missing_documented_information=missing_di,
        conditions=conditions,
        verdict=verdict(overall, conditions, settings),
        settings=settings,
    )


def verdict(overall: Figures, conditions: list[Condition], settings: dict) -> str:
    readiness = overall.readiness or 0
    if all(c.holds for c in conditions):
        return Verdict.READY
    if readiness >= settings["nearly"]:
        return Verdict.NEARLY
    if readiness >= settings["building"]:
        return Verdict.BUILDING
    return Verdict.EARLY


def summary(res: Results) -> dict:
    """The frozen figures a completed assessment keeps (for trends and comparisons)."""
    return {
        "readiness": res.overall.readiness,
        "maturity": res.overall.maturity,
        "coverage": res.overall.coverage,
        "verdict": res.verdict,
        "by_clause": {k: v.readiness for k, v in res.by_clause.items()},
        "majors": len(res.findings[LikelyFinding.MAJOR]),
        "minors": len(res.findings[LikelyFinding.MINOR]),
    }
