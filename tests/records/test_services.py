"""Record services: retention, filing, immutability, corrections, legal hold, four-eyes disposal."""

import datetime

import pytest
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from pdca.core.exceptions import PermissionDenied, TransitionNotAllowed, ValidationFailed
from pdca.core.models import Attachment, ClauseTag
from pdca.records import services
from pdca.records.models import Record, RecordLink
from tests.factories import ActionFactory, PersonFactory
from tests.harness import trail_of
from tests.records.factories import CLAUSE, make_record, make_type, past_retention, upload


@pytest.fixture
def on_commit(django_capture_on_commit_callbacks):
    """Run on-commit work (deleting disposed files) as a real commit would."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


def _stored(settings):
    root = settings.MEDIA_ROOT
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


def _ask(world, *records, by=None):
    by = by or world.users["quality_manager"]
    return services.disposal_request_create(org=world.org, data={"records": list(records), "reason": "Old"}, by=by)


# --- retention


@pytest.mark.parametrize(
    ("day", "period", "unit", "expected"),
    [
        (datetime.date(2019, 5, 14), 6, "years", datetime.date(2025, 5, 14)),
        (datetime.date(2025, 1, 31), 1, "months", datetime.date(2025, 2, 28)),
        (datetime.date(2024, 1, 31), 1, "months", datetime.date(2024, 2, 29)),
        (datetime.date(2024, 8, 20), 18, "months", datetime.date(2026, 2, 20)),
        (datetime.date(2024, 2, 29), 1, "years", datetime.date(2025, 2, 28)),
        (datetime.date(2024, 2, 29), 4, "years", datetime.date(2028, 2, 29)),
        (datetime.date(2024, 2, 29), 48, "months", datetime.date(2028, 2, 29)),
    ],
)
def test_it_computes_retain_until_in_months_and_years_with_leap_days(world, day, period, unit, expected):
    record_type = make_type(world.org, period=period, unit=unit)
    assert services.retain_until(day, record_type) == expected
    record = make_record(world.org, record_type=record_type, days_ago=(timezone.localdate() - day).days)
    assert record.retain_until == expected


def test_it_moves_retain_until_when_a_type_retention_changes_but_not_for_disposed_records(world, on_commit):
    record_type = make_type(world.org, period=6)
    kept, gone = make_record(world.org, record_type=record_type), past_retention(world.org, record_type=record_type)
    with on_commit():
        services.disposal_request_approve(_ask(world, gone), by=world.users["top_management"])
    gone.refresh_from_db()
    before = gone.retain_until
    services.record_type_update(record_type, data={"retention_period": 10}, by=world.users["quality_manager"])
    kept.refresh_from_db(), gone.refresh_from_db()
    assert kept.retain_until == services.retain_until(kept.record_date, record_type)
    assert kept.retain_until.year == kept.record_date.year + 10 and gone.retain_until == before
    assert trail_of(kept, "update").filter(changes__has_key="retain_until").exists()


def test_it_copies_the_suggested_record_types_once(world):
    created = services.record_types_copy_defaults(org=world.org, by=world.users["quality_manager"])
    assert {t.name for t in created} >= {"Calibration certificate", "Training certificate", "Inspection report"}
    assert all(t.clause_keys for t in created)
    assert services.record_types_copy_defaults(org=world.org, by=None) == []
    with pytest.raises(PermissionDenied):
        services.record_types_copy_defaults(org=world.org, by=world.users["auditor"])


# --- filing


def test_it_files_a_numbered_record_with_its_file_clauses_and_links(world):
    person, action = PersonFactory(organisation=world.org), ActionFactory(organisation=world.org)
    record = make_record(world.org, by=world.users["auditor"], links=[person, action, person])
    assert record.number == "REC-0001" and record.status == "filed" and record.filed_by == world.users["auditor"]
    assert record.file_name == "certificate.pdf" and len(record.file_sha256) == 64
    attachment = Attachment.objects.get(object_id=record.pk, content_type=ContentType.objects.get_for_model(Record))
    assert attachment.sha256 == record.file_sha256
    tags = ClauseTag.objects.filter(object_id=record.pk, content_type__model="record").values_list("key", flat=True)
    assert list(tags) == [CLAUSE]
    assert [link.label for link in record.links.all()] == [str(person), str(action)]
    assert trail_of(record, "create").get().actor == world.users["auditor"]
    assert make_record(world.org).number == "REC-0002"


def test_it_takes_explicit_clauses_and_refuses_unknown_or_none(world):
    record = make_record(world.org, clauses=["hs.support.competence.evidence"])
    assert record.clause_tags.get().key == "hs.support.competence.evidence"
    with pytest.raises(ValidationFailed) as exc:
        make_record(world.org, clauses=["hs.no.such.clause"])
    assert exc.value.field == "clauses"
    with pytest.raises(ValidationFailed, match="at least one clause") as exc:
        make_record(world.org, record_type=make_type(world.org, keys=()))
    assert exc.value.field == "clauses"
    assert Record.objects.count() == 1


def test_it_refuses_a_record_without_file_or_location_or_dated_in_the_future(world):
    record_type = make_type(world.org)
    data = {"title": "Minutes", "record_type": record_type, "record_date": timezone.localdate()}
    with pytest.raises(ValidationFailed) as exc:
        services.record_file(org=world.org, data=data, by=None)
    assert exc.value.field == "file"
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    with pytest.raises(ValidationFailed) as exc:
        services.record_file(org=world.org, data={**data, "record_date": tomorrow}, by=None, upload=upload())
    assert exc.value.field == "record_date"
    paper = services.record_file(org=world.org, data={**data, "location": "Cabinet 2"}, by=None)
    assert paper.file_name == "" and paper.location == "Cabinet 2"


def test_it_refuses_rows_of_another_organisation(world):
    with pytest.raises(ValidationFailed) as exc:
        make_record(world.org, record_type=make_type(world.other))
    assert exc.value.field == "record_type"
    with pytest.raises(ValidationFailed) as exc:
        make_record(world.org, links=[PersonFactory(organisation=world.other)])
    assert exc.value.field == "links"
    with pytest.raises(ValidationFailed) as exc:
        make_record(world.org, links=[make_type(world.org)])  # not something a record is evidence about
    assert exc.value.field == "links"
    assert not Record.objects.exists() and not RecordLink.objects.exists()


def test_it_lets_only_filers_file(world):
    for role in ("employee", "viewer"):
        with pytest.raises(PermissionDenied):
            make_record(world.org, by=world.users[role])
    with pytest.raises(PermissionDenied):
        make_record(world.org, by=world.users["auditor"], legal_hold=True, legal_hold_reason="Claim")
    assert not Record.objects.exists()


# --- immutability and legal hold


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("title", "Another title"),
        ("record_date", datetime.date(2020, 1, 1)),
        ("description", "Edited"),
        ("location", "Elsewhere"),
    ],
)
def test_it_refuses_any_change_to_a_filed_record(world, field, value):
    record = make_record(world.org)
    version = record.version
    with pytest.raises(ValidationFailed, match="file a correction") as exc:
        services.record_update(record, data={field: value}, by=world.users["admin"])
    assert exc.value.field == field
    assert Record.objects.get(pk=record.pk).version == version


def test_it_refuses_a_new_type_and_names_every_field(world):
    record = make_record(world.org)
    with pytest.raises(ValidationFailed) as exc:
        services.record_update(
            record, data={"record_type": make_type(world.org), "title": "x", "legal_hold": True}, by=None
        )
    assert set(exc.value.errors) == {"record_type", "title"}


def test_core_pages_cannot_add_files_or_tags_to_a_record(world):
    record = make_record(world.org)
    ct = ContentType.objects.get_for_model(Record).pk
    client = world.client(world.users["admin"])
    assert client.post(f"/o/{world.org.slug}/attach/{ct}/{record.pk}/", {"file": upload()}).status_code == 403
    assert client.post(f"/o/{world.org.slug}/tags/{ct}/{record.pk}/", {"clauses": "hs.support"}).status_code == 403
    assert Attachment.objects.filter(object_id=record.pk).count() == 1


def test_it_sets_and_lifts_a_legal_hold_with_a_reason(world):
    record = make_record(world.org)
    with pytest.raises(ValidationFailed) as exc:
        services.record_hold_set(record, hold=True, reason=" ", by=world.users["quality_manager"])
    assert exc.value.field == "legal_hold_reason"
    with pytest.raises(PermissionDenied):
        services.record_hold_set(record, hold=True, reason="Claim", by=world.users["process_owner"])
    services.record_hold_set(record, hold=True, reason="Claim WC-1", by=world.users["top_management"])
    entry = trail_of(record, "update").get()
    assert entry.changes["legal_hold"] == {"old": False, "new": True} and entry.reason == "Claim WC-1"
    services.record_hold_set(record, hold=False, by=world.users["quality_manager"])
    record.refresh_from_db()
    assert not record.legal_hold and record.legal_hold_reason == ""


# --- corrections


def test_it_files_a_correction_as_a_new_record_in_the_chain(world):
    original = make_record(world.org)
    first = make_record(world.org, corrects=original, title="Corrected serial")
    second = make_record(world.org, corrects=first, title="Corrected again")
    assert first.original == original and second.original == original and second.corrects == first
    original.refresh_from_db()
    assert original.title.startswith("Calibration") and original.version == 1  # the original row is untouched
    event = trail_of(original, "update").get()
    assert event.changes == {"corrected_by": {"new": first.number}}
    with pytest.raises(ValidationFailed, match=second.number) as exc:
        make_record(world.org, corrects=original)
    assert exc.value.field == "corrects"


def test_it_refuses_to_correct_a_disposed_record(world, on_commit):
    record = past_retention(world.org)
    with on_commit():
        services.disposal_request_approve(_ask(world, record), by=world.users["top_management"])
    with pytest.raises(ValidationFailed, match="disposed") as exc:
        make_record(world.org, corrects=Record.objects.get(pk=record.pk))
    assert exc.value.field == "corrects"


# --- disposal


def test_the_disposal_list_has_only_records_past_retention_and_not_on_hold(world):
    due, held = past_retention(world.org), past_retention(world.org)
    make_record(world.org)
    past_retention(world.other)
    services.record_hold_set(held, hold=True, reason="Claim", by=None)
    assert list(services.disposable(world.org)) == [due]


def test_it_refuses_to_ask_for_records_still_kept_or_on_hold(world):
    young, held = make_record(world.org), past_retention(world.org)
    services.record_hold_set(held, hold=True, reason="Claim", by=None)
    with pytest.raises(ValidationFailed) as exc:
        _ask(world, young, held)
    assert exc.value.field == "records"
    assert any(young.number in m and "kept until" in m for m in exc.value.errors["records"])
    assert any(held.number in m and "legal hold" in m for m in exc.value.errors["records"])
    with pytest.raises(PermissionDenied):
        _ask(world, past_retention(world.org), by=world.users["top_management"])


def test_disposal_needs_a_second_person_in_top_management(world, settings):
    from pdca.core import services as core

    record = past_retention(world.org)
    boss = world.users["top_management"]
    core.membership_set(org=world.org, user=boss, role="quality_manager", by=None)
    request = _ask(world, record, by=boss)
    core.membership_set(org=world.org, user=boss, role="top_management", by=None)
    with pytest.raises(PermissionDenied, match="somebody else"):
        services.disposal_request_approve(request, by=boss)  # top management, but asked for it
    for role in ("quality_manager", "admin", "lead_auditor"):
        with pytest.raises(PermissionDenied):
            services.disposal_request_approve(request, by=world.users[role])
    with pytest.raises(PermissionDenied):
        services.disposal_request_approve(request, by=None)
    record.refresh_from_db()
    assert record.status == "disposal_requested" and _stored(settings)


def test_approval_deletes_the_file_keeps_a_tombstone_and_trails_each_record(world, settings, on_commit):
    records = [past_retention(world.org), past_retention(world.org, file=False)]
    request = _ask(world, *records)
    stored = _stored(settings)
    assert len(stored) == 1
    with on_commit():
        services.disposal_request_approve(request, by=world.users["top_management"], note="Checked")
    assert not _stored(settings) and not Attachment.objects.filter(object_id__in=[r.pk for r in records]).exists()
    for before in records:
        record = Record.objects.get(pk=before.pk)
        assert record.status == "disposed" and record.disposed_at
        assert (record.number, record.title, record.file_sha256) == (before.number, before.title, before.file_sha256)
        entry = trail_of(record, "transition").filter(changes__status__new="disposed").get()
        assert entry.actor == world.users["top_management"] and request.number in entry.reason
        assert entry.changes["disposed"]["number"] == record.number
        assert entry.changes["disposed"]["file_sha256"] == record.file_sha256
        assert entry.changes["disposed"]["title"] == record.title
    request.refresh_from_db()
    assert request.status == "approved" and request.decided_by == world.users["top_management"]
    page = world.client(world.users["auditor"]).get(records[0].get_absolute_url()).content.decode()
    assert records[0].file_sha256 in page and "Disposed of" in page
    assert world.client(world.users["auditor"]).get(f"/o/acme/records/{records[0].pk}/file/").status_code == 404


def test_a_failed_approval_deletes_nothing(world, settings, on_commit):
    record = past_retention(world.org)
    request = _ask(world, record)
    services.record_hold_set(Record.objects.get(pk=record.pk), hold=True, reason="Claim arrived", by=None)
    with on_commit(), pytest.raises(ValidationFailed, match="legal hold") as exc:
        services.disposal_request_approve(request, by=world.users["top_management"])
    assert exc.value.field == "records" and _stored(settings)
    assert Record.objects.get(pk=record.pk).status == "disposal_requested"
    assert type(request).objects.get(pk=request.pk).status == "pending"


def test_retention_extended_after_asking_blocks_approval(world):
    record = past_retention(world.org)
    request = _ask(world, record)
    services.record_type_update(record.record_type, data={"retention_period": 50}, by=None)
    with pytest.raises(ValidationFailed, match="kept until"):
        services.disposal_request_approve(request, by=world.users["top_management"])


def test_rejection_needs_a_reason_and_returns_the_records(world):
    record = past_retention(world.org)
    request = _ask(world, record)
    with pytest.raises(ValidationFailed) as exc:
        services.disposal_request_reject(request, by=world.users["top_management"], note="")
    assert exc.value.field == "note"
    with pytest.raises(PermissionDenied):
        services.disposal_request_reject(request, by=world.users["quality_manager"], note="No")
    services.disposal_request_reject(request, by=world.users["top_management"], note="Audit next month")
    record.refresh_from_db()
    assert record.status == "filed" and request.status == "rejected"
    assert "Audit next month" in trail_of(record, "transition").first().reason
    with pytest.raises(TransitionNotAllowed) as exc:
        services.disposal_request_approve(request, by=world.users["top_management"])
    assert exc.value.field == "status"
    with pytest.raises(TransitionNotAllowed):
        services.disposal_request_update(request, data={"reason": "x"}, by=None)
    with pytest.raises(TransitionNotAllowed):
        services.disposal_request_delete(request, by=None)


def test_withdrawing_a_request_returns_its_records(world):
    record = past_retention(world.org)
    request = _ask(world, record)
    assert Record.objects.get(pk=record.pk).status == "disposal_requested"
    services.disposal_request_delete(request, by=world.users["quality_manager"], reason="Wrong batch")
    assert Record.objects.get(pk=record.pk).status == "filed"
    with pytest.raises(ValidationFailed) as exc:
        services.disposal_request_update(_ask(world, record), data={"records": []}, by=None)
    assert exc.value.field == "records"


def test_records_count_for_the_mandatory_checklist_until_disposed(world, on_commit):
    from pdca.core import evidence
    from pdca.standards.models import Standard

    standard = Standard.objects.get(organisation=None, slug="iso9001-2015")
    record = past_retention(world.org)

    def found():
        item = next(i for i in evidence.checklist(world.org, standard) if i.requirement.key == CLAUSE)
        return item.found.get("retain", [])

    assert [(source.model, n) for source, n in found()] == [("records.Record", 1)]
    with on_commit():
        services.disposal_request_approve(_ask(world, record), by=world.users["top_management"])
    assert found() == []
