"""The gap analysis charts (clause bars, readiness trend, sparklines), drawn with core.charts' SVG primitives."""

from django.utils import formats
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from pdca.core.charts import GRID, INK, MUTED, TRACK
from pdca.core.charts import attrs as _attrs
from pdca.core.charts import n as _n
from pdca.core.charts import svg as _svg
from pdca.core.charts import text as _text
from pdca.gap import scoring

MATURITY = "#495057"
# Bar colour by verdict band; the value is always written beside the bar too, so colour never
# carries the meaning alone.
BAND_COLOURS = {"ready": "#2e7d32", "nearly": "#9e7c0c", "building": "#e65100", "early": "#c62828"}


def percent(value, empty: str | None = None) -> str:
    """A percentage as people read it (72.5 %, 100 %); `empty`, by default "not assessed", for None.

    Shared with the reports so a figure reads the same in a chart and in a table.
    """
    if value is None:
        return _("not assessed") if empty is None else empty
    # floatformat(-1) without its cost (charts call this hundreds of times): "72.5", "100".
    text = f"{value:.1f}".removesuffix(".0")
    return f"{text.replace('.', formats.get_format('DECIMAL_SEPARATOR'))} %"


def band(readiness, settings: dict) -> str:
    readiness = readiness or 0
    for name, threshold in (("ready", "ready_readiness"), ("nearly", "nearly"), ("building", "building")):
        if readiness >= settings[threshold]:
            return name
    return "early"


# --- per-clause bars


BAR_LEFT, BAR_WIDTH, ROW, TOP = 78, 440, 38, 30


def clause_bars(results: scoring.Results) -> SafeString:
    """Readiness per top-level clause as horizontal bars, maturity as a thin bar under each."""
    settings = scoring.settings_with_defaults(results.settings)
    clauses = list(results.by_clause.items())
    height = TOP + ROW * len(clauses) + 34
    body = []
    for index, (number, figures) in enumerate(clauses):
        body += _clause_row(number, figures, TOP + index * ROW, settings)
    # Drawn after the bars so the reference stays visible across them.
    body.append(_ready_line(settings["ready_readiness"], TOP - 8, TOP + ROW * len(clauses)))
    body += _bars_legend(height - 14)
    desc = "; ".join(
        _("clause %(n)s: readiness %(r)s, maturity %(m)s")
        % {"n": n, "r": percent(f.readiness), "m": percent(f.maturity)}
        for n, f in clauses
    )
    return _svg(640, height, _("Readiness and maturity by clause"), desc, body, "gap-chart gap-chart-clauses")


def _x(value: float) -> float:
    return BAR_LEFT + BAR_WIDTH * max(0, min(value, 100)) / 100


def _ready_line(threshold: float, top: float, bottom: float) -> str:
    x = _x(threshold)
    line = f"<line {_attrs(x1=_n(x), x2=_n(x), y1=top, y2=bottom, stroke=INK, stroke_dasharray='4 3')}/>"
    label = _("ready %(value)s") % {"value": percent(threshold)}
    return line + _text(x, top - 4, label, text_anchor="middle", font_size=10, fill=INK)


def _clause_row(number: str, figures: scoring.Figures, y: float, settings: dict) -> list[str]:
    parts = [
        _text(BAR_LEFT - 10, y + 13, _("Clause %(n)s") % {"n": number}, text_anchor="end", fill=INK),
        f"<rect {_attrs(x=BAR_LEFT, y=y, width=BAR_WIDTH, height=16, fill=TRACK)}/>",
    ]
    if figures.readiness is None:
        return [*parts, _text(BAR_LEFT + 8, y + 12, _("not assessed"), fill=MUTED, font_size=11)]
    colour = BAND_COLOURS[band(figures.readiness, settings)]
    parts += [
        f"<rect {_attrs(x=BAR_LEFT, y=y, width=_n(_x(figures.readiness) - BAR_LEFT), height=16, fill=colour)}/>",
        f"<rect {_attrs(x=BAR_LEFT, y=y + 20, width=_n(_x(figures.maturity) - BAR_LEFT), height=5, fill=MATURITY)}/>",
        _text(BAR_LEFT + BAR_WIDTH + 8, y + 13, percent(figures.readiness), fill=INK, font_weight="bold"),
        _text(BAR_LEFT + BAR_WIDTH + 8, y + 26, percent(figures.maturity), fill=MUTED, font_size=10),
    ]
    return parts


def _bars_legend(y: float) -> list[str]:
    x = BAR_LEFT
    return [
        f"<rect {_attrs(x=x, y=y - 9, width=14, height=10, fill=BAND_COLOURS['ready'])}/>",
        _text(x + 20, y, _("readiness (bar colour: verdict band)"), font_size=10, fill=INK),
        f"<rect {_attrs(x=x + 250, y=y - 6, width=14, height=5, fill=MATURITY)}/>",
        _text(x + 270, y, _("maturity"), font_size=10, fill=INK),
        f"<line {_attrs(x1=x + 340, x2=x + 354, y1=y - 4, y2=y - 4, stroke=INK, stroke_dasharray='4 3')}/>",
        _text(x + 360, y, _("readiness needed for stage 1"), font_size=10, fill=INK),
    ]


# --- trend line


PLOT = {"left": 46, "right": 566, "top": 24, "bottom": 170}  # right: room for the "ready" label


def trend_line(points: list[dict], ready: float = 90) -> SafeString:
    """Readiness of successive assessments over time ({"number", "date", "readiness"} each)."""
    title = _("Readiness over time")
    if not points:
        message = _("No completed assessment yet: the trend starts with the first one.")
        return _svg(
            640,
            40,
            title,
            message,
            [_text(320, 24, message, text_anchor="middle", fill=MUTED)],
            "gap-chart gap-chart-trend",
        )
    xs = _trend_xs([p["date"] for p in points])
    body = _trend_grid(ready) + _trend_series(points, xs) + _trend_labels(points, xs)
    desc = "; ".join(f"{p['number']} ({p['date'].isoformat()}): {percent(p['readiness'])}" for p in points)
    return _svg(640, 220, title, desc, body, "gap-chart gap-chart-trend")


def _trend_xs(dates) -> list[float]:
    """x by date, so uneven gaps between assessments look uneven; one date in the middle."""
    first, span = min(dates), (max(dates) - min(dates)).days
    width = PLOT["right"] - PLOT["left"] - 60  # room for the outermost labels
    if span == 0:
        return [PLOT["left"] + 30 + width / 2 for _d in dates]
    return [PLOT["left"] + 30 + width * (d - first).days / span for d in dates]


def _y(value: float) -> float:
    return PLOT["bottom"] - (PLOT["bottom"] - PLOT["top"]) * max(0, min(value, 100)) / 100


def _trend_grid(ready: float) -> list[str]:
    parts = []
    for value in (0, 25, 50, 75, 100):
        y = _y(value)
        parts.append(f"<line {_attrs(x1=PLOT['left'], x2=PLOT['right'], y1=_n(y), y2=_n(y), stroke=GRID)}/>")
        parts.append(_text(PLOT["left"] - 6, y + 4, f"{value} %", text_anchor="end", font_size=10, fill=MUTED))
    y = _n(_y(ready))
    parts.append(f"<line {_attrs(x1=PLOT['left'], x2=PLOT['right'], y1=y, y2=y, stroke=INK, stroke_dasharray='4 3')}/>")
    label = _("ready %(value)s") % {"value": percent(ready)}
    parts.append(_text(PLOT["right"] + 6, _y(ready) + 4, label, font_size=10, fill=INK))
    return parts


def _trend_series(points, xs) -> list[str]:
    known = [
        (x, _y(p["readiness"]), p["readiness"]) for p, x in zip(points, xs, strict=True) if p["readiness"] is not None
    ]
    parts = []
    if len(known) > 1:
        coords = _coords((x, y) for x, y, _v in known)
        parts.append(f"<polyline {_attrs(points=coords, fill='none', stroke='#0d6efd', stroke_width=2)}/>")
    labelled = _labelled(len(known))
    for i, (x, y, value) in enumerate(known):
        parts.append(f"<circle {_attrs(cx=_n(x), cy=_n(y), r=4, fill='#0d6efd')}/>")
        if i in labelled:
            parts.append(
                _text(x, y - 8, percent(value), text_anchor="middle", font_size=10, font_weight="bold", fill=INK)
            )
    return parts


MAX_LABELS = 8


def _labelled(count: int) -> set[int]:
    """Which points get a label: all of a few, else the first, the last and evenly spaced ones between
    (labels of dozens of assessments would only overlap; every value is in the chart's description)."""
    if count <= MAX_LABELS:
        return set(range(count))
    step = (count - 1) / (MAX_LABELS - 1)
    return {round(i * step) for i in range(MAX_LABELS)}


def _trend_labels(points, xs) -> list[str]:
    parts = []
    labelled = _labelled(len(points))
    for i, (point, x) in enumerate(zip(points, xs, strict=True)):
        if i not in labelled:
            continue
        parts.append(_text(x, PLOT["bottom"] + 16, point["number"], text_anchor="middle", font_size=10, fill=INK))
        day = formats.date_format(point["date"], "SHORT_DATE_FORMAT")
        parts.append(_text(x, PLOT["bottom"] + 30, day, text_anchor="middle", font_size=10, fill=MUTED))
    return parts


# --- sparkline


def sparkline(values: list[float | None], width: int = 120, height: int = 28) -> SafeString:
    """A tiny readiness trend for a dashboard card: 0–100 scale, a gap where a value is missing."""
    segments = _segments(values, width, height)
    body = [_spark_segment(s) for s in segments]
    if segments:  # the latest value as a larger dot: it is what the card's figure shows
        x, y = segments[-1][-1]
        body.append(f"<circle {_attrs(cx=_n(x), cy=_n(y), r=2.5, fill='#0d6efd')}/>")
    desc = ", ".join(percent(v) for v in values) or _("no completed assessment yet")
    return _svg(width, height, _("Readiness trend"), desc, body, "gap-sparkline", fluid=False)


def _segments(values, width: int, height: int) -> list[list[tuple[float, float]]]:
    """Runs of known values as point lists; a missing value ends a run rather than faking a zero."""
    pad = 3
    step = (width - 2 * pad) / (len(values) - 1) if len(values) > 1 else 0
    segments, current = [], []
    for i, value in enumerate(values):
        if value is None:
            segments, current = [*segments, current] if current else segments, []
            continue
        x = pad + i * step if len(values) > 1 else width / 2
        current.append((x, height - pad - (height - 2 * pad) * min(max(value, 0), 100) / 100))
    return [*segments, current] if current else segments


def _spark_segment(points) -> str:
    if len(points) == 1:  # a value between two missing ones is still a value: a dot
        return f"<circle {_attrs(cx=_n(points[0][0]), cy=_n(points[0][1]), r=1.5, fill='#0d6efd')}/>"
    return f"<polyline {_attrs(points=_coords(points), fill='none', stroke='#0d6efd', stroke_width=1.5)}/>"


def _coords(points) -> str:
    return " ".join(f"{_n(x)},{_n(y)}" for x, y in points)
