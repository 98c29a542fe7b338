"""Supplier services: weighted scores computed by hand, the threshold that raises a SCAR and moves the
status down in the same transaction, the weights rule (active weights total 100 %), the approval
workflow with reasons, re-evaluation dates by tier, certificate warnings, SCAR steps and the settings."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from pdca.core.dates import add_months
from pdca.core.exceptions import PermissionDenied, TransitionNotAllowed, ValidationFailed
from pdca.core.models import DueItem, TrailEntry
from pdca.suppliers import scoring, services
from pdca.suppliers.models import EvaluationCriterion, EvaluationScore, Scar, Supplier, SupplierEvaluation
from tests.harness import trail_of
from tests.suppliers.factories import (
    buyer_in,
    criteria_in,
    make_certificate,
    make_criterion,
    make_evaluation,
    make_scar,
    make_supplier,
)

TODAY = timezone.localdate


# --- the weighted score, by hand


def test_it_weights_scores_by_hand():
    # quality 40 × (4−1)/4 = 30; delivery 30 × (3−1)/4 = 15; cost 15 × (5−1)/4 = 15; responsiveness 15 × (2−1)/4 = 3.75
    assert scoring.weighted_score([(40, 4), (30, 3), (15, 5), (15, 2)]) == Decimal("63.8")
    assert scoring.weighted_score([(40, 1), (30, 1), (15, 1), (15, 1)]) == Decimal("0.0")
    assert scoring.weighted_score([(40, 5), (30, 5), (15, 5), (15, 5)]) == Decimal("100.0")
    assert scoring.weighted_score([(50, 3), (50, 4)]) == Decimal("62.5")  # 25 + 37.5


def test_it_bands_scores_against_the_threshold():
    assert scoring.band(Decimal("59.9"), threshold=60, good_from=80) == "poor"
    assert scoring.band(Decimal("60"), threshold=60, good_from=80) == "acceptable"
    assert scoring.band(Decimal("80"), threshold=60, good_from=80) == "good"
    assert scoring.band(None, threshold=60, good_from=80) == ""


def test_it_stores_the_weighted_score_and_copies_the_weights(world):
    supplier = make_supplier(world.org, status="approved")
    evaluation = make_evaluation(supplier, scores=(4, 3, 5, 2))
    assert evaluation.score == Decimal("63.8") and evaluation.band == "acceptable"
    rows = {s.criterion.name: (s.weight, s.score) for s in evaluation.scores.select_related("criterion")}
    assert rows == {"Quality": (40, 4), "Delivery": (30, 3), "Cost": (15, 5), "Responsiveness": (15, 2)}
    supplier.refresh_from_db()
    assert supplier.latest_score == Decimal("63.8") and supplier.latest_band == "acceptable"
    assert supplier.last_evaluated_on == TODAY()


def test_new_weights_never_rewrite_past_scores(world):
    supplier = make_supplier(world.org, status="approved")
    evaluation = make_evaluation(supplier, scores=(5, 1, 1, 1))  # 40
    quality, delivery, cost, resp = criteria_in(world.org)
    services.criteria_weights_set(
        org=world.org,
        weights={quality.pk: (70, True), delivery.pk: (10, True), cost.pk: (10, True), resp.pk: (10, True)},
        by=None,
    )
    evaluation.refresh_from_db()
    assert evaluation.score == Decimal("40.0")
    assert EvaluationScore.objects.get(evaluation=evaluation, criterion=quality).weight == 40


# --- bad scores: nothing saved


@pytest.mark.parametrize("bad", [0, 6, "x", None, True])
def test_it_refuses_a_score_outside_1_to_5_and_saves_nothing(world, bad):
    supplier = make_supplier(world.org, status="approved")
    criteria = criteria_in(world.org)
    scores = {c.pk: 4 for c in criteria} | {criteria[1].pk: bad}
    before = (SupplierEvaluation.objects.count(), EvaluationScore.objects.count(), TrailEntry.objects.count())
    with pytest.raises(ValidationFailed) as exc:
        services.evaluation_create(
            org=world.org, data={"supplier": supplier, "period": "Q1", "evaluated_on": TODAY()}, by=None, scores=scores
        )
    assert f"criterion_{criteria[1].pk}" in exc.value.errors
    assert "Delivery" in exc.value.errors[f"criterion_{criteria[1].pk}"][0]
    assert (SupplierEvaluation.objects.count(), EvaluationScore.objects.count(), TrailEntry.objects.count()) == before


def test_it_refuses_an_evaluation_without_criteria_or_in_the_future(world):
    supplier = make_supplier(world.org)
    with pytest.raises(ValidationFailed) as exc:
        services.evaluation_create(
            org=world.org, data={"supplier": supplier, "period": "Q1", "evaluated_on": TODAY()}, by=None, scores={}
        )
    assert "scores" in exc.value.errors
    with pytest.raises(ValidationFailed) as exc:
        make_evaluation(supplier, days_ago=-3)
    assert "evaluated_on" in exc.value.errors
    assert not SupplierEvaluation.objects.exists()


# --- the threshold: SCAR and status change in one transaction


def test_a_score_below_the_threshold_raises_a_scar_and_puts_the_supplier_on_watch(world):
    buyer = buyer_in(world.org)
    supplier = make_supplier(world.org, status="approved", owner=buyer)
    evaluation = make_evaluation(supplier, scores=(2, 2, 3, 3), comment="Three rejected batches.")
    # 40×¼ + 30×¼ + 15×½ + 15×½ = 10 + 7.5 + 7.5 + 7.5 = 32.5
    assert evaluation.score == Decimal("32.5") and evaluation.band == "poor"
    scar = Scar.objects.get(supplier=supplier)
    assert scar.evaluation == evaluation and scar.status == "issued" and scar.owner == buyer
    assert scar.number == "SCAR-0001"
    assert "32.5" in scar.problem and "Quality 2/5" in scar.problem and "Three rejected batches." in scar.problem
    assert scar.response_due == TODAY() + datetime.timedelta(days=30)
    supplier.refresh_from_db()
    assert supplier.status == "on_watch"
    entry = trail_of(supplier, "transition").latest("id")
    assert "SCAR-0001" in entry.reason and "32.5" in entry.reason
    assert DueItem.objects.filter(person=buyer, kind="scar", is_open=True).exists()


def test_a_second_low_score_makes_an_on_watch_supplier_conditional(world):
    supplier = make_supplier(world.org, status="approved")
    make_evaluation(supplier, scores=(2, 2, 2, 2), days_ago=200)
    make_evaluation(supplier, scores=(2, 3, 2, 2), days_ago=10)
    supplier.refresh_from_db()
    assert supplier.status == "conditional"
    assert Scar.objects.filter(supplier=supplier).count() == 2


def test_a_score_at_the_threshold_raises_nothing(world):
    supplier = make_supplier(world.org, status="approved")
    services.settings_update(org=world.org, by=None, threshold=50)
    evaluation = make_evaluation(supplier, scores=(3, 3, 3, 3))  # exactly 50
    assert evaluation.score == Decimal("50.0")
    supplier.refresh_from_db()
    assert supplier.status == "approved" and not Scar.objects.exists()


def test_an_old_low_score_or_a_prospective_supplier_raises_nothing(world):
    supplier = make_supplier(world.org, status="approved")
    make_evaluation(supplier, scores=(5, 5, 5, 5), days_ago=10)
    make_evaluation(supplier, scores=(1, 1, 1, 1), days_ago=400)  # backfilled, not the latest
    prospective = make_supplier(world.org)
    make_evaluation(prospective, scores=(1, 1, 1, 1))
    assert not Scar.objects.exists()
    supplier.refresh_from_db()
    assert supplier.status == "approved" and supplier.latest_score == Decimal("100.0")


def test_nothing_is_half_saved_when_the_scar_cannot_be_made(world, monkeypatch):
    supplier = make_supplier(world.org, status="approved")
    criteria_in(world.org)

    def broken(**kwargs):
        raise ValidationFailed({"problem": ["boom"]})

    monkeypatch.setattr(services, "scar_create", broken)
    with pytest.raises(ValidationFailed):
        make_evaluation(supplier, scores=(1, 1, 1, 1))
    supplier.refresh_from_db()
    assert not SupplierEvaluation.objects.exists() and supplier.status == "approved" and supplier.latest_score is None


# --- criteria weights


def test_active_weights_must_total_100(world):
    criteria = criteria_in(world.org)
    with pytest.raises(ValidationFailed) as exc:
        services.criterion_update(criteria[0], data={"weight": 50}, by=None)
    assert "weight" in exc.value.errors and "110" in exc.value.errors["weight"][0]
    assert EvaluationCriterion.objects.get(pk=criteria[0].pk).weight == 40
    with pytest.raises(ValidationFailed) as exc:
        services.criterion_create(org=world.org, data={"name": "Packaging", "weight": 5, "active": True}, by=None)
    assert "weight" in exc.value.errors and not EvaluationCriterion.objects.filter(name="Packaging").exists()
    inactive = make_criterion(world.org, weight=5)
    assert not inactive.active
    with pytest.raises(ValidationFailed):
        services.criterion_delete(criteria[3], by=None)
    assert EvaluationCriterion.objects.filter(pk=criteria[3].pk).exists()


def test_the_weights_page_rebalances_all_at_once(world):
    quality, delivery, cost, resp = criteria_in(world.org)
    packaging = make_criterion(world.org, weight=0)
    weights = {
        quality.pk: (35, True),
        delivery.pk: (30, True),
        cost.pk: (15, True),
        resp.pk: (10, True),
        packaging.pk: (10, True),
    }
    services.criteria_weights_set(org=world.org, weights=weights, by=None)
    assert sum(c.weight for c in services.active_criteria(world.org)) == 100
    assert len(services.active_criteria(world.org)) == 5
    with pytest.raises(ValidationFailed) as exc:
        services.criteria_weights_set(org=world.org, weights={quality.pk: (40, True)}, by=None)
    assert "weights" in exc.value.errors and "105" in exc.value.errors["weights"][0]
    assert EvaluationCriterion.objects.get(pk=quality.pk).weight == 35


def test_only_managers_set_weights(world):
    criteria_in(world.org)
    with pytest.raises(PermissionDenied):
        services.criteria_weights_set(org=world.org, weights={}, by=world.users["process_owner"])


# --- the approval workflow


def test_status_changes_need_a_reason_and_follow_the_workflow(world):
    supplier = make_supplier(world.org)
    assert supplier.status == "prospective" and supplier.number == "SUP-0001"
    with pytest.raises(ValidationFailed) as exc:
        services.supplier_transition(supplier, status="approved", by=None, reason=" ")
    assert "reason" in exc.value.errors
    with pytest.raises(TransitionNotAllowed):
        services.supplier_transition(supplier, status="on_watch", by=None, reason="x")
    services.supplier_transition(supplier, status="approved", by=world.users["quality_manager"], reason="Audit passed")
    supplier.refresh_from_db()
    assert supplier.status == "approved" and supplier.approved_on == TODAY()
    entry = trail_of(supplier, "transition").get()
    assert entry.reason == "Audit passed" and entry.actor == world.users["quality_manager"]
    with pytest.raises(PermissionDenied):
        services.supplier_transition(supplier, status="disqualified", by=world.users["process_owner"], reason="x")
    services.supplier_transition(supplier, status="disqualified", by=None, reason="Lost its certificate")
    supplier.refresh_from_db()
    assert supplier.next_evaluation_due is None


def test_a_supplier_with_records_is_not_deleted(world):
    supplier = make_supplier(world.org, status="approved")
    make_evaluation(supplier)
    with pytest.raises(ValidationFailed):
        services.supplier_delete(supplier, by=None)
    assert Supplier.objects.filter(pk=supplier.pk).exists()


# --- re-evaluation by tier


def test_next_evaluation_follows_the_tier_interval(world):
    buyer = buyer_in(world.org)
    critical = make_supplier(world.org, tier=1, status="approved", owner=buyer)
    minor = make_supplier(world.org, tier=3, status="approved")
    assert critical.next_evaluation_due == TODAY()  # never evaluated: due now
    day = TODAY() - datetime.timedelta(days=10)
    make_evaluation(critical, days_ago=10)
    make_evaluation(minor, days_ago=10)
    critical.refresh_from_db()
    minor.refresh_from_db()
    assert critical.next_evaluation_due == add_months(day, 12)
    assert minor.next_evaluation_due == add_months(day, 36)
    item = DueItem.objects.get(person=buyer, kind="supplier_evaluation")
    assert item.due_date == add_months(day, 12) and item.is_open
    services.settings_update(org=world.org, by=None, intervals={1: 6})
    critical.refresh_from_db()
    assert critical.next_evaluation_due == add_months(day, 6)
    assert DueItem.objects.get(person=buyer, kind="supplier_evaluation").due_date == add_months(day, 6)
    services.supplier_update(critical, data={"tier": 2}, by=None)
    assert critical.next_evaluation_due == add_months(day, 24)


def test_bad_settings_are_refused_by_field(world):
    with pytest.raises(ValidationFailed) as exc:
        services.settings_update(org=world.org, by=None, threshold=90, good_from=80, intervals={2: 0})
    assert {"good_from", "interval_2"} <= set(exc.value.errors)
    assert services.settings_of(world.org).threshold == 60
    with pytest.raises(PermissionDenied):
        services.settings_update(org=world.org, by=world.users["auditor"], threshold=50)


# --- certificates


def test_the_buyer_is_warned_before_a_certificate_lapses_and_a_renewal_supersedes_it(world):
    buyer = buyer_in(world.org)
    supplier = make_supplier(world.org, owner=buyer)
    old = make_certificate(supplier, days=20)
    item = DueItem.objects.get(person=buyer, kind="supplier_certificate")
    assert item.due_date == old.valid_until and item.is_open and "ISO 9001" in item.title
    new = make_certificate(supplier, days=1100)
    items = DueItem.objects.filter(person=buyer, kind="supplier_certificate")
    assert [(i.source_id, i.due_date) for i in items] == [(new.pk, new.valid_until)]
    with pytest.raises(ValidationFailed) as exc:
        services.certificate_create(
            org=world.org,
            data={
                "supplier": supplier,
                "standard": "AS9100D",
                "valid_from": TODAY(),
                "valid_until": TODAY() - datetime.timedelta(days=1),
            },
            by=None,
        )
    assert "valid_until" in exc.value.errors or "__all__" in exc.value.errors


# --- SCARs


def test_a_scar_goes_through_response_verification_and_closure(world):
    supplier = make_supplier(world.org, status="approved", owner=buyer_in(world.org))
    scar = make_scar(supplier)
    with pytest.raises(ValidationFailed) as exc:
        services.scar_transition(scar, status="response_received", by=None)
    assert "text" in exc.value.errors
    services.scar_transition(scar, status="response_received", by=None, text="8D: tool wear; new tool life limit.")
    assert scar.response.startswith("8D") and scar.response_received_on == TODAY()
    with pytest.raises(ValidationFailed) as exc:
        services.scar_transition(scar, status="issued", by=None)
    assert "reason" in exc.value.errors
    services.scar_transition(scar, status="verified", by=None, text="Three batches since: all conforming.")
    services.scar_transition(scar, status="closed", by=None)
    scar.refresh_from_db()
    assert scar.status == "closed" and scar.closed_on == TODAY()
    assert trail_of(scar, "transition").count() == 3
    assert not DueItem.objects.filter(kind="scar", is_open=True).exists()
    with pytest.raises(TransitionNotAllowed):
        services.scar_transition(scar, status="issued", by=None, reason="x")


def test_a_scar_refuses_an_evaluation_of_another_supplier(world):
    one, two = make_supplier(world.org), make_supplier(world.org)
    evaluation = make_evaluation(one)
    with pytest.raises(ValidationFailed) as exc:
        make_scar(two, evaluation=evaluation)
    assert "evaluation" in exc.value.errors and not Scar.objects.exists()
