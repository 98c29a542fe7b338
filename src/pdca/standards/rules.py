"""Permissions of the catalogue: every member reads; managers import the organisation's own catalogues."""

import rules

from pdca.core.choices import ALL_ROLES, MANAGERS
from pdca.core.permissions import role_in

rules.set_perm("standards.view_standard", role_in(ALL_ROLES))
rules.set_perm("standards.add_standard", role_in(MANAGERS))
