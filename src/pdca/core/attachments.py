"""Checking uploads: size, type sniffed from the content (not the name), and a harmless file name."""

import hashlib
import re
import unicodedata
from pathlib import PurePath

import filetype
from django.conf import settings
from django.utils.translation import gettext as _

from pdca.core.exceptions import ValidationFailed

# Types an auditor's evidence comes in. HTML and SVG are refused: they could run script when opened.
SNIFFED_TYPES = {
    "application/pdf": {".pdf"},
    "image/png": {".png"},
    "image/jpeg": {".jpg", ".jpeg"},
    "image/gif": {".gif"},
    "image/webp": {".webp"},
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": {".docx"},
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": {".xlsx"},
    "application/vnd.openxmlformats-officedocument.presentationml.presentation": {".pptx"},
    "application/vnd.oasis.opendocument.text": {".odt"},
    "application/vnd.oasis.opendocument.spreadsheet": {".ods"},
    "application/zip": {".zip"},
}
TEXT_TYPES = {".txt": "text/plain", ".csv": "text/csv", ".md": "text/markdown"}


def safe_filename(name: str) -> str:
    """Keep letters, digits, dot, dash and underscore; no paths, no leading dots, at most 150 characters."""
    name = unicodedata.normalize("NFKC", PurePath(name.replace("\\", "/")).name)
    name = re.sub(r"[^\w.\- ]+", "_", name).strip(" .") or "file"
    stem, dot, ext = name.rpartition(".")
    if not dot:
        stem, ext = name, ""
    return (stem[: 150 - len(ext) - 1] + ("." + ext if ext else ""))[:150]


def inspect_upload(upload) -> dict:
    """Validate an uploaded file; return its safe name, sniffed type, size and SHA-256."""
    size = upload.size
    if size == 0:
        raise ValidationFailed({"file": [_("The file is empty.")]})
    if size > settings.PDCA_MAX_UPLOAD_BYTES:
        raise ValidationFailed(
            {"file": [_("The file is larger than %(mb)d MB.") % {"mb": settings.PDCA_MAX_UPLOAD_BYTES // 2**20}]}
        )
    upload.seek(0)
    head = upload.read(8192)
    name = safe_filename(upload.name or "file")
    ext = PurePath(name).suffix.lower()
    mime = _sniff(head, ext)
    if mime is None:
        raise ValidationFailed({"file": [_("This type of file is not accepted (%(name)s).") % {"name": name}]})
    digest = hashlib.sha256()
    upload.seek(0)
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    return {"filename": name, "mime_type": mime, "size": size, "sha256": digest.hexdigest()}


def _sniff(head: bytes, ext: str) -> str | None:
    kind = filetype.guess(head)
    if kind is not None:
        mime = kind.mime
        if mime == "application/zip" and ext in {".docx", ".xlsx", ".pptx", ".odt", ".ods"}:
            mime = next(m for m, exts in SNIFFED_TYPES.items() if ext in exts)
        return mime if mime in SNIFFED_TYPES and (ext in SNIFFED_TYPES[mime] or not ext) else None
    if ext in TEXT_TYPES and b"\x00" not in head:
        try:
            head.decode("utf-8")
        except UnicodeDecodeError:
            # A multi-byte character may be cut at the 8 KiB boundary; accept if only the tail fails.
            try:
                head[:-4].decode("utf-8")
            except UnicodeDecodeError:
                return None
        return TEXT_TYPES[ext]
    return None
