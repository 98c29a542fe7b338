"""Hostile uploads are refused with a message naming the file field, and leave no record, row or file."""

import pytest

from pdca.core.exceptions import ValidationFailed
from pdca.core.models import Attachment, ClauseTag
from pdca.records.models import Record, RecordLink
from tests.factories import PersonFactory
from tests.records.factories import make_record, upload


def _stored(settings):
    root = settings.MEDIA_ROOT
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


def _nothing_left(settings):
    return not (
        Record.objects.exists()
        or Attachment.objects.exists()
        or ClauseTag.objects.exists()
        or RecordLink.objects.exists()
        or _stored(settings)
    )


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("empty.pdf", b"", "empty"),
        ("setup.pdf", b"MZ\x90\x00" + b"\x00" * 200, "not accepted"),
        ("scan.png", None, "not accepted"),  # a PDF named .png: the content decides
        ("page.html", b"<html><script>alert(1)</script></html>", "not accepted"),
        ("notes.txt", b"plain text", "PDF, Word, Excel"),
        ("broken.pdf", b"%PDF-1.7\n" + b"\x00garbage" * 50, "damaged"),
        ("broken.docx", b"PK\x03\x04" + b"\x00" * 100, "not accepted|damaged"),
        ("C:\\scans\\cert.pdf", None, "slashes"),
        ("bell\x07.pdf", None, "control characters"),
        ("new\nline.pdf", None, "control characters"),
    ],
)
def test_hostile_uploads_are_refused_and_leave_nothing(world, settings, name, data, message):
    with pytest.raises(ValidationFailed, match=message) as exc:
        make_record(world.org, links=[PersonFactory(organisation=world.org)], file=False, upload_=upload(name, data))
    assert exc.value.field == "file"
    assert _nothing_left(settings)


def test_files_over_the_limit_are_refused(world, settings):
    settings.PDCA_MAX_UPLOAD_BYTES = 100
    with pytest.raises(ValidationFailed, match="larger than") as exc:
        make_record(world.org)
    assert exc.value.field == "file" and _nothing_left(settings)


def test_a_refusal_after_the_checks_stores_no_file(world, settings):
    with pytest.raises(ValidationFailed) as exc:
        make_record(world.org, clauses=["hs.no.such.clause"])
    assert exc.value.field == "clauses" and _nothing_left(settings)


def test_a_path_in_the_name_never_reaches_storage(world):
    # Django keeps only the last part of an uploaded name (UploadedFile.name); what is left is safe.
    record = make_record(world.org, file=False, upload_=upload("../../etc/passwd.pdf"))
    assert record.file_name == "passwd.pdf"
    assert "etc" not in Attachment.objects.get(object_id=record.pk, content_type__model="record").file.name
