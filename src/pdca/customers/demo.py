"""Demo data for Harrow Precision Engineering (core/demo.py calls load_demo): 14 customers of a machine
shop, a year of feedback of every kind (complaints in every step, a late response, a
warranty claim, compliments, suggestions; some overdue), the customer survey sent every quarter with an NPS climbing
from about +7 to about +40 as the complaint actions bite, a round open now, and two KPIs fed from it.
Loading twice changes nothing."""

import datetime
import random
from decimal import Decimal

from django.utils import timezone

from pdca.core import trail
from pdca.customers import services
from pdca.customers.models import Answer, Customer, Feedback, KpiFeed, Survey, SurveyResponse

CUSTOMERS = [
    # name, sector, contact, account owner
    ("Northern Aero Structures Ltd", "Aerospace", "Sarah Whitfield", "Olivia Grant"),
    ("Calder Valve Company", "Oil and gas", "Tom Ridley", "Ben Ashworth"),
    ("Pennine Rail Systems", "Rail", "Aled Morgan", "Olivia Grant"),
    ("Humber Marine Engineering", "Marine", "Kirsty Dale", "Ben Ashworth"),
    ("Airedale Medical Devices", "Medical", "Dr Priya Nair", "Olivia Grant"),
    ("Castleford Hydraulics", "Industrial", "Steve Lumb", "Ben Ashworth"),
    ("Wharfe Motorsport", "Automotive", "Jess Clarke", "Olivia Grant"),
    ("Don Valley Pumps", "Industrial", "Raj Patel", "Ben Ashworth"),
    ("Ryedale Agricultural Machinery", "Agriculture", "Hugh Bellamy", "Ben Ashworth"),
    ("Trent Power Generation", "Energy", "Maria Kowalska", "Olivia Grant"),
    ("Swale Packaging Machines", "Packaging", "Gareth Lloyd", "Ben Ashworth"),
    ("Nidd Robotics", "Automation", "Amira Haddad", "Olivia Grant"),
    ("Aire Defence Systems", "Defence", "Colin Baxter", "Olivia Grant"),
    ("Holme Valley Instruments", "Instrumentation", "Fiona Sykes", "Ben Ashworth"),
]

# customer index, kind, days ago, channel, title, steps reached, reference
FEEDBACK = [
    (0, "complaint", 340, "email", "Bore diameter oversize on 40 brackets", "closed", "PO 45102"),
    (2, "complaint", 300, "phone", "Delivery two weeks late, line stopped", "closed", "PO 88120"),
    (4, "complaint", 260, "email", "Burrs left on cross-holes of valve bodies", "closed", "Batch 2231"),
    (1, "warranty_claim", 220, "letter", "Cracked flange after 3 months in service", "closed", "SN 10442"),
    (6, "compliment", 200, "meeting", "Race season parts delivered in 4 days", "closed", ""),
    (3, "complaint", 170, "email", "Wrong anodising colour (black, not clear)", "closed", "PO 51007"),
    (9, "suggestion", 150, "meeting", "Send inspection reports with the delivery note", "closed", ""),
    (5, "complaint", 120, "phone", "Certificates of conformity missing from the box", "response_sent", "PO 70331"),
    (0, "compliment", 100, "email", "First-article inspection report praised by their auditor", "closed", ""),
    (7, "complaint", 75, "email", "Thread gauge fails on 6 of 200 pump shafts", "investigating", "PO 33019"),
    (11, "suggestion", 60, "website", "Offer a customer portal for order status", "received", ""),
    (12, "complaint", 40, "email", "Surface finish Ra above drawing limit", "investigating", "PO 90114"),
    (8, "complaint", 20, "phone", "Parts packed loose, two damaged in transit", "acknowledged", "PO 12877"),
    (13, "compliment", 12, "email", "Quick turnaround of a rush prototype", "received", ""),
    (10, "complaint", 6, "email", "Drawing revision C used instead of D", "received", "PO 61230"),
    (2, "warranty_claim", 3, "letter", "Bearing housing worn after 8 months", "received", "SN 20871"),
]
STEPS = ["received", "acknowledged", "investigating", "response_sent", "closed"]

SURVEY_TITLE = "Customer satisfaction survey"
QUESTIONS = [
    ("How likely are you to recommend Harrow Precision to a colleague?", "nps", False),
    ("How satisfied are you with the quality of our parts?", "scale", True),
    ("How satisfied are you with our delivery performance?", "scale", True),
    ("How satisfied are you with our communication and paperwork?", "scale", False),
    ("What is the one thing we should improve?", "text", False),
]
# Quarterly rounds over the last year: name, days ago, (promoters, passives, detractors) of the answers.
ROUNDS = [
    ("Q1 survey", 365, (4, 5, 3)),
    ("Q2 survey", 274, (5, 4, 3)),
    ("Q3 survey", 183, (6, 4, 2)),
    ("Q4 survey", 92, (7, 4, 1)),
]
CURRENT = ("Spring survey (open)", 8, (3, 2, 1))
COMMENTS = [
    "Paperwork with every delivery, please.",
    "Quotes take too long to come back.",
    "Better packaging for finished bores.",
    "Keep the same contact person for our account.",
    "Tell us earlier when a delivery will slip.",
    "Nothing major: keep it up.",
    "Offer an order status portal.",
    "",
]


def load_demo(org, people) -> None:
    with trail.acting(None, source="demo"):
        customers = _customers(org, people)
        _feedback(org, people, customers)
        survey = _survey(org)
        _rounds(org, survey, customers)
        _kpis(org, people, survey)


def _customers(org, people) -> list[Customer]:
    existing = {c.name: c for c in Customer.objects.for_org(org)}
    result = []
    for name, sector, contact, owner in CUSTOMERS:
        customer = existing.get(name)
        if customer is None:
            email = contact.split()[-1].lower() + "@" + name.split()[0].lower() + ".example"
            data = {
                "name": name,
                "sector": sector,
                "contact_name": contact,
                "contact_email": email,
                "account_owner": people.get(owner),
            }
            customer = services.customer_create(org=org, data=data, by=None)
        result.append(customer)
    return result


def _feedback(org, people, customers) -> None:
    existing = set(Feedback.objects.for_org(org).values_list("title", flat=True))
    today = timezone.localdate()
    owner = people.get("Hannah Price") or people["quality"]
    for index, kind, days, channel, title, reached, reference in FEEDBACK:
        if title in existing:
            continue
        data = {
            "customer": customers[index],
            "kind": kind,
            "title": title,
            "description": f"{customers[index].contact_name}: {title.lower()}.",
            "received_on": today - datetime.timedelta(days=days),
            "channel": channel,
            "reference": reference,
            "owner": people["quality"] if kind in ("complaint", "warranty_claim") and days > 100 else owner,
        }
        feedback = services.feedback_create(org=org, data=data, by=None)
        _walk(feedback, reached, days)


def _walk(feedback, reached: str, days: int) -> None:
    """Move the feedback to `reached`, with dates as they happened (a late response on the oldest one)."""
    if feedback.kind in ("compliment", "suggestion"):
        if reached == "closed":
            services.feedback_transition(feedback, status="closed", by=None, reason="Shared with the team.")
        return
    texts = {
        "investigating": "Containment: stock checked, 100 % inspection of open orders. Root cause under review.",
        "response_sent": "Replacement parts sent; cause found and corrected; 8D report attached.",
    }
    target = STEPS.index(reached)
    for step in STEPS[1 : target + 1]:
        services.feedback_transition(feedback, status=step, by=None, text=texts.get(step, ""))
    received = feedback.received_on
    dates = {
        "acknowledged_on": received + datetime.timedelta(days=1) if target >= 1 else None,
        "responded_on": received + datetime.timedelta(days=20 if days > 330 else 9) if target >= 3 else None,
        "closed_on": received + datetime.timedelta(days=30) if target >= 4 else None,
    }
    Feedback.objects.filter(pk=feedback.pk).update(**dates)  # the steps' real dates (demo history)


def _survey(org) -> Survey:
    survey = Survey.objects.for_org(org).filter(title=SURVEY_TITLE).first()
    if survey is not None:
        return survey
    intro = (
        "Thank you for working with Harrow Precision Engineering. Five short questions help us see where we "
        "serve you well and where we must do better. It takes about three minutes."
    )
    survey = services.survey_create(org=org, data={"title": SURVEY_TITLE, "introduction": intro}, by=None)
    for order, (text, kind, csat) in enumerate(QUESTIONS, start=1):
        data = {
            "survey": survey,
            "order": order,
            "text": text,
            "kind": kind,
            "is_csat": csat,
            "required": kind != "text",
        }
        services.question_create(org=org, data=data, by=None)
    services.survey_transition(survey, status="open", by=None)
    return survey


def _rounds(org, survey, customers) -> None:
    if survey.rounds.exists():
        return
    today = timezone.localdate()
    questions = list(survey.questions.order_by("order"))
    rng = random.Random(6)  # noqa: S311 - demo data, not security
    for number, (name, days, mix) in enumerate([*ROUNDS, CURRENT]):
        sent = today - datetime.timedelta(days=days)
        closes = sent + datetime.timedelta(days=30)
        survey_round = services.round_create(
            org=org, data={"survey": survey, "name": name, "sent_on": sent, "closes_on": max(closes, today)}, by=None
        )
        invitations = services.round_invite(survey_round, customers=customers, by=None, send_email=False)
        scores = _nps_scores(mix, rng)
        for (invitation, token), nps in zip(invitations, scores, strict=False):
            quality = 5 if nps >= 9 else 4 if nps >= 7 else rng.choice((2, 3))
            values = {
                f"q{questions[0].pk}": nps,
                f"q{questions[1].pk}": min(5, quality + (1 if number >= 3 and quality < 5 else 0)),
                f"q{questions[2].pk}": max(1, quality - (1 if number < 2 else 0)),
                f"q{questions[3].pk}": rng.choice((3, 4, 4, 5)),
                f"q{questions[4].pk}": rng.choice(COMMENTS),
            }
            response = services.response_submit(token=token, answers=values)
            day = sent + datetime.timedelta(days=rng.randint(1, min(days, 20)))
            when = timezone.make_aware(datetime.datetime.combine(day, datetime.time(10)))
            SurveyResponse.objects.filter(pk=response.pk).update(submitted_at=when)
            Answer.objects.filter(response=response).update(answered_on=day)
            invitation.__class__.objects.filter(pk=invitation.pk).update(answered_at=when)
        if closes < today:
            survey_round.invitations.update(expires_on=closes)
            survey_round.__class__.objects.filter(pk=survey_round.pk).update(closes_on=closes)


def _nps_scores(mix, rng) -> list[int]:
    promoters, passives, detractors = mix
    scores = [rng.choice((9, 10, 10)) for _i in range(promoters)]
    scores += [rng.choice((7, 8)) for _i in range(passives)]
    scores += [rng.choice((3, 5, 6, 6)) for _i in range(detractors)]
    rng.shuffle(scores)
    return scores


def _kpis(org, people, survey) -> None:
    from pdca.objectives import services as objectives
    from pdca.objectives.models import KPI

    wanted = [
        ("Net promoter score (customer survey)", "quarterly", "higher", "30", "30", "15", "", "nps"),
        ("Customer complaints received", "monthly", "lower", "2", "2", "3", "complaints", "complaints"),
    ]
    for name, frequency, direction, target, green, amber, unit, metric in wanted:
        kpi = KPI.objects.for_org(org).filter(name=name).first()
        if kpi is None:
            data = {
                "name": name,
                "owner": people["quality"],
                "frequency": frequency,
                "direction": direction,
                "target": Decimal(target),
                "green": Decimal(green),
                "amber": Decimal(amber),
                "unit": unit,
                "data_source": "pdca customers: fed automatically",
            }
            kpi = objectives.kpi_create(org=org, data=data, by=None)
        if not KpiFeed.objects.filter(kpi=kpi).exists():
            services.feed_create(
                org=org, data={"kpi": kpi, "metric": metric, "survey": survey if metric == "nps" else None}, by=None
            )
