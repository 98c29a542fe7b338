"""Records through the API: filing with an upload, download, immutability, disposal approval (four eyes)."""

import hashlib

from django.urls import reverse

from pdca.records.models import Record
from tests.factories import ActionFactory, PersonFactory, pdf_bytes
from tests.records.factories import make_record, make_type, past_retention, upload


def api_url(world, name, *args):
    return reverse(name, kwargs={"org_slug": world.org.slug, **({"pk": args[0]} if args else {})})


def test_a_record_is_filed_with_an_upload_and_downloaded(world):
    api = world.api(world.users["auditor"])
    person, action = PersonFactory(organisation=world.org), ActionFactory(organisation=world.org)
    data = pdf_bytes()
    response = api.post(
        api_url(world, "record-list"),
        {
            "title": "Internal audit report IA-7",
            "record_type": make_type(world.org).pk,
            "record_date": "2025-04-01",
            "file": upload("IA-7.pdf", data),
            "clauses": ["hs.evaluation.audit.programme.records"],
            "link": [f"person:{person.pk}", f"action:{action.pk}"],
        },
        format="multipart",
    )
    assert response.status_code == 201, response.data
    body = response.data
    assert body["number"] == "REC-0001" and body["file_sha256"] == hashlib.sha256(data).hexdigest()
    assert body["clauses"] == ["hs.evaluation.audit.programme.records"]
    assert {(link["type"], link["id"]) for link in body["links"]} == {("person", person.pk), ("action", action.pk)}
    download = world.api(world.users["viewer"]).get(api_url(world, "record-download", body["id"]))
    assert download.status_code == 200 and b"".join(download.streaming_content) == data
    assert world.api(world.users["employee"]).get(api_url(world, "record-download", body["id"])).status_code == 403


def test_the_api_refuses_hostile_files_and_links_elsewhere(world):
    api = world.api(world.users["quality_manager"])
    base = {"title": "x", "record_type": make_type(world.org).pk, "record_date": "2025-04-01"}
    response = api.post(
        api_url(world, "record-list"), {**base, "file": upload("x.pdf", b"MZ" * 50)}, format="multipart"
    )
    assert response.status_code == 400 and "file" in response.data
    foreign = PersonFactory(organisation=world.other)
    response = api.post(
        api_url(world, "record-list"), {**base, "location": "Cabinet", "link": [f"person:{foreign.pk}"]}, format="json"
    )
    assert response.status_code == 400 and "link" in response.data
    assert not Record.objects.exists()


def test_a_filed_record_cannot_be_changed_through_the_api(world):
    record = make_record(world.org)
    api = world.api(world.users["admin"])
    response = api.patch(api_url(world, "record-detail", record.pk), {"title": "Changed"}, format="json")
    assert response.status_code == 400 and "title" in response.data
    response = api.patch(
        api_url(world, "record-detail", record.pk), {"legal_hold": True, "legal_hold_reason": "Claim"}, format="json"
    )
    assert response.status_code == 200 and response.data["legal_hold"] is True
    assert api.delete(api_url(world, "record-detail", record.pk)).status_code == 403
    assert Record.objects.get(pk=record.pk).title == record.title


def test_disposal_is_approved_by_somebody_else_through_the_api(world, django_capture_on_commit_callbacks):
    record = past_retention(world.org)
    asker = world.api(world.users["quality_manager"])
    response = asker.post(api_url(world, "disposalrequest-list"), {"records": [record.pk]}, format="json")
    assert response.status_code == 201, response.data
    pk = response.data["id"]
    assert asker.post(api_url(world, "disposalrequest-approve", pk), {}, format="json").status_code == 403
    boss = world.api(world.users["top_management"])
    with django_capture_on_commit_callbacks(execute=True):
        response = boss.post(api_url(world, "disposalrequest-approve", pk), {"note": "ok"}, format="json")
    assert response.status_code == 200 and response.data["status"] == "approved"
    assert world.api(world.users["viewer"]).get(api_url(world, "record-download", record.pk)).status_code == 404
    again = boss.post(api_url(world, "disposalrequest-reject", pk), {"note": "no"}, format="json")
    assert again.status_code == 409


def test_a_disposal_request_refuses_records_of_another_organisation(world):
    foreign = past_retention(world.other)
    response = world.api(world.users["quality_manager"]).post(
        api_url(world, "disposalrequest-list"), {"records": [foreign.pk]}, format="json"
    )
    assert response.status_code == 400 and "records" in response.data
