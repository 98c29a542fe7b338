"""Customers, feedback, surveys, questions, rounds and KPI feeds through the shared harness: pages and API
for every role and organisation, the trail, the version check, cross-organisation links, exports and
query counts."""

import itertools

from pdca.core.choices import ALL_ROLES, CONTRIBUTORS, MANAGERS
from pdca.customers.models import Customer, Feedback, KpiFeed, Survey, SurveyQuestion, SurveyRound
from pdca.customers.rules import LOGGERS, READERS
from tests.customers.factories import make_customer, make_feedback, make_round, make_survey, person_in
from tests.harness import Resource, ResourceTests
from tests.objectives.factories import make_kpi

_n = itertools.count()


def _customer_data(world):
    return {
        "name": f"Calder Valve Company {next(_n)}",
        "sector": "Oil and gas",
        "contact_name": "Tom Ridley",
        "contact_email": "t.ridley@example.com",
        "account_owner": person_in(world.org).pk,
        "is_active": True,
    }


class TestCustomer(ResourceTests):
    resource = Resource(
        model=Customer,
        url="customers:customer",
        api="customer",
        make=lambda org: make_customer(org),
        form_data=_customer_data,
        api_data=_customer_data,
        view_roles=ALL_ROLES,
        add_roles=CONTRIBUTORS,
        delete_roles=MANAGERS,
        foreign_key="account_owner",
        extra={"foreign_make": person_in, "export_value": lambda o: o.number},
    )


def _feedback_data(world):
    return {
        "customer": make_customer(world.org).pk,
        "kind": "complaint",
        "title": f"Parts delivered with the wrong anodising colour {next(_n)}",
        "description": "Batch 2231: black instead of clear.",
        "received_on": "2025-03-03",
        "channel": "email",
        "reference": "PO 88123",
        "owner": person_in(world.org).pk,
    }


class TestFeedback(ResourceTests):
    resource = Resource(
        model=Feedback,
        url="customers:feedback",
        api="feedback",
        make=lambda org: make_feedback(org),
        form_data=_feedback_data,
        api_data=_feedback_data,
        edit_field="title",
        view_roles=ALL_ROLES,
        add_roles=LOGGERS,
        change_roles=CONTRIBUTORS,
        delete_roles=MANAGERS,
        foreign_key="owner",
        extra={"foreign_make": person_in, "export_value": lambda o: o.number},
    )


def _survey_data(world):
    return {"title": f"Annual customer survey {next(_n)}", "introduction": "Five minutes, please."}


class TestSurvey(ResourceTests):
    resource = Resource(
        model=Survey,
        url="customers:survey",
        api="survey",
        make=lambda org: make_survey(org, open_it=False),
        form_data=_survey_data,
        api_data=_survey_data,
        edit_field="title",
        view_roles=READERS,
        add_roles=MANAGERS,
    )


def _question_data(world):
    return {
        "survey": make_survey(world.org, questions=(), open_it=False).pk,
        "order": 1,
        "text": f"How easy are we to deal with? {next(_n)}",
        "kind": "scale",
        "is_csat": True,
        "required": True,
    }


class TestSurveyQuestion(ResourceTests):
    resource = Resource(
        model=SurveyQuestion,
        url="customers:surveyquestion",
        api="surveyquestion",
        make=lambda org: make_survey(org, questions=("scale",), open_it=False).questions.get(),
        form_data=_question_data,
        api_data=_question_data,
        edit_field="text",
        view_roles=READERS,
        add_roles=MANAGERS,
        foreign_key="survey",
        extra={
            "foreign_make": lambda org: make_survey(org, questions=(), open_it=False),
            "export_value": lambda o: o.text,
        },
    )


def _round_data(world):
    return {
        "survey": make_survey(world.org).pk,
        "name": f"Spring {next(_n)}",
        "sent_on": "2026-03-02",
        "closes_on": "2026-04-30",
    }


class TestSurveyRound(ResourceTests):
    resource = Resource(
        model=SurveyRound,
        url="customers:surveyround",
        api="surveyround",
        make=lambda org: make_round(make_survey(org)),
        form_data=_round_data,
        api_data=_round_data,
        view_roles=READERS,
        add_roles=MANAGERS,
        foreign_key="survey",
        extra={"foreign_make": lambda org: make_survey(org), "export_value": lambda o: o.name},
    )


def _feed_data(world):
    return {"kpi": make_kpi(world.org).pk, "metric": "complaints", "is_active": True}


class TestKpiFeed(ResourceTests):
    resource = Resource(
        model=KpiFeed,
        url="customers:kpifeed",
        api="kpifeed",
        make=lambda org: _make_feed(org),
        form_data=_feed_data,
        api_data=_feed_data,
        edit_field="metric",
        view_roles=READERS,
        add_roles=MANAGERS,
        foreign_key="kpi",
        extra={"foreign_make": lambda org: make_kpi(org), "export_value": lambda o: o.kpi.number},
    )


def _make_feed(org):
    from pdca.customers import services

    return services.feed_create(org=org, data={"kpi": make_kpi(org), "metric": "nps"}, by=None)
