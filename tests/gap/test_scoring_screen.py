"""The scoring screen and its htmx endpoint: one-click scores, conflicts, filters, flat query counts."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from pdca.gap import services
from pdca.gap.models import Response
from pdca.standards.services import catalogue_import
from tests.gap.factories import make_assessment


def small_catalogue(org, size=20):
    lines = [
        "format: 1",
        "standard: {code: small, edition: '1', title: Small}",
        "clauses:",
        "  - {number: '1', title: One, key: s.one, requirements: [",
    ]
    lines += [f"      {{key: s.one.r{i}, text: Requirement {i}}}," for i in range(size)]
    lines += ["    ]}"]
    return catalogue_import(org=org, text="\n".join(lines), filename="small.yaml", by=None)


def score_url(world, assessment):
    return f"/o/{world.org.slug}/gap/assessments/{assessment.pk}/score/"


def queries(client, url):
    client.get(url)
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_the_scoring_screen_costs_the_same_queries_for_20_and_306_requirements(world):
    client = world.client(world.users["auditor"])
    small = make_assessment(world.org, standard=small_catalogue(world.org))
    full = make_assessment(world.org)
    assert small.responses.count() == 20 and full.responses.count() > 300
    assert queries(client, score_url(world, small)) == queries(client, score_url(world, full)) <= 20


def test_one_click_saves_a_score_and_updates_the_figures(world):
    assessment = make_assessment(world.org)
    response = assessment.responses.filter(applicable=True).first()
    client = world.client(world.users["auditor"])
    answer = client.post(
        f"/o/{world.org.slug}/gap/responses/{response.pk}/",
        {"score": "3", "version": response.version},
        HTTP_HX_REQUEST="true",
    )
    html = answer.content.decode()
    assert answer.status_code == 200 and 'aria-pressed="true" data-score="3"' in html
    assert 'id="figures"' in html and "hx-swap-oob" in html and "100.0 %" in html
    assert Response.objects.get(pk=response.pk).score == 3


def test_a_stale_score_shows_a_conflict_and_keeps_the_other_assessors_answer(world):
    assessment = make_assessment(world.org)
    response = assessment.responses.first()
    url = f"/o/{world.org.slug}/gap/responses/{response.pk}/"
    world.client(world.users["auditor"]).post(url, {"score": "2", "version": response.version})
    late = world.client(world.users["lead_auditor"]).post(url, {"score": "4", "version": response.version})
    assert late.status_code == 409 and "changed by someone else" in late.content.decode()
    assert 'aria-pressed="true" data-score="2"' in late.content.decode()  # the saved answer is shown
    assert Response.objects.get(pk=response.pk).score == 2


def test_notes_save_without_touching_the_score(world):
    assessment = make_assessment(world.org)
    response = assessment.responses.first()
    services.response_update(response, data={"score": 1}, by=None)
    client = world.client(world.users["auditor"])
    client.post(
        f"/o/{world.org.slug}/gap/responses/{response.pk}/",
        {"gap": "No scope statement", "evidence": "", "weight": "3", "priority": "high", "version": response.version},
    )
    saved = Response.objects.get(pk=response.pk)
    assert (saved.score, saved.gap, saved.weight, saved.priority) == (1, "No scope statement", 3, "high")


def test_bad_scores_and_not_applicable_rows_are_refused(world):
    assessment = make_assessment(world.org)
    response = assessment.responses.first()
    client = world.client(world.users["auditor"])
    bad = client.post(f"/o/{world.org.slug}/gap/responses/{response.pk}/", {"score": "7", "version": response.version})
    assert bad.status_code == 400 and "score" in bad.content.decode()
    services.applicability_set(
        org=world.org, requirement=response.requirement, applicable=False, justification="Not ours", by=None
    )
    refused = client.post(f"/o/{world.org.slug}/gap/responses/{response.pk}/", {"score": "3", "version": 1})
    assert refused.status_code == 400 and Response.objects.get(pk=response.pk).score is None


def test_readers_cannot_score_and_see_no_buttons(world):
    assessment = make_assessment(world.org)
    response = assessment.responses.first()
    viewer = world.client(world.users["viewer"])
    assert "hx-post" not in viewer.get(score_url(world, assessment)).content.decode()
    assert viewer.post(f"/o/{world.org.slug}/gap/responses/{response.pk}/", {"score": "3"}).status_code == 403


def test_filters_show_unanswered_gaps_key_and_clause(world):
    assessment = make_assessment(world.org)
    first, second = assessment.responses.all()[:2]
    services.response_update(first, data={"score": 1}, by=None)
    services.response_update(second, data={"score": 3}, by=None)
    client = world.client(world.users["auditor"])

    def shown(**params):
        return {r.pk for r in client.get(score_url(world, assessment), params).context["rows"]}

    assert first.pk in shown(show="gaps") and second.pk not in shown(show="gaps")
    assert (
        first.pk not in shown(show="unanswered")
        and len(shown(show="unanswered")) == assessment.responses.filter(score__isnull=True, applicable=True).count()
    )
    assert all(Response.objects.get(pk=pk).requirement.is_key for pk in shown(show="key"))
    assert all(Response.objects.get(pk=pk).requirement.clause.number.startswith("8.5") for pk in shown(clause="8.5"))


def test_rows_escape_catalogue_text_and_offer_buttons_only_to_scorers(world):
    """The rows are built in Python (gap/scoring_rows.py): text from a private catalogue must be escaped."""
    from pdca.gap.scoring_rows import Row, RowRenderer

    row = Row(
        pk=7,
        version=3,
        applicable=True,
        score=2,
        has_notes=True,
        action_number="ACT-0009",
        clause="8.5.1",
        text='<img src=x onerror="alert(1)">',
        key="hs.x",
        is_key=True,
        documented_information="none",
    )
    html = RowRenderer(world.org, can_score=True).html([row], error="<b>conflict</b>")
    assert "<img" not in html and "&lt;img src=x onerror=&quot;alert(1)&quot;&gt;" in html
    assert "&lt;b&gt;conflict&lt;/b&gt;" in html
    assert 'hx-post="/o/acme/gap/responses/7/"' in html and '<input type="hidden" name="version" value="3">' in html
    assert 'class="btn btn-primary" aria-pressed="true" data-score="2"' in html and "ACT-0009" in html
    read_only = RowRenderer(world.org, can_score=False).html([row])
    assert "hx-post" not in read_only and read_only.count("disabled") == 5


def test_the_details_say_whether_the_documented_information_is_in_pdca(world):
    from pdca.core import services as core
    from tests.documents.factories import make_effective

    assessment = make_assessment(world.org)
    response = assessment.responses.get(requirement__key="hs.context.scope.statement")  # "maintain"
    client = world.client(world.users["auditor"])
    url = f"/o/{world.org.slug}/gap/responses/{response.pk}/"
    assert 'data-evidence="missing"' in client.get(url).content.decode()
    core.clause_tags_set(target=make_effective(world.org, title="QMS scope"), keys=["hs.context.scope"], by=None)
    html = client.get(url).content.decode()
    assert 'data-evidence="present"' in html and "Effective documents" in html
    plain = assessment.responses.filter(requirement__documented_information="none").first()
    assert "data-evidence" not in client.get(f"/o/{world.org.slug}/gap/responses/{plain.pk}/").content.decode()
