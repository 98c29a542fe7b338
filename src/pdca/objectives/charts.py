"""KPI charts: the trend with its target line and green/amber/red bands, and the sparkline of the lists.

Drawn with core.charts' SVG primitives, so the page and a PDF show the same drawing. Every point's
status is told by its shape as well as its colour (circle on track, triangle at risk, square off
track) and by its tooltip, and the description lists every value, so nothing depends on colour.
"""

import math
from decimal import Decimal
from xml.sax.saxutils import escape

from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from pdca.core.charts import GRID, INK, MUTED
from pdca.core.charts import attrs as _attrs
from pdca.core.charts import n as _n
from pdca.core.charts import svg as _svg
from pdca.core.charts import text as _text
from pdca.objectives.choices import Direction, Performance
from pdca.objectives.status import period_label

COLOURS = {
    Performance.ON_TRACK: "#2e7d32",
    Performance.AT_RISK: "#9e6a00",
    Performance.OFF_TRACK: "#c62828",
    Performance.NO_DATA: MUTED,
}
BANDS = {Performance.ON_TRACK: "#e3f1e4", Performance.AT_RISK: "#fdf1d3", Performance.OFF_TRACK: "#f9e0e0"}
LINE = "#495057"
WIDTH, HEIGHT = 720, 290
PLOT = {"left": 60, "right": 620, "top": 18, "bottom": 222}
MAX_LABELS = 8


def amount(value, unit: str = "") -> str:
    """A value as people read it: 95, 94.5, 0.35 (at most two decimals), with its unit."""
    if value is None:
        return "—"
    text = f"{value:.2f}".rstrip("0").rstrip(".")  # Decimal and float alike; charts call this thousands of times
    if text in ("-0", ""):
        text = "0"
    return f"{text} {unit}" if unit else text


# --- the trend


def trend(kpi, points) -> SafeString:
    """The KPI's measurements over time (oldest first) against its target and bands."""
    title = _("%(kpi)s: trend against target") % {"kpi": kpi}
    if not points:
        message = _("No measurements yet: the trend starts with the first value.")
        body = [_text(WIDTH / 2, 26, message, text_anchor="middle", fill=MUTED)]
        return _svg(WIDTH, 44, title, message, body, "kpi-chart kpi-chart-trend")
    scale = _Scale([p.value for p in points] + [kpi.target, kpi.green, kpi.amber])
    xs = _xs([p.period for p in points])
    body = [
        *_bands(kpi, scale),
        *_grid(scale, kpi.unit),
        *_target(kpi, scale),
        *_series(kpi, points, xs, scale),
        *_x_labels(kpi, points, xs),
        *_legend(HEIGHT - 12),
    ]
    desc = _("Target %(t)s (%(d)s). ") % {"t": amount(kpi.target, kpi.unit), "d": kpi.get_direction_display()}
    desc += "; ".join(
        f"{period_label(p.period, kpi.frequency)}: {amount(p.value, kpi.unit)} ({Performance(p.status).label})"
        for p in points
    )
    return _svg(WIDTH, HEIGHT, title, desc, body, "kpi-chart kpi-chart-trend")


class _Scale:
    """Value → y, over the values and thresholds with a margin, on round tick values."""

    def __init__(self, values):
        low, high = float(min(values)), float(max(values))
        span = high - low or abs(high) or 1.0
        step = _nice_step(span * 1.2 / 4)
        self.low = math.floor((low - span * 0.1) / step) * step
        self.high = math.ceil((high + span * 0.1) / step) * step
        self.ticks = [self.low + i * step for i in range(round((self.high - self.low) / step) + 1)]

    def y(self, value) -> float:
        share = (float(value) - self.low) / (self.high - self.low)
        return PLOT["bottom"] - (PLOT["bottom"] - PLOT["top"]) * max(0.0, min(share, 1.0))


def _nice_step(raw: float) -> float:
    power = 10 ** math.floor(math.log10(raw))
    return next(m * power for m in (1, 2, 2.5, 5, 10) if m * power >= raw)


def _xs(periods) -> list[float]:
    """x by date, so a missing period leaves a gap; a single point in the middle."""
    first, span = periods[0], (periods[-1] - periods[0]).days
    left, width = PLOT["left"] + 14, PLOT["right"] - PLOT["left"] - 28
    if span == 0:
        return [left + width / 2 for _p in periods]
    return [left + width * (p - first).days / span for p in periods]


def _rect(top: float, bottom: float, fill: str) -> str:
    width = PLOT["right"] - PLOT["left"]
    return f"<rect {_attrs(x=PLOT['left'], y=_n(top), width=width, height=_n(max(bottom - top, 0)), fill=fill)}/>"


def _bands(kpi, scale: _Scale) -> list[str]:
    """Green beyond the green threshold, amber between amber and green, red beyond amber."""
    top, bottom = PLOT["top"], PLOT["bottom"]
    green, amber = scale.y(kpi.green), scale.y(kpi.amber)
    if kpi.direction == Direction.HIGHER:
        parts = [(top, green, "on_track"), (green, amber, "at_risk"), (amber, bottom, "off_track")]
    else:
        parts = [(top, amber, "off_track"), (amber, green, "at_risk"), (green, bottom, "on_track")]
    return [_rect(a, b, BANDS[status]) for a, b, status in parts if b > a]


def _grid(scale: _Scale, unit: str) -> list[str]:
    parts = []
    for value in scale.ticks:
        y = _n(scale.y(value))
        parts.append(f"<line {_attrs(x1=PLOT['left'], x2=PLOT['right'], y1=y, y2=y, stroke=GRID)}/>")
        label = amount(Decimal(str(round(value, 6))), unit)
        parts.append(_text(PLOT["left"] - 6, scale.y(value) + 4, label, text_anchor="end", font_size=10, fill=MUTED))
    return parts


def _target(kpi, scale: _Scale) -> list[str]:
    y = scale.y(kpi.target)
    line = _attrs(
        x1=PLOT["left"], x2=PLOT["right"], y1=_n(y), y2=_n(y), stroke=INK, stroke_width=1.5, stroke_dasharray="6 4"
    )
    label = _("target %(t)s") % {"t": amount(kpi.target, kpi.unit)}
    return [
        f'<line class="kpi-target" {line}/>',
        _text(PLOT["right"] + 6, y + 4, label, font_size=10, fill=INK, font_weight="bold"),
    ]


def _series(kpi, points, xs, scale: _Scale) -> list[str]:
    coords = [(x, scale.y(p.value)) for p, x in zip(points, xs, strict=True)]
    parts = []
    if len(coords) > 1:
        line = " ".join(f"{_n(x)},{_n(y)}" for x, y in coords)
        parts.append(f"<polyline {_attrs(points=line, fill='none', stroke=LINE, stroke_width=1.5)}/>")
    labelled = _labelled(len(points))
    for i, (point, (x, y)) in enumerate(zip(points, coords, strict=True)):
        tip = f"{period_label(point.period, kpi.frequency)}: {amount(point.value, kpi.unit)}"
        parts.append(_marker(x, y, point.status, f"{tip} ({Performance(point.status).label})"))
        if i in labelled:
            parts.append(_text(x, y - 9, amount(point.value), text_anchor="middle", font_size=9, fill=INK))
    return parts


def _marker(x: float, y: float, status: str, tip: str) -> str:
    colour, r = COLOURS[status], 4.5
    if status == Performance.ON_TRACK:
        shape = f"<circle {_attrs(cx=_n(x), cy=_n(y), r=r, fill=colour)}>"
        end = "</circle>"
    elif status == Performance.AT_RISK:
        points = f"{_n(x)},{_n(y - r - 1)} {_n(x - r - 0.5)},{_n(y + r - 0.5)} {_n(x + r + 0.5)},{_n(y + r - 0.5)}"
        shape, end = f"<polygon {_attrs(points=points, fill=colour)}>", "</polygon>"
    else:
        size = 2 * r - 1
        shape = f"<rect {_attrs(x=_n(x - size / 2), y=_n(y - size / 2), width=_n(size), height=_n(size), fill=colour)}>"
        end = "</rect>"
    return f'<g class="kpi-point" data-status="{status}">{shape}<title>{escape(tip)}</title>{end}</g>'


def _labelled(count: int) -> set[int]:
    """Which points get a value label: all of a few; else evenly spaced ones and the last."""
    if count <= 12:
        return set(range(count))
    step = (count - 1) / (MAX_LABELS - 1)
    return {round(i * step) for i in range(MAX_LABELS)}


def _x_labels(kpi, points, xs) -> list[str]:
    parts = []
    for i in sorted(_labelled(len(points))):
        label = period_label(points[i].period, kpi.frequency)
        parts.append(_text(xs[i], PLOT["bottom"] + 16, label, text_anchor="middle", font_size=10, fill=INK))
    return parts


def _legend(y: float) -> list[str]:
    x, parts = PLOT["left"], []
    for status, label in (
        (Performance.ON_TRACK, _("on track")),
        (Performance.AT_RISK, _("at risk")),
        (Performance.OFF_TRACK, _("off track")),
    ):
        parts.append(_marker(x + 5, y - 4, status, label))
        parts.append(_text(x + 14, y, label, font_size=10, fill=INK))
        x += 90
    line = _attrs(x1=x, x2=x + 22, y1=y - 4, y2=y - 4, stroke=INK, stroke_width=1.5, stroke_dasharray="6 4")
    parts += [f"<line {line}/>", _text(x + 28, y, _("target"), font_size=10, fill=INK)]
    return parts


# --- the sparkline of the lists


def sparkline(kpi, points, width: int = 110, height: int = 26) -> SafeString:
    """The last values as a small line; the latest as a dot in its status colour, the green threshold faint."""
    desc = ", ".join(amount(p.value, kpi.unit) for p in points) or _("no measurements yet")
    title = _("%(kpi)s: recent values") % {"kpi": kpi.number}
    if not points:
        return _svg(width, height, title, desc, [], "kpi-sparkline", fluid=False)
    values = [float(p.value) for p in points] + [float(kpi.green)]
    low, high = min(values), max(values)
    pad, span = 3, (high - low) or 1.0

    def y(value) -> float:
        return height - pad - (height - 2 * pad) * (float(value) - low) / span

    step = (width - 2 * pad) / (len(points) - 1) if len(points) > 1 else 0
    xs = [pad + i * step if len(points) > 1 else width / 2 for i in range(len(points))]
    green = _n(y(kpi.green))
    body = [f"<line {_attrs(x1=0, x2=width, y1=green, y2=green, stroke=COLOURS['on_track'], stroke_opacity=0.35)}/>"]
    if len(points) > 1:
        line = " ".join(f"{_n(x)},{_n(y(p.value))}" for x, p in zip(xs, points, strict=True))
        body.append(f"<polyline {_attrs(points=line, fill='none', stroke=LINE, stroke_width=1.2)}/>")
    last = points[-1]
    body.append(f"<circle {_attrs(cx=_n(xs[-1]), cy=_n(y(last.value)), r=2.8, fill=COLOURS[last.status])}/>")
    return _svg(width, height, title, desc, body, "kpi-sparkline", fluid=False)
