"""Process register services: processes (with their people, methods, sites and clauses), the approval
workflow, and the interactions between processes.

A process is written as a draft and approved into the register; the approved ones are the maintained
documented information of 4.4. An approved process may still be edited (by the quality managers or
its owner): the change is in the trail and the process shows as "changed since approval" until it is
approved again. Retiring takes it out of use (kept, with its history); a retired process is reinstated
by approving it again. Only a process never approved may be deleted.
"""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from pdca.core import search, trail
from pdca.core import services as core
from pdca.core.choices import TrailAction
from pdca.core.exceptions import ValidationFailed, refusal
from pdca.core.models import Organisation
from pdca.core.numbering import claim_number, next_number
from pdca.core.permissions import require_perm
from pdca.core.services import full_clean, require
from pdca.processes.choices import PROCESS_PREFIX, REASON_NEEDED, TRANSITIONS, ProcessStatus
from pdca.processes.models import Process, ProcessInteraction

# Many-to-many fields a service call may set, with how the trail names each row.
RELATED = {"members": str, "documents": lambda d: d.number, "sites": str}
# What an approved process must say: an auditor reads these first (4.4.1 a, e).
NEEDED_FOR_APPROVAL = ("purpose", "inputs", "outputs")


# --- processes


@transaction.atomic
def process_create(model=Process, *, org: Organisation, data: dict, by, number: str = "") -> Process:
    """A new process, as a draft, numbered PRC-0001… (or with the organisation's existing number)."""
    require(by, "add", Process, org)
    data = dict(data)
    related, clauses = _pop_related(data), data.pop("clauses", None)
    number = number or data.pop("number", "")
    _check_related(org, data, related)
    process = Process(organisation=org, **data, status=ProcessStatus.DRAFT)
    full_clean(process, exclude=["number"])
    process.number = _number(org, number)
    with trail.acting(by):
        process.save()
        _set_related(process, related, record=False)
    if clauses:
        core.clause_tags_set(target=process, keys=clauses, by=None)  # part of creating, which `by` may do
    _index(process)
    return process


def _number(org: Organisation, number: str) -> str:
    number = claim_number(org, PROCESS_PREFIX, number) if number.strip() else next_number(org, PROCESS_PREFIX)
    if len(number) > 30:
        raise ValidationFailed({"number": [_("A process number has at most 30 characters.")]})
    if Process.objects.filter(organisation=org, number=number).exists():
        raise ValidationFailed({"number": [_("Another process already has the number %(n)s.") % {"n": number}]})
    return number


@transaction.atomic
def process_update(process: Process, *, data: dict, by, version: int | None = None) -> Process:
    """Change a process's description; its people, methods and sites are replaced when given."""
    data = dict(data)
    if "status" in data and data.pop("status") != process.status:
        raise ValidationFailed({"status": [_("The status changes by approving, retiring or reinstating.")]})
    if data.get("number", process.number) != process.number:
        raise ValidationFailed({"number": [_("A process keeps its number.")]})
    data.pop("number", None)
    related, clauses = _pop_related(data), data.pop("clauses", None)
    _check_related(process.organisation, {}, related)
    core.object_update(process, data=data, by=by, version=version)
    _set_related(process, related, record=True)
    if clauses is not None:
        core.clause_tags_set(target=process, keys=clauses, by=by)
    _index(process)
    return process


# --- the search index: a process is found by its number, name and every field of its turtle

TEXTS = ("purpose", "suppliers", "inputs", "outputs", "customers", "resources", "competences", "criteria")


def _doc(process: Process) -> search.Doc:
    body = "\n".join(getattr(process, name) for name in TEXTS if getattr(process, name))
    return search.Doc(
        process, title=str(process), body=body, kind="process", is_current=process.status != ProcessStatus.RETIRED
    )


def _index(process: Process) -> None:
    search.index_many([_doc(process)])


def processes_reindex(org: Organisation) -> int:
    """Put every process of `org` in the search index again (`pdca search reindex`)."""
    processes = Process.objects.filter(organisation=org).order_by("pk").iterator(chunk_size=2000)
    return search.index_many(_doc(_in(process, org)) for process in processes)


def _in(process: Process, org: Organisation) -> Process:
    process.organisation = org  # already loaded: spares a query per row for its URL
    return process


def _pop_related(data: dict) -> dict:
    return {name: list(data.pop(name)) for name in RELATED if data.get(name) is not None}


def _check_related(org: Organisation, data: dict, related: dict) -> None:
    flat = {f"{name}{i}": row for name, rows in related.items() for i, row in enumerate(rows)}
    try:
        core.check_same_org(org, {**data, **flat})
    except ValidationFailed as exc:  # name the field, not its n-th row
        raise ValidationFailed({name.rstrip("0123456789"): messages for name, messages in exc.errors.items()}) from exc


def _set_related(process: Process, related: dict, *, record: bool) -> None:
    """Replace the many-to-many rows; on an edit, the trail gets who or what was added and removed."""
    changes = {}
    for name, rows in related.items():
        manager, label = getattr(process, name), RELATED[name]
        old = ", ".join(sorted(label(r) for r in manager.all())) if record else ""
        manager.set(rows)
        new = ", ".join(sorted(label(r) for r in rows))
        if old != new:
            changes[name] = {"old": old, "new": new} if record and old else {"new": new}
    if changes:
        trail.record_event(process, action=TrailAction.UPDATE, changes=changes)


@transaction.atomic
def process_delete(process: Process, *, by, reason: str = "") -> None:
    """Delete a process never approved; one that was is retired instead, so the register keeps its history."""
    require(by, "delete", process, process)
    if process.approved_at is not None:
        raise ValidationFailed(
            _("%(p)s has been approved into the register: retire it instead, so its history is kept.")
            % {"p": process.number}
        )
    core.object_delete(process, by=by, reason=reason)


# --- the workflow


def _missing_for_approval(process: Process) -> list[str]:
    return [name for name in NEEDED_FOR_APPROVAL if not (getattr(process, name) or "").strip()]


@transaction.atomic
def process_approve(process: Process, *, by, reason: str = "") -> Process:
    """Approve a draft (or a retired process, reinstating it) into the register, or approve the changes
    made to an approved one. The process must say its purpose, inputs and outputs."""
    require_perm(by, "processes.approve_process", process)
    _lock(process)
    if process.status == ProcessStatus.ACTIVE and not process.changed_since_approval:
        raise refusal(_("%(p)s is approved and unchanged since: nothing to approve.") % {"p": process.number})
    missing = _missing_for_approval(process)
    if missing:
        label = _("Say what it is before approving it: an approved process states its purpose, inputs and outputs.")
        raise ValidationFailed({name: [label] for name in missing})
    old = process.status
    process.status = ProcessStatus.ACTIVE
    process.approved_by, process.approved_at = by, timezone.now()
    process.approved_version = process.version + 1  # the version this save writes
    stamp = {"approved_version": {"new": process.approved_version}}
    if by is not None:
        stamp["approved_by"] = {"new": by.pk, "new_label": str(by)}
    with trail.acting(by, reason=reason):
        if old == ProcessStatus.ACTIVE:
            process.save()
            trail.record_event(
                process, action=TrailAction.TRANSITION, changes=stamp, reason=reason or _("Changes approved.")
            )
        else:
            trail.save_transition(process, field="status", old=old, reason=reason, extra=stamp)
    _index(process)
    return process


@transaction.atomic
def process_transition(process: Process, *, status: str, by, reason: str = "") -> Process:
    """Move a process along its workflow; approving goes through process_approve. Retiring an approved
    process, or taking it back to draft, needs a reason."""
    if status == ProcessStatus.ACTIVE:
        return process_approve(process, by=by, reason=reason)
    require_perm(by, "processes.approve_process", process)
    _lock(process)
    if status not in TRANSITIONS.get(process.status, set()):
        raise refusal(
            _("A process that is %(old)s cannot become %(new)s.")
            % {"old": process.get_status_display().lower(), "new": _status_label(status)}
        )
    if (process.status, status) in REASON_NEEDED and not (reason or "").strip():
        raise ValidationFailed({"reason": [_("Say why: it goes into the process's history.")]})
    old = process.status
    process.status = status
    with trail.acting(by, reason=reason):
        trail.save_transition(process, field="status", old=old, reason=reason)
    _index(process)  # a retired process is found only when asking for obsolete entries too
    return process


def _status_label(status: str) -> str:
    return str(ProcessStatus(status).label).lower() if status in ProcessStatus.values else status


def _lock(process: Process) -> None:
    """Read the row again under a lock: a step decided on a stale page must not apply twice."""
    locked = Process.objects.select_for_update().get(pk=process.pk)
    process.status, process.version = locked.status, locked.version
    process.approved_version = locked.approved_version


# --- interactions


@transaction.atomic
def interaction_create(model=ProcessInteraction, *, org: Organisation, data: dict, by) -> ProcessInteraction:
    """An output of one process that is an input of another: one arrow of the process map."""
    require(by, "add", ProcessInteraction, org)
    core.check_same_org(org, data)
    interaction = ProcessInteraction(organisation=org, **data)
    _check_interaction(interaction)
    full_clean(interaction)
    with trail.acting(by):
        interaction.save()
        _note_on_processes(interaction, "new")
    return interaction


@transaction.atomic
def interaction_update(interaction: ProcessInteraction, *, data: dict, by, version: int | None = None):
    """Change what flows, or between which processes; the same rules as a new interaction."""
    require(by, "change", interaction, interaction)
    core.check_same_org(interaction.organisation, data)
    before = ProcessInteraction.objects.select_related("source", "target").get(pk=interaction.pk)
    for name, value in data.items():
        setattr(interaction, name, value)
    _check_interaction(interaction)
    core.object_update(interaction, data=data, by=by, version=version)
    key = (interaction.source_id, interaction.target_id, interaction.description)
    if key != (before.source_id, before.target_id, before.description):
        with trail.acting(by):
            _note_on_processes(before, "old")
            _note_on_processes(interaction, "new")
    return interaction


@transaction.atomic
def interaction_delete(interaction: ProcessInteraction, *, by, reason: str = "") -> None:
    """Remove a hand-over; both processes' histories say so."""
    require(by, "delete", interaction, interaction)
    with trail.acting(by, reason=reason):
        _note_on_processes(interaction, "old")
    core.object_delete(interaction, by=by, reason=reason)


def _note_on_processes(interaction: ProcessInteraction, side: str) -> None:
    """The hand-over in the history of both processes (it is part of what each one's turtle shows):
    `side` "new" when it starts, "old" when it ends."""
    source, target, what = interaction.source, interaction.target, interaction.description
    trail.record_event(source, action=TrailAction.UPDATE, changes={"feeds": {side: f"{target}: {what}"}})
    trail.record_event(target, action=TrailAction.UPDATE, changes={"fed_by": {side: f"{source}: {what}"}})


def _check_interaction(interaction: ProcessInteraction) -> None:
    source = interaction.source if interaction.source_id else None
    target = interaction.target if interaction.target_id else None
    interaction.description = (interaction.description or "").strip()
    errors: dict[str, list[str]] = {}
    if source is not None and target is not None and source.pk == target.pk:
        errors["target"] = [_("A process cannot feed itself: choose another process.")]
    for field, process in (("source", source), ("target", target)):
        if process is not None and process.status == ProcessStatus.RETIRED:
            errors[field] = [_("%(p)s is retired: reinstate it first.") % {"p": process}]
    if not errors and source is not None and target is not None and interaction.description:
        same = ProcessInteraction.objects.filter(
            source=source, target=target, description__iexact=interaction.description
        ).exclude(pk=interaction.pk)
        if same.exists():
            errors["description"] = [
                _("%(s)s already feeds %(t)s with “%(d)s”.")
                % {"s": source.number, "t": target.number, "d": interaction.description}
            ]
    if errors:
        raise ValidationFailed(errors)
