"""Core models: split by topic; import from here (`from pdca.core.models import Person`)."""

from pdca.core.models.base import OrgQuerySet, OrgScopedModel
from pdca.core.models.people import Person
from pdca.core.models.search import SearchEntry
from pdca.core.models.support import Attachment, ClauseTag, OutboxEmail, Sequence
from pdca.core.models.tenancy import Membership, Organisation, Site, User
from pdca.core.models.trail import TrailEntry
from pdca.core.models.work import Action, DueItem

__all__ = [
    "Action",
    "Attachment",
    "ClauseTag",
    "DueItem",
    "Membership",
    "OrgQuerySet",
    "OrgScopedModel",
    "Organisation",
    "OutboxEmail",
    "Person",
    "SearchEntry",
    "Sequence",
    "Site",
    "TrailEntry",
    "User",
]
