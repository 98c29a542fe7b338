"""Recording the audit trail: who is acting (a context), and the entries for each kind of change.

Every write in pdca happens inside `acting(user, source=..., reason=...)`: services enter it with
their `by=` argument, the request middleware for the web, the CLI for `--user`. The change-log
signals (signals.py) and the bulk paths of OrgQuerySet call the record_* functions below;
workflow services call record_transition themselves to add the transition and its reason.
"""

import contextlib
import contextvars
import datetime
import decimal
import uuid
from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.db import models

from pdca.core.choices import TrailAction


@dataclass(frozen=True)
class Actor:
    user: object | None
    source: str = "web"
    reason: str = ""


_actor: contextvars.ContextVar[Actor | None] = contextvars.ContextVar("pdca_actor", default=None)


@contextlib.contextmanager
def acting(user, *, source: str | None = None, reason: str = ""):
    """Attribute the writes inside this block to `user` (and `reason`, if the workflow asks for one)."""
    outer = _actor.get()
    actor = Actor(
        user=user if user is not None else (outer.user if outer else None),
        source=source or (outer.source if outer else "system"),
        reason=reason or (outer.reason if outer else ""),
    )
    token = _actor.set(actor)
    try:
        yield actor
    finally:
        _actor.reset(token)


def current_actor() -> Actor:
    return _actor.get() or Actor(user=None, source="system")


def _plain(value):
    """A JSON-safe form of a field value."""
    if isinstance(value, datetime.datetime | datetime.date | datetime.time):
        return value.isoformat()
    if isinstance(value, decimal.Decimal | uuid.UUID):
        return str(value)
    if isinstance(value, models.Model):
        return value.pk
    if hasattr(value, "name") and hasattr(value, "storage"):  # FieldFile
        return value.name or None
    if isinstance(value, bytes | memoryview):
        return "<binary>"
    return value


def tracked_fields(model) -> list[models.Field]:
    # The organisation never changes and is the entry's own column: not repeated in the changes.
    ignore = getattr(model, "trail_ignore", frozenset()) | {"organisation"}
    return [f for f in model._meta.concrete_fields if not f.primary_key and f.name not in ignore]


def snapshot(instance, side: str) -> dict:
    """Every non-empty tracked value as {"new": …} or {"old": …}, with labels for related rows."""
    values = {}
    for field in tracked_fields(type(instance)):
        value = _plain(field.value_from_object(instance))
        if value in (None, "", [], {}):
            continue
        values[field.name] = {side: value}
        if field.is_relation and field.is_cached(instance):
            values[field.name][f"{side}_label"] = str(getattr(instance, field.name))
    return values


def diff(instance) -> dict:
    """Old → new of the fields that changed since the row was loaded; FKs also get readable labels."""
    loaded = getattr(instance, "_loaded_values", None) or {}
    skip = getattr(instance, "_trail_skip", ())
    changes = {}
    for field in tracked_fields(type(instance)):
        if field.name in skip:
            continue
        old = _plain(loaded.get(field.attname))
        new = _plain(field.value_from_object(instance))
        if old != new:
            changes[field.name] = {"old": old, "new": new, **_fk_labels(instance, field, old)}
    return changes


def _fk_labels(instance, field, old_pk) -> dict:
    if not field.is_relation:
        return {}
    labels = {}
    if old_pk is not None:
        old = field.related_model._base_manager.filter(pk=old_pk).first()
        labels["old_label"] = str(old) if old else str(old_pk)
    new = getattr(instance, field.name, None)
    if new is not None:
        labels["new_label"] = str(new)
    return labels


def _label(instance) -> str:
    return str(instance)[:300]


def _entry(instance_or_model, *, org_id, object_id, label, action, changes, reason=""):
    from pdca.core.models import TrailEntry

    actor = current_actor()
    user = actor.user if getattr(actor.user, "is_authenticated", False) else None
    return TrailEntry(
        organisation_id=org_id,
        actor=user,
        actor_label=str(user) if user else actor.source,
        source=actor.source,
        action=action,
        content_type=ContentType.objects.get_for_model(instance_or_model, for_concrete_model=False),
        object_id=object_id,
        object_label=label,
        changes=changes,
        reason=reason or actor.reason,
    )


def _record(instance, action: str, changes: dict, reason: str = "") -> None:
    _entry(
        instance,
        org_id=instance.organisation_id,
        object_id=instance.pk,
        label=_label(instance),
        action=action,
        changes=changes,
        reason=reason,
    ).save()


def remember_loaded(instance) -> None:
    """After a save, the values now in the database become the baseline for the next diff."""
    instance._loaded_values = {f.attname: f.value_from_object(instance) for f in type(instance)._meta.concrete_fields}


def record_created(instance) -> None:
    _record(instance, TrailAction.CREATE, snapshot(instance, "new"))
    remember_loaded(instance)


def record_created_many(instances) -> None:
    """The create entries of a bulk_create, written in one INSERT."""
    from pdca.core.models import TrailEntry

    entries = []
    for instance in instances:
        entries.append(
            _entry(
                instance,
                org_id=instance.organisation_id,
                object_id=instance.pk,
                label=_label(instance),
                action=TrailAction.CREATE,
                changes=snapshot(instance, "new"),
            )
        )
        remember_loaded(instance)
    TrailEntry.objects.bulk_create(entries, batch_size=500)


def record_updated(instance) -> None:
    changes = diff(instance)
    if changes:
        _record(instance, TrailAction.UPDATE, changes)
    remember_loaded(instance)


def record_deleted(instance) -> None:
    _record(instance, TrailAction.DELETE, snapshot(instance, "old"))


def record_transition(instance, *, field: str, old, new, reason: str = "", extra: dict | None = None) -> None:
    """Called by workflow services: the state change and the reason, in the same trail."""
    _record(
        instance, TrailAction.TRANSITION, {field: {"old": _plain(old), "new": _plain(new)}, **(extra or {})}, reason
    )


def save_transition(instance, *, field: str, old, reason: str = "", extra: dict | None = None) -> None:
    """Save `instance` whose `field` moved from `old`: one transition entry, other edits as an update."""
    instance._trail_skip = {field}
    try:
        instance.save()
    finally:
        del instance._trail_skip
    record_transition(instance, field=field, old=old, new=getattr(instance, field), reason=reason, extra=extra)


def record_event(instance, *, action: str, changes: dict, reason: str = "") -> None:
    """A change that is not a field edit (an import, an access grant) on `instance`."""
    _record(instance, action, changes, reason)


def record_bulk_update(model, before: list[dict], new_values: dict) -> None:
    """One entry per row changed by QuerySet.update(), old values read before the update."""
    from pdca.core.models import TrailEntry

    fields = [f for f in new_values if f not in {"version", "updated_at"}]
    pks = [row["pk"] for row in before]
    after = {row["pk"]: row for row in model._base_manager.filter(pk__in=pks).values("pk", *fields)}
    labels = {obj.pk: _label(obj) for obj in model._base_manager.filter(pk__in=pks)}
    entries = []
    for row in before:
        changes = {
            f: {"old": _plain(row[f]), "new": _plain(after[row["pk"]][f])}
            for f in fields
            if row["pk"] in after and _plain(row[f]) != _plain(after[row["pk"]][f])
        }
        if changes:
            entries.append(
                _entry(
                    model,
                    org_id=row["organisation_id"],
                    object_id=row["pk"],
                    label=labels.get(row["pk"], ""),
                    action=TrailAction.UPDATE,
                    changes=changes,
                )
            )
    TrailEntry.objects.bulk_create(entries)
