"""Who may do what: memberships and roles turned into django-rules permissions.

Each app's rules.py declares its models with `register_model_perms`; pages, the API, services
and the CLI all ask `can(user, action, obj_or_model, org)`, so there is one answer everywhere.
"""

import rules
from django.utils import timezone

from pdca.core.choices import ALL_ROLES, MANAGERS


def _memo(user) -> dict:
    """Per-request cache on the real user object (request.user is a lazy wrapper around it)."""
    real = user.__dict__.get("_wrapped", user)
    return real.__dict__.setdefault("_pdca_memberships", {})


def membership_for(user, org):
    """The user's active membership of `org`, cached on the user object for the request."""
    if user is None or not getattr(user, "is_authenticated", False) or org is None:
        return None
    org_id = org if isinstance(org, int) else org.pk
    cache = _memo(user)
    if org_id not in cache:
        from pdca.core.models import Membership

        m = (
            Membership.objects.filter(user=user, organisation_id=org_id)
            .with_person_id()
            .select_related("organisation")
            .first()
        )
        cache[org_id] = m if m and (m.expires_at is None or m.expires_at > timezone.now()) else None
    return cache[org_id]


def user_memberships(user) -> list:
    """All the user's active memberships with their organisations, by name: one query per request.

    Pages use it twice: to resolve /o/<slug>/ (membership_by_slug) and for the organisation switcher.
    """
    real = user.__dict__.get("_wrapped", user)
    if "_pdca_all_memberships" not in real.__dict__:
        from pdca.core.models import Membership

        memberships = list(
            Membership.objects.active()
            .filter(user=real)
            .with_person_id()
            .select_related("organisation")
            .order_by("organisation__name")
        )
        real.__dict__["_pdca_all_memberships"] = memberships
        _memo(user).update({m.organisation_id: m for m in memberships})
    return real.__dict__["_pdca_all_memberships"]


def person_id_for(user, org) -> int | None:
    """The id of the user's Person in `org` (None without one), read with the membership: no query of its own."""
    m = membership_for(user, org)
    return getattr(m, "person_id", None) if m is not None else None


def membership_by_slug(user, slug: str):
    """The user's active membership of the organisation named `slug`, with it (or None).

    A missing organisation and one the user is not a member of look the same (404), and the
    membership is cached for the permission checks that follow.
    """
    if not getattr(user, "is_authenticated", False):
        return None
    return next((m for m in user_memberships(user) if m.organisation.slug == slug), None)


def forget_memberships(user) -> None:
    _memo(user).clear()
    user.__dict__.get("_wrapped", user).__dict__.pop("_pdca_all_memberships", None)


def _org_id_of(target):
    return getattr(target, "organisation_id", None)


def role_in(roles) -> rules.Predicate:
    roles = frozenset(roles)

    @rules.predicate(name=f"role_in({','.join(sorted(roles))})")
    def predicate(user, target=None):
        if target is None:
            return False
        m = membership_for(user, _org_id_of(target))
        return m is not None and m.role in roles

    return predicate


is_member = role_in(ALL_ROLES)


def perm_name(model, action: str) -> str:
    return f"{model._meta.app_label}.{action}_{model._meta.model_name}"


def register_model_perms(model, *, view=ALL_ROLES, add=MANAGERS, change=None, delete=None, extra_change=None):
    """Declare who may view, add, change and delete rows of `model` (roles, or a rules predicate)."""

    def as_predicate(value):
        return value if isinstance(value, rules.Predicate) else role_in(value)

    change_pred = as_predicate(change if change is not None else add)
    if extra_change is not None:
        change_pred = change_pred | extra_change
    for action, pred in {
        "view": as_predicate(view),
        "add": as_predicate(add),
        "change": change_pred,
        "delete": as_predicate(delete if delete is not None else add),
    }.items():
        rules.set_perm(perm_name(model, action), pred)


def can(user, action: str, model_or_obj, target) -> bool:
    """May `user` do `action` (view/add/change/delete) on a model's rows; `target` is the row or org."""
    model = model_or_obj if isinstance(model_or_obj, type) else type(model_or_obj)
    return user.has_perm(perm_name(model, action), target)


def require_perm(by, perm: str, target) -> None:
    """Raise PermissionDenied unless `by` holds the rules permission `perm` on `target`; the CLI's system
    user (None) may do all, as in core.services.require."""
    from django.utils.translation import gettext as _

    from pdca.core.exceptions import PermissionDenied

    if by is not None and not by.has_perm(perm, target):
        raise PermissionDenied(_("Your role does not allow this."))


def password_confirmed(user, password: str) -> bool:
    """Re-authentication for an electronic signature: the user's password again, throttled like the login.

    After AXES_FAILURE_LIMIT wrong passwords the user may not try again for AXES_COOLOFF_TIME (the login's
    lockout settings), so a signature form cannot be used to guess a password. The count lives in the
    default cache: per process with the in-memory cache, so a deployment with several workers should
    configure a shared cache for a strict limit.
    """
    from django.conf import settings
    from django.core.cache import cache
    from django.utils.translation import gettext as _

    from pdca.core.exceptions import PermissionDenied

    key = f"pdca:reauth-failures:{user.pk}"
    if cache.get(key, 0) >= settings.AXES_FAILURE_LIMIT:
        raise PermissionDenied(_("Too many wrong passwords: wait a while before signing again."))
    if password and user.check_password(password):
        cache.delete(key)
        return True
    cache.set(key, cache.get(key, 0) + 1, int(settings.AXES_COOLOFF_TIME * 3600))
    return False
