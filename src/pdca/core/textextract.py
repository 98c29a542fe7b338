"""Plain text out of uploaded files, for the search index: PDF (pypdfium2), DOCX (python-docx), text, Markdown.

PDF text comes from PDFium (Chromium's PDF engine, through pypdfium2) rather than pypdf: on a 5 MB,
160-page procedure it read 200,000 characters in 0.11 s where pypdf took 2.6 s (benchmarks/README.md),
which is most of the issue's 2 s budget for an upload with its text.

Uploads are untrusted, so everything is bounded: at most MAX_PAGES pages and MAX_CHARS characters are
read, a DOCX whose parts unpack to more than MAX_UNPACKED_BYTES is refused unopened (a zip bomb), and
the type is told by the content, not the name. A file that cannot be read raises ExtractionError with a
message saying why; no parser error escapes, so the background task never crashes on a bad file.
"""

import io
import itertools
import logging
import zipfile

from django.conf import settings
from django.utils.translation import gettext as _

log = logging.getLogger(__name__)

MAX_PAGES = 500
MAX_CHARS = 200_000
MAX_UNPACKED_BYTES = 100 * 1024 * 1024


class ExtractionError(Exception):
    """The file's text could not be read; the message says why, for the person who uploaded it."""


class UnsupportedFile(ExtractionError):
    """A type with no text to read (an image, a spreadsheet …)."""


def extract_text(data: bytes) -> str:
    """The text of a PDF, DOCX or UTF-8 text file, whitespace tidied, at most MAX_CHARS characters."""
    kind = sniff(data)
    try:
        text = READERS[kind](data)
    except ExtractionError:
        raise
    except Exception as exc:  # parsers of hostile files raise anything: KeyError, RecursionError, zlib.error …
        log.info("Could not read a %s file: %r", kind, exc)
        message = _("The %(kind)s file could not be read; it may be damaged.") % {"kind": kind.upper()}
        raise ExtractionError(message) from exc
    return tidy(text)


def extract_field_file(field_file) -> str:
    """`extract_text` of a stored file (a FileField's value), read up to the upload limit."""
    if not field_file:
        raise ExtractionError(_("There is no file."))
    try:
        with field_file.open("rb") as handle:
            data = handle.read(settings.PDCA_MAX_UPLOAD_BYTES + 1)
    except OSError as exc:
        raise ExtractionError(_("The file could not be opened.")) from exc
    return extract_text(data)


def sniff(data: bytes) -> str:
    if not data:
        raise ExtractionError(_("The file is empty."))
    if b"%PDF-" in data[:1024]:
        return "pdf"
    if data[:4] == b"PK\x03\x04":
        if _zip_names(data) & {"word/document.xml"}:
            return "docx"
        raise UnsupportedFile(_("This type of file has no text to search."))
    head = data[:8192]
    if b"\x00" not in head and _is_utf8(head):
        return "text"
    raise UnsupportedFile(_("This type of file has no text to search."))


def _zip_names(data: bytes) -> set[str]:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return set(archive.namelist())
    except (zipfile.BadZipFile, ValueError, OSError) as exc:
        raise ExtractionError(_("The file is a damaged archive.")) from exc


def _is_utf8(head: bytes) -> bool:
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as exc:
        return exc.start >= len(head) - 3  # a character cut at the end of the sample
    return True


def _pdf(data: bytes) -> str:
    import pypdfium2

    try:
        document = pypdfium2.PdfDocument(data)
    except pypdfium2.PdfiumError as exc:
        if "password" in str(exc).lower():
            raise ExtractionError(_("The PDF is protected by a password.")) from exc
        raise
    try:
        return "\n".join(_pdf_pages(document))
    finally:
        document.close()


def _pdf_pages(document):
    size = 0
    for index in range(min(len(document), MAX_PAGES)):
        page = document[index]
        textpage = page.get_textpage()
        try:
            text = textpage.get_text_range()
        finally:
            textpage.close()
            page.close()
        yield text
        size += len(text)
        if size >= MAX_CHARS:
            return


def _docx(data: bytes) -> str:
    import docx

    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        if sum(info.file_size for info in archive.infolist()) > MAX_UNPACKED_BYTES:
            raise ExtractionError(_("The document unpacks to more than %(mb)d MB.") % {"mb": MAX_UNPACKED_BYTES >> 20})
    document = docx.Document(io.BytesIO(data))
    cells = (cell.text for table in document.tables for row in table.rows for cell in row.cells)
    parts, size = [], 0
    for text in itertools.chain((p.text for p in document.paragraphs), cells):
        parts.append(text)
        size += len(text)
        if size >= MAX_CHARS:
            break
    return "\n".join(parts)


def _text(data: bytes) -> str:
    return data[: MAX_CHARS * 4].decode("utf-8", errors="replace")


READERS = {"pdf": _pdf, "docx": _docx, "text": _text}


def tidy(text: str) -> str:
    """Runs of spaces and blank lines collapsed, NUL characters made spaces, cut to MAX_CHARS."""
    lines = (" ".join(line.split()) for line in text.replace("\x00", " ").splitlines())
    return "\n".join(line for line in lines if line)[:MAX_CHARS]
