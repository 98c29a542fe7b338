"""Equipment pages: the register with its status chart and filters, the equipment page (calibration card,
history, plans, pending impact assessment), recording a calibration from it, and the status form."""

from django.urls import reverse

from pdca.equipment.models import CalibrationRecord
from tests.equipment.factories import days, make_calibration, make_equipment, make_machine, make_plan


def page(world, name, *args):
    return reverse(f"equipment:{name}", args=[world.org.slug, *args])


def test_the_register_shows_statuses_and_filters_them(world):
    fresh = make_equipment(world.org, name="Fresh micrometer", last_calibrated_on=days(-10))
    late = make_equipment(world.org, name="Late caliper", last_calibrated_on=days(-400))
    make_machine(world.org, name="Old lathe")
    client = world.client(world.users["employee"])  # operators check the gauges they use
    response = client.get(page(world, "equipment_list"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "<svg" in html and "Calibration overdue" in html
    assert fresh.number in html and late.number in html
    overdue = client.get(page(world, "equipment_list"), {"status": "overdue"}).content.decode()
    assert late.number in overdue and fresh.number not in overdue
    in_service = client.get(page(world, "equipment_list"), {"status": "in_service"}).content.decode()
    assert fresh.number in in_service and "Old lathe" in in_service and late.number not in in_service


def test_the_equipment_page_shows_calibration_and_maintenance(world):
    gauge = make_equipment(world.org, last_calibrated_on=days(-400))
    make_calibration(gauge, on=days(-30), certificate_number="YM-4711")
    make_plan(gauge, task="Check anvils for wear")
    html = world.client(world.users["viewer"]).get(page(world, "equipment_detail", gauge.pk)).content.decode()
    assert "YM-4711" in html and "Check anvils for wear" in html and "Calibration history" in html
    assert "Record a calibration" not in html  # the viewer only reads


def test_recording_a_calibration_from_the_equipment_page(world):
    gauge = make_equipment(world.org)
    client = world.client(world.users["quality_manager"])
    form = client.get(page(world, "calibrationrecord_create") + f"?equipment={gauge.pk}")
    assert gauge.number in form.content.decode()
    data = {
        "equipment": gauge.number,
        "calibrated_on": days(-1).isoformat(),
        "calibrated_by": "external",
        "laboratory": "Yorkshire Metrology",
        "result": "out_of_tolerance",
    }
    response = client.post(page(world, "calibrationrecord_create") + f"?equipment={gauge.pk}", data)
    assert response.status_code == 302 and response["Location"] == gauge.get_absolute_url()
    html = client.get(gauge.get_absolute_url()).content.decode()
    assert "record the impact assessment" in html
    earlier = {**data, "calibrated_on": days(-2).isoformat(), "result": "pass"}
    refused = client.post(page(world, "calibrationrecord_create"), earlier)
    assert refused.status_code == 400 and "calibrated_on" in refused.context["form"].errors
    assert CalibrationRecord.objects.filter(equipment=gauge).count() == 1


def test_an_unknown_equipment_number_is_a_field_error(world):
    client = world.client(world.users["quality_manager"])
    data = {"equipment": "EQ-9999", "calibrated_on": days(0).isoformat(), "laboratory": "Lab", "result": "pass"}
    response = client.post(page(world, "calibrationrecord_create"), data)
    assert response.status_code == 400 and "EQ-9999" in str(response.context["form"].errors["equipment"])


def test_the_status_form_quarantines_with_a_reason(world):
    gauge = make_equipment(world.org, last_calibrated_on=days(-10))
    client = world.client(world.users["quality_manager"])
    client.post(page(world, "equipment_transition", gauge.pk), {"condition": "quarantined", "reason": "Dropped"})
    html = client.get(gauge.get_absolute_url()).content.decode()
    assert 'data-status="quarantined"' in html and "Dropped" in html
    viewer = world.client(world.users["viewer"]).post(
        page(world, "equipment_transition", gauge.pk), {"condition": "in_service", "reason": "x"}
    )
    assert viewer.status_code == 403


def test_the_register_page_reads_a_flat_number_of_queries(world, django_assert_max_num_queries):
    for i in range(30):
        make_equipment(world.org, last_calibrated_on=days(-i * 15))
    client = world.client(world.users["quality_manager"])
    with django_assert_max_num_queries(20):
        assert client.get(page(world, "equipment_list"), {"status": "attention"}).status_code == 200


def test_maintenance_done_against_a_plan_from_the_equipment_page(world):
    from tests.equipment.factories import days as in_days

    lathe = make_machine(world.org)
    plan = make_plan(lathe, interval=1, interval_unit="weeks", next_due=in_days(-1))
    other = make_plan(make_machine(world.org))
    client = world.client(world.users["employee"])  # operators record the checks they do
    address = page(world, "maintenancerecord_create") + f"?equipment={lathe.pk}&plan={plan.pk}"
    form = client.get(address).content.decode()
    assert plan.task in form and other.task not in form  # only this equipment's plans are offered
    data = {"equipment": lathe.number, "plan": plan.pk, "kind": "planned", "performed_on": in_days(0).isoformat()}
    data |= {"work_done": "Lubrication checked", "result": "ok"}
    response = client.post(address, data)
    assert response.status_code == 302, response.context["form"].errors
    plan.refresh_from_db()
    assert plan.next_due == in_days(7)
    refused = client.post(page(world, "maintenancerecord_create"), {**data, "plan": other.pk})
    assert refused.status_code == 400 and "plan" in refused.context["form"].errors
