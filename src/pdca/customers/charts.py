"""Survey charts: a question's distribution (bars per score) and NPS / CSAT over the rounds (lines).

Server-side SVG with core.charts' primitives, so a page and a PDF draw the same. Each bar and point
carries its number as text as well, and the description lists every value: nothing depends on colour.
"""

from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from pdca.core.charts import GRID, INK, MUTED, TRACK, attrs, n, svg, text

DETRACTOR, PASSIVE, PROMOTER = "#c62828", "#9e6a00", "#2e7d32"
BAR = "#3d6fb4"
NPS_LINE, CSAT_LINE = "#1f4e8c", "#2e7d32"


def _bar_colour(kind: str, score: int) -> str:
    if kind == "nps":
        return PROMOTER if score >= 9 else PASSIVE if score >= 7 else DETRACTOR
    return PROMOTER if score >= 4 else PASSIVE if score == 3 else DETRACTOR


def distribution(result) -> SafeString:
    """Vertical bars, one per score of the question's scale, with the count above each."""
    counts = result.counts
    scores = sorted(counts)
    width, height, left, bottom, top = 44 * len(scores) + 40, 170, 30, 140, 22
    peak = max(counts.values()) if counts and max(counts.values()) else 1
    step = (width - left - 10) / max(len(scores), 1)
    body = [f"<line {attrs(x1=left, y1=bottom, x2=width - 10, y2=bottom, stroke=GRID)}/>"]
    for i, score in enumerate(scores):
        count = counts[score]
        h = (bottom - top) * count / peak
        x = left + i * step + step * 0.15
        colour = _bar_colour(result.question.kind, score)
        bar = attrs(x=n(x), y=n(bottom - h), width=n(step * 0.7), height=n(h), fill=colour)
        body.append(f"<rect {bar}><title>{score}: {count}</title></rect>")
        body.append(text(x + step * 0.35, bottom - h - 4, count, text_anchor="middle", fill=INK, font_size=11))
        body.append(text(x + step * 0.35, bottom + 16, score, text_anchor="middle", fill=MUTED))
    title = _("Answers to “%(q)s”") % {"q": result.question.text}
    desc = "; ".join(f"{s}: {counts[s]}" for s in scores)
    return svg(width, height, title, desc, body, "survey-chart survey-distribution")


def trend(results) -> SafeString:
    """NPS (−100 … +100) and CSAT (0 … 100 %) of each round, oldest first, on one scale."""
    points = results.trend
    title = _("NPS and CSAT over the survey rounds")
    if not points:
        message = _("No rounds sent yet.")
        return svg(640, 40, title, message, [text(320, 24, message, text_anchor="middle", fill=MUTED)], "survey-chart")
    width, height = 680, 260
    left, right, top, bottom = 50, 660, 16, 200

    def y(value):
        return bottom - (bottom - top) * (value + 100) / 200

    body = []
    for tick in (-100, -50, 0, 50, 100):
        body.append(f"<line {attrs(x1=left, y1=n(y(tick)), x2=right, y2=n(y(tick)), stroke=TRACK if tick else GRID)}/>")
        body.append(text(left - 6, y(tick) + 4, tick, text_anchor="end", fill=MUTED, font_size=11))
    step = (right - left) / max(len(points), 1)
    xs = [left + step * (i + 0.5) for i in range(len(points))]
    for label, colour, attr in ((_("NPS"), NPS_LINE, "nps"), (_("CSAT %"), CSAT_LINE, "csat")):
        coords = [(x, getattr(p, attr)) for x, p in zip(xs, points, strict=True) if getattr(p, attr) is not None]
        if len(coords) > 1:
            path = " ".join(f"{n(x)},{n(y(v))}" for x, v in coords)
            body.append(f"<polyline {attrs(points=path, fill='none', stroke=colour, stroke_width=2.5)}/>")
        for x, v in coords:
            body.append(
                f"<circle {attrs(cx=n(x), cy=n(y(v)), r=4, fill=colour)}><title>{label}: {v:g}</title></circle>"
            )
            body.append(text(x, y(v) - 8, f"{v:g}", text_anchor="middle", fill=colour, font_size=11))
    for x, p in zip(xs, points, strict=True):
        body.append(text(x, bottom + 18, p.round.name[:18], text_anchor="middle", fill=INK, font_size=11))
    body.append(f"<rect {attrs(x=left, y=height - 22, width=12, height=4, fill=NPS_LINE)}/>")
    body.append(text(left + 18, height - 16, _("NPS"), fill=INK))
    body.append(f"<rect {attrs(x=left + 70, y=height - 22, width=12, height=4, fill=CSAT_LINE)}/>")
    body.append(text(left + 88, height - 16, _("CSAT %"), fill=INK))
    desc = "; ".join(f"{p.round.name}: NPS {_g(p.nps)}, CSAT {_g(p.csat, ' %')}" for p in points)
    return svg(width, height, title, desc, body, "survey-chart survey-trend")


def _g(value, unit: str = "") -> str:
    return "—" if value is None else f"{value:g}{unit}"
