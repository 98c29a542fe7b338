"""Controlled copies: a revision as PDF (WeasyPrint), with number, revision, status and effective date in
the header and footer, "uncontrolled when printed", and a signatures page. Rendered offline."""

from django.template.loader import render_to_string
from django.utils import timezone

from pdca.documents import content, selectors
from pdca.documents.choices import RevisionStatus

TEMPLATE = "documents/pdf/controlled_copy.html"


def controlled_copy(revision) -> bytes:
    from weasyprint import HTML  # heavy import, only needed here
    from weasyprint.urls import URLFetcher

    context = {
        "revision": revision,
        "document": revision.document,
        "organisation": revision.organisation,
        "html": content.render_markdown(revision.markdown),
        "signatures": selectors.signatures_of(revision),
        "watermark": "" if revision.status == RevisionStatus.EFFECTIVE else revision.get_status_display().upper(),
        "printed_at": timezone.now(),
    }
    html = render_to_string(TEMPLATE, context)
    # No protocol allowed: nothing in a document's Markdown can make the renderer fetch anything.
    return HTML(string=html, url_fetcher=URLFetcher(allowed_protocols=frozenset())).write_pdf()
