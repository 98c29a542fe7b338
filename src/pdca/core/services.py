"""Core services: every state change of core's rows, atomic, permission-checked, in the trail.

`object_create` / `object_update` / `object_delete` are the generic writes that the shared views,
API and CLI use for rows with no business rules of their own; apps wrap them where they have rules.
"""

import datetime
from collections.abc import Callable

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from pdca.core import search, trail
from pdca.core.choices import ACTION_TRANSITIONS, OPEN_ACTION_STATUSES, ActionStatus, Role
from pdca.core.exceptions import PermissionDenied, TransitionNotAllowed, ValidationFailed
from pdca.core.models import Action, DueItem, Membership, Organisation, OrgScopedModel, Person, User
from pdca.core.numbering import claim_number, next_number
from pdca.core.permissions import can, forget_memberships


def require(by, action: str, model_or_obj, target) -> None:
    """Raise PermissionDenied unless `by` may do `action`; the CLI's system user (None) may do all."""
    if by is None:
        return
    if not can(by, action, model_or_obj, target):
        raise PermissionDenied(_("Your role does not allow this."))


def check_same_org(org, data: dict) -> None:
    """A foreign key may only point inside the organisation: the tenancy rule for input."""
    errors = {}
    for name, value in data.items():
        if isinstance(value, OrgScopedModel) and value.organisation_id != org.pk:
            errors[name] = [_("Select a valid choice. That choice is not one of the available choices.")]
    if errors:
        raise ValidationFailed(errors)


def full_clean(obj, exclude=None) -> None:
    try:
        obj.full_clean(exclude=exclude)
    except ValidationError as exc:
        raise ValidationFailed(exc.message_dict) from exc


@transaction.atomic
def object_create(model: type[models.Model], *, org: Organisation, data: dict, by: User | None):
    """Create a row of `model` in `org` from already-validated field values."""
    require(by, "add", model, org)
    check_same_org(org, data)
    obj = model(organisation=org, **data)
    full_clean(obj)
    with trail.acting(by):
        obj.save()
    return obj


@transaction.atomic
def object_update(obj, *, data: dict, by: User | None, version: int | None = None):
    """Change fields of `obj`; with `version`, a stale edit raises ConcurrentEditError."""
    require(by, "change", obj, obj)
    check_same_org(obj.organisation, data)
    if version is not None:
        obj.version = version
    for name, value in data.items():
        setattr(obj, name, value)
    full_clean(obj)
    with trail.acting(by):
        obj.save()
    return obj


@transaction.atomic
def object_delete(obj, *, by: User | None, reason: str = "") -> None:
    require(by, "delete", obj, obj)
    search.unindex(obj)  # rolled back with the transaction if the row turns out to be still in use
    try:
        with trail.acting(by, reason=reason):
            obj.delete()
    except models.ProtectedError as exc:
        names = ", ".join(sorted({str(o) for o in list(exc.protected_objects)[:3]}))
        raise ValidationFailed(_("It is still used by: %(names)s.") % {"names": names}) from exc


# --- Organisations and memberships


@transaction.atomic
def organisation_create(*, name: str, slug: str, by: User | None, admin: User | None = None) -> Organisation:
    """A new tenant; `admin` (default: the creator) becomes its administrator and a Person in it."""
    org = Organisation(name=name, slug=slug)
    try:
        org.full_clean()
    except ValidationError as exc:
        raise ValidationFailed(exc.message_dict) from exc
    org.save()
    admin = admin or by
    if admin is not None:
        membership_set(org=org, user=admin, role=Role.ADMIN, by=None)
    return org


@transaction.atomic
def organisation_update(org: Organisation, *, data: dict, by: User | None) -> Organisation:
    """Change the organisation's own details (administrators only); recorded in its trail."""
    require(by, "change", Organisation, org)
    before = {name: getattr(org, name) for name in data}
    for name, value in data.items():
        setattr(org, name, value)
    try:
        org.full_clean()
    except ValidationError as exc:
        raise ValidationFailed(exc.message_dict) from exc
    org.save()
    changes = {k: {"old": v, "new": data[k]} for k, v in before.items() if v != data[k]}
    if changes:
        with trail.acting(by):
            trail.record_event(org, action="update", changes=changes)
    return org


@transaction.atomic
def membership_set(*, org: Organisation, user: User, role: str, by: User | None, expires_at=None) -> Membership:
    """Give `user` access to `org` with `role` (or change it); makes sure they exist as a Person."""
    require(by, "add", Membership, org)
    if role not in Role.values:
        raise ValidationFailed({"role": [_("Unknown role “%(role)s”.") % {"role": role}]})
    with trail.acting(by):
        membership = Membership.objects.filter(organisation=org, user=user).first()
        if membership is None:
            membership = Membership.objects.create(organisation=org, user=user, role=role, expires_at=expires_at)
        elif (membership.role, membership.expires_at) != (role, expires_at):
            membership.role, membership.expires_at = role, expires_at
            membership.save()
        if not Person.objects.filter(organisation=org, user=user).exists():
            Person.objects.create(organisation=org, user=user, name=str(user), email=user.email)
    forget_memberships(user)
    return membership


@transaction.atomic
def membership_update(membership: Membership, *, data: dict, by: User | None, version: int | None = None):
    """Change a member's role or expiry; the last administrator cannot be demoted."""
    if data.get("role", Role.ADMIN) != Role.ADMIN and membership.role == Role.ADMIN:
        _keep_an_admin(membership)
    object_update(membership, data=data, by=by, version=version)
    forget_memberships(membership.user)
    return membership


def _keep_an_admin(membership: Membership) -> None:
    others = Membership.objects.filter(organisation_id=membership.organisation_id, role=Role.ADMIN)
    if not others.exclude(pk=membership.pk).exists():
        raise ValidationFailed({"role": [_("An organisation needs at least one administrator.")]})


@transaction.atomic
def membership_remove(membership: Membership, *, by: User | None, reason: str = "") -> None:
    require(by, "delete", membership, membership)
    if membership.role == Role.ADMIN:
        _keep_an_admin(membership)
    with trail.acting(by, reason=reason):
        membership.delete()
    forget_memberships(membership.user)


def person_for_user(org: Organisation, user: User) -> Person | None:
    return Person.objects.filter(organisation=org, user=user).first()


# --- Actions and due items


def due_item_sync(source, *, person: Person | None, kind: str, title: str, due_date, is_open: bool, url: str) -> None:
    """Keep the due item of `source` for `person` in step with it (one row per source, person, kind)."""
    from django.contrib.contenttypes.models import ContentType

    ct = ContentType.objects.get_for_model(source)
    DueItem.objects.filter(
        organisation_id=source.organisation_id, source_type=ct, source_id=source.pk, kind=kind
    ).exclude(person=person).delete()
    if person is None:
        return
    DueItem.objects.update_or_create(
        organisation_id=source.organisation_id,
        source_type=ct,
        source_id=source.pk,
        person=person,
        kind=kind,
        defaults={"title": title[:300], "due_date": due_date, "is_open": is_open, "url": url},
    )


# Apps whose rows raise actions and keep something that follows them (a risk's "evaluation due") register
# here, as they register with search: a call, not a signal, so the dependency reads in one place.
_action_watchers: dict[type, Callable[[Action], None]] = {}


def watch_actions(source_model: type, on_change: Callable[[Action], None]) -> None:
    """Call `on_change(action)` after an action raised from a `source_model` row is added, edited, moved
    along its workflow or deleted (in the same transaction)."""
    _action_watchers[source_model] = on_change


def _actions_changed(action: Action) -> None:
    if action.source_type_id is None:
        return
    on_change = _action_watchers.get(action.source_type.model_class())
    if on_change is not None:
        on_change(action)


def _sync_action_due_item(action: Action) -> None:
    due_item_sync(
        action,
        person=action.owner,
        kind="action",
        title=str(action),
        due_date=action.due_date,
        is_open=action.status in OPEN_ACTION_STATUSES,
        url=action.get_absolute_url(),
    )


@transaction.atomic
def action_create(*, org: Organisation, data: dict, by: User | None, source=None, number: str | None = None) -> Action:
    """Add an action to the register, numbered ACT-nnnn, and tell its owner."""
    require(by, "add", Action, org)
    check_same_org(org, data)
    if source is not None:
        data = {**data, "source": source}
    action = Action(organisation=org, **data)
    action.number = claim_number(org, "ACT", number) if number else next_number(org, "ACT")
    full_clean(action)
    with trail.acting(by):
        action.save()
    _sync_action_due_item(action)
    _index_action(action)
    _actions_changed(action)
    _tell_owner(action, by)
    return action


def _action_doc(action: Action) -> search.Doc:
    body = "\n".join(text for text in (action.description, action.evidence) if text)
    return search.Doc(action, title=str(action), body=body, kind="action")


def _index_action(action: Action) -> None:
    search.index_many([_action_doc(action)])


def actions_reindex(org: Organisation) -> int:
    """Put every action of `org` in the search index again (`pdca search reindex`)."""
    actions = Action.objects.for_org(org).order_by("pk").iterator(chunk_size=2000)
    return search.index_many(_action_doc(_in(action, org)) for action in actions)


def _in(obj, org):
    obj.organisation = org  # already loaded: spares a query per row for its URL
    return obj


search.register("action", label=gettext_lazy("Action"), perms=("core.view_action",), rebuild=actions_reindex)


def _tell_owner(action: Action, by: User | None) -> None:
    """E-mail the owner about an action assigned to them, unless they assigned it themselves."""
    from pdca.core.notifications import notify_person

    if action.owner.user_id is not None and action.owner.user_id == getattr(by, "pk", None):
        return
    notify_person(
        action.owner,
        subject=_("Action assigned to you: %(action)s") % {"action": action},
        template="core/email/action_assigned.txt",
        context={"action": action, "by": by},
    )


@transaction.atomic
def action_update(action: Action, *, data: dict, by: User | None, version: int | None = None) -> Action:
    """Edit an action; a status change goes through the workflow, a new owner is told."""
    data = dict(data)
    old_owner_id, new_status = action.owner_id, data.pop("status", action.status)
    object_update(action, data=data, by=by, version=version)
    if new_status != action.status:
        action_transition(action, status=new_status, by=by)
    else:
        _sync_action_due_item(action)
        _index_action(action)
        _actions_changed(action)
    if action.owner_id != old_owner_id:
        _tell_owner(action, by)
    return action


@transaction.atomic
def action_transition(action: Action, *, status: str, by: User | None, reason: str = "", evidence: str = "") -> Action:
    """Move an action along its workflow; completing one needs evidence of what was done."""
    require(by, "change", action, action)
    if status not in ACTION_TRANSITIONS.get(action.status, set()):
        raise TransitionNotAllowed(
            _("An action that is %(old)s cannot become %(new)s.")
            % {"old": action.get_status_display().lower(), "new": ActionStatus(status).label.lower()}
        )
    if evidence:
        action.evidence = evidence
    if status == ActionStatus.DONE and not action.evidence.strip():
        raise ValidationFailed({"evidence": [_("Say what was done before marking the action done.")]})
    old = action.status
    action.status = status
    action.completed_on = datetime.date.today() if status == ActionStatus.DONE else None
    with trail.acting(by, reason=reason):
        trail.save_transition(action, field="status", old=old, reason=reason)
    _sync_action_due_item(action)
    _index_action(action)
    _actions_changed(action)
    return action


@transaction.atomic
def action_delete(action: Action, *, by: User | None, reason: str = "") -> None:
    object_delete(action, by=by, reason=reason)
    _actions_changed(action)


# --- Attachments and clause tags (any model can have them)


@transaction.atomic
def attachment_add(*, target: OrgScopedModel, upload, by: User | None):
    """Attach an uploaded file to `target` after checking size and content type."""
    from pdca.core.attachments import inspect_upload
    from pdca.core.models import Attachment

    require(by, "change", target, target)
    info = inspect_upload(upload)
    attachment = Attachment(organisation_id=target.organisation_id, target=target, uploaded_by=by, **info)
    attachment.file.save(info["filename"], upload, save=False)
    with trail.acting(by):
        attachment.save()
    return attachment


@transaction.atomic
def clause_tags_set(*, target: OrgScopedModel, keys: list[str], by: User | None) -> list[str]:
    """Replace the clause tags of `target`; every key must exist in a catalogue the organisation sees."""
    from django.contrib.contenttypes.models import ContentType

    from pdca.core.models import ClauseTag
    from pdca.standards.selectors import unknown_keys

    require(by, "change", target, target)
    keys = sorted({k.strip() for k in keys if k.strip()})
    unknown = unknown_keys(target.organisation, keys)
    if unknown:
        raise ValidationFailed({"clauses": [_("Unknown clause: %(keys)s.") % {"keys": ", ".join(unknown)}]})
    ct = ContentType.objects.get_for_model(target)
    existing = set(
        ClauseTag.objects.filter(
            organisation_id=target.organisation_id, content_type=ct, object_id=target.pk
        ).values_list("key", flat=True)
    )
    with trail.acting(by):
        for tag in ClauseTag.objects.filter(
            organisation_id=target.organisation_id, content_type=ct, object_id=target.pk, key__in=existing - set(keys)
        ):
            tag.delete()
        for key in sorted(set(keys) - existing):
            ClauseTag.objects.create(
                organisation_id=target.organisation_id, content_type=ct, object_id=target.pk, key=key
            )
    return keys
