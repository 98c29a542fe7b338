"""HTML to PDF with WeasyPrint, the way every pdca PDF is drawn: offline, with the cycle collector paused."""

import contextlib
import gc


def render(html: str) -> bytes:
    from weasyprint import HTML  # heavy import, only needed here
    from weasyprint.urls import URLFetcher

    with collector_paused():
        # No protocol allowed: nothing in a template or in user content can make the renderer fetch anything.
        return HTML(string=html, url_fetcher=URLFetcher(allowed_protocols=frozenset())).write_pdf()


@contextlib.contextmanager
def collector_paused():
    """WeasyPrint builds hundreds of thousands of objects for a long PDF; each time they pile up, Python's
    cycle collector scans every object of the process (Django's included): some 30 % of the rendering time.
    Everything allocated meanwhile stays in the youngest generation, so the young collection on the way
    out frees the rendering's cyclic garbage without scanning the rest of the process."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
            gc.collect(0)
