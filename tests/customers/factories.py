"""Customers, feedback, surveys, rounds and answers made through the services."""

import datetime
import itertools

from django.utils import timezone

from pdca.customers import services
from pdca.customers.choices import QuestionKind
from tests.factories import PersonFactory

_n = itertools.count(1)


def person_in(org):
    return PersonFactory(organisation=org, name=f"Account manager {next(_n)}")


def make_customer(org, *, by=None, **data):
    values = {
        "name": f"Northern Aero Structures {next(_n)}",
        "sector": "Aerospace",
        "contact_name": "Sarah Whitfield",
        "contact_email": f"buyer{next(_n)}@example.com",
        **data,
    }
    return services.customer_create(org=org, data=values, by=by)


def make_feedback(org, *, customer=None, owner=None, kind="complaint", days_ago=0, by=None, **data):
    values = {
        "customer": customer or make_customer(org),
        "owner": owner or person_in(org),
        "kind": kind,
        "title": f"Burr on bore of part 7741-{next(_n)}",
        "received_on": timezone.localdate() - datetime.timedelta(days=days_ago),
        **data,
    }
    return services.feedback_create(org=org, data=values, by=by)


def make_survey(org, *, questions=("nps", "csat", "scale", "text"), open_it=True, by=None, **data):
    """A survey with the questions named (nps, csat = a CSAT 1–5 scale, scale, text), opened if asked."""
    survey = services.survey_create(org=org, data={"title": f"Customer survey {next(_n)}", **data}, by=by)
    texts = {
        "nps": ("How likely are you to recommend us to a colleague?", QuestionKind.NPS, False),
        "csat": ("How satisfied are you with our parts overall?", QuestionKind.SCALE, True),
        "scale": ("How satisfied are you with our delivery times?", QuestionKind.SCALE, False),
        "text": ("What should we do better?", QuestionKind.TEXT, False),
    }
    for order, name in enumerate(questions, start=1):
        text, kind, csat = texts[name]
        services.question_create(
            org=org,
            data={"survey": survey, "order": order, "text": text, "kind": kind, "is_csat": csat, "required": False},
            by=by,
        )
    if open_it and questions:
        services.survey_transition(survey, status="open", by=by)
    return survey


def make_round(survey, *, name=None, by=None, **data):
    values = {"survey": survey, "name": name or f"Round {next(_n)}", **data}
    return services.round_create(org=survey.organisation, data=values, by=by)


def invite(survey_round, customers=None, n=1) -> list[str]:
    """Tokens of new invitations (new customers unless given)."""
    org = survey_round.organisation
    customers = customers or [make_customer(org) for _i in range(n)]
    return [token for _inv, token in services.round_invite(survey_round, customers=customers, by=None)]


def answer(survey_round, *, nps=None, csat=None, scale=None, text="", customer=None):
    """Answer one new invitation of the round with these values (None: left out)."""
    token = invite(survey_round, [customer] if customer else None)[0]
    values = {}
    for q in survey_round.survey.questions.all():
        value = {"nps": nps, "text": text}.get(q.kind) if q.kind != "scale" else (csat if q.is_csat else scale)
        if value not in (None, ""):
            values[f"q{q.pk}"] = str(value)
    return services.response_submit(token=token, answers=values)
