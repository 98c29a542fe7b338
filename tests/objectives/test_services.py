"""Business rules of policy commitments, objectives, KPIs and measurements (services)."""

import datetime
from decimal import Decimal as D

import pytest
from django.utils import timezone

from pdca.core.exceptions import PermissionDenied, TransitionNotAllowed, ValidationFailed
from pdca.core.models import Action, ClauseTag
from pdca.objectives import services
from pdca.objectives.models import KPI, Measurement, QualityObjective
from tests.factories import PersonFactory
from tests.harness import trail_of
from tests.objectives.factories import (
    make_commitment,
    make_kpi,
    make_measurement,
    make_objective,
    make_policy,
    measure,
    months_ago,
)

pytestmark = pytest.mark.django_db


# --- objectives


def test_an_objective_without_target_or_deadline_is_refused_and_nothing_saved(world):
    owner = PersonFactory(organisation=world.org)
    with pytest.raises(ValidationFailed) as exc:
        services.objective_create(org=world.org, by=None, data={"title": "Fewer returns", "owner": owner})
    assert set(exc.value.errors) == {"target", "deadline"}
    assert "target" in exc.value.errors["target"][0].lower()
    assert "deadline" in exc.value.errors["deadline"][0].lower()
    assert not QualityObjective.objects.exists()


def test_an_objective_is_numbered_tagged_and_starts_as_a_draft(world):
    objective = make_objective(world.org)
    second = make_objective(world.org)
    assert (objective.number, second.number) == ("OBJ-0001", "OBJ-0002")
    assert objective.status == "draft"
    assert list(ClauseTag.objects.filter(object_id=objective.pk).values_list("key", flat=True)) == [
        "hs.planning.objectives"
    ]


def test_approval_needs_the_6_2_2_plan(world):
    objective = make_objective(world.org)
    with pytest.raises(ValidationFailed) as exc:
        services.objective_transition(objective, status="approved", by=None)
    assert set(exc.value.errors) == {"commitments", "resources", "evaluation"}
    services.objective_update(
        objective,
        by=None,
        data={"commitments": [make_commitment(world.org)], "resources": "Planner", "evaluation": "Monthly report"},
    )
    services.objective_transition(objective, status="approved", by=None)
    objective.refresh_from_db()
    assert objective.status == "approved" and objective.approved_on == timezone.localdate()
    assert trail_of(objective, "transition").get().changes["status"] == {"old": "draft", "new": "approved"}


def test_only_top_management_and_quality_managers_approve(world):
    objective = make_objective(world.org, approved=False, resources="x", evaluation="y")
    services.objective_update(objective, by=None, data={"commitments": [make_commitment(world.org)]})
    with pytest.raises(PermissionDenied):
        services.objective_transition(objective, status="approved", by=world.users["process_owner"])
    services.objective_transition(objective, status="approved", by=world.users["top_management"])


def test_closing_asks_for_the_result_and_reopening_for_a_reason(world):
    objective = make_objective(world.org, approved=True)
    with pytest.raises(ValidationFailed) as exc:
        services.objective_transition(objective, status="achieved", by=None)
    assert "result" in exc.value.errors
    services.objective_transition(objective, status="achieved", by=None, result="97 % over the year")
    objective.refresh_from_db()
    assert objective.closed_on == timezone.localdate() and objective.result == "97 % over the year"
    with pytest.raises(ValidationFailed):
        services.objective_transition(objective, status="approved", by=None)
    services.objective_transition(objective, status="approved", by=None, reason="The December figure was wrong")
    objective.refresh_from_db()
    assert objective.status == "approved" and objective.closed_on is None and objective.result == ""


def test_transitions_outside_the_workflow_are_refused(world):
    objective = make_objective(world.org)
    with pytest.raises(TransitionNotAllowed):
        services.objective_transition(objective, status="achieved", by=None, result="x")


def test_an_approved_objective_is_withdrawn_not_deleted(world):
    objective = make_objective(world.org, approved=True)
    with pytest.raises(ValidationFailed):
        services.objective_delete(objective, by=None)
    services.objective_transition(objective, status="withdrawn", by=None, reason="Customer left")
    services.objective_delete(objective, by=None, reason="Entered twice")
    assert not QualityObjective.objects.filter(pk=objective.pk).exists()


def test_an_objective_is_overdue_after_its_deadline_until_closed(world):
    objective = make_objective(world.org, approved=True, deadline=timezone.localdate() - datetime.timedelta(days=1))
    assert objective.is_overdue
    services.objective_transition(objective, status="not_achieved", by=None, result="91 %")
    assert not objective.is_overdue


def test_plan_actions_go_to_the_shared_action_register(world):
    objective = make_objective(world.org)
    owner = PersonFactory(organisation=world.org)
    action = services.objective_action_add(objective, by=None, data={"title": "Weekly capacity review", "owner": owner})
    assert action.number.startswith("ACT-") and action.source == objective
    assert Action.objects.filter(source_id=objective.pk).count() == 1


def test_linked_processes_and_commitments_are_in_the_trail(world):
    from tests.processes.factories import make_process

    objective = make_objective(world.org)
    process = make_process(world.org, name="Machining")
    services.objective_update(objective, by=None, data={"processes": [process]})
    change = trail_of(objective, "update").filter(changes__has_key="processes").get().changes["processes"]
    assert change == {"old": "", "new": str(process)}
    assert list(process.objectives.all()) == [objective]


def test_links_to_another_organisation_are_refused(world):
    foreign = make_commitment(world.other)
    with pytest.raises(ValidationFailed) as exc:
        make_objective(world.org, commitments=[foreign])
    assert "commitments" in exc.value.errors


# --- policy commitments


def test_a_commitment_belongs_to_a_policy_document(world):
    from tests.documents.factories import make_document

    with pytest.raises(ValidationFailed) as exc:
        make_commitment(world.org, policy=make_document(world.org, doc_type="procedure"))
    assert "policy" in exc.value.errors
    policy = make_policy(world.org)
    first, second = make_commitment(world.org, policy=policy), make_commitment(world.org, policy=policy)
    assert (first.order, second.order) == (1, 2)
    with pytest.raises(ValidationFailed):
        make_commitment(world.org, policy=policy, title=first.title.upper())


def test_a_commitment_objectives_follow_from_is_not_deleted(world):
    commitment = make_commitment(world.org)
    make_objective(world.org, commitments=[commitment])
    with pytest.raises(ValidationFailed) as exc:
        services.commitment_delete(commitment, by=None)
    assert "OBJ-0001" in exc.value.message


# --- KPIs


def test_green_defaults_to_the_target_and_amber_to_green(world):
    kpi = make_kpi(world.org, target=D("98"), green=None, amber=None)
    assert (kpi.green, kpi.amber) == (D("98"), D("98"))
    assert kpi.number == "KPI-0001"


@pytest.mark.parametrize(
    ("direction", "green", "amber"),
    [("higher", "95", "96"), ("lower", "2", "1.5")],
)
def test_amber_may_not_be_better_than_green(world, direction, green, amber):
    with pytest.raises(ValidationFailed) as exc:
        make_kpi(world.org, direction=direction, target=D(green), green=D(green), amber=D(amber))
    assert "amber" in exc.value.errors
    assert not KPI.objects.exists()


def test_a_measured_kpi_is_not_deleted(world):
    kpi = make_kpi(world.org)
    make_measurement(world.org, kpi=kpi)
    with pytest.raises(ValidationFailed) as exc:
        services.kpi_delete(kpi, by=None)
    assert "1 measurements" in exc.value.message or "measurement" in exc.value.message
    services.kpi_update(kpi, by=None, data={"is_active": False})


# --- measurements


def test_a_measurement_is_stored_for_its_period_and_becomes_the_latest(world):
    kpi = make_kpi(world.org, frequency="quarterly")
    day = months_ago(4) + datetime.timedelta(days=20)
    measurement = make_measurement(world.org, kpi=kpi, period=day, value="93.25")
    quarter_start = datetime.date(day.year, (day.month - 1) // 3 * 3 + 1, 1)
    assert measurement.period == quarter_start
    kpi.refresh_from_db()
    assert (kpi.latest_value, kpi.latest_period) == (D("93.25"), quarter_start)
    assert kpi.version == 1  # the latest value is derived: no version bump, no conflict with an edit


def test_a_future_date_is_refused(world):
    kpi = make_kpi(world.org)
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    with pytest.raises(ValidationFailed) as exc:
        make_measurement(world.org, kpi=kpi, period=tomorrow)
    assert "future" in exc.value.errors["period"][0]
    assert not Measurement.objects.exists()


def test_a_second_value_for_the_same_period_is_refused(world):
    kpi = make_kpi(world.org)
    make_measurement(world.org, kpi=kpi, period=months_ago(2), value="96")
    with pytest.raises(ValidationFailed) as exc:
        make_measurement(world.org, kpi=kpi, period=months_ago(2) + datetime.timedelta(days=9), value="97")
    assert f"{kpi.number} already has a value for" in exc.value.errors["period"][0]
    assert kpi.measurements.count() == 1


def test_correcting_and_deleting_values_keeps_the_latest_right(world):
    kpi = make_kpi(world.org)
    older = make_measurement(world.org, kpi=kpi, period=months_ago(3), value="91")
    newer = make_measurement(world.org, kpi=kpi, period=months_ago(1), value="96")
    services.measurement_update(newer, by=None, data={"value": D("97.5")})
    kpi.refresh_from_db()
    assert kpi.latest_value == D("97.5")
    assert trail_of(newer, "update").get().changes["value"] == {"old": "96", "new": "97.5"}
    services.measurement_delete(newer, by=None, reason="Entered for the wrong KPI")
    kpi.refresh_from_db()
    assert (kpi.latest_value, kpi.latest_period) == (older.value, older.period)


@pytest.mark.parametrize("raw", ["abc", "", "1.2.3", "NaN", "Infinity", True, None, "1e20"])
def test_values_that_are_not_numbers_are_refused(raw):
    with pytest.raises(ValueError):
        services.parse_value(raw)


@pytest.mark.parametrize(("raw", "value"), [("96,5", "96.5"), ("0.35 %", "0.35"), (12, "12"), (1.25, "1.25")])
def test_numbers_are_read_as_people_write_them(raw, value):
    assert services.parse_value(raw) == D(value)


def test_a_batch_is_saved_whole_or_not_at_all(world):
    kpi = make_kpi(world.org)
    make_measurement(world.org, kpi=kpi, period=months_ago(6))
    items = [
        {"key": 0, "kpi": kpi, "period": months_ago(1), "value": D("96")},
        {"key": 1, "kpi": kpi, "period": months_ago(2), "value": None, "value_error": "“n/a” is not a number"},
        {"key": 2, "kpi": kpi, "period": timezone.localdate() + datetime.timedelta(days=40), "value": D("1")},
        {"key": 3, "kpi": kpi, "period": months_ago(1) + datetime.timedelta(days=3), "value": D("95")},
        {"key": 4, "kpi": kpi, "period": months_ago(6), "value": D("95")},
        {"key": 5, "kpi": None, "kpi_error": "“KPI-9999” is not a KPI", "period": months_ago(1), "value": D("1")},
    ]
    with pytest.raises(services.BatchInvalid) as exc:
        services.measurements_add_many(org=world.org, items=items, by=None)
    bad = exc.value.items
    assert set(bad) == {1, 2, 3, 4, 5}
    assert "not a number" in bad[1]["value"][0]
    assert "future" in bad[2]["period"][0]
    assert "also given in" in bad[3]["period"][0]
    assert "already has a value" in bad[4]["period"][0]
    assert "KPI-9999" in bad[5]["kpi"][0]
    assert kpi.measurements.count() == 1
    created = services.measurements_add_many(org=world.org, items=items[:1], by=None)
    assert len(created) == 1 and trail_of(created[0], "create").exists()


def test_measure_helper_orders_values(world):
    kpi = make_kpi(world.org)
    measure(kpi, [90, 91, 92])
    kpi.refresh_from_db()
    assert kpi.latest_value == D("92") and kpi.latest_period == months_ago(1)


def test_an_edit_opened_before_a_new_value_does_not_undo_it(world):
    kpi = make_kpi(world.org)
    opened = KPI.objects.get(pk=kpi.pk)  # the edit page loaded before the value arrived
    make_measurement(world.org, kpi=kpi, period=months_ago(1), value="97")
    services.kpi_update(opened, by=None, data={"name": "On-time delivery (ERP)"}, version=opened.version)
    kpi.refresh_from_db()
    assert kpi.name == "On-time delivery (ERP)" and kpi.latest_value == D("97") and kpi.current_until
    objective = make_objective(world.org)
    opened = QualityObjective.objects.get(pk=objective.pk)
    measure(make_kpi(world.org, objective=objective), [99])
    services.objective_update(opened, by=None, data={"title": "Deliver on time"})
    objective.refresh_from_db()
    assert objective.kpi_status == "on_track"
