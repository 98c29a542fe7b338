"""Permissions of core's models (see permissions.py for the mechanism)."""

import rules

from pdca.core.choices import ADMINS, CONTRIBUTORS, MANAGERS, Role
from pdca.core.models import Action, Attachment, ClauseTag, Membership, Person, Site
from pdca.core.permissions import register_model_perms, role_in


@rules.predicate
def owns_action(user, action) -> bool:
    # Whoever owns an action may update it, whatever their role: they do the work.
    return isinstance(action, Action) and action.owner.user_id == getattr(user, "pk", None)


register_model_perms(Site, add=MANAGERS)
register_model_perms(Person, add=MANAGERS)
register_model_perms(Membership, view=MANAGERS, add=ADMINS)
register_model_perms(Action, add=CONTRIBUTORS, extra_change=owns_action, delete=MANAGERS)
register_model_perms(Attachment, add=CONTRIBUTORS, delete=MANAGERS)
register_model_perms(ClauseTag, add=CONTRIBUTORS)

# The organisation-wide trail: everyone who reviews the system, not every employee.
rules.set_perm("core.view_trail", role_in(CONTRIBUTORS | {Role.VIEWER}))
rules.set_perm("core.change_organisation", role_in(ADMINS))
rules.set_perm("core.view_organisation", role_in(set(Role)))
