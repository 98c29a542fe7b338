"""Documents as PDF (WeasyPrint), rendered offline.

- Controlled copies: a revision with number, revision, status and effective date in the header and
  footer, "uncontrolled when printed", and a signatures page.
- The master list: the document register an auditor asks for first, drawn in chunks so that its
  memory does not grow with the register (see master_list).
"""

import io
import itertools
from collections import Counter

from django.db.models import Count
from django.template.loader import render_to_string
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from pdca.core import pdf as core_pdf
from pdca.documents import content, selectors
from pdca.documents.choices import DocumentStatus, DocumentType, RevisionStatus

TEMPLATE = "documents/pdf/controlled_copy.html"
MASTER_LIST_TEMPLATE = "documents/pdf/master_list.html"
MM = 72 / 25.4  # PDF points in a millimetre


def controlled_copy(revision) -> bytes:
    """The controlled copy: the Markdown content drawn with its header, footer and signatures page; for an
    uploaded PDF, that PDF's own pages stamped with the same header and footer, then the signatures."""
    drawn = _drawn_copy(revision)
    if not (revision.file_id and revision.file.mime_type == "application/pdf"):
        return drawn
    try:
        return _stamped_pdf(revision, drawn)
    except Exception:  # a file pdca cannot rewrite (encrypted, damaged): the drawn copy still carries the facts
        return drawn


def _drawn_copy(revision) -> bytes:
    context = {
        "revision": revision,
        "document": revision.document,
        "organisation": revision.organisation,
        "html": content.render_markdown(revision.markdown),
        "signatures": selectors.signatures_of(revision),
        "watermark": "" if revision.status == RevisionStatus.EFFECTIVE else revision.get_status_display().upper(),
        "printed_at": timezone.now(),
    }
    return core_pdf.render(render_to_string(TEMPLATE, context))


def _stamped_pdf(revision, drawn: bytes) -> bytes:
    """The uploaded PDF's pages with the copy's header and footer written over them, and the drawn copy's
    pages (what the file is, its hash, the signatures) after them, numbered "x of y" throughout."""
    from pypdf import PdfReader, PdfWriter

    with revision.file.file.open("rb") as handle:
        original = PdfReader(io.BytesIO(handle.read()))
    writer = PdfWriter()
    writer.append(original)
    stamped = len(writer.pages)
    writer.append(PdfReader(io.BytesIO(drawn)))
    header = _("%(number)s · revision %(label)s · %(status)s") % {
        "number": revision.document.number,
        "label": revision.label,
        "status": revision.get_status_display(),
    }
    if revision.effective_date:
        header += " · " + _("effective %(date)s") % {"date": _day(revision.effective_date)}
    footer = _("Uncontrolled when printed: check the register for the current revision.")
    watermark = "" if revision.status == RevisionStatus.EFFECTIVE else revision.get_status_display().upper()
    _stamp(writer, lambda number, total, page: _copy_marks(number, total, page, header, footer, watermark), stamped)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _copy_marks(number, total, page, header, footer, watermark) -> bytes:
    width, height = float(page.mediabox.right), float(page.mediabox.top)
    marks = _text(header, MM * 12, height - MM * 8, 8) + _text(footer, MM * 12, MM * 6, 7)
    marks += _page_number(number, total, width)
    if watermark:  # pale red, diagonal, across the middle of the page: this is not the current revision
        marks += b"q 0.707 0.707 -0.707 0.707 %.2f %.2f cm\n" % (width * 0.3, height * 0.3)
        marks += _text(watermark, 0, 0, 54, color=b"0.95 0.75 0.75") + b"Q\n"
    return marks


def _text(text: str, x: float, y: float, size: int, color: bytes = b"0.286 0.314 0.341") -> bytes:
    """PDF operators drawing `text` in Helvetica (the font _stamp adds to each page) at (x, y) points."""
    encoded = text.encode("cp1252", errors="replace")  # the standard fonts' WinAnsiEncoding
    escaped = encoded.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)")
    return b"BT /PdcaPageNumber %d Tf %s rg %.2f %.2f Td (%s) Tj ET\n" % (size, color, x, y, escaped)


# --- the master list

# Rows per WeasyPrint layout. WeasyPrint keeps a whole layout in memory (~140 kB per table row): 20,000 rows in
# one pass would need ~3 GB, so each chunk is laid out, written and freed, and the chunks' PDFs are joined.
# Measured with the benchmark organisation (20,000 documents, 18,600 of them in use: 634 pages, 3.6 MB), SQLite,
# two busy cores: `pdca documents master-list --org bench` peaks at 230 MB RSS (/usr/bin/time -v) and takes 85 s
# (78 s CPU, nearly all WeasyPrint's layout). 1,000-row chunks would save a few seconds but peak near 300 MB.
CHUNK_ROWS = 500
COLUMNS = (
    "number",
    "title",
    "doc_type",
    "current_revision__label",
    "current_revision__effective_date",
    "owner__name",
    "next_review_date",
    "status",
)


def master_list(org, queryset, *, progress=None, criteria=(), chunk_rows: int = CHUNK_ROWS) -> bytes:
    """The documents of `queryset` as the master list PDF: a cover (organisation, date, the selection,
    counts by type and status), then the documents grouped by type and sorted by number, with "page x of
    y" on every page. `progress(done, total)` is called once the total is known and after each chunk.
    """
    from pypdf import PdfReader, PdfWriter

    by_type_and_status = queryset.order_by().values("doc_type", "status").annotate(n=Count("*"))
    counts = Counter({(t, s): n for t, s, n in by_type_and_status.values_list("doc_type", "status", "n")})
    total, today = sum(counts.values()), timezone.localdate()
    base = {"organisation": org, "today": today}
    writer = PdfWriter()
    cover = {**base, "cover": _cover(counts), "criteria": criteria, "total": total}
    writer.append(PdfReader(io.BytesIO(core_pdf.render(render_to_string(MASTER_LIST_TEMPLATE, cover)))))
    _report(progress, 0, total)
    by_type, done, previous = _type_totals(counts), 0, None
    for chunk in _batches(_register_rows(queryset, chunk_rows), chunk_rows):
        groups = _groups(chunk, previous, by_type, today)
        html = render_to_string(MASTER_LIST_TEMPLATE, {**base, "groups": groups})
        writer.append(PdfReader(io.BytesIO(core_pdf.render(html))))
        done, previous = done + len(chunk), chunk[-1][2]
        _report(progress, done, total)
    _number_pages(writer)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _report(progress, done: int, total: int) -> None:
    if progress is not None:
        progress(done, total)


def _register_rows(queryset, size: int):
    """The rows as tuples (COLUMNS), type by type in the order of DocumentType, by number within a type.

    Keyset pages of `size` on the (organisation, doc_type, number) index: a short query each, no cursor
    kept open while a chunk renders, and never more than one page of rows in memory.
    """
    for doc_type in DocumentType.values:
        rows = queryset.filter(doc_type=doc_type).order_by("number").values_list(*COLUMNS)
        last = None
        while True:
            page = list((rows if last is None else rows.filter(number__gt=last))[:size])
            yield from page
            if len(page) < size:
                break
            last = page[-1][0]


def _batches(rows, size: int):
    iterator = iter(rows)
    while batch := list(itertools.islice(iterator, size)):
        yield batch


def _type_totals(counts: Counter) -> Counter:
    totals = Counter()
    for (doc_type, _status), n in counts.items():
        totals[doc_type] += n
    return totals


def _cover(counts: Counter) -> dict:
    """Counts by type (rows) and status (columns), with totals; only the statuses that occur."""
    statuses = [s for s in DocumentStatus if any(counts[t, s] for t in DocumentType.values)]
    rows = [
        [str(t.label), *(counts[t, s] for s in statuses), sum(counts[t, s] for s in statuses)]
        for t in DocumentType
        if any(counts[t, s] for s in statuses)
    ]
    totals = [sum(counts[t, s] for t in DocumentType.values) for s in statuses]
    return {
        "headers": [_("Type"), *(str(s.label) for s in statuses), _("Total")],
        "rows": rows,
        "totals": [_("Total"), *totals, sum(totals)],
    }


def _groups(chunk: list[tuple], previous_type, by_type: Counter, today) -> list[dict]:
    """The chunk's rows by type; a type carried over from the previous chunk is marked as continued."""
    types, statuses = dict(DocumentType.choices), dict(DocumentStatus.choices)
    groups = []
    for doc_type, rows in itertools.groupby(chunk, key=lambda row: row[2]):
        groups.append(
            {
                "title": str(types.get(doc_type, doc_type)),
                "count": by_type[doc_type],
                "continued": not groups and doc_type == previous_type,
                "rows": [_cells(row, statuses, today) for row in rows],
            }
        )
    return groups


def _cells(row: tuple, statuses: dict, today) -> tuple:
    number, title, _type, label, effective, owner, review, status = row
    late = review is not None and review < today and status in selectors.IN_USE
    return (number, title, label or "—", _day(effective), owner, _day(review), str(statuses[status]), late)


def _day(value) -> str:
    return formats.date_format(value, "SHORT_DATE_FORMAT") if value else "—"


def _number_pages(writer) -> None:
    """Write "Page x of y" at the foot of every page of the joined PDF."""
    _stamp(writer, lambda number, total, page: _page_number(number, total, float(page.mediabox.right)))


def _stamp(writer, marks, pages: int | None = None) -> None:
    """Draw `marks(number, total, page)` (PDF operators) over the first `pages` pages (all by default).

    Each chunk is laid out on its own, so WeasyPrint's counter(pages) would only count the chunk's pages;
    the numbers are known once every chunk is joined and are drawn then, in Helvetica (one of the PDF's
    standard fonts: nothing to embed), left-aligned at a fixed place in the bottom right-hand corner
    (a standard font's widths are not at hand to right-align it).
    """
    from pypdf.generic import DictionaryObject, NameObject

    font = DictionaryObject(
        {
            NameObject("/Type"): NameObject("/Font"),
            NameObject("/Subtype"): NameObject("/Type1"),
            NameObject("/BaseFont"): NameObject("/Helvetica"),
            NameObject("/Encoding"): NameObject("/WinAnsiEncoding"),
        }
    )
    total = len(writer.pages)
    for number, page in enumerate(writer.pages[: pages if pages is not None else total], start=1):
        if NameObject("/Resources") not in page:
            page[NameObject("/Resources")] = DictionaryObject()
        resources = page[NameObject("/Resources")].get_object()
        if "/Font" not in resources:
            resources[NameObject("/Font")] = DictionaryObject()
        resources["/Font"].get_object()[NameObject("/PdcaPageNumber")] = font
        stream = page.get_contents()
        stream.set_data(b"q\n" + stream.get_data() + b"\nQ\n" + marks(number, total, page))
        page.replace_contents(stream)
        page.compress_content_streams()


def _page_number(number: int, total: int, width: float) -> bytes:
    text = _("Page %(page)s of %(pages)s") % {"page": number, "pages": total}
    # 12 mm right margin and 38 mm for the text, on the footer's baseline
    return _text(text, width - MM * 50, MM * 7, 8, color=b"0.424 0.459 0.490")
