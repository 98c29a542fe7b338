"""Records: their statuses, retention units, disposal decisions, and the default record types."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class RecordStatus(models.TextChoices):
    FILED = "filed", _("Filed")
    DISPOSAL_REQUESTED = "disposal_requested", _("Disposal requested")
    DISPOSED = "disposed", _("Disposed of")


# A record still held (its file, or the paper original, exists): it counts as evidence.
KEPT_STATUSES = (RecordStatus.FILED, RecordStatus.DISPOSAL_REQUESTED)


class RetentionUnit(models.TextChoices):
    MONTHS = "months", _("months")
    YEARS = "years", _("years")


class DisposalStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for approval")
    APPROVED = "approved", _("Approved: disposed of")
    REJECTED = "rejected", _("Rejected")


RECORD_PREFIX = "REC"
DISPOSAL_PREFIX = "DSP"

# The record types an organisation starts with (copied into its settings, then its own to change).
# The periods are pdca's suggested starting points, not legal advice: contracts, customers, sector
# rules and data-protection duties may ask for longer or shorter periods, and each organisation
# should check its own before relying on them. The reasoning behind each value:
# - audit reports, review minutes, calibration and training evidence: 6 years, two three-year
#   certification cycles, so a recertification audit can see the whole previous cycle and the trend;
# - inspection reports: 10 years, because they are the traceability of parts that stay in service
#   for many years after delivery and may be asked about long after the sale;
# - gauge check sheets: 18 months, routine checks whose value ends once the next calibration and
#   a year of later checks confirm the gauge; keeping them longer adds volume, not evidence;
# - training certificates name people: six years, and not indefinitely, keeps personal data no
#   longer than the evidence is useful.
# (name, period, unit, default clause keys, description)
DEFAULT_RECORD_TYPES = [
    (
        "Calibration certificate",
        6,
        RetentionUnit.YEARS,
        ["hs.support.resources.monitoring.traceability.calibration"],
        "Certificates of calibration or verification of measuring equipment against traceable standards.",
    ),
    (
        "Gauge check sheet",
        18,
        RetentionUnit.MONTHS,
        ["hs.support.resources.monitoring.general.fitness_records"],
        "Routine in-house checks that a gauge is still fit for use between calibrations.",
    ),
    (
        "Training certificate",
        6,
        RetentionUnit.YEARS,
        ["hs.support.competence.evidence"],
        "Evidence that a person completed training or showed a competence.",
    ),
    (
        "Inspection report",
        10,
        RetentionUnit.YEARS,
        ["hs.operation.release.conformity_evidence"],
        "Results of inspection and test showing that products met their acceptance criteria.",
    ),
    (
        "Internal audit report",
        6,
        RetentionUnit.YEARS,
        ["hs.evaluation.audit.programme.records"],
        "Audit plans, reports and findings of the internal audit programme.",
    ),
    (
        "Management review minutes",
        6,
        RetentionUnit.YEARS,
        ["hs.evaluation.review.outputs.records"],
        "Minutes of management reviews with their decisions and actions.",
    ),
]
