"""Who may do what in gap analysis.

Everyone reads results; managers and auditors run assessments; an assessor named on an assessment
may score it whatever their role; applicability is the management's decision.
"""

import rules

from pdca.core.choices import MANAGERS, Role
from pdca.core.permissions import register_model_perms, role_in
from pdca.gap.models import Applicability, Assessment, Response

RUNNERS = MANAGERS | {Role.LEAD_AUDITOR, Role.AUDITOR}


@rules.predicate
def is_assessor(user, target) -> bool:
    assessment = target.assessment if isinstance(target, Response) else target
    if not isinstance(assessment, Assessment) or not getattr(user, "is_authenticated", False):
        return False
    return assessment.assessors.filter(user=user).exists()


register_model_perms(Applicability, add=MANAGERS | {Role.TOP_MANAGEMENT})
register_model_perms(Assessment, add=RUNNERS, delete=MANAGERS)
register_model_perms(Response, add=RUNNERS, extra_change=is_assessor, delete=MANAGERS)
rules.set_perm("gap.score_assessment", role_in(RUNNERS) | is_assessor)
rules.set_perm("gap.change_settings", role_in(MANAGERS))
