"""The heat map drawn as an HTML table: the same markup in the page (cells link to the register) and in
the PDF (no links). A table rather than SVG so that every cell is a real link a keyboard reaches, and a
screen reader announces rows and columns; each cell says its count, band and score in text, so the
colour never carries the meaning alone.

Built in Python rather than in a template: 50 cells of template lookups cost several milliseconds.
"""

from collections.abc import Callable

from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from pdca.risks.scoring import Cell, HeatMap


def heat_map_table(heat: HeatMap, code: str, link: Callable[[Cell], str] | None = None) -> SafeString:
    """The grid as a <table id="heat-<code>">; `link(cell)` gives the URL of a cell with entries."""
    caption = ngettext("%(n)s entry on this map.", "%(n)s entries on this map.", heat.total) % {"n": heat.total}
    caption += " " + _("Rows: likelihood; columns: impact; each cell: count, band and score.")
    head = "".join(
        format_html('<th scope="col">{}<br><span class="fw-normal">{}</span></th>', value, label)
        for value, label in heat.columns
    )
    rows = []
    for row in heat.rows:
        cells = "".join(_cell(cell, link(cell) if link and cell.count else "") for cell in row.cells)
        th = format_html(
            '<th scope="row" class="row-head">{} <span class="fw-normal">{}</span></th>', row.likelihood, row.label
        )
        rows.append(f"<tr>{th}{cells}</tr>")
    corner = format_html('<th scope="col" class="corner">{} ↓<br>{} →</th>', _("Likelihood"), _("Impact"))
    # Safe: every text above went through format_html or escape.
    return mark_safe(
        f'<table class="heat-map" id="heat-{escape(code)}" aria-describedby="heat-{escape(code)}-caption">'
        f'<caption id="heat-{escape(code)}-caption">{escape(caption)}</caption>'
        f"<thead><tr>{corner}{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>"
    )


def _cell(cell: Cell, url: str) -> str:
    inner = format_html(
        '<span class="count">{}</span><span class="meta">{} · {}</span>', cell.count, cell.band_label, cell.score
    )
    if url:
        body = format_html('<a href="{}" aria-label="{}">{}</a>', url, cell.label, inner)
    else:
        body = format_html('<span role="img" aria-label="{}">{}</span>', cell.label, inner)
    return format_html(
        '<td class="band-{}{}" data-likelihood="{}" data-impact="{}" data-count="{}">{}</td>',
        cell.band,
        "" if cell.count else " zero",
        cell.likelihood,
        cell.impact,
        cell.count,
        body,
    )
