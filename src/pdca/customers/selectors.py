"""Reads shared by the customer pages, API, KPI feeds and reports: NPS and CSAT, survey results with
grouped counts (never the answer rows into Python), and the lists' columns."""

import datetime
from dataclasses import dataclass, field

from django.db.models import Count, F, Q
from django.utils import timezone

from pdca.customers.choices import SCALES, WORKFLOW_KINDS, Metric, QuestionKind
from pdca.customers.models import Answer, Customer, Feedback, Survey

PROMOTER, DETRACTOR = 9, 6  # 9–10 promote, 0–6 detract, 7–8 are passive


def nps(promoters: int, detractors: int, total: int) -> float | None:
    """Net promoter score: % promoters (9–10) minus % detractors (0–6), −100 … +100, one decimal."""
    if not total:
        return None
    return round(100 * (promoters - detractors) / total, 1)


def csat(satisfied: int, total: int) -> float | None:
    """Customer satisfaction: % of the answers to CSAT questions that are 4 or 5 (of 5), one decimal."""
    if not total:
        return None
    return round(100 * satisfied / total, 1)


def nps_of(counts: dict[int, int]) -> float | None:
    """NPS from {score: how many}."""
    total = sum(counts.values())
    promoters = sum(n for s, n in counts.items() if s >= PROMOTER)
    detractors = sum(n for s, n in counts.items() if s <= DETRACTOR)
    return nps(promoters, detractors, total)


def csat_of(counts: dict[int, int]) -> float | None:
    return csat(sum(n for s, n in counts.items() if s >= 4), sum(counts.values()))


# --- lists

CUSTOMER_FIELDS = ("number", "name", "sector", "contact_name", "account_owner__name", "is_active")
FEEDBACK_FIELDS = (
    "number",
    "title",
    "kind",
    "customer__name",
    "customer__number",
    "received_on",
    "owner__name",
    "status",
    "next_due",
)


def customers_for_table(org):
    return Customer.objects.for_org(org).select_related("account_owner").only(*CUSTOMER_FIELDS)


def feedback_for_table(org):
    return Feedback.objects.for_org(org).select_related("customer", "owner").only(*FEEDBACK_FIELDS)


def feedback_of(customer: Customer, limit: int = 25) -> list[Feedback]:
    return list(customer.feedback.select_related("owner").order_by("-received_on", "-id")[:limit])


def recommendations_of(customer: Customer, limit: int = 12) -> list[Answer]:
    """The customer's answers to the 0–10 recommendation question, newest first, with their rounds (one query)."""
    return list(
        Answer.objects.filter(
            organisation_id=customer.organisation_id, response__customer=customer, kind=QuestionKind.NPS
        )
        .select_related("round__survey")
        .order_by("-answered_on", "-id")[:limit]
    )


def complaint_counts(org) -> dict:
    """Open and overdue complaints and warranty claims (two indexed counts)."""
    today = timezone.localdate()
    base = Feedback.objects.filter(organisation=org)
    return {
        "open": base.filter(next_due__isnull=False).count(),
        "overdue": base.filter(next_due__lt=today).count(),
    }


# --- survey results


@dataclass
class QuestionResult:
    question: object
    counts: dict = field(default_factory=dict)  # score → how many, every score of the scale present

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    @property
    def average(self) -> float | None:
        total = self.total
        return round(sum(s * n for s, n in self.counts.items()) / total, 2) if total else None

    @property
    def nps(self):
        return nps_of(self.counts) if self.question.kind == QuestionKind.NPS else None

    @property
    def csat(self):
        return csat_of(self.counts) if self.question.is_csat else None


@dataclass
class RoundResult:
    round: object
    nps: float | None
    csat: float | None
    responses: int

    @property
    def response_rate(self):
        return self.round.response_rate


@dataclass
class Results:
    survey: Survey
    rounds: list
    selected: object  # the round shown, or None for all rounds
    questions: list[QuestionResult]
    trend: list[RoundResult]
    nps: float | None
    csat: float | None
    nps_answers: int
    invited: int
    answered: int

    @property
    def response_rate(self):
        return round(100 * self.answered / self.invited) if self.invited else None


def survey_results(survey: Survey, round_id: int | None = None) -> Results:
    """NPS, CSAT, each question's distribution and the trend over rounds, from one GROUP BY over the
    answers' (survey, round, question, score) index plus the questions and the rounds (three queries)."""
    questions = list(survey.questions.order_by("order", "id"))
    rounds = list(survey.rounds.order_by("sent_on", "id"))
    selected = next((r for r in rounds if r.pk == round_id), None)
    rows = (
        Answer.objects.filter(survey=survey, score__isnull=False)
        .order_by()
        .values_list("round_id", "question_id", "score")
        .annotate(n=Count("*"))
    )
    by_question = {q.pk: QuestionResult(q, {s: 0 for s in SCALES.get(q.kind, ())}) for q in questions}
    kinds = {q.pk: q for q in questions}
    per_round: dict[int, tuple[dict, dict]] = {r.pk: ({}, {}) for r in rounds}
    for round_pk, question_pk, score, n in rows:
        question = kinds.get(question_pk)
        if question is None:
            continue
        if selected is None or round_pk == selected.pk:
            counts = by_question[question_pk].counts
            counts[score] = counts.get(score, 0) + n
        nps_counts, csat_counts = per_round.setdefault(round_pk, ({}, {}))
        if question.kind == QuestionKind.NPS:
            nps_counts[score] = nps_counts.get(score, 0) + n
        elif question.is_csat:
            csat_counts[score] = csat_counts.get(score, 0) + n
    trend = [RoundResult(r, nps_of(per_round[r.pk][0]), csat_of(per_round[r.pk][1]), r.answered) for r in rounds]
    all_nps, all_csat = _merge(by_question, QuestionKind.NPS), _merge(by_question, "csat")
    scope = [selected] if selected else rounds
    return Results(
        survey=survey,
        rounds=rounds,
        selected=selected,
        questions=list(by_question.values()),
        trend=trend,
        nps=nps_of(all_nps),
        csat=csat_of(all_csat),
        nps_answers=sum(all_nps.values()),
        invited=sum(r.invited for r in scope),
        answered=sum(r.answered for r in scope),
    )


def _merge(by_question: dict, what) -> dict:
    merged: dict[int, int] = {}
    for result in by_question.values():
        question = result.question
        if (what == "csat" and question.is_csat) or (what != "csat" and question.kind == what):
            for score, n in result.counts.items():
                merged[score] = merged.get(score, 0) + n
    return merged


def comments(survey: Survey, round_id: int | None = None):
    """The free-text answers, newest first, with the customer who wrote them (for a paginator)."""
    queryset = Answer.objects.filter(survey=survey, kind=QuestionKind.TEXT).exclude(text="")
    if round_id:
        queryset = queryset.filter(round_id=round_id)
    return (
        queryset.select_related("response__customer", "question")
        .only("text", "answered_on", "question__text", "response__customer__name", "response__customer__number")
        .order_by("-id")
    )


# --- KPI feeds: a metric's value per KPI period


def _range(kpi, periods) -> tuple:
    from pdca.objectives.status import shift_period

    if periods is None:
        return None, None
    if not periods:
        return datetime.date.max, datetime.date.min
    return min(periods), shift_period(max(periods), kpi.frequency, 1)


def _dated(queryset, day_field: str, low, high):
    if low is not None:
        queryset = queryset.filter(**{f"{day_field}__gte": low, f"{day_field}__lt": high})
    return queryset


def metric_by_period(feed, periods=None) -> dict:
    """{period start: value} of the feed's metric for the given KPI periods (all with data when None).
    Grouped by day in the database (a year is at most 365 × 11 rows), summed per period here."""
    from pdca.objectives.status import period_start

    kpi, org_id = feed.kpi, feed.organisation_id
    low, high = _range(kpi, periods)
    buckets: dict = {p: {} for p in periods or ()}

    def add(day, key, n):
        bucket = buckets.setdefault(period_start(day, kpi.frequency), {})
        bucket[key] = bucket.get(key, 0) + n

    if feed.metric in (Metric.NPS, Metric.CSAT):
        answers = Answer.objects.filter(organisation_id=org_id, score__isnull=False)
        answers = (
            answers.filter(kind=QuestionKind.NPS)
            if feed.metric == Metric.NPS
            else answers.filter(kind=QuestionKind.SCALE, is_csat=True)
        )
        if feed.survey_id:
            answers = answers.filter(survey_id=feed.survey_id)
        rows = _dated(answers, "answered_on", low, high).order_by().values_list("answered_on", "score")
        for day, score, n in rows.annotate(n=Count("*")):
            add(day, score, n)
        of = nps_of if feed.metric == Metric.NPS else csat_of
        return {p: _decimal(of(counts)) for p, counts in buckets.items()}
    complaints = Feedback.objects.filter(organisation_id=org_id, kind__in=WORKFLOW_KINDS)
    if feed.metric == Metric.COMPLAINTS:
        rows = _dated(complaints, "received_on", low, high).order_by().values_list("received_on")
        for day, n in rows.annotate(n=Count("*")):
            add(day, "n", n)
        return {p: _decimal(counts.get("n", 0)) for p, counts in buckets.items()}
    answered = _dated(complaints.filter(responded_on__isnull=False), "responded_on", low, high)
    rows = (
        answered.order_by()
        .values_list("responded_on")
        .annotate(n=Count("*"), late=Count("*", filter=Q(responded_on__gt=F("respond_due"))))
    )
    for day, n, late in rows:
        add(day, "n", n)
        add(day, "late", late)
    return {p: _decimal(round(100 * c.get("late", 0) / c["n"], 1) if c.get("n") else None) for p, c in buckets.items()}


def _decimal(value):
    from decimal import Decimal

    return None if value is None else Decimal(str(value)).quantize(Decimal("0.0001"))
