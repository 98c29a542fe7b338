"""Customer services: numbering, the complaint workflow with due dates and due items, survey rules, the
one-answer-per-link rule, scores outside their scale, the database rate limit and the KPI feeds."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from pdca.core.exceptions import PermissionDenied, TransitionNotAllowed, ValidationFailed
from pdca.core.models import DueItem
from pdca.customers import services
from pdca.customers.models import Answer, Invitation, SurveyAttempt, SurveyResponse
from pdca.objectives.models import Measurement
from tests.customers.factories import answer, invite, make_customer, make_feedback, make_round, make_survey
from tests.objectives.factories import make_kpi

TODAY = datetime.date.today


def test_it_numbers_customers_and_feedback(world):
    first, second = make_customer(world.org), make_customer(world.org)
    assert (first.number, second.number) == ("CUS-0001", "CUS-0002")
    assert make_feedback(world.org, customer=first).number == "FB-0001"


def test_a_complaint_gets_due_dates_from_the_settings_and_a_due_item(world):
    settings = services.settings_for(world.org)
    services.settings_update(settings, data={"acknowledge_days": 3, "respond_days": 10}, by=None)
    complaint = make_feedback(world.org, days_ago=5)
    received = complaint.received_on
    assert complaint.acknowledge_due == received + datetime.timedelta(days=3)
    assert complaint.respond_due == received + datetime.timedelta(days=10)
    assert complaint.next_due == complaint.acknowledge_due and complaint.is_overdue  # 5 days > 3
    item = DueItem.objects.get(source_id=complaint.pk, kind="complaint")
    assert item.person == complaint.owner and item.due_date == complaint.acknowledge_due and item.is_open


def test_a_compliment_has_no_due_dates(world):
    compliment = make_feedback(world.org, kind="compliment")
    assert compliment.next_due is None and compliment.respond_due is None
    assert not DueItem.objects.filter(source_id=compliment.pk, kind="complaint").exists()
    services.feedback_transition(compliment, status="closed", by=None, reason="Passed on to the cell team.")
    assert compliment.status == "closed"


def test_the_complaint_workflow_runs_in_order_and_records_the_response(world):
    complaint = make_feedback(world.org)
    with pytest.raises(TransitionNotAllowed):
        services.feedback_transition(complaint, status="response_sent", by=None)
    services.feedback_transition(complaint, status="acknowledged", by=None)
    assert complaint.acknowledged_on == timezone.localdate() and complaint.next_due == complaint.respond_due
    services.feedback_transition(complaint, status="investigating", by=None, text="Deburring step skipped.")
    assert complaint.investigation == "Deburring step skipped."
    with pytest.raises(ValidationFailed) as refused:
        services.feedback_transition(complaint, status="response_sent", by=None)
    assert "response" in refused.value.errors
    services.feedback_transition(complaint, status="response_sent", by=None, text="Replacement batch sent.")
    assert complaint.response == "Replacement batch sent." and complaint.next_due is None
    assert not DueItem.objects.filter(source_id=complaint.pk, kind="complaint", is_open=True).exists()
    services.feedback_transition(complaint, status="closed", by=None)
    assert complaint.closed_on == timezone.localdate()
    with pytest.raises(ValidationFailed) as refused:
        services.feedback_transition(complaint, status="investigating", by=None)
    assert "reason" in refused.value.errors
    services.feedback_transition(complaint, status="investigating", by=None, reason="Customer rejected the fix.")
    assert complaint.status == "investigating" and complaint.closed_on is None


def test_feedback_from_the_future_is_refused_and_nothing_saved(world):
    customer = make_customer(world.org)
    with pytest.raises(ValidationFailed) as refused:
        make_feedback(world.org, customer=customer, days_ago=-3)
    assert "received_on" in refused.value.errors
    assert not customer.feedback.exists()


def test_a_viewer_cannot_log_feedback_but_an_employee_can(world):
    customer = make_customer(world.org)
    data = {"customer": customer, "title": "Late", "received_on": TODAY(), "kind": "complaint"}
    with pytest.raises(PermissionDenied):
        services.feedback_create(org=world.org, data=data, by=world.users["viewer"])
    feedback = services.feedback_create(org=world.org, data=data, by=world.users["employee"])
    assert feedback.owner.user == world.users["employee"]  # the logger owns it when nobody is named


def test_a_customer_with_feedback_cannot_be_deleted(world):
    feedback = make_feedback(world.org)
    with pytest.raises(ValidationFailed):
        services.customer_delete(feedback.customer, by=None)


# --- surveys


def test_a_survey_opens_only_with_a_question(world):
    survey = make_survey(world.org, questions=(), open_it=False)
    with pytest.raises(ValidationFailed):
        services.survey_transition(survey, status="open", by=None)


def test_a_round_needs_an_open_survey_and_takes_its_expiry_from_the_settings(world):
    draft = make_survey(world.org, open_it=False)
    with pytest.raises(ValidationFailed):
        make_round(draft)
    survey_round = make_round(make_survey(world.org), sent_on=datetime.date(2026, 1, 5))
    assert survey_round.closes_on == datetime.date(2026, 2, 4)  # 30 days by default


def test_tokens_are_stored_only_as_hashes(world):
    survey_round = make_round(make_survey(world.org))
    token = invite(survey_round)[0]
    invitation = Invitation.objects.get(round=survey_round)
    assert token not in invitation.token_hash and invitation.token_hash == services.hash_token(token)
    assert len(token) >= 32


def test_a_customer_is_invited_once_per_round(world):
    survey_round = make_round(make_survey(world.org))
    customer = make_customer(world.org)
    assert len(invite(survey_round, [customer])) == 1
    assert services.round_invite(survey_round, customers=[customer], by=None) == []
    survey_round.refresh_from_db()
    assert survey_round.invited == 1


def test_a_link_is_answered_once(world):
    survey_round = make_round(make_survey(world.org, questions=("nps",)))
    token = invite(survey_round)[0]
    question = survey_round.survey.questions.get()
    services.response_submit(token=token, answers={f"q{question.pk}": "9"})
    with pytest.raises(services.LinkUnusable):
        services.response_submit(token=token, answers={f"q{question.pk}": "0"})
    assert SurveyResponse.objects.count() == 1 and list(Answer.objects.values_list("score", flat=True)) == [9]
    survey_round.refresh_from_db()
    assert survey_round.answered == 1


def test_an_expired_or_unknown_link_is_refused(world):
    survey_round = make_round(make_survey(world.org, questions=("nps",)))
    token = invite(survey_round)[0]
    Invitation.objects.update(expires_on=timezone.localdate() - datetime.timedelta(days=1))
    question = survey_round.survey.questions.get()
    for bad in (token, "not-a-token", ""):
        with pytest.raises(services.LinkUnusable):
            services.response_submit(token=bad, answers={f"q{question.pk}": "9"})
    assert not SurveyResponse.objects.exists()


def test_a_closed_survey_stops_its_links(world):
    survey = make_survey(world.org, questions=("nps",))
    token = invite(make_round(survey))[0]
    services.survey_transition(survey, status="closed", by=None)
    assert services.invitation_for_token(token) is None


@pytest.mark.parametrize(
    ("question", "value"), [("nps", "11"), ("nps", "-1"), ("csat", "0"), ("csat", "6"), ("scale", "three")]
)
def test_a_score_outside_its_scale_is_refused_naming_the_question_and_nothing_is_saved(world, question, value):
    survey_round = make_round(make_survey(world.org, questions=(question,)))
    token = invite(survey_round)[0]
    q = survey_round.survey.questions.get()
    with pytest.raises(ValidationFailed) as refused:
        services.response_submit(token=token, answers={f"q{q.pk}": value})
    assert list(refused.value.errors) == [f"q{q.pk}"]
    assert not SurveyResponse.objects.exists() and Invitation.objects.get().answered_at is None


def test_questions_cannot_change_once_answered(world):
    survey_round = make_round(make_survey(world.org, questions=("nps",)))
    answer(survey_round, nps=10)
    question = survey_round.survey.questions.get()
    with pytest.raises(ValidationFailed):
        services.question_update(question, data={"text": "Something else"}, by=None)
    with pytest.raises(ValidationFailed):
        services.question_delete(question, by=None)


def test_the_rate_limit_is_counted_in_the_database(world):
    now = timezone.now()
    results = [services.rate_limited("203.0.113.9", now=now) for _i in range(services.RATE_LIMIT + 1)]
    assert results[: services.RATE_LIMIT] == [False] * services.RATE_LIMIT and results[-1] is True
    assert not services.rate_limited("198.51.100.4", now=now)  # another address has its own count
    assert SurveyAttempt.objects.get(count=services.RATE_LIMIT + 1)  # one row, shared by every process
    later = now + datetime.timedelta(seconds=services.RATE_WINDOW_SECONDS)
    assert not services.rate_limited("203.0.113.9", now=later)  # a new window starts afresh


# --- KPI feeds


def test_complaints_feed_a_kpi_per_month(world):
    kpi = make_kpi(world.org, direction="lower", target=Decimal("2"), green=Decimal("2"), amber=Decimal("4"))
    today = timezone.localdate()
    make_feedback(world.org)
    make_feedback(world.org)
    make_feedback(world.org, kind="compliment")  # not a complaint
    services.feed_create(org=world.org, data={"kpi": kpi, "metric": "complaints"}, by=None)
    period = today.replace(day=1)
    assert Measurement.objects.get(kpi=kpi, period=period).value == Decimal("2")
    make_feedback(world.org, kind="warranty_claim")  # the feed follows new feedback
    assert Measurement.objects.get(kpi=kpi, period=period).value == Decimal("3")
    kpi.refresh_from_db()
    assert kpi.latest_value == Decimal("3")


def test_nps_feeds_a_kpi_when_answers_arrive(world):
    kpi = make_kpi(world.org, unit="", target=Decimal("30"), green=Decimal("30"), amber=Decimal("10"))
    survey_round = make_round(make_survey(world.org, questions=("nps",)))
    services.feed_create(org=world.org, data={"kpi": kpi, "metric": "nps"}, by=None)
    assert not Measurement.objects.filter(kpi=kpi).exists()
    answer(survey_round, nps=10)
    answer(survey_round, nps=3)
    answer(survey_round, nps=9)
    answer(survey_round, nps=8)
    # 2 promoters, 1 detractor of 4: (2 - 1) / 4 = +25
    assert Measurement.objects.get(kpi=kpi).value == Decimal("25")
