"""The risk register as a PDF: both heat maps, then the entries, highest score first.

Drawn with core.pdf (WeasyPrint, offline); the heat maps are the same HTML tables as on the page.
"""

from django.template.loader import render_to_string
from django.utils import timezone

from pdca.core import pdf as core_pdf
from pdca.risks import charts, selectors

PDF_TEMPLATE = "risks/register_pdf.html"
PDF_ROWS = 1000  # beyond this the PDF stops being read; the Excel export has every row


def register_pdf(org, queryset) -> bytes:
    inherent, _unrated = selectors.heat_map(queryset)
    residual, unrated = selectors.heat_map(queryset, residual=True)
    total = queryset.count()
    rows = list(queryset.select_related("owner", "process").order_by("-score", "number")[:PDF_ROWS])
    context = {
        "organisation": org,
        "today": timezone.localdate(),
        "maps": [
            ("inherent", charts.heat_map_table(inherent, "inherent")),
            ("residual", charts.heat_map_table(residual, "residual")),
        ],
        "unrated": unrated,
        "risks": rows,
        "total": total,
        "cut": total > len(rows),
    }
    return core_pdf.render(render_to_string(PDF_TEMPLATE, context))
