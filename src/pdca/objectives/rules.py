"""Who may do what with the policy commitments, objectives, KPIs and measurements.

Everyone reads them: objectives are to be communicated (6.2.1 f) and the policy understood (5.2.2).
Top management and the quality managers write the policy's commitments and set and approve
objectives (5.1.1 b); an objective's or a KPI's owner may also edit it, whatever their role. Process
owners define KPIs for their processes and record measurements, as do the people who set objectives.
Deleting is for the quality managers; a KPI with measurements is never deleted (services refuse it).
"""

import rules

from pdca.core.choices import MANAGERS, Role
from pdca.core.permissions import register_model_perms, role_in
from pdca.objectives.models import KPI, Measurement, PolicyCommitment, QualityObjective

SETTERS = MANAGERS | {Role.TOP_MANAGEMENT}
MEASURERS = SETTERS | {Role.PROCESS_OWNER}


def _owned_by_user(user, row) -> bool:
    owner = getattr(row, "owner", None)
    return owner is not None and owner.user_id is not None and owner.user_id == getattr(user, "pk", None)


@rules.predicate
def owns_objective(user, objective) -> bool:
    return isinstance(objective, QualityObjective) and _owned_by_user(user, objective)


@rules.predicate
def owns_kpi(user, kpi) -> bool:
    return isinstance(kpi, KPI) and _owned_by_user(user, kpi)


register_model_perms(PolicyCommitment, add=SETTERS)
register_model_perms(QualityObjective, add=SETTERS, extra_change=owns_objective, delete=MANAGERS)
register_model_perms(KPI, add=MEASURERS, extra_change=owns_kpi, delete=MANAGERS)
register_model_perms(Measurement, add=MEASURERS, delete=MANAGERS)

# Approving an objective commits resources: top management and the quality managers.
rules.set_perm("objectives.approve_objective", role_in(SETTERS))
