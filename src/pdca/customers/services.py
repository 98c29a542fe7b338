"""Customer services: the customer list, feedback with the complaint workflow and its due dates, surveys
(questions, rounds, invitations with hashed tokens, the public answer), and KPI feeds into objectives.

Every write is atomic, permission-checked (`by=None` is the system: the CLI, the demo, the public answer)
and in the trail; workflow moves go through `trail.save_transition` with their reason.
"""

import datetime
import hashlib
import secrets

from django.db import IntegrityError, models, transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from pdca.core import search, trail
from pdca.core import services as core
from pdca.core.exceptions import TransitionNotAllowed, ValidationFailed
from pdca.core.models import Organisation
from pdca.core.notifications import queue_email
from pdca.core.numbering import claim_number, next_number
from pdca.core.services import full_clean, require
from pdca.customers.choices import (
    CUSTOMER_PREFIX,
    FEEDBACK_PREFIX,
    FEEDBACK_TRANSITIONS,
    SCALES,
    SIMPLE_TRANSITIONS,
    SURVEY_TRANSITIONS,
    WORKFLOW_KINDS,
    FeedbackStatus,
    Metric,
    QuestionKind,
    SurveyStatus,
)
from pdca.customers.models import (
    Answer,
    Customer,
    CustomerSettings,
    Feedback,
    Invitation,
    KpiFeed,
    Survey,
    SurveyAttempt,
    SurveyQuestion,
    SurveyResponse,
    SurveyRound,
)

FEEDBACK_CLAUSES = ["hs.operation.requirements.communication.feedback_complaints"]
SURVEY_CLAUSES = ["hs.evaluation.monitoring.customer_satisfaction.methods"]
DUE_KIND = "complaint"


def _derived_update(queryset, **values) -> int:
    """Store counters and timestamps kept by the services: not a user's change, so no version bump (an
    open edit form stays valid) and no trail entry (the rows they count are in the trail)."""
    return models.QuerySet.update(queryset, **values)


# --- settings


def settings_for(org: Organisation) -> CustomerSettings:
    """The organisation's settings row, made with the defaults on first use."""
    found = CustomerSettings.objects.filter(organisation=org).first()
    if found is None:
        try:
            with transaction.atomic():
                found = CustomerSettings.objects.create(organisation=org)
        except IntegrityError:  # another request made it first
            found = CustomerSettings.objects.get(organisation=org)
    found.organisation = org
    return found


@transaction.atomic
def settings_update(settings: CustomerSettings, *, data: dict, by, version: int | None = None) -> CustomerSettings:
    """Change the handling times; open complaints keep the due dates they were given."""
    return core.object_update(settings, data=data, by=by, version=version)


# --- customers


@transaction.atomic
def customer_create(model=Customer, *, org: Organisation, data: dict, by, number: str | None = None) -> Customer:
    """A customer, numbered CUS-nnnn (or keeping an imported number)."""
    require(by, "add", Customer, org)
    core.check_same_org(org, data)
    customer = Customer(organisation=org, **data)
    full_clean(customer, exclude=["number"])
    if number and Customer.objects.filter(organisation=org, number=number.strip()).exists():
        raise ValidationFailed({"number": [_("%(n)s is already a customer.") % {"n": number.strip()}]})
    customer.number = claim_number(org, CUSTOMER_PREFIX, number) if number else next_number(org, CUSTOMER_PREFIX)
    with trail.acting(by):
        customer.save()
    search.index_many([_customer_doc(customer)])
    return customer


@transaction.atomic
def customer_update(customer: Customer, *, data: dict, by, version: int | None = None) -> Customer:
    core.object_update(customer, data=data, by=by, version=version)
    search.index_many([_customer_doc(customer)])
    return customer


@transaction.atomic
def customer_delete(customer: Customer, *, by, reason: str = "") -> None:
    """Delete a customer entered in error; one with feedback or survey answers is made inactive instead."""
    require(by, "delete", customer, customer)
    if customer.feedback.exists() or customer.invitations.exists():
        raise ValidationFailed(
            _("%(c)s has feedback or survey invitations: mark it inactive instead of deleting it.") % {"c": customer}
        )
    core.object_delete(customer, by=by, reason=reason)


def _customer_doc(customer: Customer) -> search.Doc:
    body = "\n".join(t for t in (customer.sector, customer.contact_name, customer.notes) if t)
    return search.Doc(customer, title=str(customer), body=body, kind="customer")


# --- feedback


def _is_workflow(kind: str) -> bool:
    return kind in WORKFLOW_KINDS


def _set_due_dates(feedback: Feedback) -> None:
    """Due dates from the settings for complaints and warranty claims; the step due now in `next_due`."""
    if not _is_workflow(feedback.kind) or feedback.received_on is None:
        feedback.acknowledge_due = feedback.respond_due = feedback.next_due = None
        return
    settings = settings_for(feedback.organisation)
    feedback.acknowledge_due = feedback.received_on + datetime.timedelta(days=settings.acknowledge_days)
    feedback.respond_due = feedback.received_on + datetime.timedelta(days=settings.respond_days)
    _set_next_due(feedback)


def _set_next_due(feedback: Feedback) -> None:
    if not _is_workflow(feedback.kind):
        feedback.next_due = None
    elif feedback.status == FeedbackStatus.RECEIVED:
        feedback.next_due = feedback.acknowledge_due
    elif feedback.status in (FeedbackStatus.ACKNOWLEDGED, FeedbackStatus.INVESTIGATING):
        feedback.next_due = feedback.respond_due
    else:
        feedback.next_due = None


def _check_feedback(feedback: Feedback) -> None:
    full_clean(feedback, exclude=["number"])
    if feedback.received_on > timezone.localdate():
        raise ValidationFailed({"received_on": [_("Feedback is logged when it has arrived: not a future date.")]})


@transaction.atomic
def feedback_create(
    model=Feedback, *, org: Organisation, data: dict, by, clauses=None, number: str | None = None
) -> Feedback:
    """Log feedback (FB-nnnn); a complaint or warranty claim gets its due dates from the settings."""
    require(by, "add", Feedback, org)
    core.check_same_org(org, data)
    feedback = Feedback(organisation=org, **data)
    if feedback.owner_id is None and by is not None:
        feedback.owner = core.person_for_user(org, by)
    _check_feedback(feedback)
    _set_due_dates(feedback)
    feedback.number = claim_number(org, FEEDBACK_PREFIX, number) if number else next_number(org, FEEDBACK_PREFIX)
    with trail.acting(by):
        feedback.save()
        core.clause_tags_set(target=feedback, keys=FEEDBACK_CLAUSES if clauses is None else clauses, by=None)
    _after_feedback(feedback, {feedback.received_on})
    return feedback


@transaction.atomic
def feedback_update(feedback: Feedback, *, data: dict, by, version: int | None = None) -> Feedback:
    """Change what was logged; the due dates follow the received date and kind."""
    require(by, "change", feedback, feedback)
    core.check_same_org(feedback.organisation, data)
    old_day = feedback.received_on
    if version is not None:
        feedback.version = version
    for name, value in data.items():
        setattr(feedback, name, value)
    if feedback.status not in (FeedbackStatus.RECEIVED, FeedbackStatus.CLOSED) and not _is_workflow(feedback.kind):
        raise ValidationFailed({"kind": [_("Feedback in the complaint workflow cannot become another kind.")]})
    _check_feedback(feedback)
    _set_due_dates(feedback)
    with trail.acting(by):
        feedback.save()
    _after_feedback(feedback, {old_day, feedback.received_on})
    return feedback


@transaction.atomic
def feedback_transition(feedback: Feedback, *, status: str, by, reason: str = "", text: str = "") -> Feedback:
    """Move feedback along its workflow. Sending the response records it (`text`, or the response already
    written); closing a complaint needs the response sent first; reopening needs a reason."""
    require(by, "change", feedback, feedback)
    allowed = FEEDBACK_TRANSITIONS if _is_workflow(feedback.kind) else SIMPLE_TRANSITIONS
    if status not in allowed.get(feedback.status, set()):
        raise TransitionNotAllowed(
            _("Feedback that is %(old)s cannot become %(new)s.")
            % {"old": feedback.get_status_display().lower(), "new": FeedbackStatus(status).label.lower()},
            field="status",
        )
    today = timezone.localdate()
    if status == FeedbackStatus.RESPONSE_SENT:
        if text.strip():
            feedback.response = text.strip()
        if not feedback.response.strip():
            raise ValidationFailed({"response": [_("Record the response sent to the customer.")]})
        feedback.responded_on = today
    if status == FeedbackStatus.ACKNOWLEDGED:
        feedback.acknowledged_on = today
    if status == FeedbackStatus.INVESTIGATING and text.strip():
        feedback.investigation = text.strip()
    reopening = feedback.status in (FeedbackStatus.CLOSED, FeedbackStatus.RESPONSE_SENT) and status in (
        FeedbackStatus.INVESTIGATING,
        FeedbackStatus.RECEIVED,
    )
    if reopening and not reason.strip():
        raise ValidationFailed({"reason": [_("Say why it is reopened (e.g. the customer was not satisfied).")]})
    if status == FeedbackStatus.CLOSED:
        feedback.closed_on = today
        if reason.strip() and not _is_workflow(feedback.kind) and not feedback.response:
            feedback.response = reason.strip()
    elif reopening:
        feedback.closed_on = None
    old = feedback.status
    feedback.status = status
    _set_next_due(feedback)
    with trail.acting(by, reason=reason):
        trail.save_transition(feedback, field="status", old=old, reason=reason)
    _after_feedback(feedback, {feedback.received_on})
    return feedback


@transaction.atomic
def feedback_delete(feedback: Feedback, *, by, reason: str = "") -> None:
    """Delete feedback logged in error (quality managers); the owner's due item goes with it."""
    require(by, "delete", feedback, feedback)
    day, org = feedback.received_on, feedback.organisation
    core.due_item_sync(feedback, person=None, kind=DUE_KIND, title="", due_date=None, is_open=False, url="")
    core.object_delete(feedback, by=by, reason=reason)
    feeds_refresh(org, metrics=(Metric.COMPLAINTS, Metric.COMPLAINTS_OVERDUE), days={day})


def _after_feedback(feedback: Feedback, days) -> None:
    _sync_due(feedback)
    search.index_many([_feedback_doc(feedback)])
    feeds_refresh(feedback.organisation, metrics=(Metric.COMPLAINTS, Metric.COMPLAINTS_OVERDUE), days=days)


def _sync_due(feedback: Feedback) -> None:
    """The owner's "my work" shows the complaint's next step while one is due."""
    due = feedback.next_due is not None
    step = _("Acknowledge") if feedback.status == FeedbackStatus.RECEIVED else _("Respond to")
    core.due_item_sync(
        feedback,
        person=feedback.owner if due else None,
        kind=DUE_KIND,
        title=f"{step} {feedback}",
        due_date=feedback.next_due,
        is_open=due,
        url=feedback.get_absolute_url(),
    )


def _feedback_doc(feedback: Feedback) -> search.Doc:
    body = "\n".join(t for t in (feedback.description, feedback.investigation, feedback.response) if t)
    return search.Doc(feedback, title=str(feedback), body=body, kind="feedback")


def customers_reindex(org: Organisation) -> int:
    customers = Customer.objects.for_org(org).order_by("pk").iterator(chunk_size=2000)
    return search.index_many(_customer_doc(_in(c, org)) for c in customers)


def feedback_reindex(org: Organisation) -> int:
    rows = Feedback.objects.for_org(org).order_by("pk").iterator(chunk_size=2000)
    return search.index_many(_feedback_doc(_in(f, org)) for f in rows)


def _in(obj, org):
    obj.organisation = org
    return obj


# --- surveys and questions


def _has_answers(survey: Survey) -> bool:
    return SurveyResponse.objects.filter(survey=survey).exists()


@transaction.atomic
def survey_create(model=Survey, *, org: Organisation, data: dict, by) -> Survey:
    """A draft survey, tagged with 9.1.2's methods requirement."""
    survey = core.object_create(Survey, org=org, data=data, by=by)
    core.clause_tags_set(target=survey, keys=SURVEY_CLAUSES, by=None)
    return survey


@transaction.atomic
def survey_update(survey: Survey, *, data: dict, by, version: int | None = None) -> Survey:
    return core.object_update(survey, data=data, by=by, version=version)


@transaction.atomic
def survey_delete(survey: Survey, *, by, reason: str = "") -> None:
    """Delete a survey never sent; one with rounds is closed instead, so its results stay."""
    require(by, "delete", survey, survey)
    if survey.rounds.exists():
        raise ValidationFailed(_("%(s)s has been sent: close it instead of deleting it.") % {"s": survey})
    core.object_delete(survey, by=by, reason=reason)


@transaction.atomic
def survey_transition(survey: Survey, *, status: str, by, reason: str = "") -> Survey:
    """Open a survey (it needs a question), close it (every link stops working) or reopen it."""
    require(by, "change", survey, survey)
    if status not in SURVEY_TRANSITIONS.get(survey.status, set()):
        raise TransitionNotAllowed(
            _("A survey that is %(old)s cannot become %(new)s.")
            % {"old": survey.get_status_display().lower(), "new": SurveyStatus(status).label.lower()},
            field="status",
        )
    if status == SurveyStatus.OPEN and not survey.questions.exists():
        raise ValidationFailed({"status": [_("Add at least one question before opening the survey.")]})
    old = survey.status
    survey.status = status
    with trail.acting(by, reason=reason):
        trail.save_transition(survey, field="status", old=old, reason=reason)
    return survey


def _check_question_change(survey: Survey) -> None:
    if _has_answers(survey):
        raise ValidationFailed(
            {"survey": [_("%(s)s already has answers: its questions cannot change (copy the survey).") % {"s": survey}]}
        )


@transaction.atomic
def question_create(model=SurveyQuestion, *, org: Organisation, data: dict, by) -> SurveyQuestion:
    survey = data.get("survey")
    if survey is not None and survey.organisation_id == org.pk:
        _check_question_change(survey)
    if data.get("kind") != QuestionKind.SCALE:
        data = {**data, "is_csat": False} if data.get("is_csat") is None else data
    return core.object_create(SurveyQuestion, org=org, data=data, by=by)


@transaction.atomic
def question_update(question: SurveyQuestion, *, data: dict, by, version: int | None = None) -> SurveyQuestion:
    require(by, "change", question, question)
    _check_question_change(question.survey)
    if "survey" in data and data["survey"] != question.survey:
        _check_question_change(data["survey"])
    return core.object_update(question, data=data, by=by, version=version)


@transaction.atomic
def question_delete(question: SurveyQuestion, *, by, reason: str = "") -> None:
    require(by, "delete", question, question)
    _check_question_change(question.survey)
    core.object_delete(question, by=by, reason=reason)


# --- rounds and invitations


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def survey_link(token: str) -> str:
    return reverse("survey_answer", kwargs={"token": token})


@transaction.atomic
def round_create(model=SurveyRound, *, org: Organisation, data: dict, by) -> SurveyRound:
    """A round of an open survey; `closes_on` defaults to the settings' link validity after `sent_on`."""
    require(by, "add", SurveyRound, org)
    data = dict(data)
    survey = data.get("survey")
    if survey is not None and survey.status != SurveyStatus.OPEN:
        raise ValidationFailed({"survey": [_("Open the survey before sending a round of it.")]})
    data.setdefault("sent_on", timezone.localdate())
    if not data.get("closes_on") and data.get("sent_on"):
        days = settings_for(org).invitation_days
        data["closes_on"] = data["sent_on"] + datetime.timedelta(days=days)
    return core.object_create(SurveyRound, org=org, data=data, by=by)


@transaction.atomic
def round_update(survey_round: SurveyRound, *, data: dict, by, version: int | None = None) -> SurveyRound:
    """Rename a round or move its expiry; the invitations follow the new expiry."""
    old_survey = survey_round.survey_id
    survey_round = core.object_update(survey_round, data=data, by=by, version=version)
    if survey_round.survey_id != old_survey and survey_round.invited:
        raise ValidationFailed({"survey": [_("Invitations were sent for this round: its survey cannot change.")]})
    survey_round.invitations.update(expires_on=survey_round.closes_on)
    return survey_round


@transaction.atomic
def round_delete(survey_round: SurveyRound, *, by, reason: str = "") -> None:
    require(by, "delete", survey_round, survey_round)
    if survey_round.answered:
        raise ValidationFailed(_("%(r)s has answers: its results are records.") % {"r": survey_round})
    core.object_delete(survey_round, by=by, reason=reason)


@transaction.atomic
def round_invite(survey_round: SurveyRound, *, customers, by, send_email: bool = True) -> list[tuple[Invitation, str]]:
    """Invite each customer (once per round) and return (invitation, token) pairs: the token is shown or
    e-mailed now and never again (only its hash is kept). Customers already invited are skipped."""
    require(by, "change", survey_round, survey_round)
    org = survey_round.organisation
    if survey_round.survey.status != SurveyStatus.OPEN:
        raise ValidationFailed({"survey": [_("The survey is not open.")]})
    if survey_round.closes_on < timezone.localdate():
        raise ValidationFailed({"closes_on": [_("The round's links have expired: move its expiry date first.")]})
    invited = set(survey_round.invitations.values_list("customer_id", flat=True))
    created = []
    with trail.acting(by):
        for customer in customers:
            if customer.organisation_id != org.pk:
                raise ValidationFailed({"customers": [_("Choose customers of this organisation.")]})
            if customer.pk in invited:
                continue
            token = secrets.token_urlsafe(24)
            invitation = Invitation.objects.create(
                organisation=org,
                round=survey_round,
                customer=customer,
                email=customer.contact_email,
                token_hash=hash_token(token),
                expires_on=survey_round.closes_on,
            )
            invited.add(customer.pk)
            created.append((invitation, token))
            if send_email and customer.contact_email:
                _send_invitation(survey_round, customer, token)
    _derived_update(SurveyRound.objects.filter(pk=survey_round.pk), invited=F("invited") + len(created))
    survey_round.invited += len(created)
    return created


def _send_invitation(survey_round: SurveyRound, customer: Customer, token: str) -> None:
    from django.conf import settings

    base = getattr(settings, "SITE_URL", "").rstrip("/")
    body = _(
        "Dear %(name)s,\n\n%(org)s would value your opinion: %(title)s.\n\nAnswer here (no login needed, a few "
        "minutes): %(link)s\n\nThe link works once, until %(until)s.\n"
    ) % {
        "name": customer.contact_name or customer.name,
        "org": survey_round.organisation.name,
        "title": survey_round.survey.title,
        "link": base + survey_link(token),
        "until": survey_round.closes_on.isoformat(),
    }
    queue_email(
        to=[customer.contact_email], subject=survey_round.survey.title, body=body, org=survey_round.organisation
    )


# --- the public answer


def invitation_for_token(token: str, *, lock: bool = False) -> Invitation | None:
    """The invitation a link names, if it can still be answered; None for an unknown, used or expired
    token or a survey no longer open (the page tells all of these apart from nothing)."""
    if not token or len(token) > 100:
        return None
    queryset = Invitation.objects.select_related("round__survey", "organisation")
    if lock:
        queryset = queryset.select_for_update(of=("self",))
    invitation = queryset.filter(token_hash=hash_token(token)).first()
    if invitation is None or invitation.answered_at is not None:
        return None
    if invitation.expires_on < timezone.localdate() or invitation.round.survey.status != SurveyStatus.OPEN:
        return None
    return invitation


class LinkUnusable(ValidationFailed):
    """The link is unknown, used or expired: one neutral message for all three."""


def parse_answers(questions, raw: dict) -> tuple[dict, dict]:
    """Check raw form values {"q<id>": text} against the questions: (values by question id, errors by field)."""
    values, errors = {}, {}
    for question in questions:
        field = f"q{question.pk}"
        text = str(raw.get(field, "") or "").strip()
        if question.kind == QuestionKind.TEXT:
            if len(text) > 5000:
                errors[field] = [_("Please keep the answer under 5,000 characters.")]
            elif question.required and not text:
                errors[field] = [_("Please answer this question.")]
            values[question.pk] = text
            continue
        scale = SCALES[question.kind]
        if not text:
            if question.required:
                errors[field] = [_("Please choose a score.")]
            values[question.pk] = None
            continue
        try:
            score = int(text)
        except ValueError:
            score = None
        if score is None or score not in scale:
            errors[field] = [_("Choose a score from %(low)s to %(high)s.") % {"low": scale[0], "high": scale[-1]}]
        values[question.pk] = score
    return values, errors


@transaction.atomic
def response_submit(*, token: str, answers: dict) -> SurveyResponse:
    """Record the answers of one invitation, once: the invitation is locked, checked and marked answered
    in the same transaction, so two submissions of the same link cannot both count."""
    invitation = invitation_for_token(token, lock=True)
    if invitation is None:
        raise LinkUnusable({"__all__": [_("This survey link cannot be used.")]})
    survey = invitation.round.survey
    questions = list(survey.questions.order_by("order", "id"))
    values, errors = parse_answers(questions, answers)
    if errors:
        raise ValidationFailed(errors)
    now = timezone.now()
    org = invitation.organisation
    with trail.acting(None, source="web"):
        response = SurveyResponse.objects.create(
            organisation=org,
            invitation=invitation,
            survey=survey,
            round=invitation.round,
            customer_id=invitation.customer_id,
            submitted_at=now,
        )
        rows = [
            Answer(
                organisation=org,
                response=response,
                survey=survey,
                round=invitation.round,
                question=q,
                kind=q.kind,
                is_csat=q.is_csat,
                answered_on=timezone.localdate(),
                score=values[q.pk] if q.kind != QuestionKind.TEXT else None,
                text=values[q.pk] if q.kind == QuestionKind.TEXT else "",
            )
            for q in questions
            if values[q.pk] not in (None, "")
        ]
        Answer.objects.bulk_create(rows)
        Invitation.objects.filter(pk=invitation.pk).update(answered_at=now)
        _derived_update(SurveyRound.objects.filter(pk=invitation.round_id), answered=F("answered") + 1)
    feeds_refresh(org, metrics=(Metric.NPS, Metric.CSAT), days={timezone.localdate()})
    return response


# --- the rate limit of the public page (shared by every worker process: it is in the database)

RATE_WINDOW_SECONDS = 600
RATE_LIMIT = 30  # requests per address and window: a customer needs two (open, submit), a few more on errors


def rate_limited(address: str, *, now=None) -> bool:
    """Count this request of `address`; True once it exceeds RATE_LIMIT in the current window."""
    now = now or timezone.now()
    window = int(now.timestamp()) // RATE_WINDOW_SECONDS
    key = hashlib.sha256(f"survey:{address}".encode()).hexdigest()
    with transaction.atomic():
        updated = SurveyAttempt.objects.filter(key=key, window=window).update(count=F("count") + 1)
        if not updated:
            try:
                with transaction.atomic():
                    SurveyAttempt.objects.create(key=key, window=window, count=1)
            except IntegrityError:  # another process made the row meanwhile
                SurveyAttempt.objects.filter(key=key, window=window).update(count=F("count") + 1)
            else:
                SurveyAttempt.objects.filter(window__lt=window - 6).delete()  # an hour of history is plenty
        count = SurveyAttempt.objects.filter(key=key, window=window).values_list("count", flat=True).first() or 0
    return count > RATE_LIMIT


# --- KPI feeds


@transaction.atomic
def feed_create(model=KpiFeed, *, org: Organisation, data: dict, by) -> KpiFeed:
    """Connect a KPI to a customer metric and fill in its measurements from the data there is."""
    feed = core.object_create(KpiFeed, org=org, data=data, by=by)
    feed_refresh(feed)
    return feed


@transaction.atomic
def feed_update(feed: KpiFeed, *, data: dict, by, version: int | None = None) -> KpiFeed:
    feed = core.object_update(feed, data=data, by=by, version=version)
    feed_refresh(feed)
    return feed


@transaction.atomic
def feed_delete(feed: KpiFeed, *, by, reason: str = "") -> None:
    """Disconnect the KPI; the measurements it wrote stay (they are the KPI's history)."""
    core.object_delete(feed, by=by, reason=reason)


def feeds_refresh(org: Organisation, *, metrics=None, days=None) -> int:
    """Refresh the active feeds of `org` (of these metrics) for the KPI periods holding `days` (all periods
    when None); returns how many feeds were refreshed."""
    feeds = KpiFeed.objects.filter(organisation=org, is_active=True).select_related("kpi")
    if metrics is not None:
        feeds = feeds.filter(metric__in=metrics)
    count = 0
    for feed in feeds:
        feed.organisation = org
        feed_refresh(feed, days=days)
        count += 1
    return count


@transaction.atomic
def feed_refresh(feed: KpiFeed, *, days=None) -> None:
    """Write the metric's value of each KPI period (those holding `days`, or all with data) as the KPI's
    measurement through the objectives services: new periods in one bulk push, changed values updated."""
    from pdca.customers import selectors
    from pdca.objectives import services as objectives
    from pdca.objectives.choices import MeasurementSource
    from pdca.objectives.models import Measurement
    from pdca.objectives.status import period_start

    kpi = feed.kpi
    periods = None if days is None else {period_start(d, kpi.frequency) for d in days if d is not None}
    values = selectors.metric_by_period(feed, periods)
    existing = {m.period: m for m in Measurement.objects.filter(kpi=kpi, period__in=list(values))}
    new = []
    note = _("From customer data: %(m)s") % {"m": feed.get_metric_display()}
    with trail.acting(None):
        for period, value in sorted(values.items()):
            if value is None:
                continue
            measurement = existing.get(period)
            if measurement is None:
                new.append({"key": period.isoformat(), "kpi": kpi, "period": period, "value": value, "note": note})
            elif measurement.value != value:
                objectives.measurement_update(measurement, data={"value": value}, by=None)
        if new:
            objectives.measurements_add_many(org=feed.organisation, items=new, by=None, source=MeasurementSource.API)
    feed.refreshed_at = timezone.now()
    _derived_update(KpiFeed.objects.filter(pk=feed.pk), refreshed_at=feed.refreshed_at)
