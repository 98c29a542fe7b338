"""The documents API: the workflow steps, signing with the password, files, acknowledgements."""

from django.urls import reverse

from pdca.documents import services
from pdca.documents.models import Signature
from tests.documents.factories import PASSWORD, approver, make_document, make_effective
from tests.factories import pdf_bytes


def api_url(world, name, **kwargs):
    return reverse(f"revision-{name}", kwargs={"org_slug": world.org.slug, **kwargs})


def test_a_revision_goes_through_review_and_signature_by_api(world):
    services.settings_update(org=world.org, approval={"procedure": "electronic"}, by=None)
    revision = make_document(world.org, doc_type="procedure").revisions.get()
    person = approver(world.org, role="process_owner")
    manager = world.api(world.users["quality_manager"])
    response = manager.post(api_url(world, "submit", pk=revision.pk), {"approvers": [person.pk]}, format="json")
    assert response.status_code == 200 and response.data["status"] == "in_review"
    signer = world.api(person.user)
    wrong = signer.post(api_url(world, "sign", pk=revision.pk), {"password": "x", "meaning": "approved"}, format="json")
    assert wrong.status_code == 400 and "password" in wrong.data and not Signature.objects.exists()
    missing = signer.post(api_url(world, "sign", pk=revision.pk), {"meaning": "approved"}, format="json")
    assert missing.status_code == 400 and "password" in missing.data
    signed = signer.post(api_url(world, "sign", pk=revision.pk), {"password": PASSWORD}, format="json")
    assert signed.status_code == 200 and signed.data["status"] == "approved"
    published = manager.post(api_url(world, "publish", pk=revision.pk), {}, format="json")
    assert published.status_code == 200 and published.data["status"] == "effective"
    again = manager.post(api_url(world, "publish", pk=revision.pk), {}, format="json")
    assert again.status_code == 409
    signatures = manager.get(reverse("signature-list", kwargs={"org_slug": world.org.slug}))
    assert [s["is_valid"] for s in signatures.data["results"]] == [True]


def test_files_go_up_and_come_down_by_api(world):
    revision = make_document(world.org).revisions.get()
    client = world.api(world.users["quality_manager"])
    from django.core.files.uploadedfile import SimpleUploadedFile

    data = pdf_bytes()
    up = client.post(
        api_url(world, "upload", pk=revision.pk), {"file": SimpleUploadedFile("wi.pdf", data)}, format="multipart"
    )
    assert up.status_code == 200 and up.data["file_name"] == "wi.pdf"
    bad = client.post(
        api_url(world, "upload", pk=revision.pk), {"file": SimpleUploadedFile("wi.pdf", b"")}, format="multipart"
    )
    assert bad.status_code == 400
    down = client.get(api_url(world, "download", pk=revision.pk))
    assert down.status_code == 200 and b"".join(down.streaming_content) == data
    assert world.api(world.users["employee"]).get(api_url(world, "download", pk=revision.pk)).status_code == 403
    assert world.api(world.outsider).get(api_url(world, "download", pk=revision.pk)).status_code == 404


def test_an_employee_acknowledges_by_api(world):
    document = make_effective(world.org)
    employee = world.api(world.users["employee"])
    response = employee.post(api_url(world, "acknowledge", pk=document.current_revision_id), {}, format="json")
    assert response.status_code == 200
    acks = employee.get(reverse("acknowledgement-list", kwargs={"org_slug": world.org.slug}))
    assert acks.status_code == 200 and acks.data["results"][0]["acknowledged_at"]
    draft = services.revision_create(document=document, by=None, change_summary="x")
    assert employee.post(api_url(world, "acknowledge", pk=draft.pk), {}, format="json").status_code == 403
