"""Benchmark data of the customers app: n/10 customers, n feedback rows of every kind and status (a share
of complaints overdue), and a survey of five questions sent in four rounds with n answered invitations
(n responses, 4n scored answers and some comments) plus unanswered ones.

Inserted with plain QuerySet.bulk_create (around OrgQuerySet's trail hook, for speed), due dates and the
rounds' counters set here as the services would. Called by generate.py with Django set up.
"""

import datetime
import hashlib
import random

from django.db import models, transaction
from django.utils import timezone

from pdca.core.models import Sequence
from pdca.core.numbering import format_number
from pdca.customers.choices import CUSTOMER_PREFIX, FEEDBACK_PREFIX, WORKFLOW_KINDS, FeedbackKind, FeedbackStatus
from pdca.customers.models import (
    Answer,
    Customer,
    Feedback,
    Invitation,
    Survey,
    SurveyQuestion,
    SurveyResponse,
    SurveyRound,
)

URLS = [
    ("customer list", "/o/{org}/customers/"),
    ("customer list ?q", "/o/{org}/customers/?q=Pumps"),
    ("customer page", "/o/{org}/customers/{customer}/"),
    ("feedback list", "/o/{org}/customers/feedback/"),
    ("feedback ?kind=complaint&status=open", "/o/{org}/customers/feedback/?kind=complaint&status=open"),
    ("feedback ?due=overdue", "/o/{org}/customers/feedback/?due=overdue"),
    ("feedback page", "/o/{org}/customers/feedback/{feedback}/"),
    ("survey results (all rounds)", "/o/{org}/customers/surveys/{survey}/results/"),
    ("survey results (one round)", "/o/{org}/customers/surveys/{survey}/results/?round={survey_round}"),
    ("api feedback", "/api/v1/o/{org}/customers/feedback/"),
    ("api survey results", "/api/v1/o/{org}/customers/surveys/{survey}/results/"),
]

BATCH = 1000
SECTORS = ["Aerospace", "Oil and gas", "Rail", "Marine", "Medical", "Automotive", "Energy", "Defence"]
NAMES = ["Calder", "Pennine", "Humber", "Airedale", "Don Valley", "Trent", "Swale", "Nidd", "Ryedale", "Wharfe"]
WHAT = ["Valves", "Pumps", "Structures", "Systems", "Hydraulics", "Robotics", "Instruments", "Engineering"]
TITLES = ["Late delivery", "Burr on bore", "Wrong revision", "Missing certificate", "Damaged in transit", "Thanks"]
STEPS = [s.value for s in FeedbackStatus]


def _insert(model, objs: list) -> list:
    for start in range(0, len(objs), BATCH):
        with transaction.atomic():
            models.QuerySet.bulk_create(model.objects.all(), objs[start : start + BATCH], batch_size=BATCH)
    return objs


def _customers(org, people, rng, count) -> list[Customer]:
    rows = [
        Customer(
            organisation=org,
            number=format_number(CUSTOMER_PREFIX, i + 1),
            name=f"{rng.choice(NAMES)} {rng.choice(WHAT)} {i + 1}",
            sector=rng.choice(SECTORS),
            contact_name=f"Buyer {i + 1}",
            contact_email=f"buyer{i + 1}@example.com",
            account_owner=rng.choice(people),
            is_active=rng.random() > 0.1,
        )
        for i in range(count)
    ]
    _insert(Customer, rows)
    Sequence.objects.update_or_create(organisation=org, prefix=CUSTOMER_PREFIX, defaults={"last_value": count})
    return list(Customer.objects.for_org(org).order_by("pk"))


def _feedback(org, people, customers, rng, n, today) -> None:
    rows = []
    for i in range(n):
        kind = rng.choice(
            [*[FeedbackKind.COMPLAINT] * 5, FeedbackKind.WARRANTY, FeedbackKind.COMPLIMENT, FeedbackKind.SUGGESTION]
        )
        received = today - datetime.timedelta(days=rng.randint(0, 730))
        workflow = kind in WORKFLOW_KINDS
        status = rng.choice(STEPS) if workflow else rng.choice(["received", "closed"])
        ack, respond = received + datetime.timedelta(days=2), received + datetime.timedelta(days=14)
        next_due = None
        if workflow and status == "received":
            next_due = ack
        elif workflow and status in ("acknowledged", "investigating"):
            next_due = respond
        rows.append(
            Feedback(
                organisation=org,
                number=format_number(FEEDBACK_PREFIX, i + 1),
                customer=rng.choice(customers),
                kind=kind,
                title=f"{rng.choice(TITLES)} {i + 1}",
                received_on=received,
                owner=rng.choice(people),
                status=status,
                acknowledge_due=ack if workflow else None,
                respond_due=respond if workflow else None,
                next_due=next_due,
                responded_on=received + datetime.timedelta(days=rng.randint(3, 20))
                if workflow and status in ("response_sent", "closed")
                else None,
            )
        )
    _insert(Feedback, rows)
    Sequence.objects.update_or_create(organisation=org, prefix=FEEDBACK_PREFIX, defaults={"last_value": n})


def _survey(org) -> tuple[Survey, list[SurveyQuestion]]:
    survey = Survey.objects.create(organisation=org, title="Customer satisfaction survey (benchmark)", status="open")
    spec = [
        ("Would you recommend us?", "nps", False),
        ("Quality of parts", "scale", True),
        ("Delivery performance", "scale", True),
        ("Communication", "scale", False),
        ("What should we improve?", "text", False),
    ]
    questions = [
        SurveyQuestion(organisation=org, survey=survey, order=i, text=text, kind=kind, is_csat=csat)
        for i, (text, kind, csat) in enumerate(spec, start=1)
    ]
    _insert(SurveyQuestion, questions)
    return survey, list(survey.questions.order_by("order"))


def _answers(org, survey, questions, customers, rng, n, today) -> SurveyRound:
    rounds, per_round = [], n // 4
    for r in range(4):
        sent = today - datetime.timedelta(days=90 * (4 - r))
        rounds.append(
            SurveyRound(
                organisation=org,
                survey=survey,
                name=f"Round {r + 1}",
                sent_on=sent,
                closes_on=sent + datetime.timedelta(days=60),
                invited=per_round + per_round // 5,
                answered=per_round,
            )
        )
    _insert(SurveyRound, rounds)
    rounds = list(survey.rounds.order_by("sent_on"))
    now = timezone.now()
    for r, survey_round in enumerate(rounds):
        invitations = [
            Invitation(
                organisation=org,
                round=survey_round,
                customer=customers[i % len(customers)],
                token_hash=hashlib.sha256(f"{survey_round.pk}-{i}".encode()).hexdigest(),
                expires_on=survey_round.closes_on,
                answered_at=now if i < per_round else None,
            )
            for i in range(per_round + per_round // 5)
        ]
        _insert(Invitation, invitations)
        answered = list(Invitation.objects.filter(round=survey_round, answered_at__isnull=False).order_by("pk"))
        responses = [
            SurveyResponse(
                organisation=org,
                invitation=inv,
                survey=survey,
                round=survey_round,
                customer_id=inv.customer_id,
                submitted_at=now,
            )
            for inv in answered
        ]
        _insert(SurveyResponse, responses)
        responses = list(SurveyResponse.objects.filter(round=survey_round).order_by("pk"))
        _insert(
            Answer, [a for resp in responses for a in _answer_rows(org, survey, survey_round, questions, resp, rng, r)]
        )
    return rounds[-1]


def _answer_rows(org, survey, survey_round, questions, response, rng, r) -> list[Answer]:
    day = survey_round.sent_on + datetime.timedelta(days=rng.randint(0, 30))
    rows = []
    for q in questions:
        common = {
            "organisation": org,
            "response": response,
            "survey": survey,
            "round": survey_round,
            "question": q,
            "kind": q.kind,
            "is_csat": q.is_csat,
            "answered_on": day,
        }
        if q.kind == "nps":
            rows.append(Answer(**common, score=min(10, max(0, int(rng.gauss(6.5 + r * 0.5, 2.5))))))
        elif q.kind == "scale":
            rows.append(Answer(**common, score=rng.choice((2, 3, 4, 4, 5, 5))))
        elif rng.random() < 0.3:
            rows.append(Answer(**common, text="Quicker quotes, please."))
    return rows


def generate(org, people: list, rng: random.Random, n: int) -> dict:
    today = timezone.localdate()
    customers = _customers(org, people, rng, max(n // 10, 10))
    _feedback(org, people, customers, rng, n, today)
    survey, questions = _survey(org)
    last_round = _answers(org, survey, questions, customers, rng, n, today)
    feedback = Feedback.objects.for_org(org).order_by("pk").values_list("pk", flat=True).first()
    return {"customer": customers[0].pk, "feedback": feedback, "survey": survey.pk, "survey_round": last_round.pk}
