"""Scores, bands and the heat-map grid, checked against values worked out by hand (no database)."""

import pytest

from pdca.risks import scoring

# The whole matrix by hand: rows are likelihood 5 down to 1, columns impact 1 to 5 (score, band).
HAND_MATRIX = {
    5: [(5, "medium"), (10, "high"), (15, "critical"), (20, "critical"), (25, "critical")],
    4: [(4, "low"), (8, "medium"), (12, "high"), (16, "critical"), (20, "critical")],
    3: [(3, "low"), (6, "medium"), (9, "medium"), (12, "high"), (15, "critical")],
    2: [(2, "low"), (4, "low"), (6, "medium"), (8, "medium"), (10, "high")],
    1: [(1, "low"), (2, "low"), (3, "low"), (4, "low"), (5, "medium")],
}


@pytest.mark.parametrize(
    ("likelihood", "impact", "score", "band"),
    [(4, 5, 20, "critical"), (1, 1, 1, "low"), (2, 2, 4, "low"), (1, 5, 5, "medium"), (3, 3, 9, "medium"),
     (2, 5, 10, "high"), (3, 4, 12, "high"), (3, 5, 15, "critical"), (5, 5, 25, "critical")],
)  # fmt: skip
def test_it_multiplies_likelihood_by_impact_and_names_the_band(likelihood, impact, score, band):
    assert scoring.score(likelihood, impact) == score
    assert scoring.band(score) == band


def test_it_puts_every_cell_of_the_matrix_in_the_hand_worked_band():
    for likelihood, cells in HAND_MATRIX.items():
        for impact, (score, band) in enumerate(cells, start=1):
            assert (scoring.score(likelihood, impact), scoring.band(score)) == (score, band), (likelihood, impact)


@pytest.mark.parametrize("bad", [0, 6, 7, -1, None, "3", 2.5, True])
def test_it_refuses_a_rating_outside_1_to_5(bad):
    with pytest.raises(ValueError, match="likelihood must be 1 to 5"):
        scoring.score(bad, 3)
    with pytest.raises(ValueError, match="impact must be 1 to 5"):
        scoring.score(3, bad)


def test_band_edges_and_ranges_cover_1_to_25_without_gaps():
    assert [scoring.band(s) for s in (4, 5, 9, 10, 14, 15, 25)] == [
        "low", "medium", "medium", "high", "high", "critical", "critical"
    ]  # fmt: skip
    assert scoring.band(None) is None
    with pytest.raises(ValueError):
        scoring.band(0)
    ranges = {b: scoring.band_range(b) for b in ("low", "medium", "high", "critical")}
    assert ranges == {"low": (1, 4), "medium": (5, 9), "high": (10, 14), "critical": (15, 25)}
    covered = [s for low, high in ranges.values() for s in range(low, high + 1)]
    assert sorted(covered) == list(range(1, 26))


def test_residual_score_is_empty_until_both_ratings_are_given():
    assert scoring.residual_score(2, 4) == 8
    assert scoring.residual_score(None, 4) is None and scoring.residual_score(2, None) is None


def test_the_heat_map_counts_each_cell_and_band_by_hand():
    counts = {(4, 5): 3, (1, 1): 2, (3, 3): 1, (5, 1): 4, (2, 5): 1}
    heat = scoring.heat_map(counts)
    assert [row.likelihood for row in heat.rows] == [5, 4, 3, 2, 1]
    grid = {(c.likelihood, c.impact): c for row in heat.rows for c in row.cells}
    assert len(grid) == 25
    assert grid[(4, 5)].count == 3 and grid[(4, 5)].score == 20 and grid[(4, 5)].band == "critical"
    assert grid[(5, 1)].count == 4 and grid[(5, 1)].band == "medium"
    assert grid[(2, 2)].count == 0
    assert heat.total == 11
    # low: (1,1)×2; medium: (3,3)×1 + (5,1)×4; high: (2,5)×1; critical: (4,5)×3
    assert heat.by_band == {"low": 2, "medium": 5, "high": 1, "critical": 3}
    assert [c.impact for c in heat.rows[0].cells] == [1, 2, 3, 4, 5]


def test_a_cell_reads_without_colour():
    cell = scoring.heat_map({(4, 5): 3}).rows[1].cells[4]
    assert cell.label == "Likelihood 4 (Likely), impact 5 (Severe): score 20, critical; 3 entries"
    empty = scoring.heat_map({}).rows[4].cells[0]
    assert empty.label.endswith("score 1, low; no entries")


def test_pairs_outside_the_scale_are_left_out():
    heat = scoring.heat_map({(0, 3): 5, (6, 6): 1, (2, 2): 1})
    assert heat.total == 1
