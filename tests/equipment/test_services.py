"""Equipment services: numbering and clause tags, the stored calibration dates, calibration records in
date order (an earlier date refused by name, nothing saved), out of tolerance → flagged until the impact
assessment is recorded, transitions with reasons, maintenance plans moving on, due items and the trail."""

import datetime

import pytest
from django.utils import timezone

from pdca.core.exceptions import PermissionDenied, TransitionNotAllowed, ValidationFailed
from pdca.core.models import ClauseTag, DueItem, TrailEntry
from pdca.equipment import services
from pdca.equipment.models import CalibrationRecord, Equipment, ImpactAssessment
from tests.equipment.factories import (
    days,
    make_assessment,
    make_calibration,
    make_equipment,
    make_machine,
    make_maintenance,
    make_plan,
)
from tests.harness import fresh, trail_of


def _due_items(obj, kind):
    return DueItem.objects.filter(source_id=obj.pk, kind=kind, is_open=True)


# --- the register


def test_it_numbers_and_tags_equipment_by_what_it_is(world):
    gauge = make_equipment(world.org, by=world.users["process_owner"])
    lathe = make_machine(world.org)
    assert (gauge.number, lathe.number) == ("EQ-0001", "EQ-0002")

    def tags(e):
        return list(
            ClauseTag.objects.filter(object_id=e.pk, content_type__model="equipment").values_list("key", flat=True)
        )

    assert tags(gauge) == ["hs.support.resources.monitoring.traceability"]
    assert tags(lathe) == ["hs.support.resources.infrastructure"]
    assert trail_of(gauge, "create").get().actor == world.users["process_owner"]


def test_calibrated_equipment_needs_an_interval_named_by_field(world):
    with pytest.raises(ValidationFailed) as refused:
        make_equipment(world.org, calibration_interval_months=None)
    assert "calibration_interval_months" in refused.value.errors
    assert not Equipment.objects.filter(organisation=world.org).exists()


def test_the_next_calibration_is_stored_from_the_entered_last_date(world):
    gauge = make_equipment(world.org, last_calibrated_on=datetime.date(2025, 1, 31), calibration_interval_months=1)
    assert gauge.next_calibration_due == datetime.date(2025, 2, 28)
    assert gauge.calibration_due_from == datetime.date(2025, 1, 29)  # 30 days before
    updated = services.equipment_update(gauge, data={"calibration_interval_months": 6}, by=None)
    assert fresh(updated).next_calibration_due == datetime.date(2025, 7, 31)


def test_a_future_last_calibration_is_refused(world):
    with pytest.raises(ValidationFailed) as refused:
        make_equipment(world.org, last_calibrated_on=days(3))
    assert list(refused.value.errors) == ["last_calibrated_on"]


def test_an_employee_cannot_add_equipment(world):
    with pytest.raises(PermissionDenied):
        make_equipment(world.org, by=world.users["employee"])


# --- calibrations


def test_the_latest_calibration_sets_last_and_next_dates_and_the_owner_is_reminded(world):
    gauge = make_equipment(world.org)
    assert gauge.status == "overdue"  # never calibrated
    record = make_calibration(gauge, on=days(-5))
    gauge = fresh(gauge)
    assert record.number == "CAL-0001"
    assert gauge.last_calibrated_on == days(-5) and gauge.last_calibration_result == "pass"
    assert record.next_due == gauge.next_calibration_due
    assert gauge.status == "in_service"
    item = _due_items(gauge, "calibration_due").get()
    assert item.person == gauge.owner and item.due_date == gauge.next_calibration_due


def test_a_calibration_before_the_previous_one_is_refused_and_nothing_is_saved(world):
    gauge = make_equipment(world.org)
    first = make_calibration(gauge, on=days(-10))
    with pytest.raises(ValidationFailed) as refused:
        make_calibration(gauge, on=days(-11))
    assert list(refused.value.errors) == ["calibrated_on"]
    assert first.number in refused.value.errors["calibrated_on"][0]
    assert CalibrationRecord.objects.filter(equipment=gauge).count() == 1
    assert fresh(gauge).last_calibrated_on == days(-10)
    make_calibration(gauge, on=days(-10))  # the same day (re-calibrated after adjustment) is fine


def test_a_correction_may_not_move_a_calibration_past_its_neighbours(world):
    gauge = make_equipment(world.org)
    first = make_calibration(gauge, on=days(-30))
    make_calibration(gauge, on=days(-20))
    with pytest.raises(ValidationFailed) as refused:
        services.calibration_update(first, data={"calibrated_on": days(-15)}, by=None)
    assert list(refused.value.errors) == ["calibrated_on"]
    assert fresh(first).calibrated_on == days(-30)


def test_a_future_calibration_and_a_machine_calibration_are_refused(world):
    with pytest.raises(ValidationFailed) as future:
        make_calibration(make_equipment(world.org), on=days(1))
    assert "calibrated_on" in future.value.errors
    with pytest.raises(ValidationFailed) as machine:
        make_calibration(make_machine(world.org))
    assert list(machine.value.errors) == ["equipment"]
    assert not CalibrationRecord.objects.exists()


def test_an_external_calibration_names_its_laboratory(world):
    with pytest.raises(ValidationFailed) as refused:
        make_calibration(make_equipment(world.org), laboratory="")
    assert list(refused.value.errors) == ["laboratory"]


# --- out of tolerance and the impact assessment


def test_out_of_tolerance_flags_the_equipment_until_the_impact_is_assessed(world):
    gauge = make_equipment(world.org)
    good = make_calibration(gauge, on=days(-200))
    bad = make_calibration(gauge, on=days(-2), result="out_of_tolerance", by=world.users["quality_manager"])
    gauge = fresh(gauge)
    assert (gauge.condition, gauge.status, gauge.assessment_due) == ("out_of_tolerance", "out_of_tolerance", True)
    entry = TrailEntry.objects.filter(object_id=gauge.pk, content_type__model="equipment", action="transition").get()
    assert bad.number in entry.reason
    assert _due_items(gauge, "impact_assessment").get().person == gauge.owner
    # It cannot simply be put back into service.
    with pytest.raises(TransitionNotAllowed):
        services.equipment_transition(gauge, condition="in_service", by=None, reason="Looks fine")
    assessment = make_assessment(bad)
    assert assessment.equipment == gauge
    assert assessment.period_start == good.calibrated_on  # measurements since the last good calibration
    gauge = fresh(gauge)
    assert gauge.assessment_due is False and not _due_items(gauge, "impact_assessment").exists()
    assert gauge.condition == "out_of_tolerance"  # assessed, but still not within tolerance
    make_calibration(gauge, on=days(-1), result="adjusted")
    assert fresh(gauge).condition == "in_service"


def test_a_passing_calibration_does_not_clear_an_unassessed_out_of_tolerance(world):
    gauge = make_equipment(world.org)
    bad = make_calibration(gauge, on=days(-3), result="out_of_tolerance")
    make_calibration(gauge, on=days(-1), result="adjusted")
    gauge = fresh(gauge)
    assert gauge.assessment_due is True and gauge.condition == "out_of_tolerance"
    make_assessment(bad)
    gauge = fresh(gauge)
    assert gauge.assessment_due is False and gauge.condition == "in_service"


def test_only_an_out_of_tolerance_calibration_is_assessed(world):
    passed = make_calibration(make_equipment(world.org))
    with pytest.raises(ValidationFailed) as refused:
        make_assessment(passed)
    assert list(refused.value.errors) == ["calibration"]
    assert not ImpactAssessment.objects.exists()


def test_deleting_the_assessment_flags_the_equipment_again(world):
    bad = make_calibration(make_equipment(world.org), result="out_of_tolerance")
    assessment = make_assessment(bad)
    with pytest.raises(ValidationFailed):
        services.calibration_delete(bad, by=None)  # assessed: it stays on record
    services.assessment_delete(assessment, by=None, reason="Entered against the wrong calibration")
    assert fresh(bad.equipment).assessment_due is True


def test_the_result_of_an_assessed_calibration_cannot_change(world):
    bad = make_calibration(make_equipment(world.org), result="out_of_tolerance")
    make_assessment(bad)
    with pytest.raises(ValidationFailed) as refused:
        services.calibration_update(bad, data={"result": "pass"}, by=None)
    assert list(refused.value.errors) == ["result"]


# --- transitions


def test_quarantine_and_retirement_need_a_reason_and_are_in_the_trail(world):
    gauge = make_equipment(world.org, last_calibrated_on=days(-10))
    with pytest.raises(ValidationFailed) as refused:
        services.equipment_transition(gauge, condition="quarantined", by=None, reason=" ")
    assert list(refused.value.errors) == ["reason"]
    services.equipment_transition(
        gauge, condition="quarantined", by=world.users["admin"], reason="Dropped on the floor"
    )
    assert fresh(gauge).status == "quarantined"
    entry = trail_of(gauge, "transition").get()
    assert entry.reason == "Dropped on the floor" and entry.actor == world.users["admin"]
    services.equipment_transition(gauge, condition="retired", by=None, reason="Beyond repair")
    gauge = fresh(gauge)
    assert gauge.status == "retired"
    assert not _due_items(gauge, "calibration_due").exists()  # a retired gauge is not calibrated any more
    with pytest.raises(ValidationFailed):
        make_calibration(gauge)


def test_a_transition_the_workflow_does_not_have_is_refused(world):
    gauge = make_equipment(world.org)
    with pytest.raises(TransitionNotAllowed):
        services.equipment_transition(gauge, condition="out_of_tolerance", by=None, reason="Suspect")


def test_the_person_responsible_may_quarantine_their_equipment(world):
    from pdca.core.models import Person

    employee = world.users["employee"]
    person = Person.objects.get(organisation=world.org, user=employee)  # every member has their person
    gauge = make_equipment(world.org, owner=person)
    services.equipment_transition(gauge, condition="quarantined", by=employee, reason="Anvil chipped")
    assert fresh(gauge).condition == "quarantined"
    with pytest.raises(PermissionDenied):
        services.equipment_transition(make_equipment(world.org), condition="quarantined", by=employee, reason="x")


def test_equipment_with_records_is_retired_not_deleted(world):
    gauge = make_equipment(world.org)
    make_calibration(gauge)
    with pytest.raises(ValidationFailed):
        services.equipment_delete(gauge, by=None)
    assert Equipment.objects.filter(pk=gauge.pk).exists()


# --- maintenance


def test_doing_a_planned_task_moves_its_next_date_on_and_keeps_the_due_item(world):
    lathe = make_machine(world.org)
    plan = make_plan(lathe, interval=2, interval_unit="weeks", next_due=days(-3))
    item = _due_items(plan, "maintenance").get()
    assert item.person == lathe.owner and item.due_date == days(-3)
    make_maintenance(lathe, plan=plan, performed_on=days(-1))
    plan = fresh(plan)
    assert plan.next_due == days(13)
    assert _due_items(plan, "maintenance").get().due_date == days(13)


def test_a_monthly_task_follows_calendar_months(world):
    plan = make_plan(make_machine(world.org), interval=1, interval_unit="months")
    make_maintenance(plan.equipment, plan=plan, performed_on=datetime.date(2025, 1, 31))
    assert fresh(plan).next_due == datetime.date(2025, 2, 28)


def test_maintenance_finding_equipment_unfit_quarantines_it(world):
    lathe = make_machine(world.org)
    make_maintenance(lathe, kind="inspection", result="not_fit", work_done="Guard interlock fails")
    lathe = fresh(lathe)
    assert lathe.condition == "quarantined"
    assert "not fit" in trail_of(lathe, "transition").get().reason


def test_maintenance_says_who_did_it_and_not_in_the_future(world):
    lathe = make_machine(world.org)
    with pytest.raises(ValidationFailed) as nobody:
        services.maintenance_create(
            org=world.org,
            data={"equipment": lathe, "performed_on": timezone.localdate(), "work_done": "Oil"},
            by=None,
        )
    assert "done_by" in nobody.value.errors
    with pytest.raises(ValidationFailed) as future:
        make_maintenance(lathe, performed_on=days(2))
    assert "performed_on" in future.value.errors


def test_a_plan_of_other_equipment_is_refused(world):
    plan = make_plan(make_machine(world.org))
    with pytest.raises(ValidationFailed) as refused:
        make_maintenance(make_machine(world.org), plan=plan)
    assert list(refused.value.errors) == ["plan"]


def test_services_refuse_rows_of_another_organisation(world):
    foreign = make_equipment(world.other)
    with pytest.raises(ValidationFailed) as refused:
        services.calibration_create(
            org=world.org,
            data={"equipment": foreign, "calibrated_on": timezone.localdate(), "laboratory": "X", "result": "pass"},
            by=None,
        )
    assert list(refused.value.errors) == ["equipment"]
