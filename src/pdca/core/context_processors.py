"""Template context every page gets: the current organisation, the user's role and the switcher."""

from pdca.core.navigation import navigation_for
from pdca.core.permissions import user_memberships


def tenancy(request) -> dict:
    org = getattr(request, "org", None)
    membership = getattr(request, "membership", None)
    if org is None:
        return {}
    return {
        "org": org,
        "membership": membership,
        "nav": navigation_for(request, org),
        "user_memberships": user_memberships(request.user),
    }
