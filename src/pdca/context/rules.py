"""Who may do what with the context registers.

Everyone in the organisation reads the context, the interested parties, the legal register and the
scope: they frame everybody's work (awareness, 7.3). Deciding them is top management's and the quality
managers' job (4.1–4.3, 5.1). Compliance checks are recorded by those who run or audit the system,
process owners included, since they often hold the evidence; correcting or deleting a check is for the
managers. A climate-change determination is never changed or deleted: a new one is recorded.
"""

from pdca.context.models import (
    ClimateDetermination,
    ComplianceCheck,
    ContextIssue,
    InterestedParty,
    LegalRequirement,
    PartyRequirement,
    QmsScope,
    ScopePublication,
)
from pdca.core.choices import ALL_ROLES, CONTRIBUTORS, MANAGERS, Role
from pdca.core.permissions import register_model_perms

WRITERS = MANAGERS | {Role.TOP_MANAGEMENT}
CHECKERS = CONTRIBUTORS
NOBODY = frozenset()

register_model_perms(ContextIssue, view=ALL_ROLES, add=WRITERS)
register_model_perms(ClimateDetermination, view=ALL_ROLES, add=WRITERS, change=NOBODY, delete=NOBODY)
register_model_perms(InterestedParty, view=ALL_ROLES, add=WRITERS)
register_model_perms(PartyRequirement, view=ALL_ROLES, add=WRITERS)
register_model_perms(LegalRequirement, view=ALL_ROLES, add=WRITERS)
register_model_perms(ComplianceCheck, view=ALL_ROLES, add=CHECKERS, change=WRITERS, delete=WRITERS)
register_model_perms(QmsScope, view=ALL_ROLES, add=WRITERS, delete=NOBODY)
register_model_perms(ScopePublication, view=ALL_ROLES, add=WRITERS, change=NOBODY, delete=NOBODY)
