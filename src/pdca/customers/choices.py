"""Customers: kinds of feedback, the complaint workflow, survey questions and statuses, KPI metrics."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class FeedbackKind(models.TextChoices):
    COMPLAINT = "complaint", _("Complaint")
    COMPLIMENT = "compliment", _("Compliment")
    SUGGESTION = "suggestion", _("Suggestion")
    WARRANTY = "warranty_claim", _("Warranty claim")


# Kinds that follow the complaint workflow with due dates (a warranty claim is a complaint with a cost).
WORKFLOW_KINDS = (FeedbackKind.COMPLAINT, FeedbackKind.WARRANTY)


class Channel(models.TextChoices):
    EMAIL = "email", _("E-mail")
    PHONE = "phone", _("Telephone")
    MEETING = "meeting", _("Meeting or visit")
    SURVEY = "survey", _("Survey comment")
    WEBSITE = "website", _("Website or portal")
    LETTER = "letter", _("Letter")
    OTHER = "other", _("Other")


class FeedbackStatus(models.TextChoices):
    RECEIVED = "received", _("Received")
    ACKNOWLEDGED = "acknowledged", _("Acknowledged")
    INVESTIGATING = "investigating", _("Investigating")
    RESPONSE_SENT = "response_sent", _("Response sent")
    CLOSED = "closed", _("Closed")


FEEDBACK_TRANSITIONS = {
    FeedbackStatus.RECEIVED: {FeedbackStatus.ACKNOWLEDGED, FeedbackStatus.CLOSED},
    FeedbackStatus.ACKNOWLEDGED: {FeedbackStatus.INVESTIGATING, FeedbackStatus.RESPONSE_SENT},
    FeedbackStatus.INVESTIGATING: {FeedbackStatus.RESPONSE_SENT},
    FeedbackStatus.RESPONSE_SENT: {FeedbackStatus.CLOSED, FeedbackStatus.INVESTIGATING},
    FeedbackStatus.CLOSED: {FeedbackStatus.INVESTIGATING},
}
# Compliments and suggestions are logged and closed once noted (or answered); no due dates.
SIMPLE_TRANSITIONS = {
    FeedbackStatus.RECEIVED: {FeedbackStatus.CLOSED},
    FeedbackStatus.CLOSED: {FeedbackStatus.RECEIVED},
}
OPEN_STATUSES = (
    FeedbackStatus.RECEIVED,
    FeedbackStatus.ACKNOWLEDGED,
    FeedbackStatus.INVESTIGATING,
    FeedbackStatus.RESPONSE_SENT,
)


class QuestionKind(models.TextChoices):
    SCALE = "scale", _("Scale 1–5")
    NPS = "nps", _("0–10 “would you recommend”")
    TEXT = "text", _("Free text")


SCALES = {QuestionKind.SCALE: range(1, 6), QuestionKind.NPS: range(0, 11)}


class SurveyStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    OPEN = "open", _("Open")
    CLOSED = "closed", _("Closed")


SURVEY_TRANSITIONS = {
    SurveyStatus.DRAFT: {SurveyStatus.OPEN},
    SurveyStatus.OPEN: {SurveyStatus.CLOSED},
    SurveyStatus.CLOSED: {SurveyStatus.OPEN},
}


class Metric(models.TextChoices):
    NPS = "nps", _("NPS of the answers received in the period")
    CSAT = "csat", _("CSAT % of the answers received in the period")
    COMPLAINTS = "complaints", _("Complaints received in the period")
    COMPLAINTS_OVERDUE = "complaints_late", _("Complaints answered late in the period (%)")


CUSTOMER_PREFIX = "CUS"
FEEDBACK_PREFIX = "FB"
