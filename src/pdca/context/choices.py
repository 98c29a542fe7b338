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
