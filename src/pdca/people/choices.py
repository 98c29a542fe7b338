"""Competence and training: the 0–4 level scale, competence categories, the training workflow, verdicts
on effectiveness, and the states a cell of the competence matrix can be in."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Level(models.IntegerChoices):
    """How well somebody can do something; a role requires a level of 1 or more."""

    NONE = 0, _("0 – Not yet")
    AWARE = 1, _("1 – Knows the basics (under instruction)")
    SUPERVISED = 2, _("2 – Does it under supervision")
    INDEPENDENT = 3, _("3 – Does it alone, to standard")
    EXPERT = 4, _("4 – Expert: trains and assesses others")


LEVELS = range(0, 5)
REQUIRED_LEVELS = range(1, 5)


class CompetenceCategory(models.TextChoices):
    SKILL = "skill", _("Skill")
    KNOWLEDGE = "knowledge", _("Knowledge")
    QUALIFICATION = "qualification", _("Qualification or licence")
    EXPERIENCE = "experience", _("Experience")
    BEHAVIOUR = "behaviour", _("Behaviour")


class EvidenceKind(models.TextChoices):
    TRAINING = "training", _("Training record")
    QUALIFICATION = "qualification", _("Qualification or certificate")
    EXPERIENCE = "experience", _("Experience")
    OBSERVATION = "observation", _("Observed at work")
    TEST = "test", _("Test or examination")


class TrainingKind(models.TextChoices):
    INTERNAL = "internal", _("Internal course")
    EXTERNAL = "external", _("External course")
    ON_THE_JOB = "on_the_job", _("On the job")
    E_LEARNING = "e_learning", _("E-learning")
    BRIEFING = "briefing", _("Briefing")


class TrainingStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    COMPLETED = "completed", _("Completed, effectiveness to evaluate")
    EVALUATED = "evaluated", _("Effectiveness evaluated")
    CANCELLED = "cancelled", _("Cancelled")


TRAINING_TRANSITIONS = {
    TrainingStatus.PLANNED: {TrainingStatus.COMPLETED, TrainingStatus.CANCELLED},
    TrainingStatus.COMPLETED: {TrainingStatus.EVALUATED},
    TrainingStatus.EVALUATED: set(),
    TrainingStatus.CANCELLED: {TrainingStatus.PLANNED},
}
OPEN_TRAINING_STATUSES = (TrainingStatus.PLANNED, TrainingStatus.COMPLETED)


class Effectiveness(models.TextChoices):
    EFFECTIVE = "effective", _("Effective")
    PARTLY = "partly", _("Partly effective")
    NOT_EFFECTIVE = "not_effective", _("Not effective")


class Cleared(models.TextChoices):
    ACKNOWLEDGED = "acknowledged", _("Revision acknowledged")
    RETRAINED = "retrained", _("Retraining completed")
    SUPERSEDED = "superseded", _("Replaced by a newer revision")
    NOT_NEEDED = "not_needed", _("No longer in the role")


class Cell(models.TextChoices):
    """A person × competence cell of the matrix."""

    MEETS = "meets", _("Meets the requirement")
    BELOW = "below", _("Below the required level")
    MISSING = "missing", _("Required, not assessed")
    EXPIRED = "expired", _("Requalification overdue")
    EXTRA = "extra", _("Held, not required")
    NONE = "", _("Not required")


TRAINING_PREFIX = "TRN"
EVALUATE_AFTER_DAYS = 90  # effectiveness is judged a while after the course, on the job
REQUALIFY_WARNING_DAYS = 60
