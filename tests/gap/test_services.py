"""Gap services: applicability, assessments and their workflow, scoring, copies, actions."""

import pytest

from pdca.core.exceptions import ConcurrentEditError, PermissionDenied, TransitionNotAllowed, ValidationFailed
from pdca.core.models import Action, TrailEntry
from pdca.gap import selectors, services
from pdca.gap.models import Applicability, Response
from pdca.standards.models import Requirement
from tests.factories import PersonFactory
from tests.gap.factories import make_assessment


def requirement(key_part):
    return Requirement.objects.filter(standard__slug="iso9001-2015", key__contains=key_part).order_by("position")[0]


def test_an_assessment_has_one_response_per_requirement_with_catalogue_weights(world):
    assessment = make_assessment(world.org, by=world.users["quality_manager"])
    assert assessment.number == "GAP-0001" and assessment.status == "draft"
    assert assessment.responses.count() == Requirement.objects.filter(standard=assessment.standard).count()
    key = assessment.responses.filter(requirement__is_key=True).first()
    assert key.weight == key.requirement.weight == 3
    assert TrailEntry.objects.filter(organisation=world.org, action="create").count() > 300  # bulk, trailed


def test_not_applicable_decisions_apply_to_open_assessments_only(world):
    design = requirement("operation.design")
    finished = make_assessment(world.org)
    for status in ("in_progress", "under_review", "completed"):
        services.assessment_transition(finished, status=status, by=None)
    open_one = make_assessment(world.org)
    services.applicability_set(
        org=world.org,
        requirement=design,
        applicable=False,
        justification="Customers supply every design.",
        by=world.users["admin"],
    )
    assert not Response.objects.get(assessment=open_one, requirement=design).applicable
    assert Response.objects.get(assessment=finished, requirement=design).applicable  # frozen benchmark
    later = make_assessment(world.org)
    assert not Response.objects.get(assessment=later, requirement=design).applicable
    services.applicability_set(org=world.org, requirement=design, applicable=True, by=world.users["admin"])
    assert Response.objects.get(assessment=open_one, requirement=design).applicable
    assert not Applicability.objects.filter(organisation=world.org).exists()


def test_a_not_applicable_decision_needs_a_justification_and_a_manager(world):
    with pytest.raises(ValidationFailed) as exc:
        services.applicability_set(org=world.org, requirement=requirement("design"), applicable=False, by=None)
    assert exc.value.field == "justification"
    with pytest.raises(PermissionDenied):
        services.applicability_set(
            org=world.org,
            requirement=requirement("design"),
            applicable=False,
            justification="x",
            by=world.users["auditor"],
        )


def test_scores_change_the_results_and_completed_assessments_are_frozen(world):
    assessment = make_assessment(world.org)
    first = assessment.responses.filter(applicable=True).first()
    services.response_update(first, data={"score": 3}, by=world.users["auditor"])
    assert selectors.results_for(assessment).overall.readiness == 100.0
    for status in ("in_progress", "under_review", "completed"):
        services.assessment_transition(assessment, status=status, by=world.users["quality_manager"])
    assessment.refresh_from_db()
    assert assessment.results["readiness"] == 100.0 and assessment.completed_at
    with pytest.raises(TransitionNotAllowed):
        services.response_update(Response.objects.get(pk=first.pk), data={"score": 1}, by=None)
    with pytest.raises(TransitionNotAllowed):
        services.assessment_transition(assessment, status="draft", by=None)
    assert TrailEntry.objects.filter(object_id=assessment.pk, action="transition").count() == 3


def test_two_assessors_on_one_requirement_conflict_and_nothing_is_lost(world):
    assessment = make_assessment(world.org)
    response = assessment.responses.first()
    first, second = Response.objects.get(pk=response.pk), Response.objects.get(pk=response.pk)
    services.response_update(first, data={"score": 2, "gap": "No calibration records"}, by=world.users["auditor"])
    with pytest.raises(ConcurrentEditError):
        services.response_update(second, data={"score": 4}, by=world.users["lead_auditor"])
    saved = Response.objects.get(pk=response.pk)
    assert (saved.score, saved.gap) == (2, "No calibration records")


def test_a_copy_starts_from_the_earlier_answers(world):
    earlier = make_assessment(world.org)
    response = earlier.responses.first()
    services.response_update(response, data={"score": 1, "evidence": "Old log", "weight": 1}, by=None)
    copy = services.assessment_create(
        org=world.org,
        data={"title": "Again", "standard": earlier.standard, "assessed_on": earlier.assessed_on},
        by=None,
        copy_from=earlier,
    )
    again = copy.responses.get(requirement=response.requirement)
    assert (again.score, again.evidence, again.weight, copy.copied_from) == (1, "Old log", 1, earlier)
    services.response_update(again, data={"score": 3}, by=None)
    assert Response.objects.get(pk=response.pk).score == 1


def test_a_gap_raises_an_action_in_the_shared_register(world):
    assessment = make_assessment(world.org)
    response = assessment.responses.first()
    owner = PersonFactory(organisation=world.org)
    action = services.response_raise_action(
        response, data={"title": "Write the scope", "owner": owner, "due_date": "2027-01-15"}, by=world.users["auditor"]
    )
    assert Response.objects.get(pk=response.pk).action == action
    assert action.source == response and Action.objects.filter(owner=owner).count() == 1


def test_scoring_rights_follow_roles_and_assessors(world):
    assessment = make_assessment(world.org)
    employee = world.users["employee"]
    with pytest.raises(PermissionDenied):
        services.response_update(assessment.responses.first(), data={"score": 2}, by=employee)
    services.assessment_update(
        assessment, data={"assessors": [employee.people.get(organisation=world.org)]}, by=world.users["quality_manager"]
    )
    services.response_update(assessment.responses.first(), data={"score": 2}, by=employee)


def test_the_comparison_finds_improvements_and_regressions(world):
    before = make_assessment(world.org)
    up, down = before.responses.all()[:2]
    services.response_update(up, data={"score": 1}, by=None)
    services.response_update(down, data={"score": 3}, by=None)
    after = services.assessment_create(
        org=world.org,
        data={"title": "Later", "standard": before.standard, "assessed_on": before.assessed_on},
        by=None,
        copy_from=before,
    )
    services.response_update(after.responses.get(requirement=up.requirement), data={"score": 3}, by=None)
    services.response_update(after.responses.get(requirement=down.requirement), data={"score": 2}, by=None)
    result = selectors.comparison(before, after)
    assert [a.key for _b, a in result["improved"]] == [up.requirement.key]
    assert [a.key for _b, a in result["regressed"]] == [down.requirement.key]


def test_thresholds_are_organisation_settings_and_change_the_verdict(world):
    assessment = make_assessment(world.org)
    for response in assessment.responses.filter(applicable=True):
        services.response_update(response, data={"score": 3}, by=None)
    assert selectors.results_for(assessment).verdict == "ready"
    client = world.client(world.users["quality_manager"])
    url = f"/o/{world.org.slug}/gap/settings/"
    data = {
        "ready_readiness": 100,
        "nearly": 80,
        "building": 50,
        "major_if_score_at_most": 0,
        "major_if_key_score_at_most": 2,
    }
    assert client.post(url, data).status_code == 302
    world.org.refresh_from_db()
    assessment.refresh_from_db()
    assert selectors.results_for(assessment).settings["major_if_key_score_at_most"] == 2
    bad = client.post(url, {**data, "nearly": 30})
    assert bad.status_code == 400 and "Thresholds must rise" in bad.content.decode()
    assert world.client(world.users["auditor"]).get(url).status_code == 403
    assert TrailEntry.objects.filter(organisation=world.org, action="update", object_id=world.org.pk).exists()
