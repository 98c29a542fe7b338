"""Hostile uploads are refused with a clear message and leave nothing behind; good files become the content."""

import hashlib

import pytest

from pdca.core.exceptions import ValidationFailed
from pdca.core.models import Attachment
from pdca.documents import services
from tests.documents.factories import make_document, upload
from tests.factories import pdf_bytes


def _stored_files(settings):
    root = settings.MEDIA_ROOT
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


def test_a_pdf_becomes_the_revision_content(world):
    revision = make_document(world.org).revisions.get()
    data = pdf_bytes()
    services.revision_upload(revision, upload=upload("QP-7 calibration.pdf", data), by=world.users["quality_manager"])
    revision.refresh_from_db()
    assert revision.file.filename == "QP-7 calibration.pdf" and revision.markdown == ""
    assert revision.content_hash == hashlib.sha256(data).hexdigest()


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("empty.pdf", b"", "empty"),
        ("virus.pdf", b"MZ\x90\x00" + b"\x00" * 200, "not accepted"),
        ("image.png", None, "not accepted"),  # a PDF named .png: content decides
        ("notes.txt", b"plain text", "PDF, Word, Excel"),
        ("broken.pdf", b"%PDF-1.7\n" + b"\x00garbage" * 50, "damaged"),
        ("broken.docx", b"PK\x03\x04" + b"\x00" * 100, "not accepted|damaged"),
        ("C:\\temp\\proc.pdf", None, "slashes"),
        ("bell\x07.pdf", None, "control characters"),
        ("new\nline.pdf", None, "control characters"),
    ],
)
def test_hostile_uploads_are_refused_and_nothing_is_stored(world, settings, name, data, message):
    revision = make_document(world.org).revisions.get()
    with pytest.raises(ValidationFailed, match=message) as exc:
        services.revision_upload(revision, upload=upload(name, data), by=None)
    assert exc.value.field == "file"
    revision.refresh_from_db()
    assert revision.file is None and not Attachment.objects.exists() and not _stored_files(settings)


def test_files_over_the_limit_are_refused(world, settings):
    settings.PDCA_MAX_UPLOAD_BYTES = 100
    revision = make_document(world.org).revisions.get()
    with pytest.raises(ValidationFailed, match="larger than"):
        services.revision_upload(revision, upload=upload(), by=None)
    assert not Attachment.objects.exists() and not _stored_files(settings)


def test_an_upload_that_fails_to_save_leaves_no_file(world, settings, monkeypatch):
    revision = make_document(world.org).revisions.get()
    stale = type(revision).objects.get(pk=revision.pk)
    services.revision_update(revision, data={"markdown": "changed meanwhile"}, by=None)
    with pytest.raises(Exception, match="changed by someone else"):
        services.revision_upload(stale, upload=upload(), by=None)
    assert not _stored_files(settings)


def test_a_path_in_the_name_never_reaches_storage(world):
    # Django keeps only the last part of an uploaded file's name (UploadedFile.name); what is left is safe.
    revision = make_document(world.org).revisions.get()
    services.revision_upload(revision, upload=upload("../../etc/passwd.pdf"), by=None)
    assert revision.file.filename == "passwd.pdf" and "etc" not in revision.file.file.name
