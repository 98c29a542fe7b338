"""Who may do what with records.

Those who run or audit the system (and the external auditor) read records; employees do not, since
records such as training certificates carry colleagues' personal data. Anybody who runs part of the
system files records. Nobody changes or deletes a filed record: "change" and "delete" are granted to
no role, which also closes the generic attach-a-file and clause-tag pages to records. Only the legal
hold may be set or lifted, by the quality managers and top management.

Disposal: the quality managers ask; top management approves, and never the person who asked.
Top management, because destroying evidence for good is a decision for those accountable for the
QMS (5.1), independent of the function that asks; not administrators, whose role is to run the
logins and settings, not to judge what evidence the business may lose.
"""

import rules

from pdca.core.choices import CONTRIBUTORS, MANAGERS, Role
from pdca.core.permissions import register_model_perms, role_in
from pdca.records.models import DisposalRequest, Record, RecordLink, RecordType

READERS = CONTRIBUTORS | {Role.VIEWER}
FILERS = CONTRIBUTORS
HOLDERS = MANAGERS | {Role.TOP_MANAGEMENT}
APPROVERS = frozenset({Role.TOP_MANAGEMENT})
NOBODY = frozenset()


@rules.predicate
def asked_for_it(user, request) -> bool:
    return isinstance(request, DisposalRequest) and request.requested_by_id == getattr(user, "pk", None)


register_model_perms(RecordType, view=READERS, add=MANAGERS)
register_model_perms(Record, view=READERS, add=FILERS, change=NOBODY, delete=NOBODY)
register_model_perms(RecordLink, view=READERS, add=FILERS, change=NOBODY, delete=NOBODY)
register_model_perms(DisposalRequest, view=READERS, add=MANAGERS)

rules.set_perm("records.hold_record", role_in(HOLDERS))
rules.set_perm("records.approve_disposal", role_in(APPROVERS) & ~asked_for_it)
rules.set_perm("records.reject_disposal", role_in(APPROVERS))
