"""The gap arithmetic, by hand-computed cases and by properties (hypothesis)."""

from hypothesis import given
from hypothesis import strategies as st

from pdca.gap.choices import LikelyFinding, Verdict
from pdca.gap.scoring import Line, figures, likely_finding, results, settings_with_defaults


def line(score, weight=2, clause="4.1", applicable=True, is_key=False, di="none", key=None):
    return Line(
        key=key or f"k{id(object())}",
        clause=clause,
        score=score,
        weight=weight,
        applicable=applicable,
        is_key=is_key,
        di=di,
    )


def test_readiness_maturity_and_coverage_by_hand():
    lines = [line(3, weight=3), line(1, weight=1), line(4, weight=2), line(None, weight=2), line(0, applicable=False)]
    f = figures(lines)
    # answered: (3,w3) (1,w1) (4,w2): readiness = (9 + 1 + 6) / (3·6) = 16/18; maturity = (9 + 1 + 8) / (4·6) = 18/24
    assert f.readiness == round(100 * 16 / 18, 1) == 88.9
    assert f.maturity == 75.0
    assert (f.answered, f.applicable, f.coverage) == (3, 4, 75.0)


def test_level_4_counts_as_3_for_readiness_but_raises_maturity():
    assert figures([line(4)]).readiness == 100.0 and figures([line(4)]).maturity == 100.0
    assert figures([line(3)]).readiness == 100.0 and figures([line(3)]).maturity == 75.0


def test_nothing_answered_gives_no_figures():
    f = figures([line(None), line(2, applicable=False)])
    assert (f.readiness, f.maturity, f.coverage) == (None, None, 0.0)
    assert figures([]).coverage is None


def test_likely_findings_follow_the_default_mapping():
    s = settings_with_defaults({})
    assert likely_finding(line(0), s) == LikelyFinding.MAJOR
    assert likely_finding(line(1, is_key=True), s) == LikelyFinding.MAJOR
    assert likely_finding(line(1), s) == LikelyFinding.MINOR
    assert likely_finding(line(2, is_key=True), s) == LikelyFinding.MINOR
    assert likely_finding(line(3), s) == likely_finding(line(4), s) == LikelyFinding.CONFORMING
    assert likely_finding(line(None), s) == LikelyFinding.UNANSWERED


def test_the_mapping_is_an_organisation_setting():
    strict = settings_with_defaults({"major_if_score_at_most": 1})
    assert likely_finding(line(1), strict) == LikelyFinding.MAJOR


def test_ready_needs_full_coverage_no_major_and_90_percent():
    ready = results([line(3, clause="4.1"), line(3, clause="5.1"), line(4, clause="10.2")])
    assert ready.verdict == Verdict.READY and not ready.failing
    unanswered = results([line(3), line(None)])
    assert unanswered.verdict == Verdict.NEARLY  # readiness 100 %, but coverage is not
    assert [c.code for c in unanswered.failing] == ["coverage"]
    major = results([line(3, weight=3)] * 9 + [line(0, weight=1, key="zero")])
    assert major.overall.readiness >= 90 and major.verdict == Verdict.NEARLY
    assert [c.code for c in major.failing] == ["no_major"]
    assert [x.key for x in major.failing[0].lines] == ["zero"]


def test_verdict_bands():
    assert results([line(2)] * 3 + [line(3)]).verdict == Verdict.NEARLY  # 2+2+2+3 / 12 = 75 %
    assert results([line(2), line(1)]).verdict == Verdict.BUILDING  # 50 %
    assert results([line(1), line(1), line(2)]).verdict == Verdict.EARLY  # 44.4 %
    custom = results([line(2), line(1)], {"building": 60})
    assert custom.verdict == Verdict.EARLY


def test_per_clause_and_subclause_figures_and_missing_documented_information():
    res = results(
        [
            line(3, clause="4.3", di="maintain"),
            line(1, clause="4.3", di="maintain"),
            line(2, clause="10.2.2", di="retain"),
            line(None, clause="10.2.1"),
            line(0, clause="9.2.2", applicable=False),
        ]
    )
    assert list(res.by_clause) == ["4", "9", "10"]
    assert res.by_clause["4"].readiness == round(100 * 4 / 6, 1)
    assert res.by_clause["9"].readiness is None and res.by_clause["9"].applicable == 0
    assert res.by_subclause["10.2.2"].readiness == round(100 * 2 / 3, 1)
    assert [x.clause for x in res.missing_documented_information] == ["4.3", "10.2.2"]


scores = st.one_of(st.none(), st.integers(0, 4))
lines_strategy = st.lists(
    st.builds(line, score=scores, weight=st.integers(1, 3), applicable=st.booleans(), is_key=st.booleans()),
    max_size=30,
)


@given(lines_strategy)
def test_figures_stay_within_0_and_100(lines):
    f = figures(lines)
    for value in (f.readiness, f.maturity, f.coverage):
        assert value is None or 0 <= value <= 100


@given(lines_strategy, st.builds(line, score=scores, weight=st.integers(1, 3), applicable=st.just(False)))
def test_a_not_applicable_requirement_never_changes_the_others(lines, na):
    assert figures([*lines, na]) == figures(lines)


@given(lines_strategy, st.data())
def test_raising_a_score_never_lowers_readiness_or_maturity(lines, data):
    answered = [i for i, x in enumerate(lines) if x.answered and x.score < 4]
    if not answered:
        return
    i = data.draw(st.sampled_from(answered))
    raised = list(lines)
    old = raised[i]
    raised[i] = Line(**{**old.__dict__, "score": data.draw(st.integers(old.score + 1, 4))})
    before, after = figures(lines), figures(raised)
    assert after.readiness >= before.readiness and after.maturity >= before.maturity
