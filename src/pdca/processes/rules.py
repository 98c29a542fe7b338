"""Who may do what with the process register.

Every member reads it: employees should know the processes they work in, auditors audit against it.
The quality managers (and administrators) add processes, draw the interactions and delete drafts; a
process's owner may also keep its own description up to date (purpose, SIPOC, resources, methods),
since 5.3 makes them answer for it. Approving a process into the register, retiring or reinstating
it is for the quality managers and top management: the process register is the organisation's
statement of how it works (4.4), which top management answers for (5.1).
"""

import rules

from pdca.core.choices import ALL_ROLES, MANAGERS, Role
from pdca.core.permissions import register_model_perms, role_in
from pdca.processes.models import Process, ProcessInteraction

APPROVERS = MANAGERS | {Role.TOP_MANAGEMENT}


@rules.predicate
def owns_process(user, process) -> bool:
    """The logged-in user is the process's owner (their Person in the process's organisation)."""
    if not isinstance(process, Process) or not getattr(user, "is_authenticated", False):
        return False
    return process.owner.user_id == user.pk and role_in(ALL_ROLES)(user, process)


register_model_perms(Process, view=ALL_ROLES, add=MANAGERS, extra_change=owns_process)
register_model_perms(ProcessInteraction, view=ALL_ROLES, add=MANAGERS)

rules.set_perm("processes.approve_process", role_in(APPROVERS))
