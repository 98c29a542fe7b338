"""The results page: figures are cached under a stamp that moves with every change, never stale."""

from unittest import mock

from pdca.gap import selectors, services
from pdca.gap.models import Applicability
from tests.gap.factories import make_assessment


def results_url(world, assessment):
    return f"/o/{world.org.slug}/gap/assessments/{assessment.pk}/"


def test_the_results_are_worked_out_once_and_again_after_each_change(world):
    assessment = make_assessment(world.org)
    client = world.client(world.users["auditor"])
    with mock.patch.object(selectors, "results_for", wraps=selectors.results_for) as worked_out:
        first = client.get(results_url(world, assessment)).content.decode()
        client.get(results_url(world, assessment))
        assert worked_out.call_count == 1  # the second view came from the cache
        response = assessment.responses.filter(applicable=True).first()
        services.response_update(response, data={"score": 4}, by=world.users["auditor"], version=response.version)
        after = client.get(results_url(world, assessment)).content.decode()
        assert worked_out.call_count == 2
    assert "0 / 306" not in after and ("1 / " in after) and ("0 / " in first)


def test_stamp_moves_with_scores_applicability_settings_and_the_trend(world):
    assessment = make_assessment(world.org)
    stamps = [selectors.results_stamp(assessment)]
    response = assessment.responses.filter(applicable=True).first()
    services.response_update(response, data={"score": 2}, by=None, version=response.version)
    stamps.append(selectors.results_stamp(assessment))
    # Applicability changes reach open assessments through a queryset update.
    requirement = assessment.responses.filter(requirement__may_be_not_applicable=True).first().requirement
    services.applicability_set(
        org=world.org, requirement=requirement, applicable=False, justification="No design work", by=None
    )
    assert Applicability.objects.filter(organisation=world.org, applicable=False).exists()
    stamps.append(selectors.results_stamp(assessment))
    world.org.settings = {**world.org.settings, "gap": {"ready_readiness": 90}}
    stamps.append(selectors.results_stamp(assessment))
    make_assessment(world.org, title="Earlier", status="completed")
    stamps.append(selectors.results_stamp(assessment))
    assert len(set(stamps)) == len(stamps)


def test_the_cached_history_and_compare_list_follow_changes(world):
    assessment = make_assessment(world.org)
    client = world.client(world.users["quality_manager"])
    before = client.get(results_url(world, assessment)).content.decode()
    assert "Renamed check" not in before and 'id="cmp"' not in before
    services.assessment_update(assessment, data={"title": "Renamed check"}, by=world.users["quality_manager"])
    make_assessment(world.org, title="Benchmark", status="completed")
    after = client.get(results_url(world, assessment)).content.decode()
    assert "Renamed check" in after.split('id="history-h"')[1]  # the new trail entry is in the history
    assert 'id="cmp"' in after  # and the completed assessment is offered for comparison
