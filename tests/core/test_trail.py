"""The audit trail records every write, bulk ones included, and cannot be altered."""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test.utils import CaptureQueriesContext

from pdca.core import services, trail
from pdca.core.models import Action, Site, TrailEntry
from tests.factories import PersonFactory, SiteFactory
from tests.harness import trail_of


def test_it_records_create_update_delete_with_old_and_new_values(world):
    qm = world.users["quality_manager"]
    site = services.object_create(Site, org=world.org, data={"name": "Leeds", "headcount": 10}, by=qm)
    services.object_update(site, data={"headcount": 12, "name": "Leeds works"}, by=qm)
    pk = site.pk
    services.object_delete(site, by=qm, reason="Site closed")
    site.pk = pk
    create, update, delete = trail_of(site).order_by("id")
    assert (create.action, create.actor, create.changes["headcount"]) == ("create", qm, {"new": 10})
    assert update.changes == {"headcount": {"old": 10, "new": 12}, "name": {"old": "Leeds", "new": "Leeds works"}}
    assert (
        delete.action == "delete"
        and delete.reason == "Site closed"
        and delete.changes["name"] == {"old": "Leeds works"}
    )
    assert all(e.organisation_id == world.org.pk and e.actor_label == str(qm) for e in (create, update, delete))


def test_foreign_key_changes_carry_readable_labels(world):
    old, new = (
        PersonFactory(organisation=world.org, name="Ann Old"),
        PersonFactory(organisation=world.org, name="Bo New"),
    )
    action = services.action_create(org=world.org, data={"title": "Fix it", "owner": old}, by=None)
    services.action_update(action, data={"owner": new}, by=world.users["admin"])
    change = trail_of(action, "update").get().changes["owner"]
    assert change == {"old": old.pk, "new": new.pk, "old_label": "Ann Old", "new_label": "Bo New"}


def test_an_unchanged_save_records_nothing(world):
    site = SiteFactory(organisation=world.org)
    count = TrailEntry.objects.count()
    site.save()
    assert TrailEntry.objects.count() == count


def test_bulk_update_records_one_entry_per_row(world):
    sites = [SiteFactory(organisation=world.org, headcount=5) for _ in range(3)]
    SiteFactory(organisation=world.other, headcount=5)
    with trail.acting(world.users["admin"], reason="Headcount survey"):
        changed = Site.objects.filter(organisation=world.org).update(headcount=7)
    assert changed == 3
    for site in sites:
        entry = trail_of(site, "update").get()
        assert entry.changes == {"headcount": {"old": 5, "new": 7}}
        assert entry.actor == world.users["admin"] and entry.reason == "Headcount survey"
        site.refresh_from_db()
        assert site.version == 2


def test_bulk_create_and_queryset_delete_are_recorded(world):
    created = Site.objects.bulk_create([Site(organisation=world.org, name=f"S{i}") for i in range(3)])
    assert all(trail_of(s, "create").exists() for s in created)
    Site.objects.filter(pk__in=[s.pk for s in created]).delete()
    assert all(trail_of(s, "delete").exists() for s in created)


def test_transitions_record_the_reason_once(world):
    owner = PersonFactory(organisation=world.org)
    action = services.action_create(org=world.org, data={"title": "Calibrate", "owner": owner}, by=None)
    services.action_transition(
        action,
        status="done",
        evidence="Certificate 42 filed",
        reason="Verified on site",
        by=world.users["quality_manager"],
    )
    transition = trail_of(action, "transition").get()
    assert transition.changes["status"] == {"old": "open", "new": "done"}
    assert transition.reason == "Verified on site"
    update = trail_of(action, "update").get()
    assert "status" not in update.changes and update.changes["evidence"]["new"] == "Certificate 42 filed"


def test_entries_cannot_be_changed_or_deleted(world):
    SiteFactory(organisation=world.org)
    entry = TrailEntry.objects.filter(organisation=world.org).first()
    entry.reason = "tampered"
    with pytest.raises(TypeError):
        entry.save()
    with pytest.raises(TypeError):
        entry.delete()
    with pytest.raises(TypeError):
        TrailEntry.objects.filter(pk=entry.pk).update(reason="tampered")
    with pytest.raises(TypeError):
        TrailEntry.objects.filter(pk=entry.pk).delete()


def test_the_api_cannot_write_the_trail(world):
    SiteFactory(organisation=world.org)
    entry = TrailEntry.objects.filter(organisation=world.org).first()
    api = world.api(world.users["admin"])
    url = f"/api/v1/o/{world.org.slug}/trail/{entry.pk}/"
    assert api.get(url).status_code == 200
    assert api.patch(url, {"reason": "x"}, format="json").status_code == 405
    assert api.delete(url).status_code == 405
    assert TrailEntry.objects.get(pk=entry.pk).reason == ""


def test_writing_a_trail_entry_costs_one_insert(world):
    site = SiteFactory(organisation=world.org)
    site.headcount += 1
    with CaptureQueriesContext(connection) as queries:
        site.save()
    inserts = [q for q in queries.captured_queries if q["sql"].upper().startswith("INSERT")]
    assert len(inserts) == 1 and "trailentry" in inserts[0]["sql"].lower()
    assert len(queries) <= 3  # UPDATE, the content type is cached, INSERT (SQLite adds no savepoint here)


def _trail_page_queries(world, client):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(f"/o/{world.org.slug}/trail/", {"type": ContentType.objects.get_for_model(Site).pk})
    assert response.status_code == 200
    return len(queries)


def test_the_trail_page_filters_pages_by_key_and_keeps_query_count_flat(world):
    client = world.client(world.users["quality_manager"])
    for i in range(60):
        SiteFactory(organisation=world.org, name=f"Site {i}")
    _trail_page_queries(world, client)  # warm the content-type cache, as any running server has
    few = _trail_page_queries(world, client)
    for i in range(120):
        SiteFactory(organisation=world.org, name=f"More {i}")
    assert _trail_page_queries(world, client) == few
    first = client.get(f"/o/{world.org.slug}/trail/")
    assert first.context["next_before"] is not None and len(first.context["entries"]) == 50
    older = client.get(f"/o/{world.org.slug}/trail/", {"before": first.context["next_before"]})
    assert max(e.id for e in older.context["entries"]) < min(e.id for e in first.context["entries"])


def test_the_trail_page_filters_by_person_type_and_date(world):
    admin, qm = world.users["admin"], world.users["quality_manager"]
    services.object_create(Site, org=world.org, data={"name": "By admin"}, by=admin)
    services.object_create(Site, org=world.org, data={"name": "By QM"}, by=qm)
    client = world.client(qm)
    page = client.get(f"/o/{world.org.slug}/trail/", {"actor": admin.pk})
    labels = {e.object_label for e in page.context["entries"]}
    assert "By admin" in labels and "By QM" not in labels
    # The "Who" list offers the members and keeps the chosen one selected.
    assert f'<option value="{admin.pk}" selected>{admin}</option>' in page.content.decode()
    action_type = ContentType.objects.get_for_model(Action).pk
    assert not client.get(f"/o/{world.org.slug}/trail/", {"type": action_type}).context["entries"]
    assert not client.get(f"/o/{world.org.slug}/trail/", {"until": "2001-01-01"}).context["entries"]


def test_the_trail_exports_as_csv_and_excel(world):
    services.object_create(Site, org=world.org, data={"name": "Exported site"}, by=world.users["admin"])
    client = world.client(world.users["admin"])
    csv = b"".join(client.get(f"/o/{world.org.slug}/trail/", {"export": "csv"}).streaming_content).decode()
    assert "Exported site" in csv and "When" in csv.splitlines()[0]
    assert client.get(f"/o/{world.org.slug}/trail/", {"export": "xlsx"}).content[:2] == b"PK"


def test_employees_cannot_open_the_organisation_trail(world):
    assert world.client(world.users["employee"]).get(f"/o/{world.org.slug}/trail/").status_code == 403
    assert world.api(world.users["employee"]).get(f"/api/v1/o/{world.org.slug}/trail/").status_code == 403


def test_date_filters_keep_whole_days(world, monkeypatch):
    import datetime

    from django.utils import timezone

    for day in (1, 5, 10):
        # After the fixture's own entries, as in real life: the trail is written in time order.
        moment = timezone.make_aware(datetime.datetime(2027, 3, day, 23, 30))
        monkeypatch.setattr(timezone, "now", lambda moment=moment: moment)
        SiteFactory(organisation=world.org, name=f"Day {day}")
    monkeypatch.undo()
    client = world.client(world.users["quality_manager"])

    def names(**params):
        entries = client.get(f"/o/{world.org.slug}/trail/", params).context["entries"]
        return sorted(e.object_label for e in entries if e.object_label.startswith("Day"))

    assert names(since="2027-03-05") == ["Day 10", "Day 5"]
    assert names(until="2027-03-05") == ["Day 1", "Day 5"]
    assert names(since="2027-03-02", until="2027-03-09") == ["Day 5"]
    assert names(since="2027-03-11") == []
