"""Scores, bands and the heat map as pure functions: no database, so tests can check them by hand.

A score is likelihood × impact (1–25). The bands and their thresholds live here and nowhere else, so
that an organisation's own thresholds can later be read from its settings in this one place.
"""

import functools
from dataclasses import dataclass

from django.utils.translation import get_language
from django.utils.translation import gettext as _

from pdca.risks.choices import IMPACT_LABELS, LIKELIHOOD_LABELS, SCALE, Band

# The lowest score of each band, highest band first. 1–4 low, 5–9 medium, 10–14 high, 15–25 critical:
# on a 5 × 5 matrix that puts "likely and major" (4 × 4 = 16) and anything scored 5 on one axis and
# 3 or more on the other in the critical band.
BAND_FLOORS: tuple[tuple[Band, int], ...] = (
    (Band.CRITICAL, 15),
    (Band.HIGH, 10),
    (Band.MEDIUM, 5),
    (Band.LOW, 1),
)
MAX_SCORE = max(SCALE) * max(SCALE)


def check_rating(value, name: str) -> int:
    """A likelihood or impact: a whole number from 1 to 5, or ValueError naming it."""
    if isinstance(value, bool) or not isinstance(value, int) or value not in SCALE:
        raise ValueError(_("%(name)s must be 1 to 5") % {"name": name})
    return value


def score(likelihood: int, impact: int) -> int:
    """Likelihood × impact: 4 × 5 = 20."""
    return check_rating(likelihood, "likelihood") * check_rating(impact, "impact")


def residual_score(likelihood: int | None, impact: int | None) -> int | None:
    """The residual score, or None while the residual rating is not (fully) given."""
    if likelihood is None or impact is None:
        return None
    return score(likelihood, impact)


def _band(value: int) -> Band:
    for name, floor in BAND_FLOORS:
        if value >= floor:
            return name
    raise ValueError(_("A score is 1 to %(max)s.") % {"max": MAX_SCORE})


_BY_SCORE = {score: _band(score) for score in range(1, MAX_SCORE + 1)}  # lists ask for thousands of bands


def band(value: int | None) -> Band | None:
    """The band of a score: 20 → critical, 12 → high, 6 → medium, 4 → low; None for no score."""
    if value is None:
        return None
    found = _BY_SCORE.get(value)
    return found if found is not None else _band(value)


@functools.cache
def _labels(language: str | None) -> dict[str, str]:
    return {value: str(label) for value, label in Band.choices}


def band_label(value: int | None) -> str:
    """The band's name as people read it (translated once per language), "" for no score."""
    name = band(value)
    return _labels(get_language())[name] if name else ""


def band_range(name: str) -> tuple[int, int]:
    """The scores a band covers, both ends included: high → (10, 14)."""
    ceiling = MAX_SCORE
    for band_name, floor in BAND_FLOORS:
        if band_name == name:
            return floor, ceiling
        ceiling = floor - 1
    raise ValueError(name)


# --- the heat map


@dataclass(frozen=True)
class Cell:
    likelihood: int
    impact: int
    count: int

    @property
    def score(self) -> int:
        return self.likelihood * self.impact

    @property
    def band(self) -> Band:
        return band(self.score)

    @property
    def band_label(self) -> str:
        return band_label(self.score)

    @property
    def label(self) -> str:
        """What a screen reader says for the cell (the colour is never the only carrier)."""
        return _("Likelihood %(l)s (%(l_label)s), impact %(i)s (%(i_label)s): score %(score)s, %(band)s; %(count)s") % {
            "l": self.likelihood,
            "l_label": LIKELIHOOD_LABELS[self.likelihood],
            "i": self.impact,
            "i_label": IMPACT_LABELS[self.impact],
            "score": self.score,
            "band": self.band_label.lower(),
            "count": count_label(self.count),
        }


@dataclass(frozen=True)
class Row:
    likelihood: int
    label: str
    cells: list[Cell]


@dataclass(frozen=True)
class HeatMap:
    """A 5 × 5 grid: rows by likelihood from 5 (top) down to 1, columns by impact from 1 to 5."""

    rows: list[Row]
    total: int
    by_band: dict[str, int]

    @property
    def columns(self) -> list[tuple[int, str]]:
        return [(i, str(IMPACT_LABELS[i])) for i in SCALE]


def count_label(count: int) -> str:
    return _("no entries") if count == 0 else _("1 entry") if count == 1 else _("%(n)s entries") % {"n": count}


def heat_map(counts: dict[tuple[int, int], int]) -> HeatMap:
    """The grid from {(likelihood, impact): count}; pairs outside 1–5 (or None) are left out."""
    rows = [
        Row(
            likelihood=likelihood,
            label=str(LIKELIHOOD_LABELS[likelihood]),
            cells=[Cell(likelihood, impact, counts.get((likelihood, impact), 0)) for impact in SCALE],
        )
        for likelihood in reversed(SCALE)
    ]
    by_band = {str(name): 0 for name, _floor in reversed(BAND_FLOORS)}
    for row in rows:
        for cell in row.cells:
            by_band[str(cell.band)] += cell.count
    return HeatMap(rows=rows, total=sum(by_band.values()), by_band=by_band)
