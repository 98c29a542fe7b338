"""Equipment through the API: today's status in the answer, status filters, transitions with reasons,
calibrations refused by name when dated before the previous one (nothing saved), out of tolerance and
its impact assessment."""

from django.urls import reverse

from pdca.equipment.models import CalibrationRecord
from tests.equipment.factories import days, make_calibration, make_equipment, owner_in


def api_url(world, name, pk=None, **extra):
    return reverse(name, kwargs={"org_slug": world.org.slug, **({"pk": pk} if pk else {}), **extra})


def test_equipment_is_created_with_its_next_calibration_and_status(world):
    api = world.api(world.users["process_owner"])
    data = {
        "name": "Surface roughness tester",
        "owner": owner_in(world.org).pk,
        "needs_calibration": True,
        "calibration_interval_months": 12,
        "last_calibrated_on": days(-355).isoformat(),
    }
    response = api.post(api_url(world, "equipment-list"), data, format="json")
    assert response.status_code == 201, response.data
    body = response.data
    assert body["number"] == "EQ-0001" and body["status"] == "due" and body["condition"] == "in_service"
    assert body["clauses"] == ["hs.support.resources.monitoring.traceability"]
    listed = api.get(api_url(world, "equipment-list") + "?status=due").data["results"]
    assert [e["number"] for e in listed] == ["EQ-0001"]
    assert api.get(api_url(world, "equipment-list") + "?status=overdue").data["results"] == []


def test_missing_interval_is_refused_by_name(world):
    api = world.api(world.users["quality_manager"])
    data = {"name": "Gauge", "owner": owner_in(world.org).pk, "needs_calibration": True}
    response = api.post(api_url(world, "equipment-list"), data, format="json")
    assert response.status_code == 400 and "calibration_interval_months" in response.data


def test_a_calibration_before_the_previous_one_is_refused_by_name(world):
    gauge = make_equipment(world.org)
    make_calibration(gauge, on=days(-5))
    api = world.api(world.users["quality_manager"])
    data = {
        "equipment": gauge.pk,
        "calibrated_on": days(-6).isoformat(),
        "laboratory": "Yorkshire Metrology",
        "result": "pass",
    }
    response = api.post(api_url(world, "calibrationrecord-list"), data, format="json")
    assert response.status_code == 400 and "calibrated_on" in response.data
    assert CalibrationRecord.objects.filter(equipment=gauge).count() == 1


def test_out_of_tolerance_then_assessment_through_the_api(world):
    gauge = make_equipment(world.org, last_calibrated_on=days(-100))
    api = world.api(world.users["quality_manager"])
    data = {
        "equipment": gauge.pk,
        "calibrated_on": days(-1).isoformat(),
        "laboratory": "Lab",
        "result": "out_of_tolerance",
    }
    calibration = api.post(api_url(world, "calibrationrecord-list"), data, format="json").data
    shown = api.get(api_url(world, "equipment-detail", gauge.pk)).data
    assert (shown["status"], shown["assessment_due"]) == ("out_of_tolerance", True)
    flagged = api.get(api_url(world, "equipment-list") + "?assessment_due=true").data["results"]
    assert [e["number"] for e in flagged] == [gauge.number]
    assessment = {
        "calibration": calibration["id"],
        "measurements_checked": "CMM programs of March",
        "findings": "No decision changed",
        "decision": "no_impact",
        "assessed_on": days(0).isoformat(),
    }
    response = api.post(api_url(world, "impactassessment-list"), assessment, format="json")
    assert response.status_code == 201, response.data
    assert response.data["equipment"] == gauge.pk and response.data["assessed_by"] is not None
    assert api.get(api_url(world, "equipment-detail", gauge.pk)).data["assessment_due"] is False


def test_transitions_need_a_reason(world):
    gauge = make_equipment(world.org)
    api = world.api(world.users["quality_manager"])
    address = api_url(world, "equipment-transition", gauge.pk)
    assert api.post(address, {"condition": "quarantined"}, format="json").status_code == 400
    response = api.post(address, {"condition": "quarantined", "reason": "Dropped"}, format="json")
    assert response.status_code == 200 and response.data["status"] == "quarantined"
    refused = api.post(address, {"condition": "out_of_tolerance", "reason": "x"}, format="json")
    assert refused.status_code in (400, 409)
    viewer = world.api(world.users["viewer"]).post(address, {"condition": "in_service", "reason": "x"}, format="json")
    assert viewer.status_code == 403
