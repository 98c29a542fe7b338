"""The demo organisation's documents: about thirty, in every state, and loading twice changes nothing."""

from django.core.management import call_command

from pdca.documents.models import Acknowledgement, Document, DocumentRevision, Signature


def test_the_demo_has_documents_in_every_state(db):
    call_command("demo")
    counts = (Document.objects.count(), DocumentRevision.objects.count(), Signature.objects.count())
    harrow = Document.objects.filter(organisation__slug="harrow")
    assert 28 <= harrow.count() <= 32
    statuses = set(DocumentRevision.objects.filter(organisation__slug="harrow").values_list("status", flat=True))
    assert statuses == {"draft", "in_review", "approved", "effective", "superseded", "obsolete"}
    assert {"under_revision", "effective", "obsolete"} <= set(harrow.values_list("status", flat=True))
    assert any(not s.is_valid for s in Signature.objects.select_related("revision"))
    assert (
        Signature.objects.filter(method="electronic").exists() and Signature.objects.filter(method="recorded").exists()
    )
    acks = Acknowledgement.objects.filter(organisation__slug="harrow")
    assert acks.filter(acknowledged_at__isnull=True).exists() and acks.filter(acknowledged_at__isnull=False).exists()
    call_command("demo")
    assert (Document.objects.count(), DocumentRevision.objects.count(), Signature.objects.count()) == counts
