"""Equipment charts, server-side SVG (core/charts.py): the register's status bars and an instrument's
calibration history on a time line."""

import datetime

from django.utils.translation import gettext as _

from pdca.core import charts as c
from pdca.equipment.choices import CalibrationResult, Status

STATUS_COLOURS = {
    Status.IN_SERVICE: "#198754",
    Status.DUE: "#ffc107",
    Status.OVERDUE: "#dc3545",
    Status.OUT_OF_TOLERANCE: "#b02a37",
    Status.QUARANTINED: "#343a40",
    Status.RETIRED: "#adb5bd",
}
RESULT_COLOURS = {
    CalibrationResult.PASS: "#198754",
    CalibrationResult.ADJUSTED: "#0dcaf0",
    CalibrationResult.OUT_OF_TOLERANCE: "#dc3545",
}


def status_bars(counts: dict[str, int], link) -> str:
    """One horizontal bar per status, each a link to the register filtered to it."""
    width, row, label_w = 520, 26, 170
    top = max([counts.get(s, 0) for s in Status] or [0]) or 1
    body = []
    for i, status in enumerate(Status):
        y, n = i * row + 4, counts.get(status, 0)
        length = (width - label_w - 50) * n / top
        shape = c.attrs(x=label_w, y=y, width=c.n(max(length, 1)), height=row - 8, fill=STATUS_COLOURS[status], rx=3)
        bar = f"<rect {shape}/>"
        body.append(
            f"<a {c.attrs(href=link(status))}>"
            + c.text(label_w - 8, y + row / 2, status.label, text_anchor="end", fill=c.INK)
            + bar
            + c.text(label_w + length + 6, y + row / 2, n, fill=c.MUTED)
            + "</a>"
        )
    total = sum(counts.get(s, 0) for s in Status)
    desc = ", ".join(f"{Status(s).label}: {counts.get(s, 0)}" for s in Status)
    return c.svg(width, row * len(Status) + 8, _("Equipment by status (%(n)s)") % {"n": total}, desc, body, "chart")


def calibration_timeline(records, next_due: datetime.date | None, today: datetime.date) -> str:
    """The calibrations of one instrument as dots on a time line (colour = result), with today and the
    next due date marked."""
    dates = [r.calibrated_on for r in records] + [today] + ([next_due] if next_due else [])
    start, end = min(dates), max(dates)
    span = max((end - start).days, 1)
    width, height, pad = 640, 70, 30

    def x(day):
        return pad + (width - 2 * pad) * (day - start).days / span

    body = [f"<line {c.attrs(x1=pad, y1=35, x2=width - pad, y2=35, stroke=c.GRID, stroke_width=2)}/>"]
    for r in records:
        colour = RESULT_COLOURS.get(r.result, c.MUTED)
        body.append(
            f"<circle {c.attrs(cx=c.n(x(r.calibrated_on)), cy=35, r=7, fill=colour)}><title>{r.number}</title></circle>"
        )
        body.append(
            c.text(
                x(r.calibrated_on),
                60,
                r.calibrated_on.strftime("%b %Y"),
                text_anchor="middle",
                fill=c.MUTED,
                font_size=10,
            )
        )
    body.append(
        f"<line {c.attrs(x1=c.n(x(today)), y1=18, x2=c.n(x(today)), y2=52, stroke=c.INK, stroke_dasharray='3 2')}/>"
    )
    body.append(c.text(x(today), 13, _("today"), text_anchor="middle", fill=c.INK, font_size=10))
    if next_due:
        colour = "#dc3545" if next_due < today else "#fd7e14"
        body.append(
            "<rect "
            + c.attrs(x=c.n(x(next_due) - 6), y=29, width=12, height=12, fill="none", stroke=colour, stroke_width=2)
            + "/>"
        )
        body.append(c.text(x(next_due), 13, _("next due"), text_anchor="middle", fill=colour, font_size=10))
    desc = "; ".join(f"{r.calibrated_on.isoformat()} {CalibrationResult(r.result).label}" for r in records)
    if next_due:
        desc += "; " + _("next due %(d)s") % {"d": next_due.isoformat()}
    return c.svg(width, height, _("Calibration history"), desc, body, "chart")
