"""What a controlled document's or a record's file may be: stricter than attachments in general (core.attachments)."""

import io
import re
import zipfile

from django.utils.translation import gettext as _

from pdca.core.attachments import inspect_upload
from pdca.core.exceptions import ValidationFailed

DOCUMENT_TYPES = {
    "application/pdf",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "image/png",
    "image/jpeg",
}
OFFICE_TYPES = {t for t in DOCUMENT_TYPES if "openxmlformats" in t}
_UNSAFE_NAME = re.compile(r"[\\/\x00-\x1f\x7f]")


def check_evidence_file(upload) -> dict:
    """Refuse what a controlled document cannot be; return core's file facts (name, type, size, hash)."""
    if _UNSAFE_NAME.search(upload.name or ""):
        raise ValidationFailed({"file": [_("The file name must not contain slashes or control characters.")]})
    info = inspect_upload(upload)
    if info["mime_type"] not in DOCUMENT_TYPES:
        raise ValidationFailed({"file": [_("The file must be a PDF, Word, Excel, PNG or JPEG file.")]})
    if not _readable(upload, info["mime_type"]):
        raise ValidationFailed({"file": [_("The file is damaged and cannot be opened.")]})
    return info


def _readable(upload, mime: str) -> bool:
    upload.seek(0)
    data = upload.read()
    upload.seek(0)
    if mime == "application/pdf":
        return _pdf_opens(data)
    if mime in OFFICE_TYPES:
        return _office_opens(data)
    return True


def _pdf_opens(data: bytes) -> bool:
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    try:
        return len(PdfReader(io.BytesIO(data)).pages) >= 0
    except (PyPdfError, ValueError, KeyError, TypeError, OSError):
        return False


def _office_opens(data: bytes) -> bool:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return "[Content_Types].xml" in archive.namelist() and archive.testzip() is None
    except (zipfile.BadZipFile, OSError):
        return False
