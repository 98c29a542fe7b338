"""Risks and opportunities: kinds, treatments (which fit which kind), statuses and their transitions."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class RiskKind(models.TextChoices):
    RISK = "risk", _("Risk")
    OPPORTUNITY = "opportunity", _("Opportunity")


class Treatment(models.TextChoices):
    ACCEPT = "accept", _("Accept")
    REDUCE = "reduce", _("Reduce")
    TRANSFER = "transfer", _("Transfer")
    AVOID = "avoid", _("Avoid")
    EXPLOIT = "exploit", _("Exploit")
    ENHANCE = "enhance", _("Enhance")
    SHARE = "share", _("Share")


# Which treatments fit which kind (6.1.2: address risks AND opportunities). Accepting fits both.
TREATMENTS_BY_KIND = {
    RiskKind.RISK: (Treatment.ACCEPT, Treatment.REDUCE, Treatment.TRANSFER, Treatment.AVOID),
    RiskKind.OPPORTUNITY: (Treatment.EXPLOIT, Treatment.ENHANCE, Treatment.SHARE, Treatment.ACCEPT),
}


class RiskStatus(models.TextChoices):
    OPEN = "open", _("Open")
    IN_TREATMENT = "in_treatment", _("In treatment")
    TREATED = "treated", _("Treated, monitored")
    CLOSED = "closed", _("Closed")


RISK_TRANSITIONS = {
    RiskStatus.OPEN: {RiskStatus.IN_TREATMENT, RiskStatus.TREATED, RiskStatus.CLOSED},
    RiskStatus.IN_TREATMENT: {RiskStatus.OPEN, RiskStatus.TREATED, RiskStatus.CLOSED},
    RiskStatus.TREATED: {RiskStatus.IN_TREATMENT, RiskStatus.CLOSED},
    RiskStatus.CLOSED: {RiskStatus.OPEN},
}
# Risks that are still part of the organisation's exposure (the heat map shows these by default).
ACTIVE_STATUSES = (RiskStatus.OPEN, RiskStatus.IN_TREATMENT, RiskStatus.TREATED)


class Effectiveness(models.TextChoices):
    EFFECTIVE = "effective", _("Effective")
    PARTLY = "partly", _("Partly effective")
    NOT_EFFECTIVE = "not_effective", _("Not effective")


class Band(models.TextChoices):
    LOW = "low", _("Low")
    MEDIUM = "medium", _("Medium")
    HIGH = "high", _("High")
    CRITICAL = "critical", _("Critical")


RISK_PREFIX = "RSK"
SCALE = range(1, 6)  # likelihood and impact are 1 (rare / negligible) … 5 (almost certain / severe)

LIKELIHOOD_LABELS = {
    1: _("Rare"),
    2: _("Unlikely"),
    3: _("Possible"),
    4: _("Likely"),
    5: _("Almost certain"),
}
IMPACT_LABELS = {
    1: _("Negligible"),
    2: _("Minor"),
    3: _("Moderate"),
    4: _("Major"),
    5: _("Severe"),
}
