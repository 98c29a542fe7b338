"""Customers, their feedback and complaints, satisfaction surveys with NPS and CSAT (8.2.1, 9.1.2).

A survey has ordered questions; each send-out is a round, with one invitation per customer contact.
An invitation's token is given to the customer once (the link) and stored only as its SHA-256 hash, so
a database leak does not hand out answer links. One invitation takes one response; a response's answers
repeat its survey, round and question keys so the results page counts them with grouped queries over
one index, without joining.

"Raise a nonconformity from a complaint" hooks in with the NC register (issue #7): it will call an
improvement service with `source=feedback`, as risks raise actions with `core.services.action_create`;
the complaint page gets its button then, not before.
"""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from pdca.core.models import OrgScopedModel
from pdca.customers.choices import (
    Channel,
    FeedbackKind,
    FeedbackStatus,
    Metric,
    QuestionKind,
    SurveyStatus,
)


def _url(name: str, obj) -> str:
    return reverse(f"customers:{name}", kwargs={"org_slug": obj.organisation.slug, "pk": obj.pk})


class CustomerSettings(OrgScopedModel):
    """The organisation's complaint handling times and survey link validity (one row per organisation)."""

    acknowledge_days = models.PositiveSmallIntegerField(
        _("acknowledge complaints within (days)"), default=2, validators=[MinValueValidator(1), MaxValueValidator(90)]
    )
    respond_days = models.PositiveSmallIntegerField(
        _("respond to complaints within (days)"), default=14, validators=[MinValueValidator(1), MaxValueValidator(365)]
    )
    invitation_days = models.PositiveSmallIntegerField(
        _("survey links valid for (days)"), default=30, validators=[MinValueValidator(1), MaxValueValidator(365)]
    )

    class Meta:
        verbose_name = _("customer settings")
        verbose_name_plural = _("customer settings")
        constraints = [models.UniqueConstraint(fields=["organisation"], name="customersettings_one_per_org")]

    def __str__(self) -> str:
        return str(_("Customer settings"))

    def get_absolute_url(self) -> str:
        return reverse("customers:settings", kwargs={"org_slug": self.organisation.slug})


class Customer(OrgScopedModel):
    """A customer (CUS-0001): who they are, who to contact, who in the organisation looks after them."""

    number = models.CharField(_("number"), max_length=30)
    name = models.CharField(_("name"), max_length=200)
    sector = models.CharField(_("sector"), max_length=100, blank=True)
    contact_name = models.CharField(_("contact"), max_length=200, blank=True)
    contact_email = models.EmailField(_("contact e-mail"), blank=True, help_text=_("Survey invitations go here."))
    phone = models.CharField(_("telephone"), max_length=50, blank=True)
    account_owner = models.ForeignKey(
        "core.Person",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="customer_accounts",
        verbose_name=_("account owner"),
    )
    is_active = models.BooleanField(_("active"), default=True)
    notes = models.TextField(_("notes"), blank=True)

    class Meta:
        ordering = ["number"]
        verbose_name = _("customer")
        verbose_name_plural = _("customers")
        constraints = [models.UniqueConstraint(fields=["organisation", "number"], name="customer_unique_number")]
        indexes = [
            models.Index(fields=["organisation", "number"], name="customer_org_number"),
            models.Index(fields=["organisation", "name"], name="customer_org_name"),
            models.Index(fields=["organisation", "is_active", "number"], name="customer_org_active"),
            models.Index(fields=["organisation", "account_owner"], name="customer_org_owner"),
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.name}"

    def get_absolute_url(self) -> str:
        return _url("customer_detail", self)


class Feedback(OrgScopedModel):
    """One piece of customer feedback (FB-0001): a complaint, compliment, suggestion or warranty claim.

    Complaints and warranty claims follow received → acknowledged → investigating → response sent →
    closed with due dates from the settings; `next_due` is the date the current step is due (the
    acknowledgement while received, the response until it is sent), kept by the services so the overdue
    filter is one indexed comparison.
    """

    number = models.CharField(_("number"), max_length=30)
    customer = models.ForeignKey(
        Customer, on_delete=models.PROTECT, related_name="feedback", verbose_name=_("customer")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=FeedbackKind.choices, default=FeedbackKind.COMPLAINT)
    title = models.CharField(_("summary"), max_length=300)
    description = models.TextField(_("what the customer said"), blank=True)
    received_on = models.DateField(_("received on"))
    channel = models.CharField(_("channel"), max_length=20, choices=Channel.choices, default=Channel.EMAIL)
    reference = models.CharField(
        _("order or product reference"), max_length=100, blank=True, help_text=_("Order, part or batch number.")
    )
    owner = models.ForeignKey(
        "core.Person", on_delete=models.PROTECT, related_name="owned_feedback", verbose_name=_("owner")
    )
    status = models.CharField(
        _("status"), max_length=20, choices=FeedbackStatus.choices, default=FeedbackStatus.RECEIVED, editable=False
    )
    acknowledge_due = models.DateField(_("acknowledge by"), null=True, blank=True, editable=False)
    respond_due = models.DateField(_("respond by"), null=True, blank=True, editable=False)
    next_due = models.DateField(_("next step due"), null=True, blank=True, editable=False)
    acknowledged_on = models.DateField(_("acknowledged on"), null=True, blank=True, editable=False)
    responded_on = models.DateField(_("response sent on"), null=True, blank=True, editable=False)
    closed_on = models.DateField(_("closed on"), null=True, blank=True, editable=False)
    investigation = models.TextField(_("investigation"), blank=True, help_text=_("What was found, and why."))
    response = models.TextField(_("response to the customer"), blank=True)

    class Meta:
        ordering = ["-number"]
        verbose_name = _("feedback")
        verbose_name_plural = _("feedback")
        constraints = [models.UniqueConstraint(fields=["organisation", "number"], name="feedback_unique_number")]
        indexes = [
            models.Index(fields=["organisation", "-number"], name="feedback_org_number"),
            models.Index(fields=["organisation", "kind", "-received_on"], name="feedback_org_kind"),
            models.Index(fields=["organisation", "status", "-number"], name="feedback_org_status"),
            models.Index(fields=["organisation", "customer", "-received_on"], name="feedback_org_customer"),
            models.Index(fields=["organisation", "owner", "status"], name="feedback_org_owner"),
            models.Index(
                fields=["organisation", "next_due"], condition=Q(next_due__isnull=False), name="feedback_org_due"
            ),
            models.Index(fields=["organisation", "received_on"], name="feedback_org_received"),
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.title}"

    def get_absolute_url(self) -> str:
        return _url("feedback_detail", self)

    @property
    def is_overdue(self) -> bool:
        from django.utils import timezone

        return self.next_due is not None and self.next_due < timezone.localdate()

    @property
    def due_text(self) -> str:
        if self.next_due is None:
            return ""
        return f"{self.next_due.isoformat()} ({_('overdue')})" if self.is_overdue else self.next_due.isoformat()


class Survey(OrgScopedModel):
    """A satisfaction survey: a title, an introduction for the customer, ordered questions; sent in rounds.

    Draft while its questions are written; open while rounds may be sent and answered; closed stops
    every link of it. Questions of a survey with answers cannot change (the results would mix two
    questionnaires): copy the survey instead.
    """

    title = models.CharField(_("title"), max_length=200)
    introduction = models.TextField(_("introduction"), blank=True, help_text=_("What the customer reads first."))
    status = models.CharField(
        _("status"), max_length=10, choices=SurveyStatus.choices, default=SurveyStatus.DRAFT, editable=False
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("survey")
        verbose_name_plural = _("surveys")
        indexes = [models.Index(fields=["organisation", "status"], name="survey_org_status")]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return _url("survey_detail", self)


class SurveyQuestion(OrgScopedModel):
    """One question: a 1–5 scale (counted in CSAT when flagged), the 0–10 recommendation (NPS) or free text."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="questions", verbose_name=_("survey"))
    order = models.PositiveSmallIntegerField(_("order"), default=1)
    text = models.CharField(_("question"), max_length=300)
    kind = models.CharField(_("kind"), max_length=10, choices=QuestionKind.choices, default=QuestionKind.SCALE)
    is_csat = models.BooleanField(
        _("counts in CSAT"), default=False, help_text=_("A 1–5 question whose 4 and 5 count as satisfied.")
    )
    required = models.BooleanField(_("answer required"), default=True)

    class Meta:
        ordering = ["survey", "order", "id"]
        verbose_name = _("survey question")
        verbose_name_plural = _("survey questions")
        indexes = [models.Index(fields=["organisation", "survey", "order"], name="question_org_survey")]

    def __str__(self) -> str:
        return f"{self.order}. {self.text}"

    def get_absolute_url(self) -> str:
        return _url("surveyquestion_detail", self)

    def clean(self):
        from django.core.exceptions import ValidationError

        if self.is_csat and self.kind != QuestionKind.SCALE:
            raise ValidationError({"is_csat": _("only a 1–5 scale question counts in CSAT")})


class SurveyRound(OrgScopedModel):
    """One send-out of a survey (e.g. "Spring 2026"): its invitations expire on `closes_on`."""

    survey = models.ForeignKey(Survey, on_delete=models.PROTECT, related_name="rounds", verbose_name=_("survey"))
    name = models.CharField(_("name"), max_length=100)
    sent_on = models.DateField(_("sent on"))
    closes_on = models.DateField(_("links expire on"))
    invited = models.PositiveIntegerField(_("invited"), default=0, editable=False)
    answered = models.PositiveIntegerField(_("answered"), default=0, editable=False)

    class Meta:
        ordering = ["-sent_on", "-id"]
        verbose_name = _("survey round")
        verbose_name_plural = _("survey rounds")
        indexes = [models.Index(fields=["organisation", "survey", "sent_on"], name="round_org_survey")]

    def __str__(self) -> str:
        return f"{self.survey.title}: {self.name}"

    def get_absolute_url(self) -> str:
        return _url("surveyround_detail", self)

    def clean(self):
        from django.core.exceptions import ValidationError

        if self.sent_on and self.closes_on and self.closes_on < self.sent_on:
            raise ValidationError({"closes_on": _("the links cannot expire before the round is sent")})

    @property
    def response_rate(self):
        return round(100 * self.answered / self.invited) if self.invited else None


class Invitation(OrgScopedModel):
    """One customer contact invited in a round: the link's token hash, its expiry and when it was used."""

    round = models.ForeignKey(SurveyRound, on_delete=models.CASCADE, related_name="invitations")
    customer = models.ForeignKey(Customer, on_delete=models.PROTECT, related_name="invitations")
    email = models.EmailField(_("sent to"), blank=True)
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    expires_on = models.DateField(_("expires on"))
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True, editable=False)

    class Meta:
        ordering = ["id"]
        verbose_name = _("survey invitation")
        verbose_name_plural = _("survey invitations")
        indexes = [models.Index(fields=["organisation", "round", "answered_at"], name="invitation_org_round")]

    def __str__(self) -> str:
        return f"{self.round_id}: {self.customer_id}"


class SurveyResponse(OrgScopedModel):
    """The answers of one invitation (one at most): when, from which customer."""

    invitation = models.OneToOneField(Invitation, on_delete=models.CASCADE, related_name="response")
    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="responses")
    round = models.ForeignKey(SurveyRound, on_delete=models.CASCADE, related_name="responses")
    customer = models.ForeignKey(Customer, on_delete=models.PROTECT, related_name="survey_responses")
    submitted_at = models.DateTimeField(_("submitted at"))

    class Meta:
        ordering = ["-submitted_at"]
        verbose_name = _("survey response")
        verbose_name_plural = _("survey responses")
        indexes = [models.Index(fields=["organisation", "survey", "-submitted_at"], name="response_org_survey")]

    def __str__(self) -> str:
        return f"{self.survey_id}/{self.round_id}: {self.customer_id}"


class Answer(OrgScopedModel):
    """One answer: a score on its question's scale, or text. Survey, round, question kind and the day are
    repeated from the response so results and KPI feeds are grouped counts over one index."""

    response = models.ForeignKey(SurveyResponse, on_delete=models.CASCADE, related_name="answers")
    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="+")
    round = models.ForeignKey(SurveyRound, on_delete=models.CASCADE, related_name="+")
    question = models.ForeignKey(SurveyQuestion, on_delete=models.PROTECT, related_name="answers")
    kind = models.CharField(max_length=10, choices=QuestionKind.choices)
    is_csat = models.BooleanField(default=False)
    answered_on = models.DateField()
    score = models.PositiveSmallIntegerField(null=True, blank=True, validators=[MaxValueValidator(10)])
    text = models.TextField(blank=True)

    class Meta:
        ordering = ["id"]
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        constraints = [
            models.CheckConstraint(
                condition=Q(score__isnull=True) | Q(kind="nps", score__lte=10) | Q(score__gte=1, score__lte=5),
                name="answer_score_in_scale",
            )
        ]
        indexes = [
            # The results page: one GROUP BY over (round, question, score) read from this index alone.
            models.Index(fields=["survey", "round", "question", "score"], name="answer_survey_counts"),
            # KPI feeds: NPS / CSAT answers by day.
            models.Index(fields=["organisation", "kind", "answered_on", "score"], name="answer_org_kind_day"),
            models.Index(fields=["survey", "kind", "-id"], name="answer_survey_comments"),
        ]

    def __str__(self) -> str:
        return f"{self.question_id}: {self.score if self.score is not None else self.text[:40]}"


class KpiFeed(OrgScopedModel):
    """A KPI of the objectives app fed from customer data: the metric's value per KPI period becomes
    the KPI's measurement, refreshed when feedback or answers change (and by `pdca customers refresh-feeds`)."""

    kpi = models.OneToOneField(
        "objectives.KPI", on_delete=models.CASCADE, related_name="customer_feed", verbose_name=_("KPI")
    )
    metric = models.CharField(_("metric"), max_length=20, choices=Metric.choices)
    survey = models.ForeignKey(
        Survey,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("survey"),
        help_text=_("NPS and CSAT: only this survey's answers (empty: every survey)."),
    )
    is_active = models.BooleanField(_("active"), default=True)
    refreshed_at = models.DateTimeField(_("last refreshed"), null=True, blank=True, editable=False)

    class Meta:
        ordering = ["id"]
        verbose_name = _("KPI feed")
        verbose_name_plural = _("KPI feeds")
        indexes = [models.Index(fields=["organisation", "metric", "is_active"], name="kpifeed_org_metric")]

    def __str__(self) -> str:
        return f"{self.kpi.number}: {self.get_metric_display()}"

    def get_absolute_url(self) -> str:
        return _url("kpifeed_detail", self)


class SurveyAttempt(models.Model):
    """Requests to the public survey page per client address and time window: the rate limit, kept in
    the database so every worker process counts the same requests (not an organisation's data)."""

    key = models.CharField(max_length=64)
    window = models.BigIntegerField()
    count = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["key", "window"], name="surveyattempt_unique_window")]
        indexes = [models.Index(fields=["window"], name="surveyattempt_window")]

    def __str__(self) -> str:
        return f"{self.key[:8]}…@{self.window}: {self.count}"
