"""Who may do what with risks and opportunities.

Everyone who runs or audits the system reads the register, and so does the external auditor (it is
what an auditor reads first for 6.1). Employees do not: the register names commercial weaknesses
(losing a customer, a supplier failing) that are not for every desk; they raise concerns as
nonconformities or suggestions instead. Anybody who runs part of the system identifies risks and
updates them, and records whether the actions worked; the quality managers delete entries.
Whoever owns a risk may update it and evaluate it, whatever their role: they answer for it.
"""

import rules

from pdca.core.choices import CONTRIBUTORS, MANAGERS, Role
from pdca.core.permissions import register_model_perms
from pdca.risks.models import Risk, RiskEvaluation

READERS = CONTRIBUTORS | {Role.VIEWER}
WRITERS = CONTRIBUTORS


@rules.predicate
def owns_risk(user, risk) -> bool:
    return isinstance(risk, Risk) and risk.owner.user_id == getattr(user, "pk", None)


register_model_perms(Risk, view=READERS, add=WRITERS, extra_change=owns_risk, delete=MANAGERS)
register_model_perms(RiskEvaluation, view=READERS, add=WRITERS, change=MANAGERS, delete=MANAGERS)
