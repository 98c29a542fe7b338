"""Record pages: the register's filters and export, flat query counts, filing with an upload, the record
page (file download, links, correction chain), legal hold, and disposal asked and approved on the pages."""

import datetime

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from pdca.records import services
from pdca.records.models import DisposalRequest, Record
from tests.factories import ActionFactory, PersonFactory
from tests.records.factories import make_record, make_type, past_retention, upload


def url(world, name, *args):
    return reverse(f"records:{name}", args=[world.org.slug, *args])


def _queries(client, address) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(address).status_code == 200
    return len(captured)


def _grow(world, n):
    record_type = make_type(world.org)
    for i in range(n):
        record = make_record(world.org, record_type=record_type, days_ago=10 + i * 1000)  # some past retention
        if i % 3 == 0:
            services.record_hold_set(record, hold=True, reason="Claim", by=None)


def test_the_register_costs_the_same_with_three_times_the_records(world):
    client = world.client(world.users["auditor"])
    filtered = url(world, "record_list") + "?past_retention=true&clause=hs.support&q=Calibration&status=filed"
    _grow(world, 4)
    small = _queries(client, url(world, "record_list")), _queries(client, filtered)
    _grow(world, 8)
    assert (_queries(client, url(world, "record_list")), _queries(client, filtered)) == small


def test_the_record_page_costs_the_same_with_more_links_and_a_longer_chain(world):
    client = world.client(world.users["quality_manager"])

    def record_with(n):
        links = [PersonFactory(organisation=world.org) for _ in range(n)] + [ActionFactory(organisation=world.org)]
        record = make_record(world.org, links=links)
        for _ in range(n):
            record = make_record(world.org, corrects=record, links=links)
        return Record.objects.get(pk=record.original_id)

    assert _queries(client, record_with(2).get_absolute_url()) == _queries(client, record_with(6).get_absolute_url())


def test_the_register_filters_by_type_clause_dates_status_and_retention(world):
    calibration = make_record(world.org, days_ago=10)
    training_type = make_type(world.org, name="Training", keys=["hs.support.competence.evidence"])
    training = make_record(world.org, record_type=training_type, days_ago=100)
    old = past_retention(world.org)
    client = world.client(world.users["auditor"])

    def numbers(**params):
        page = client.get(url(world, "record_list"), params).content.decode()
        return {r.number for r in (calibration, training, old) if r.number in page}

    assert numbers(record_type=training_type.pk) == {training.number}
    assert numbers(clause="hs.support.competence") == {training.number}
    since = (timezone.localdate() - datetime.timedelta(days=50)).isoformat()
    assert numbers(date_from=since) == {calibration.number}
    assert numbers(past_retention="true") == {old.number}
    assert numbers(past_retention="false") == {calibration.number, training.number}
    csv = b"".join(client.get(url(world, "record_list"), {"export": "csv", "past_retention": "true"}).streaming_content)
    assert old.number.encode() in csv and calibration.number.encode() not in csv


def test_filing_a_record_on_the_page_with_an_upload(world):
    person, action = PersonFactory(organisation=world.org), ActionFactory(organisation=world.org)
    record_type = make_type(world.org)
    response = world.client(world.users["process_owner"]).post(
        url(world, "record_create"),
        {
            "title": "Final inspection batch 4471",
            "record_type": record_type.pk,
            "record_date": "2025-06-02",
            "file": upload("batch-4471.pdf"),
            "people": [person.pk],
            "references": f"{action.number}",
        },
    )
    record = Record.objects.get()
    assert response.status_code == 302 and response["Location"] == record.get_absolute_url()
    assert {link.label for link in record.links.all()} == {str(person), str(action)}
    page = world.client(world.users["viewer"]).get(record.get_absolute_url()).content.decode()
    assert "batch-4471.pdf" in page and str(person) in page and record.file_sha256 in page


def test_the_filing_form_names_bad_input(world):
    client = world.client(world.users["quality_manager"])
    response = client.post(
        url(world, "record_create"),
        {
            "title": "x",
            "record_type": make_type(world.org).pk,
            "record_date": "2025-01-01",
            "references": "ACT-9999",
            "corrects": "REC-9999",
        },
    )
    errors = response.context["form"].errors
    assert response.status_code == 400 and "ACT-9999" in errors["references"][0] and "corrects" in errors
    response = client.post(
        url(world, "record_create"),
        {"title": "x", "record_type": make_type(world.org).pk, "record_date": "2025-01-01", "file": upload("a.txt")},
    )
    assert response.status_code == 400 and "file" in response.context["form"].errors
    assert not Record.objects.exists()


def test_the_file_downloads_only_for_those_who_see_the_record(world):
    record = make_record(world.org)
    address = url(world, "record_file", record.pk)
    response = world.client(world.users["viewer"]).get(address)
    assert response.status_code == 200 and response["Content-Security-Policy"].startswith("default-src 'none'")
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    assert world.client(world.users["employee"]).get(address).status_code == 403
    assert world.client(world.outsider).get(address).status_code == 404
    assert world.client(None).get(address).status_code == 302
    paper = make_record(world.org, file=False)
    assert world.client(world.users["viewer"]).get(url(world, "record_file", paper.pk)).status_code == 404


def test_a_correction_is_prefilled_and_shown_in_the_chain(world):
    original = make_record(world.org, title="HG-03 certificate")
    client = world.client(world.users["quality_manager"])
    form = client.get(url(world, "record_create"), {"corrects": original.number}).context["form"]
    assert form.initial["title"] == "HG-03 certificate" and form.initial["corrects"] == original.number
    correction = make_record(world.org, corrects=original, title="HG-03 certificate, corrected")
    page = client.get(original.get_absolute_url()).content.decode()
    assert "Correction chain" in page and correction.number in page and "File a correction" not in page
    assert "File a correction" in client.get(correction.get_absolute_url()).content.decode()


def test_the_legal_hold_is_set_on_the_record_page(world):
    record = make_record(world.org)
    client = world.client(world.users["top_management"])
    data = {"legal_hold": "on", "legal_hold_reason": "Claim WC-118", "version": record.version}
    assert client.post(url(world, "record_edit", record.pk), data).status_code == 302
    page = client.get(record.get_absolute_url()).content.decode()
    assert "Claim WC-118" in page
    assert world.client(world.users["auditor"]).post(url(world, "record_edit", record.pk), data).status_code == 403


def test_disposal_is_asked_and_approved_on_the_pages(world, django_capture_on_commit_callbacks):
    due, young = past_retention(world.org), make_record(world.org)
    quality, boss = world.client(world.users["quality_manager"]), world.client(world.users["top_management"])
    listing = quality.get(url(world, "disposalrequest_list")).content.decode()
    assert "1 record is past its retention date" in listing
    form = quality.get(url(world, "disposalrequest_create")).content.decode()
    assert due.number in form and young.number not in form
    response = quality.post(url(world, "disposalrequest_create"), {"records": [young.pk], "reason": "Old"})
    assert response.status_code == 400
    quality.post(url(world, "disposalrequest_create"), {"records": [due.pk], "reason": "Retention over"})
    request = DisposalRequest.objects.get()
    page = quality.get(request.get_absolute_url()).content.decode()
    assert "Approve disposal" not in page and "somebody else" in page
    assert boss.get(request.get_absolute_url()).content.decode().count("Approve disposal") == 1
    with django_capture_on_commit_callbacks(execute=True):
        response = boss.post(url(world, "disposal_approve", request.pk), {"note": "Checked"})
    assert response.status_code == 302
    assert Record.objects.get(pk=due.pk).status == "disposed"
    assert world.client(world.users["employee"]).post(url(world, "disposal_reject", request.pk)).status_code == 403
