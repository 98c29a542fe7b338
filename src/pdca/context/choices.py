"""Context of the organisation: kinds of issues and of interested parties."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Direction(models.TextChoices):
    INTERNAL = "internal", _("Internal")
    EXTERNAL = "external", _("External")


class IssueCategory(models.TextChoices):
    """PESTLE for external issues; the usual internal headings for internal ones."""

    POLITICAL = "political", _("Political")
    ECONOMIC = "economic", _("Economic")
    SOCIAL = "social", _("Social")
    TECHNOLOGICAL = "technological", _("Technological")
    LEGAL = "legal", _("Legal")
    ENVIRONMENTAL = "environmental", _("Environmental")
    MARKET = "market", _("Market and competition")
    RESOURCES = "resources", _("Resources")
    CULTURE = "culture", _("Values and culture")
    KNOWLEDGE = "knowledge", _("Knowledge")
    PERFORMANCE = "performance", _("Performance")
    STRUCTURE = "structure", _("Structure and governance")


EXTERNAL_CATEGORIES = frozenset(
    {
        IssueCategory.POLITICAL,
        IssueCategory.ECONOMIC,
        IssueCategory.SOCIAL,
        IssueCategory.TECHNOLOGICAL,
        IssueCategory.LEGAL,
        IssueCategory.ENVIRONMENTAL,
        IssueCategory.MARKET,
    }
)


class Effect(models.TextChoices):
    POSITIVE = "positive", _("Positive (an opportunity)")
    NEGATIVE = "negative", _("Negative (a risk)")
    BOTH = "both", _("Both")


class PartyCategory(models.TextChoices):
    CUSTOMER = "customer", _("Customers")
    REGULATOR = "regulator", _("Regulators and authorities")
    EMPLOYEE = "employee", _("Employees")
    SUPPLIER = "supplier", _("Suppliers and partners")
    OWNER = "owner", _("Owners and investors")
    COMMUNITY = "community", _("Community and neighbours")
    CERTIFICATION = "certification", _("Certification and accreditation bodies")
    OTHER = "other", _("Other")


ISSUE_PREFIX = "CTX"
PARTY_PREFIX = "IP"


INTERNAL_CATEGORIES = frozenset(set(IssueCategory) - EXTERNAL_CATEGORIES)


def category_fits(direction: str, category: str) -> bool:
    """PESTLE (and the market) are external headings; resources, culture, knowledge … internal ones."""
    return (category in EXTERNAL_CATEGORIES) == (direction == Direction.EXTERNAL)


class LegalKind(models.TextChoices):
    """What kind of obligation a legal-register row is (ISO 14001 and 45001 call them compliance obligations)."""

    LAW = "law", _("Law or act")
    REGULATION = "regulation", _("Regulation")
    PERMIT = "permit", _("Permit, licence or authorisation")
    STANDARD = "standard", _("Standard (mandatory or contractual)")
    CUSTOMER = "customer", _("Customer-specific requirement")
    CODE = "code", _("Code of practice or industry requirement")
    VOLUNTARY = "voluntary", _("Voluntary commitment")
    OTHER = "other", _("Other")


class ManagementSystem(models.TextChoices):
    """The management systems an obligation applies to: one register serves ISO 9001, 14001 and 45001."""

    QUALITY = "quality", _("Quality (ISO 9001)")
    ENVIRONMENT = "environment", _("Environment (ISO 14001)")
    SAFETY = "safety", _("Health and safety (ISO 45001)")
    INFORMATION_SECURITY = "information_security", _("Information security (ISO/IEC 27001)")


class ComplianceResult(models.TextChoices):
    COMPLIANT = "compliant", _("Compliant")
    PARTLY = "partly", _("Partly compliant")
    NOT_COMPLIANT = "not_compliant", _("Not compliant")


LEGAL_PREFIX = "LEG"
DEFAULT_CHECK_MONTHS = 12
SCOPE_TITLE = _("Scope of the quality management system")
