"""Supplier charts: the trend of a supplier's weighted scores against the threshold and the "good" mark.

Drawn with core.charts' SVG primitives (same drawing in a page and a PDF). Each point's band is told by
its shape as well as its colour (circle good, triangle acceptable, square below threshold) and by its
tooltip; the description lists every score, so nothing depends on colour.
"""

from xml.sax.saxutils import escape

from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from pdca.core.charts import GRID, INK, MUTED, attrs, n, svg, text
from pdca.suppliers.choices import Band

COLOURS = {Band.GOOD: "#2e7d32", Band.ACCEPTABLE: "#9e6a00", Band.POOR: "#c62828"}
FILLS = {Band.GOOD: "#e3f1e4", Band.ACCEPTABLE: "#fdf1d3", Band.POOR: "#f9e0e0"}
WIDTH, HEIGHT = 720, 260
LEFT, RIGHT, TOP, BOTTOM = 48, 700, 16, 210


def _y(score: float) -> float:
    return BOTTOM - (BOTTOM - TOP) * score / 100


def _band(score: float, threshold: int, good_from: int) -> str:
    return Band.POOR if score < threshold else Band.GOOD if score >= good_from else Band.ACCEPTABLE


def trend(points, *, threshold: int, good_from: int, title: str) -> SafeString:
    """`points`: (date, period, score 0–100), oldest first."""
    if not points:
        message = _("No evaluations yet: the trend starts with the first one.")
        return svg(
            WIDTH,
            44,
            title,
            message,
            [text(WIDTH / 2, 26, message, text_anchor="middle", fill=MUTED)],
            "supplier-trend",
        )
    body = []
    for band, low, high in (
        (Band.POOR, 0, threshold),
        (Band.ACCEPTABLE, threshold, good_from),
        (Band.GOOD, good_from, 100),
    ):
        box = attrs(x=LEFT, y=n(_y(high)), width=RIGHT - LEFT, height=n(_y(low) - _y(high)), fill=FILLS[band])
        body.append(f"<rect {box}/>")
    for value in (0, 20, 40, 60, 80, 100):
        body.append(f"<line {attrs(x1=LEFT, x2=RIGHT, y1=n(_y(value)), y2=n(_y(value)), stroke=GRID)}/>")
        body.append(text(LEFT - 6, _y(value) + 4, value, text_anchor="end", font_size=10, fill=MUTED))
    line = attrs(
        x1=LEFT, x2=RIGHT, y1=n(_y(threshold)), y2=n(_y(threshold)), stroke=COLOURS[Band.POOR], stroke_dasharray="6 4"
    )
    body.append(f"<line {line}/>")
    body.append(
        text(
            RIGHT - 4,
            _y(threshold) - 4,
            _("threshold %(t)s") % {"t": threshold},
            text_anchor="end",
            font_size=10,
            fill=INK,
        )
    )
    step = (RIGHT - LEFT - 40) / max(len(points) - 1, 1)
    xs = [LEFT + 20 + i * step for i in range(len(points))] if len(points) > 1 else [(LEFT + RIGHT) / 2]
    coords = [(x, _y(score)) for x, (_d, _p, score) in zip(xs, points, strict=True)]
    if len(coords) > 1:
        polyline = " ".join(f"{n(x)},{n(y)}" for x, y in coords)
        body.append(f"<polyline {attrs(points=polyline, fill='none', stroke='#495057', stroke_width=1.5)}/>")
    every = max(1, len(points) // 8)
    for i, ((x, y), (_d, period, score)) in enumerate(zip(coords, points, strict=True)):
        band = _band(score, threshold, good_from)
        body.append(_marker(x, y, band, f"{period}: {score:g} ({Band(band).label})"))
        if i % every == 0 or i == len(points) - 1:
            body.append(text(x, y - 9, f"{score:g}", text_anchor="middle", font_size=9, fill=INK))
            body.append(text(x, BOTTOM + 16, period, text_anchor="middle", font_size=10, fill=INK))
    desc = "; ".join(f"{period}: {score:g}" for _d, period, score in points)
    return svg(WIDTH, HEIGHT, title, desc, body, "supplier-trend")


def _marker(x: float, y: float, band: str, tip: str) -> str:
    colour, r = COLOURS[band], 4.5
    if band == Band.GOOD:
        shape, end = f"<circle {attrs(cx=n(x), cy=n(y), r=r, fill=colour)}>", "</circle>"
    elif band == Band.ACCEPTABLE:
        pts = f"{n(x)},{n(y - r - 1)} {n(x - r - 0.5)},{n(y + r - 0.5)} {n(x + r + 0.5)},{n(y + r - 0.5)}"
        shape, end = f"<polygon {attrs(points=pts, fill=colour)}>", "</polygon>"
    else:
        size = 2 * r - 1
        shape = f"<rect {attrs(x=n(x - size / 2), y=n(y - size / 2), width=n(size), height=n(size), fill=colour)}>"
        end = "</rect>"
    return f'<g class="supplier-point" data-band="{band}">{shape}<title>{escape(tip)}</title>{end}</g>'
