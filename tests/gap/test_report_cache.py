"""Downloads are drawn once and served from the cache until an input of the file changes."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from pdca.core import services as core
from pdca.gap import excel, reports, services
from pdca.gap.choices import DEFAULT_SETTINGS, AssessmentStatus
from pdca.gap.models import Assessment
from tests.factories import PersonFactory
from tests.gap.reporting import iso9001, new_assessment, score_some
from tests.gap.test_reports import pdf_text


@pytest.fixture
def drawn(monkeypatch) -> list[str]:
    """The formats drawn, in order: the builders are wrapped where the download view looks them up."""
    calls = []

    def counted(build, fmt):
        def wrapper(assessment):
            calls.append(fmt)
            return build(assessment)

        return wrapper

    for module, name, fmt in ((reports, "pdf", "pdf"), (reports, "docx", "docx"), (excel, "export", "xlsx")):
        monkeypatch.setattr(module, name, counted(getattr(module, name), fmt))
    return calls


def download(world, assessment, fmt="pdf") -> bytes:
    client = world.client(world.users["auditor"])
    response = client.get(f"/o/{world.org.slug}/gap/assessments/{assessment.pk}/download/{fmt}/")
    assert response.status_code == 200
    return response.content


def key(assessment, fmt="pdf") -> str:
    """The key as the download view computes it, from freshly loaded rows."""
    return reports.cache_key(Assessment.objects.select_related("standard", "organisation").get(pk=assessment.pk), fmt)


@pytest.mark.parametrize("fmt", ["pdf", "docx", "xlsx"])
def test_it_draws_a_file_once_while_nothing_changes(world, drawn, fmt):
    assessment = new_assessment(world.org, small=True)
    score_some(assessment)
    first, second = download(world, assessment, fmt), download(world, assessment, fmt)
    assert second == first
    assert drawn == [fmt]


def test_it_never_serves_a_report_older_than_its_scores(world, drawn):
    assessment = new_assessment(world.org, small=True)
    rows = score_some(assessment)
    line = f"{rows[1].requirement.clause.number} · {rows[1].requirement.key} · Score:"
    before = pdf_text(download(world, assessment))
    assert f"{line} 1" in before
    services.response_update(rows[1], data={"score": 2}, by=None)
    after = pdf_text(download(world, assessment))
    assert f"{line} 2" in after and f"{line} 1" not in after
    assert drawn == ["pdf", "pdf"]


def _score(world, assessment, rows):
    services.response_update(rows[3], data={"score": 1}, by=None)


def _gap_text(world, assessment, rows):
    services.response_update(rows[1], data={"gap": "Issues listed, not yet reviewed."}, by=None)


def _not_applicable(world, assessment, rows):
    requirement = iso9001().requirements.filter(may_be_not_applicable=True).first()
    services.applicability_set(
        org=world.org, requirement=requirement, applicable=False, justification="No design work.", by=None
    )


def _justification(world, assessment, rows):
    _not_applicable(world, assessment, rows)
    key_between = key(assessment)
    requirement = iso9001().requirements.filter(may_be_not_applicable=True).first()
    services.applicability_set(
        org=world.org, requirement=requirement, applicable=False, justification="We only machine parts.", by=None
    )
    assert key(assessment) != key_between


def _action(world, assessment, rows):
    owner = PersonFactory(organisation=world.org)
    services.response_raise_action(rows[1], data={"title": "List issues", "owner": owner}, by=None)


def _due_date(world, assessment, rows):
    _action(world, assessment, rows)
    rows[1].refresh_from_db()
    key_between = key(assessment)
    core.object_update(rows[1].action, data={"due_date": datetime.date(2026, 9, 30)}, by=None)
    assert key(assessment) != key_between


def _owner_renamed(world, assessment, rows):
    _action(world, assessment, rows)
    rows[1].refresh_from_db()
    key_between = key(assessment)
    core.object_update(rows[1].action.owner, data={"name": "Dana Reyes-Okafor"}, by=None)
    assert key(assessment) != key_between


def _assessor(world, assessment, rows):
    services.assessment_update(assessment, data={"assessors": [PersonFactory(organisation=world.org)]}, by=None)


def _title(world, assessment, rows):
    services.assessment_update(assessment, data={"title": "Baseline, revised"}, by=None)


def _thresholds(world, assessment, rows):
    services.settings_update(org=world.org, data={**DEFAULT_SETTINGS, "ready_readiness": 85}, by=None)


def _benchmark(world, assessment, rows):
    earlier = new_assessment(world.org, title="Earlier", day=datetime.date(2025, 9, 1), small=True)
    for status in (AssessmentStatus.IN_PROGRESS, AssessmentStatus.UNDER_REVIEW, AssessmentStatus.COMPLETED):
        services.assessment_transition(earlier, status=status, by=None)


@pytest.mark.parametrize(
    "change",
    [
        _score,
        _gap_text,
        _not_applicable,
        _justification,
        _action,
        _due_date,
        _owner_renamed,
        _assessor,
        _title,
        _thresholds,
        _benchmark,
    ],
)
def test_the_key_moves_with_every_input_of_the_report(world, change):
    assessment = new_assessment(world.org, small=True)
    rows = score_some(assessment)
    before = key(assessment)
    assert key(assessment) == before  # nothing changed: the same key
    change(world, assessment, rows)
    assert key(assessment) != before


def test_the_key_differs_by_format_and_language(world):
    assessment = new_assessment(world.org, small=True)
    keys = {key(assessment, fmt) for fmt in ("pdf", "docx", "xlsx")}
    with translation.override("en-gb"):
        keys.add(key(assessment))
    assert len(keys) == 4


def test_the_key_costs_one_query_whatever_the_catalogue_size(world):
    counts = []
    for assessment in (new_assessment(world.org, small=True), new_assessment(world.org, title="Full")):
        score_some(assessment)
        fresh = Assessment.objects.select_related("standard", "organisation").get(pk=assessment.pk)
        with CaptureQueriesContext(connection) as queries:
            reports.cache_key(fresh, "pdf")
        counts.append(len(queries))
    assert counts == [1, 1]
