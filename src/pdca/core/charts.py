"""SVG primitives for charts and diagrams: one drawing that renders the same in a page and in a PDF.

No JavaScript and no chart library: a page needs no script to show them, WeasyPrint draws SVG
natively, and the output is plain text that tests can read. Every piece of text goes through XML
escaping here; `svg()` marks the result safe so templates insert it as is. The charts themselves live
with their app (gap/charts.py, …); only the primitives are shared.
"""

import functools
import hashlib
from xml.sax.saxutils import escape, quoteattr

from django.utils.safestring import SafeString, mark_safe

FONT = "DejaVu Sans, Helvetica, Arial, sans-serif"
INK, MUTED, TRACK, GRID = "#212529", "#6c757d", "#e9ecef", "#dee2e6"


def attrs(**values) -> str:
    # Python names cannot hold dashes: stroke_width → stroke-width. Numbers need no quoting rules (a list
    # of sparklines draws thousands of attributes); anything else goes through quoteattr.
    return " ".join(
        f'{_attr_name(name)}="{v}"' if type(v) in (int, float) else f"{_attr_name(name)}={quoteattr(str(v))}"
        for name, v in values.items()
    )


@functools.cache
def _attr_name(name: str) -> str:
    return name.rstrip("_").replace("_", "-")


def text(x, y, content, **extra) -> str:
    return f"<text {attrs(x=n(x), y=n(y), **extra)}>{escape(str(content))}</text>"


def n(value: float) -> str:
    """Coordinates with at most one decimal: smaller files, identical drawing."""
    return f"{value:.1f}".rstrip("0").rstrip(".")


def svg(width, height, title: str, desc: str, body: list[str], css_class: str, fluid: bool = True) -> SafeString:
    """The chart element: role="img" with its title and description as the accessible name.

    A fluid chart is 100 % wide up to its drawn width, its height following from the viewBox:
    the one sizing that browsers and WeasyPrint both honour (WeasyPrint draws `height: auto` square).
    """
    # Ids must be unique on a page showing several charts, and stable for the same data.
    uid = "chart-" + hashlib.blake2s(f"{title}{desc}{''.join(body)}".encode(), digest_size=5).hexdigest()
    size = {"width": "100%", "style": f"max-width:{width}px"} if fluid else {"width": width, "height": height}
    head = attrs(
        xmlns="http://www.w3.org/2000/svg",
        **size,
        viewBox=f"0 0 {width} {height}",
        role="img",
        aria_labelledby=f"{uid}-t {uid}-d",
        font_family=FONT,
        font_size=12,
        class_=css_class,
    )
    # Safe: every text and attribute above went through escape/quoteattr.
    return mark_safe(
        f"<svg {head}><title id={quoteattr(uid + '-t')}>{escape(title)}</title>"
        f"<desc id={quoteattr(uid + '-d')}>{escape(desc)}</desc>{''.join(body)}</svg>"
    )
