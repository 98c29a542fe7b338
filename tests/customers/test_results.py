"""NPS and CSAT computed on hand-made answer sets; per-question distributions, the trend over rounds,
the response rate and the comments; the results page's queries do not grow with the answers."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from pdca.customers import selectors
from tests.customers.factories import answer, invite, make_round, make_survey


@pytest.mark.parametrize(
    ("counts", "expected"),
    [
        ({10: 1, 9: 1, 8: 1, 7: 1, 6: 1, 0: 1}, 0.0),  # 2 promoters, 2 passives, 2 detractors
        ({10: 3, 6: 1}, 50.0),  # 75 % − 25 %
        ({9: 1, 8: 3}, 25.0),  # passives count in the total only
        ({0: 2, 5: 1, 6: 1}, -100.0),
        ({10: 2, 9: 1}, 100.0),
        ({9: 1, 7: 1, 3: 1}, 0.0),
        ({10: 1, 8: 1, 2: 1}, 0.0),
        ({10: 2, 7: 1}, 66.7),  # 2/3 = 66.67 → one decimal
        ({}, None),
    ],
)
def test_nps_by_hand(counts, expected):
    assert selectors.nps_of(counts) == expected


@pytest.mark.parametrize(
    ("counts", "expected"),
    [({5: 2, 4: 1, 3: 1}, 75.0), ({1: 1, 2: 1, 3: 1}, 0.0), ({4: 1, 5: 1}, 100.0), ({5: 1, 2: 2}, 33.3), ({}, None)],
)
def test_csat_by_hand(counts, expected):
    assert selectors.csat_of(counts) == expected


def test_results_of_a_hand_made_answer_set(world):
    survey = make_survey(world.org)
    spring, autumn = make_round(survey, name="Spring"), make_round(survey, name="Autumn")
    # Spring: NPS answers 10, 9, 6, 3 → 2 promoters, 2 detractors → 0; CSAT 5, 4, 2, 3 → 2 of 4 → 50 %
    for nps, csat in ((10, 5), (9, 4), (6, 2), (3, 3)):
        answer(spring, nps=nps, csat=csat, scale=4)
    # Autumn: 10, 10, 8 → +66.7; CSAT 5, 5, 4 → 100 %
    for nps, csat in ((10, 5), (10, 5), (8, 4)):
        answer(autumn, nps=nps, csat=csat, text="Quicker quotes please")
    invite(autumn, n=3)  # three more invited, not answered: autumn 3 of 6
    results = selectors.survey_results(survey)
    # All rounds: promoters 4 (10, 9, 10, 10), detractors 2 (6, 3), of 7 → (4 - 2) / 7 = 28.6
    assert results.nps == 28.6 and results.nps_answers == 7
    assert results.csat == 71.4  # 5 of 7 are 4 or 5
    assert [(t.round.name, t.nps, t.csat) for t in results.trend] == [("Spring", 0.0, 50.0), ("Autumn", 66.7, 100.0)]
    assert results.invited == 10 and results.answered == 7 and results.response_rate == 70
    by_text = {r.question.kind + str(r.question.is_csat): r for r in results.questions}
    nps_counts = by_text["npsFalse"].counts
    assert nps_counts[10] == 3 and nps_counts[0] == 0 and len(nps_counts) == 11
    assert by_text["scaleFalse"].counts == {1: 0, 2: 0, 3: 0, 4: 4, 5: 0} and by_text["scaleFalse"].average == 4
    autumn_only = selectors.survey_results(survey, autumn.pk)
    assert autumn_only.nps == 66.7 and autumn_only.response_rate == 50
    assert [a.text for a in selectors.comments(survey)] == ["Quicker quotes please"] * 3


def _results_queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def test_the_results_page_queries_do_not_grow_with_answers(world):
    survey = make_survey(world.org)
    first = make_round(survey, name="First")
    client = world.client(world.users["quality_manager"])
    url = reverse("customers:survey_results", args=[world.org.slug, survey.pk])
    answer(first, nps=9, csat=4, text="Fine")
    small = _results_queries(client, url)
    second = make_round(survey, name="Second")
    for score in range(11):
        answer(second, nps=score, csat=score % 5 + 1, text=f"Comment {score}")
    assert _results_queries(client, url) == small
    page = client.get(url).content.decode()
    # 12 NPS answers: promoters 9 (first round), 9, 10 → 3; detractors 0–6 → 7; (3 − 7) / 12 = −33.3
    assert 'data-testid="nps">-33.3<' in page
