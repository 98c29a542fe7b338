"""Gap analysis: assessment workflow, the 0–4 score scale, likely findings and verdicts."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class AssessmentStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    IN_PROGRESS = "in_progress", _("In progress")
    UNDER_REVIEW = "under_review", _("Under review")
    COMPLETED = "completed", _("Completed")
    ARCHIVED = "archived", _("Archived")


ASSESSMENT_TRANSITIONS = {
    AssessmentStatus.DRAFT: {AssessmentStatus.IN_PROGRESS},
    AssessmentStatus.IN_PROGRESS: {AssessmentStatus.UNDER_REVIEW, AssessmentStatus.DRAFT},
    AssessmentStatus.UNDER_REVIEW: {AssessmentStatus.COMPLETED, AssessmentStatus.IN_PROGRESS},
    AssessmentStatus.COMPLETED: {AssessmentStatus.ARCHIVED},
    AssessmentStatus.ARCHIVED: set(),
}
# Scores can change only while the assessment is open; a completed one is the frozen benchmark.
EDITABLE_STATUSES = (AssessmentStatus.DRAFT, AssessmentStatus.IN_PROGRESS, AssessmentStatus.UNDER_REVIEW)


class Score(models.IntegerChoices):
    """The 0–4 scale; 3 is conforming (what certification needs), 4 is beyond it."""

    NOT_IN_PLACE = 0, _("0 · Not in place")
    STARTED = 1, _("1 · Started or ad hoc")
    PARTLY = 2, _("2 · Partly in place: gaps an auditor would find")
    EFFECTIVE = 3, _("3 · In place and effective")
    IMPROVING = 4, _("4 · Monitored and improving")


SCORE_HELP = {
    0: _("Nothing exists yet, or nobody does it."),
    1: _("Begun, or done now and then by some people; not defined or consistent."),
    2: _("Defined and mostly done, but an auditor would find gaps or missing evidence."),
    3: _("Defined, done consistently, documented where needed, and it works: what certification asks."),
    4: _("As 3, and measured, reviewed and improved: beyond what certification needs."),
}
CONFORMING = 3
MAX_SCORE = 4


class LikelyFinding(models.TextChoices):
    MAJOR = "major", _("Likely major nonconformity")
    MINOR = "minor", _("Likely minor nonconformity")
    CONFORMING = "conforming", _("Conforming")
    UNANSWERED = "unanswered", _("Not assessed")


class Verdict(models.TextChoices):
    READY = "ready", _("Ready for stage 1")
    NEARLY = "nearly", _("Nearly ready")
    BUILDING = "building", _("Building")
    EARLY = "early", _("Early")


# Organisation settings (Organisation.settings["gap"]) with these defaults.
DEFAULT_SETTINGS = {
    "ready_readiness": 90,  # readiness % needed (with full coverage and no likely major) for "ready"
    "nearly": 75,
    "building": 50,
    "major_if_score_at_most": 0,  # any requirement at or below this score → likely major
    "major_if_key_score_at_most": 1,  # a key requirement at or below this → likely major
}
