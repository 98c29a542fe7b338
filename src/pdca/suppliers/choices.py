"""Suppliers: kinds of supply, criticality tiers, approval statuses and their transitions, SCAR statuses,
score bands, and the defaults of the settings page (re-evaluation interval per tier, threshold)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class SupplyKind(models.TextChoices):
    """What is externally provided (8.4.1 a–c: supplied inputs, direct-to-customer, outsourced processes)."""

    MATERIAL = "material", _("Material or components")
    OUTSOURCED = "outsourced", _("Outsourced process")
    SERVICE = "service", _("Service")
    CALIBRATION = "calibration", _("Calibration or testing")
    DIRECT = "direct", _("Delivered direct to customer")


class Tier(models.IntegerChoices):
    """How much a failure of the supplier would hurt the product or the customer."""

    CRITICAL = 1, _("Tier 1 – critical")
    MAJOR = 2, _("Tier 2 – major")
    MINOR = 3, _("Tier 3 – minor")


TIER_MEANINGS = {
    Tier.CRITICAL: _("Its failure reaches the customer: product-defining material, special processes, sole sources."),
    Tier.MAJOR: _("Its failure disrupts production or costs rework, but is caught before delivery."),
    Tier.MINOR: _("Indirect goods and services; easy to replace."),
}


class SupplierStatus(models.TextChoices):
    PROSPECTIVE = "prospective", _("Prospective")
    APPROVED = "approved", _("Approved")
    CONDITIONAL = "conditional", _("Conditional")
    ON_WATCH = "on_watch", _("On watch")
    DISQUALIFIED = "disqualified", _("Disqualified")


SUPPLIER_TRANSITIONS = {
    SupplierStatus.PROSPECTIVE: {SupplierStatus.APPROVED, SupplierStatus.CONDITIONAL, SupplierStatus.DISQUALIFIED},
    SupplierStatus.APPROVED: {SupplierStatus.CONDITIONAL, SupplierStatus.ON_WATCH, SupplierStatus.DISQUALIFIED},
    SupplierStatus.CONDITIONAL: {SupplierStatus.APPROVED, SupplierStatus.ON_WATCH, SupplierStatus.DISQUALIFIED},
    SupplierStatus.ON_WATCH: {SupplierStatus.APPROVED, SupplierStatus.CONDITIONAL, SupplierStatus.DISQUALIFIED},
    SupplierStatus.DISQUALIFIED: {SupplierStatus.PROSPECTIVE},
}
# Suppliers one may order from (the "approved supplier list" goods-in and purchasing check).
USABLE_STATUSES = (SupplierStatus.APPROVED, SupplierStatus.CONDITIONAL, SupplierStatus.ON_WATCH)
# A score below the threshold moves a supplier one step down: approved → on watch → conditional.
DOWNGRADE = {SupplierStatus.APPROVED: SupplierStatus.ON_WATCH, SupplierStatus.ON_WATCH: SupplierStatus.CONDITIONAL}


class ScarStatus(models.TextChoices):
    ISSUED = "issued", _("Issued")
    RESPONSE_RECEIVED = "response_received", _("Response received")
    VERIFIED = "verified", _("Verified")
    CLOSED = "closed", _("Closed")


SCAR_TRANSITIONS = {
    ScarStatus.ISSUED: {ScarStatus.RESPONSE_RECEIVED, ScarStatus.CLOSED},
    ScarStatus.RESPONSE_RECEIVED: {ScarStatus.ISSUED, ScarStatus.VERIFIED},  # back: the response was not enough
    ScarStatus.VERIFIED: {ScarStatus.CLOSED, ScarStatus.RESPONSE_RECEIVED},
    ScarStatus.CLOSED: set(),
}
OPEN_SCAR_STATUSES = (ScarStatus.ISSUED, ScarStatus.RESPONSE_RECEIVED, ScarStatus.VERIFIED)


class Band(models.TextChoices):
    """Where a weighted score stands against the organisation's threshold and its "good" mark."""

    GOOD = "good", _("Good")
    ACCEPTABLE = "acceptable", _("Acceptable")
    POOR = "poor", _("Below threshold")


SUPPLIER_PREFIX = "SUP"
SCAR_PREFIX = "SCAR"
SCORE_SCALE = range(1, 6)  # each criterion is scored 1 (poor) … 5 (excellent)
SCORE_LABELS = {1: _("Poor"), 2: _("Weak"), 3: _("Adequate"), 4: _("Good"), 5: _("Excellent")}

# Settings (organisation.settings["suppliers"]) and their defaults.
DEFAULT_INTERVALS = {Tier.CRITICAL: 12, Tier.MAJOR: 24, Tier.MINOR: 36}  # months between evaluations
DEFAULT_THRESHOLD = 60  # a weighted score below this raises a SCAR and moves the status down
DEFAULT_GOOD_FROM = 80
DEFAULT_CERTIFICATE_WARNING_DAYS = 60
DEFAULT_SCAR_RESPONSE_DAYS = 30
DEFAULT_CRITERIA = [
    ("Quality", "Conformity of deliveries: rejects, concessions, certificates of conformity.", 40),
    ("Delivery", "On time and in full against the confirmed date.", 30),
    ("Cost", "Price against market and quote accuracy.", 15),
    ("Responsiveness", "Answers to queries, complaints and SCARs; communication of changes.", 15),
]
