"""The API beyond the harness: the bulk push of measurements (all or nothing, errors per item index),
clear errors for bad single values and objectives, workflow and plan actions, the computed statuses."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from pdca.core.models import Person
from pdca.objectives.models import Measurement
from tests.factories import PersonFactory
from tests.harness import trail_of
from tests.objectives.factories import make_commitment, make_kpi, make_measurement, make_objective, measure, months_ago

pytestmark = pytest.mark.django_db


def bulk_url(org):
    return reverse("measurement-bulk", kwargs={"org_slug": org.slug})


def test_another_system_pushes_many_measurements_at_once(world):
    otd, scrap = make_kpi(world.org), make_kpi(world.org)
    api = world.api(world.users["process_owner"])
    items = [
        {"kpi": otd.pk, "period": months_ago(3).isoformat(), "value": 93.5},
        {"kpi": otd.pk, "period": months_ago(2).isoformat(), "value": "95.1", "note": "ERP export"},
        {"kpi_number": scrap.number, "period": (months_ago(1) + datetime.timedelta(days=20)).isoformat(), "value": 1},
    ]
    response = api.post(bulk_url(world.org), {"measurements": items}, format="json")
    assert response.status_code == 201, response.data
    assert response.data["created"] == 3
    assert [m["period"] for m in response.data["measurements"]][-1] == months_ago(1).isoformat()
    otd.refresh_from_db()
    assert str(otd.latest_value.normalize()) == "95.1" and otd.latest_period == months_ago(2)
    created = Measurement.objects.filter(kpi=otd).first()
    assert created.source == "api" and created.entered_by == world.users["process_owner"]
    assert trail_of(created, "create").get().source == "api"


def test_a_bad_push_names_every_bad_item_by_index_and_saves_nothing(world):
    kpi = make_kpi(world.org)
    make_measurement(world.org, kpi=kpi, period=months_ago(6))
    foreign = make_kpi(world.other)
    future = (timezone.localdate() + datetime.timedelta(days=31)).isoformat()
    items = [
        {"kpi": kpi.pk, "period": months_ago(1).isoformat(), "value": 96},  # 0: good
        {"kpi": kpi.pk, "period": months_ago(2).isoformat(), "value": "ninety"},  # 1: not a number
        {"kpi": kpi.pk, "period": future, "value": 90},  # 2: future
        {"kpi": kpi.pk, "period": months_ago(1).isoformat(), "value": 97},  # 3: same period as 0
        {"kpi": kpi.pk, "period": months_ago(6).isoformat(), "value": 97},  # 4: already recorded
        {"kpi": foreign.pk, "period": months_ago(1).isoformat(), "value": 97},  # 5: another organisation's KPI
        {"kpi_number": "KPI-7777", "period": months_ago(1).isoformat(), "value": 97},  # 6: unknown
        {"kpi": kpi.pk, "period": "yesterday", "value": 97},  # 7: not a date
        "not an object",  # 8
    ]
    response = world.api(world.users["admin"]).post(bulk_url(world.org), {"measurements": items}, format="json")
    assert response.status_code == 400
    errors = {e["index"]: e["errors"] for e in response.data["errors"]}
    assert set(errors) == {1, 2, 3, 4, 5, 6, 7, 8}
    assert "number" in errors[1]["value"][0]
    assert "future" in errors[2]["period"][0]
    assert "item 0" in errors[3]["period"][0]
    assert "already has a value" in errors[4]["period"][0]
    assert "not a KPI" in errors[5]["kpi"][0] and "not a KPI" in errors[6]["kpi"][0]
    assert "period" in errors[7]
    assert "none was saved" in response.data["detail"]
    assert Measurement.objects.filter(kpi=kpi).count() == 1


def test_a_push_follows_the_roles_and_the_organisation(world):
    kpi = make_kpi(world.org)
    body = {"measurements": [{"kpi": kpi.pk, "period": months_ago(1).isoformat(), "value": 1}]}
    assert world.api(world.users["employee"]).post(bulk_url(world.org), body, format="json").status_code == 403
    assert world.api(world.outsider).post(bulk_url(world.org), body, format="json").status_code == 404
    assert world.api(None).post(bulk_url(world.org), body, format="json").status_code in (401, 403)
    assert (
        world.api(world.users["admin"]).post(bulk_url(world.org), {"measurements": []}, format="json").status_code
        == 400
    )
    assert not Measurement.objects.exists()


def test_a_single_value_that_is_not_a_number_or_in_the_future_is_refused(world):
    kpi = make_kpi(world.org)
    api = world.api(world.users["admin"])
    url = reverse("measurement-list", kwargs={"org_slug": world.org.slug})
    response = api.post(url, {"kpi": kpi.pk, "period": months_ago(1).isoformat(), "value": "abc"}, format="json")
    assert response.status_code == 400 and "number" in str(response.data["value"][0])
    tomorrow = (timezone.localdate() + datetime.timedelta(days=1)).isoformat()
    response = api.post(url, {"kpi": kpi.pk, "period": tomorrow, "value": "1"}, format="json")
    assert response.status_code == 400 and "future" in response.data["period"][0]
    api.post(url, {"kpi": kpi.pk, "period": months_ago(1).isoformat(), "value": "1"}, format="json")
    response = api.post(url, {"kpi": kpi.pk, "period": months_ago(1).isoformat(), "value": "2"}, format="json")
    assert response.status_code == 400 and "already has a value" in response.data["period"][0]
    assert kpi.measurements.count() == 1


def test_an_objective_without_target_or_deadline_is_refused_by_the_api(world):
    url = reverse("qualityobjective-list", kwargs={"org_slug": world.org.slug})
    owner = PersonFactory(organisation=world.org)
    response = world.api(world.users["admin"]).post(url, {"title": "Fewer returns", "owner": owner.pk}, format="json")
    assert response.status_code == 400
    assert (
        "target" in str(response.data["target"][0]).lower() and "deadline" in str(response.data["deadline"][0]).lower()
    )


def test_the_api_shows_statuses_and_runs_the_workflow(world):
    objective = make_objective(world.org, resources="Planner", evaluation="Monthly report")
    kpi = make_kpi(world.org, objective=objective)
    measure(kpi, [80])
    api = world.api(world.users["top_management"])
    detail = reverse("qualityobjective-detail", kwargs={"org_slug": world.org.slug, "pk": objective.pk})
    assert api.get(detail).data["performance"] == "off_track"
    kpi_url = reverse("kpi-detail", kwargs={"org_slug": world.org.slug, "pk": kpi.pk})
    assert api.get(kpi_url).data["status"] == "off_track"
    transition = detail + "transition/"
    response = api.post(transition, {"status": "approved"}, format="json")
    assert response.status_code == 400 and "commitments" in response.data
    api.patch(detail, {"commitments": [make_commitment(world.org).pk]}, format="json")
    response = api.post(transition, {"status": "approved"}, format="json")
    assert response.status_code == 200 and response.data["status"] == "approved"
    response = world.api(world.users["employee"]).post(
        transition, {"status": "withdrawn", "reason": "x"}, format="json"
    )
    assert response.status_code == 403
    owner = PersonFactory(organisation=world.org)
    response = api.post(detail + "actions/", {"title": "Second shift on the Haas", "owner": owner.pk}, format="json")
    assert response.status_code == 201 and response.data["number"].startswith("ACT-")
    assert [a["title"] for a in api.get(detail + "actions/").data] == ["Second shift on the Haas"]


def test_lists_filter_by_status_and_mine(world):
    mine_owner = Person.objects.get(organisation=world.org, user=world.users["process_owner"])
    good, bad = make_kpi(world.org, owner=mine_owner), make_kpi(world.org)
    measure(good, [99])
    measure(bad, [50])
    api = world.api(world.users["process_owner"])
    url = reverse("kpi-list", kwargs={"org_slug": world.org.slug})
    assert [k["id"] for k in api.get(url, {"performance": "off_track"}).data["results"]] == [bad.pk]
    assert [k["id"] for k in api.get(url, {"mine": "true"}).data["results"]] == [good.pk]


def test_registers_are_imported_through_the_api_all_or_nothing(world):
    from django.core.files.uploadedfile import SimpleUploadedFile

    kpi = make_kpi(world.org)
    api = world.api(world.users["quality_manager"])
    url = reverse("measurement-import-file", kwargs={"org_slug": world.org.slug})
    good = f"KPI,Period,Value,Note\n{kpi.number},{months_ago(1).isoformat()},97,\n".encode()
    bad = f"KPI,Period,Value,Note\n{kpi.number},{months_ago(2).isoformat()},lots,\n".encode()
    response = api.post(url, {"file": SimpleUploadedFile("m.csv", bad)}, format="multipart")
    assert response.status_code == 400
    assert response.data["errors"][0]["row"] == 2 and response.data["errors"][0]["column"] == "value"
    response = api.post(url, {"file": SimpleUploadedFile("m.csv", good)}, format="multipart")
    assert response.status_code == 201 and response.data[0]["kpi"] == kpi.pk
    assert api.post(url, {}, format="multipart").data["errors"][0]["column"] == "file"
    owner = PersonFactory(organisation=world.org, name="Rachel Dunn")
    objectives_url = reverse("qualityobjective-import-register", kwargs={"org_slug": world.org.slug})
    rows = "Number,Objective,What,Commitments,Processes,Direction,Target,Unit,Baseline,Deadline,Owner\n"
    rows += f",Deliver on time,,,,higher,95,%,,2027-06-30,{owner.name}\n"
    response = api.post(objectives_url, {"file": SimpleUploadedFile("o.csv", rows.encode())}, format="multipart")
    assert response.status_code == 201 and response.data[0]["status"] == "draft"
    employee = world.api(world.users["employee"])
    assert employee.post(objectives_url, {"file": SimpleUploadedFile("o.csv", rows.encode())}).status_code == 403
