"""Risk services: numbering and scores, ratings outside 1–5 refused by name with nothing saved (and by the
database), treatments that fit the kind, residual ratings, status, actions in the shared register, and
effectiveness evaluations (history, latest on the risk, "evaluation due")."""

import datetime

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from pdca.core import services as core
from pdca.core.exceptions import PermissionDenied, TransitionNotAllowed, ValidationFailed
from pdca.core.models import Action, ClauseTag, DueItem, Sequence
from pdca.risks import selectors, services
from pdca.risks.models import Risk, RiskEvaluation
from tests.harness import trail_of
from tests.risks.factories import make_evaluation, make_risk, owner_in


def _due(risk) -> bool:
    """The stored flag, checked against the rule it stores (evaluation_due_condition) on the way."""
    stored = Risk.objects.get(pk=risk.pk).evaluation_due
    assert Risk.objects.filter(pk=risk.pk).filter(selectors.evaluation_due_condition()).exists() == stored
    return stored


def _finish(action, days_ago=0):
    core.action_transition(action, status="done", by=None, evidence="Done.")
    Action.objects.filter(pk=action.pk).update(completed_on=timezone.localdate() - datetime.timedelta(days_ago))


def _raise(risk, title="Second supplier", **extra):
    data = {"title": title, "owner": risk.owner, **extra}
    return services.risk_action_raise(risk, data=data, by=None)


# --- creating and scoring


def test_it_numbers_scores_and_tags_a_new_risk(world):
    risk = make_risk(world.org, likelihood=4, impact=5, by=world.users["process_owner"])
    assert (risk.number, risk.score, risk.band, risk.status) == ("RSK-0001", 20, "critical", "open")
    assert make_risk(world.org).number == "RSK-0002"
    tags = ClauseTag.objects.filter(object_id=risk.pk, content_type__model="risk").values_list("key", flat=True)
    assert list(tags) == ["hs.planning.risks.determination.identify"]
    entry = trail_of(risk, "create").get()
    assert entry.actor == world.users["process_owner"]


def test_an_opportunity_is_tagged_with_the_opportunities_requirement(world):
    risk = make_risk(world.org, kind="opportunity", treatment="exploit")
    keys = set(ClauseTag.objects.filter(object_id=risk.pk, content_type__model="risk").values_list("key", flat=True))
    assert keys == {"hs.planning.risks.determination.opportunities"}


@pytest.mark.parametrize(("field", "value"), [("likelihood", 7), ("likelihood", 0), ("impact", 6), ("impact", -1)])
def test_a_rating_outside_1_to_5_is_refused_by_name_and_nothing_is_saved(world, field, value):
    with pytest.raises(ValidationFailed) as refused:
        make_risk(world.org, **{field: value})
    assert list(refused.value.errors) == [field]
    assert refused.value.errors[field] == ["must be 1 to 5"]
    assert not Risk.objects.exists() and not trail_of_model_exists()
    assert not Sequence.objects.filter(prefix="RSK", last_value__gt=0).exists()


def trail_of_model_exists() -> bool:
    from pdca.core.models import TrailEntry

    return TrailEntry.objects.filter(content_type__model="risk").exists()


def test_an_edit_outside_1_to_5_is_refused_and_the_risk_is_unchanged(world):
    risk = make_risk(world.org, likelihood=2, impact=2)
    with pytest.raises(ValidationFailed) as refused:
        services.risk_update(risk, data={"likelihood": 4, "impact": 9}, by=None)
    assert list(refused.value.errors) == ["impact"]
    saved = Risk.objects.get(pk=risk.pk)
    assert (saved.likelihood, saved.impact, saved.score, saved.version) == (2, 2, 4, 1)


def test_the_database_refuses_ratings_outside_1_to_5_and_a_wrong_score(world):
    risk = make_risk(world.org, likelihood=2, impact=3)
    for change in ({"likelihood": 6, "score": 18}, {"impact": 0, "score": 0}, {"score": 7}):
        with pytest.raises(IntegrityError), transaction.atomic():
            Risk.objects.filter(pk=risk.pk).update(**change)
    with pytest.raises(IntegrityError), transaction.atomic():
        Risk.objects.filter(pk=risk.pk).update(residual_likelihood=2, residual_impact=2, residual_score=5)


def test_an_update_keeps_the_score_the_product_of_the_ratings(world):
    risk = make_risk(world.org, likelihood=2, impact=3)
    services.risk_update(risk, data={"likelihood": 5}, by=None)
    assert Risk.objects.get(pk=risk.pk).score == 15
    assert trail_of(risk, "update").get().changes["score"] == {"old": 6, "new": 15}


# --- treatment and residual rating


@pytest.mark.parametrize(
    ("kind", "treatment", "fits"),
    [
        ("risk", "reduce", True),
        ("risk", "avoid", True),
        ("risk", "transfer", True),
        ("risk", "accept", True),
        ("risk", "exploit", False),
        ("risk", "enhance", False),
        ("opportunity", "exploit", True),
        ("opportunity", "share", True),
        ("opportunity", "accept", True),
        ("opportunity", "reduce", False),
        ("opportunity", "avoid", False),
    ],
)
def test_the_treatment_must_fit_the_kind(world, kind, treatment, fits):
    if fits:
        assert make_risk(world.org, kind=kind, treatment=treatment).treatment == treatment
        return
    with pytest.raises(ValidationFailed) as refused:
        make_risk(world.org, kind=kind, treatment=treatment)
    assert list(refused.value.errors) == ["treatment"]
    assert "does not fit a" in refused.value.errors["treatment"][0]
    assert not Risk.objects.exists()


def test_changing_the_kind_is_refused_while_the_treatment_does_not_fit(world):
    risk = make_risk(world.org, treatment="reduce")
    with pytest.raises(ValidationFailed) as refused:
        services.risk_update(risk, data={"kind": "opportunity"}, by=None)
    assert "treatment" in refused.value.errors


def test_the_residual_rating_is_both_or_neither_and_scored(world):
    with pytest.raises(ValidationFailed) as refused:
        make_risk(world.org, residual_likelihood=2)
    assert list(refused.value.errors) == ["residual_impact"]
    with pytest.raises(ValidationFailed) as refused:
        make_risk(world.org, residual_likelihood=2, residual_impact=8)
    assert list(refused.value.errors) == ["residual_impact"]
    risk = make_risk(world.org, residual_likelihood=2, residual_impact=4)
    assert (risk.residual_score, risk.residual_band) == (8, "medium")
    services.risk_update(risk, data={"residual_likelihood": None, "residual_impact": None}, by=None)
    assert Risk.objects.get(pk=risk.pk).residual_score is None


def test_a_source_in_another_organisation_is_refused(world):
    with pytest.raises(ValidationFailed) as refused:
        make_risk(world.org, owner=owner_in(world.other))
    assert "owner" in refused.value.errors


def test_roles_that_may_not_add_are_refused(world):
    with pytest.raises(PermissionDenied):
        make_risk(world.org, by=world.users["employee"])


def test_the_owner_may_update_their_risk_whatever_their_role(world):
    employee = world.users["employee"]
    owner = core.person_for_user(world.org, employee)
    risk = make_risk(world.org, owner=owner)
    services.risk_update(risk, data={"treatment_plan": "Weekly check"}, by=employee)
    other = make_risk(world.org)
    with pytest.raises(PermissionDenied):
        services.risk_update(other, data={"treatment_plan": "x"}, by=employee)


# --- status


def test_closing_needs_a_reason_and_is_in_the_trail(world):
    risk = make_risk(world.org)
    with pytest.raises(ValidationFailed) as refused:
        services.risk_transition(risk, status="closed", by=None)
    assert list(refused.value.errors) == ["reason"]
    services.risk_transition(risk, status="closed", by=world.users["quality_manager"], reason="Machine sold")
    entry = trail_of(risk, "transition").get()
    assert entry.reason == "Machine sold" and entry.changes["status"] == {"old": "open", "new": "closed"}
    with pytest.raises(TransitionNotAllowed):
        services.risk_transition(risk, status="treated", by=None)
    services.risk_transition(risk, status="open", by=None, reason="Bought another")


def test_the_review_date_is_the_owners_due_item_until_closed(world):
    risk = make_risk(world.org, review_date=timezone.localdate() + datetime.timedelta(days=30))
    item = DueItem.objects.get(source_id=risk.pk, kind="risk_review")
    assert item.person == risk.owner and item.is_open and item.due_date == risk.review_date
    services.risk_transition(risk, status="closed", by=None, reason="Gone")
    assert not DueItem.objects.filter(source_id=risk.pk, kind="risk_review").exists()


# --- actions


def test_an_action_is_raised_in_the_shared_register_and_the_risk_goes_into_treatment(world):
    risk = make_risk(world.org)
    action = _raise(risk, due_date=timezone.localdate() + datetime.timedelta(days=10))
    assert action.number == "ACT-0001" and action.source == risk
    assert [a.pk for a in selectors.actions_of(risk)] == [action.pk]
    risk.refresh_from_db()
    assert risk.status == "in_treatment"
    assert "ACT-0001" in trail_of(risk, "transition").get().reason
    _raise(risk, title="Safety stock")
    assert Risk.objects.get(pk=risk.pk).status == "in_treatment"


def test_a_closed_risk_raises_no_action_and_one_with_actions_is_not_deleted(world):
    risk = make_risk(world.org)
    _raise(risk)
    with pytest.raises(ValidationFailed, match="close it instead"):
        services.risk_delete(Risk.objects.get(pk=risk.pk), by=None)
    closed = make_risk(world.org)
    services.risk_transition(closed, status="closed", by=None, reason="Gone")
    with pytest.raises(ValidationFailed):
        _raise(closed)
    assert Action.objects.count() == 1


# --- effectiveness evaluations


def test_an_evaluation_is_due_once_every_action_is_finished(world):
    risk = make_risk(world.org)
    assert not _due(risk)  # no actions: nothing to evaluate
    first, second = _raise(risk), _raise(risk, title="Safety stock")
    _finish(first)
    assert not _due(risk)  # one still open
    core.action_transition(second, status="cancelled", by=None)
    assert _due(risk)
    third = _raise(risk, title="Audit the new supplier")
    assert not _due(risk)  # new work to finish first
    core.action_delete(third, by=None, reason="Raised twice")
    assert _due(risk)  # the actions' changes reach the risk through core.watch_actions


def test_the_stored_flag_can_be_worked_out_again_for_a_whole_register(world):
    due, not_yet = make_risk(world.org), make_risk(world.org)
    _finish(_raise(due))
    _raise(not_yet)
    Risk.objects.update(evaluation_due=False)  # e.g. rows written around the services
    assert services.evaluation_due_refresh(Risk.objects.filter(organisation=world.org)) == 1
    assert list(Risk.objects.filter(evaluation_due=True)) == [due]
    assert services.evaluation_due_refresh(Risk.objects.all()) == 0


def test_an_evaluation_sets_the_residual_rating_and_an_effective_one_treats_the_risk(world):
    risk = make_risk(world.org, likelihood=4, impact=4, residual_likelihood=3, residual_impact=4)
    _finish(_raise(risk), days_ago=5)
    evaluation = make_evaluation(risk, effectiveness="effective", likelihood=1, impact=4)
    assert evaluation.residual_score == 4
    risk.refresh_from_db()
    assert (risk.residual_likelihood, risk.residual_impact, risk.residual_score) == (1, 4, 4)
    assert (risk.last_evaluated_on, risk.last_effectiveness) == (timezone.localdate(), "effective")
    assert risk.status == "treated" and not _due(risk)
    assert "evaluated effective" in trail_of(risk, "transition").filter(changes__status__new="treated").get().reason


def test_a_partly_effective_evaluation_keeps_the_risk_in_treatment_and_new_work_makes_it_due_again(world):
    risk = make_risk(world.org)
    _finish(_raise(risk), days_ago=20)
    make_evaluation(risk, days_ago=10, effectiveness="partly", likelihood=3, impact=3)
    risk.refresh_from_db()
    assert risk.status == "in_treatment" and risk.residual_score == 9 and not _due(risk)
    _finish(_raise(risk, title="Better fixture"), days_ago=2)
    assert _due(risk)


def test_the_latest_evaluation_by_date_wins_and_history_is_kept(world):
    risk = make_risk(world.org)
    latest = make_evaluation(risk, days_ago=3, effectiveness="partly", likelihood=2, impact=3)
    make_evaluation(risk, days_ago=30, effectiveness="not_effective", likelihood=4, impact=4)  # entered late
    risk.refresh_from_db()
    assert (risk.residual_score, risk.last_effectiveness) == (6, "partly")
    assert [e.effectiveness for e in selectors.evaluations_of(risk)] == ["partly", "not_effective"]
    services.evaluation_delete(latest, by=None, reason="Entered on the wrong risk")
    risk.refresh_from_db()
    assert (risk.residual_score, risk.last_effectiveness) == (16, "not_effective")


def test_an_evaluation_outside_1_to_5_or_in_the_future_is_refused_and_nothing_saved(world):
    risk = make_risk(world.org)
    with pytest.raises(ValidationFailed) as refused:
        make_evaluation(risk, likelihood=6)
    assert list(refused.value.errors) == ["residual_likelihood"]
    with pytest.raises(ValidationFailed) as refused:
        make_evaluation(risk, days_ago=-2)
    assert list(refused.value.errors) == ["evaluated_on"]
    assert not RiskEvaluation.objects.exists()
    assert Risk.objects.get(pk=risk.pk).last_evaluated_on is None


def test_the_evaluator_defaults_to_the_person_recording_it(world):
    user = world.users["process_owner"]
    evaluation = make_evaluation(make_risk(world.org), by=user)
    assert evaluation.evaluated_by == core.person_for_user(world.org, user)


def test_correcting_an_evaluation_rescores_the_risk(world):
    risk = make_risk(world.org)
    evaluation = make_evaluation(risk, likelihood=2, impact=2)
    services.evaluation_update(evaluation, data={"residual_impact": 5}, by=world.users["quality_manager"])
    assert RiskEvaluation.objects.get(pk=evaluation.pk).residual_score == 10
    assert Risk.objects.get(pk=risk.pk).residual_score == 10
    with pytest.raises(PermissionDenied):
        services.evaluation_update(evaluation, data={"comment": "x"}, by=world.users["process_owner"])
