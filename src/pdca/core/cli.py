"""Helpers for management commands: the CLI acts as the server operator, but changes to an
organisation's data are made as a named member (`--user`), checked and recorded like a page would."""

from django.core.management.base import CommandError

from pdca.core.models import Organisation, User
from pdca.core.permissions import membership_for


def organisation(slug: str) -> Organisation:
    org = Organisation.objects.filter(slug=slug).first()
    if org is None:
        raise CommandError(f"No organisation with the short name {slug!r}.")
    return org


def command_user(org: Organisation, email: str) -> User:
    user = User.objects.filter(email__iexact=email).first()
    if user is None or membership_for(user, org) is None:
        raise CommandError(f"{email} is not a member of {org.slug}.")
    return user
