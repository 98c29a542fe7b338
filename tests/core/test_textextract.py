"""Text extraction for the search index: real files made here, hostile ones refused with a reason."""

import io
import zipfile

import pytest

from pdca.core import textextract
from pdca.core.textextract import ExtractionError, UnsupportedFile, extract_text
from tests.core.test_search import _docx, _pdf


def test_it_reads_a_pdf():
    assert "Deburr every flange" in extract_text(_pdf("Deburr every flange before anodising."))


def test_it_reads_a_docx_with_its_tables():
    text = extract_text(_docx("Record the spindle temperature.", "Tolerance band"))
    assert text.splitlines() == ["Record the spindle temperature.", "Tolerance band"]


def test_it_reads_text_and_markdown_tidily():
    assert extract_text(b"# Scope\n\n\n  Machining   of parts\n") == "# Scope\nMachining of parts"


def test_it_stops_at_the_character_limit(monkeypatch):
    monkeypatch.setattr(textextract, "MAX_CHARS", 1000)
    assert len(extract_text(("word " * 10_000).encode())) == 1000


@pytest.mark.parametrize(
    "data",
    [
        b"%PDF-1.7\n" + b"\x8f garbage " * 200,
        b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF",
        _pdf("half a file")[:300],
    ],
)
def test_a_damaged_pdf_raises_a_clear_error(data):
    with pytest.raises(ExtractionError, match=r"could not be read|damaged"):
        extract_text(data)


def test_a_damaged_docx_raises_a_clear_error():
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as z:
        z.writestr("word/document.xml", "<not-xml")
    with pytest.raises(ExtractionError, match="could not be read"):
        extract_text(archive.getvalue())


def test_a_docx_that_unpacks_too_large_is_refused_unopened(monkeypatch):
    monkeypatch.setattr(textextract, "MAX_UNPACKED_BYTES", 10_000)
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("word/document.xml", "0" * 1_000_000)
    with pytest.raises(ExtractionError, match="unpacks to more than"):
        extract_text(archive.getvalue())


def test_a_password_protected_pdf_says_so():
    from pypdf import PdfWriter

    writer = PdfWriter(clone_from=io.BytesIO(_pdf("secret")))
    writer.encrypt("s3cret")
    out = io.BytesIO()
    writer.write(out)
    with pytest.raises(ExtractionError, match="password"):
        extract_text(out.getvalue())


def _workbook() -> bytes:
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w") as z:
        z.writestr("xl/workbook.xml", "<workbook/>")
    return archive.getvalue()


@pytest.mark.parametrize("data", [b"\x89PNG\r\n\x1a\n" + b"\x00" * 100, b"\x00\x01\x02binary", _workbook()])
def test_files_without_text_are_unsupported(data):
    with pytest.raises(UnsupportedFile):
        extract_text(data)


def test_an_empty_file_says_so():
    with pytest.raises(ExtractionError, match="empty"):
        extract_text(b"")
