"""Weighted supplier scores and their bands: plain functions, no database (tested by hand-made cases)."""

from decimal import ROUND_HALF_UP, Decimal

from pdca.suppliers.choices import Band


def weighted_score(pairs) -> Decimal:
    """The weighted total 0–100 of (weight %, score 1–5) pairs: Σ weight × (score − 1) / 4.

    A 1 on every criterion gives 0 and a 5 gives 100, so the number reads as a percentage of the best
    possible supplier. The weights are expected to total 100; rounded half up to one decimal.
    """
    total = sum((Decimal(weight) * (Decimal(score) - 1) / 4 for weight, score in pairs), Decimal(0))
    return total.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def band(score, *, threshold: int, good_from: int) -> str:
    """ "poor" below the threshold, "good" from the good mark, "acceptable" between; "" for no score."""
    if score is None:
        return ""
    if score < threshold:
        return Band.POOR
    return Band.GOOD if score >= good_from else Band.ACCEPTABLE
