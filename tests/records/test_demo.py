"""The demo organisation's records: several types, one correction, one on legal hold, several past their
retention, one disposed of, one disposal waiting; loading twice changes nothing."""

from django.core.management import call_command
from django.utils import timezone

from pdca.core.models import Attachment
from pdca.records.models import DisposalRequest, Record


def test_the_demo_has_records_of_every_kind(db, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        call_command("demo")
    harrow = Record.objects.filter(organisation__slug="harrow")
    counts = (Record.objects.count(), DisposalRequest.objects.count(), Attachment.objects.count())
    assert 22 <= harrow.count() <= 28
    assert harrow.values("record_type").distinct().count() >= 5
    assert harrow.filter(corrects__isnull=False).count() == 1
    assert harrow.filter(legal_hold=True).count() == 1
    assert harrow.filter(status="filed", retain_until__lt=timezone.localdate()).count() >= 3
    disposed = harrow.get(status="disposed")
    assert disposed.file_sha256 and not Attachment.objects.filter(object_id=disposed.pk, sha256=disposed.file_sha256)
    assert set(DisposalRequest.objects.values_list("status", flat=True)) == {"approved", "pending"}
    with django_capture_on_commit_callbacks(execute=True):
        call_command("demo")
    assert (Record.objects.count(), DisposalRequest.objects.count(), Attachment.objects.count()) == counts
