"""Record services: record types and their retention, filing (with file, links and clauses),
corrections, legal hold, and disposal with four-eyes approval.

A filed record never changes: title, type, date, notes, file and links stay as filed, and a
mistake is put right by filing a correction that refers to it. Only the legal hold may change.
Disposal: a quality manager asks for records past their retention (not on hold) to be disposed of;
somebody else in top management approves; then the files are deleted from storage and each record
stays as a tombstone, with one trail entry per record saying what was disposed of.
"""

import datetime

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from pdca.core import services as core
from pdca.core import trail
from pdca.core.choices import TrailAction
from pdca.core.dates import add_months
from pdca.core.exceptions import PermissionDenied, ValidationFailed, refusal
from pdca.core.models import Attachment, Organisation
from pdca.core.numbering import next_number
from pdca.core.permissions import require_perm
from pdca.core.services import full_clean, require
from pdca.core.uploads import check_evidence_file
from pdca.records.choices import (
    DEFAULT_RECORD_TYPES,
    DISPOSAL_PREFIX,
    RECORD_PREFIX,
    DisposalStatus,
    RecordStatus,
)
from pdca.records.models import DisposalRequest, Record, RecordLink, RecordType

# What a record can be evidence about: "<app_label>.<model>".
LINKABLE = ("core.person", "core.action", "gap.assessment", "documents.document")


# --- retention


def retain_until(record_date: datetime.date, record_type: RecordType) -> datetime.date:
    """The last day a record must be kept: its date plus the type's period, in calendar months.

    A day the target month lacks becomes that month's last day (29 February 2024 + 1 year =
    28 February 2025); the record may be disposed of from the day after.
    """
    return add_months(record_date, record_type.retention_months)


def _check_clause_keys(org: Organisation, keys: list[str], field: str) -> list[str]:
    from pdca.standards.selectors import unknown_keys

    keys = sorted({k.strip() for k in keys if k and k.strip()})
    unknown = unknown_keys(org, keys)
    if unknown:
        raise ValidationFailed({field: [_("Unknown clause: %(keys)s.") % {"keys": ", ".join(unknown)}]})
    return keys


# --- record types (the organisation's retention settings)


@transaction.atomic
def record_type_create(model=RecordType, *, org: Organisation, data: dict, by) -> RecordType:
    """A record type with its retention period and default clauses."""
    data = {**data, "clause_keys": _check_clause_keys(org, data.get("clause_keys") or [], "clause_keys")}
    return core.object_create(RecordType, org=org, data=data, by=by)


@transaction.atomic
def record_type_update(record_type: RecordType, *, data: dict, by, version: int | None = None) -> RecordType:
    """Change a type; a new retention period moves the keep-until date of its records still kept."""
    if "clause_keys" in data:
        data = {**data, "clause_keys": _check_clause_keys(record_type.organisation, data["clause_keys"], "clause_keys")}
    months = record_type.retention_months
    core.object_update(record_type, data=data, by=by, version=version)
    if record_type.retention_months != months:
        with trail.acting(by, reason=_("Retention of “%(type)s” changed.") % {"type": record_type}):
            _recompute_retention(record_type)
    return record_type


def _recompute_retention(record_type: RecordType) -> None:
    # One UPDATE per distinct date (not per record); each changed record gets its trail entry.
    kept = Record.objects.filter(record_type=record_type).exclude(status=RecordStatus.DISPOSED)
    for day in kept.values_list("record_date", flat=True).distinct().order_by():
        kept.filter(record_date=day).update(retain_until=retain_until(day, record_type))


@transaction.atomic
def record_types_copy_defaults(*, org: Organisation, by) -> list[RecordType]:
    """Add pdca's suggested record types that the organisation does not have yet (by name)."""
    require(by, "add", RecordType, org)
    existing = set(RecordType.objects.for_org(org).values_list("name", flat=True))
    created = []
    for name, period, unit, keys, description in DEFAULT_RECORD_TYPES:
        if name not in existing:
            data = {"name": name, "retention_period": period, "retention_unit": unit, "description": description}
            created.append(record_type_create(org=org, data={**data, "clause_keys": keys}, by=by))
    return created


# --- filing


@transaction.atomic
def record_file(
    *, org: Organisation, data: dict, by, upload=None, links=(), clauses=None, corrects: Record | None = None
) -> Record:
    """File a record: numbered REC-nnnn, kept until its date plus its type's retention.

    `upload` is the file (checked strictly: type by content, size, a file that opens); a record
    kept only on paper says where (`location`) instead. `clauses` default to the type's clauses;
    `corrects` is the earlier record this one corrects (the latest of its chain).
    """
    require(by, "add", Record, org)
    data = dict(data)
    hold, hold_reason = data.pop("legal_hold", False), data.pop("legal_hold_reason", "")
    if hold:  # checked before any file is stored
        require_perm(by, "records.hold_record", org)
        _check_hold_reason(hold_reason)
    core.check_same_org(org, {**data, "corrects": corrects})
    record = Record(organisation=org, **data, corrects=corrects, status=RecordStatus.FILED)
    _check_filing(record, upload, corrects)
    info = check_evidence_file(upload) if upload is not None else None
    if info:
        record.file_name, record.file_type, record.file_size = info["filename"], info["mime_type"], info["size"]
        record.file_sha256 = info["sha256"]
    record.number = next_number(org, RECORD_PREFIX)
    record.retain_until = retain_until(record.record_date, record.record_type)
    record.original = (corrects.original or corrects) if corrects else None
    record.filed_by = by
    full_clean(record, exclude=["number"])
    keys = _check_clause_keys(org, record.record_type.clause_keys if clauses is None else clauses, "clauses")
    if not keys:
        raise ValidationFailed({"clauses": [_("Name at least one clause the record is evidence for.")]})
    with trail.acting(by):
        record.save()
        _link(record, links)
        # Tags and file are part of filing, which `by` may do: not the "change" nobody may make to a record.
        core.clause_tags_set(target=record, keys=keys, by=None)
        if corrects is not None:
            trail.record_event(
                corrects,
                action=TrailAction.UPDATE,
                changes={"corrected_by": {"new": record.number}},
                reason=_("Corrected by %(n)s.") % {"n": record.number},
            )
        if upload is not None:
            _attach(record, upload)
    if hold:
        record_hold_set(record, hold=True, reason=hold_reason, by=by)
    return record


def _check_filing(record: Record, upload, corrects: Record | None) -> None:
    errors = {}
    if upload is None and not record.location.strip():
        errors["file"] = [_("Upload the record's file, or say where the paper original is kept.")]
    if record.record_date and record.record_date > timezone.localdate():
        errors["record_date"] = [_("A record is evidence of what happened: its date cannot be in the future.")]
    if corrects is not None and corrects.status == RecordStatus.DISPOSED:
        errors["corrects"] = [_("%(n)s has been disposed of: it cannot be corrected.") % {"n": corrects.number}]
    elif corrects is not None and corrects.corrections.exists():
        latest = Record.objects.filter(original=corrects.original or corrects).order_by("-id").first()
        errors["corrects"] = [
            _("%(n)s has already been corrected: correct the latest, %(latest)s.")
            % {"n": corrects.number, "latest": latest.number}
        ]
    if errors:
        raise ValidationFailed(errors)


def _link(record: Record, targets) -> None:
    seen = set()
    for target in targets:
        label = target._meta.label_lower
        if label not in LINKABLE or target.organisation_id != record.organisation_id:
            raise ValidationFailed({"links": [_("“%(t)s” cannot be linked to a record here.") % {"t": target}]})
        ct = ContentType.objects.get_for_model(target)
        if (ct.pk, target.pk) in seen:
            continue
        seen.add((ct.pk, target.pk))
        RecordLink.objects.create(
            organisation_id=record.organisation_id,
            record=record,
            content_type=ct,
            object_id=target.pk,
            label=str(target)[:300],
        )


def _attach(record: Record, upload) -> Attachment:
    # Last step of filing, after every check: a refused record never leaves a file behind.
    return core.attachment_add(target=record, upload=upload, by=None)


# --- after filing: only the legal hold changes

IMMUTABLE_FIELDS = ("title", "record_type", "record_date", "description", "location", "corrects")
HOLD_FIELDS = ("legal_hold", "legal_hold_reason")


@transaction.atomic
def record_update(record: Record, *, data: dict, by, version: int | None = None, reason: str = "") -> Record:
    """The one change a filed record takes: its legal hold. Any other field is refused, by name."""
    changed = [name for name in data if name not in HOLD_FIELDS and getattr(record, name, None) != data[name]]
    if changed:
        message = _("A filed record cannot be changed: file a correction that refers to it instead.")
        raise ValidationFailed({name: [message] for name in changed})
    hold = data.get("legal_hold", record.legal_hold)
    return record_hold_set(
        record, hold=hold, reason=data.get("legal_hold_reason", record.legal_hold_reason), by=by, version=version
    )


@transaction.atomic
def record_hold_set(record: Record, *, hold: bool, reason: str = "", by, version: int | None = None) -> Record:
    """Put a record on legal hold (it is then never disposed of) or lift the hold; a hold needs a reason."""
    require_perm(by, "records.hold_record", record)
    if record.status == RecordStatus.DISPOSED:
        raise refusal(_("%(n)s has been disposed of: there is nothing left to hold.") % {"n": record.number})
    if hold:
        _check_hold_reason(reason)
    if version is not None:
        record.version = version
    record.legal_hold, record.legal_hold_reason = hold, (reason or "").strip() if hold else ""
    with trail.acting(by, reason=reason if hold else ""):
        record.save()
    return record


def _check_hold_reason(reason: str) -> None:
    if not (reason or "").strip():
        raise ValidationFailed({"legal_hold_reason": [_("Say why the record must be kept (e.g. a claim).")]})


# --- disposal


def disposable(org: Organisation):
    """Records past their keep-until date, not on legal hold and not already asked about, oldest first."""
    today = timezone.localdate()
    return (
        Record.objects.for_org(org)
        .filter(status=RecordStatus.FILED, legal_hold=False, retain_until__lt=today)
        .order_by("retain_until", "id")
    )


def _blockers(records, *, asked: bool) -> list[str]:
    """Why each record may not be disposed of (yet), naming it."""
    status = RecordStatus.DISPOSAL_REQUESTED if asked else RecordStatus.FILED
    today, problems = timezone.localdate(), []
    for record in records:
        if record.legal_hold:
            problems.append(_("%(n)s is on legal hold.") % {"n": record.number})
        elif record.retain_until >= today:
            problems.append(
                _("%(n)s must be kept until %(d)s.") % {"n": record.number, "d": record.retain_until.isoformat()}
            )
        elif record.status != status:
            problems.append(_("%(n)s is %(s)s.") % {"n": record.number, "s": record.get_status_display().lower()})
    return problems


@transaction.atomic
def disposal_request_create(model=DisposalRequest, *, org: Organisation, data: dict, by) -> DisposalRequest:
    """Ask for records past their retention to be disposed of; somebody else must approve."""
    require(by, "add", DisposalRequest, org)
    records = list(data.get("records") or [])
    if not records:
        raise ValidationFailed({"records": [_("Choose at least one record past its retention.")]})
    if any(r.organisation_id != org.pk for r in records):
        raise ValidationFailed(
            {"records": [_("Select a valid choice. That choice is not one of the available choices.")]}
        )
    records = list(Record.objects.select_for_update().filter(pk__in=[r.pk for r in records]).order_by("id"))
    problems = _blockers(records, asked=False)
    if problems:
        raise ValidationFailed({"records": problems})
    request = DisposalRequest(organisation=org, reason=data.get("reason", ""), requested_by=by)
    request.number = next_number(org, DISPOSAL_PREFIX)
    full_clean(request, exclude=["number"])
    with trail.acting(by):
        request.save()
        request.records.set(records)
        trail.record_event(request, action=TrailAction.UPDATE, changes={"records": {"new": _numbers(records)}})
    _move_all(
        records, RecordStatus.DISPOSAL_REQUESTED, by=by, reason=_("Disposal asked for in %(r)s.") % {"r": request}
    )
    return request


def _numbers(records) -> list[str]:
    return sorted(r.number for r in records)


def _move_all(records, status: str, *, by, reason: str, extra=None) -> None:
    for record in records:
        old, record.status = record.status, status
        with trail.acting(by, reason=reason):
            trail.save_transition(
                record, field="status", old=old, reason=reason, extra=extra(record) if extra else None
            )


def _require_pending(request: DisposalRequest) -> None:
    if request.status != DisposalStatus.PENDING:
        raise refusal(
            _("%(r)s has been decided (%(s)s): it cannot change.")
            % {"r": request, "s": request.get_status_display().lower()}
        )


@transaction.atomic
def disposal_request_update(request: DisposalRequest, *, data: dict, by, version: int | None = None):
    """Change the reason of a request still waiting; the records asked about stay as asked."""
    _require_pending(request)
    data = dict(data)
    records = data.pop("records", None)
    if records is not None and {r.pk for r in records} != set(request.records.values_list("pk", flat=True)):
        raise ValidationFailed({"records": [_("The records of a request stay as asked: withdraw it and ask again.")]})
    return core.object_update(request, data=data, by=by, version=version)


@transaction.atomic
def disposal_request_delete(request: DisposalRequest, *, by, reason: str = "") -> None:
    """Withdraw a request still waiting: its records go back to filed. A decided one is kept."""
    require(by, "delete", request, request)
    _require_pending(request)
    records = list(request.records.all())
    _move_all(records, RecordStatus.FILED, by=by, reason=_("Disposal request %(r)s withdrawn.") % {"r": request})
    core.object_delete(request, by=by, reason=reason)


def _lock_pending(request: DisposalRequest) -> list[Record]:
    locked = DisposalRequest.objects.select_for_update().get(pk=request.pk)
    request.status, request.version = locked.status, locked.version
    _require_pending(request)
    return list(request.records.select_for_update().select_related("record_type").order_by("id"))


@transaction.atomic
def disposal_request_approve(request: DisposalRequest, *, by, note: str = "") -> DisposalRequest:
    """Approve a disposal (four eyes: never the person who asked): every record's file is deleted from
    storage, the record stays as a tombstone, and the trail says per record what was disposed of."""
    if by is None:
        raise PermissionDenied(_("Only a person with a login can approve a disposal."))
    if request.requested_by_id == by.pk:
        raise PermissionDenied(_("You asked for this disposal: somebody else must approve it."))
    require_perm(by, "records.approve_disposal", request)
    records = _lock_pending(request)
    problems = _blockers(records, asked=True)
    if problems:
        raise ValidationFailed({"records": problems})
    for record in records:
        _dispose(record, request, by)
    _decide(request, DisposalStatus.APPROVED, by=by, note=note)
    return request


def _dispose(record: Record, request: DisposalRequest, by) -> None:
    ct = ContentType.objects.get_for_model(Record)
    attachments = list(
        Attachment.objects.filter(organisation_id=record.organisation_id, content_type=ct, object_id=record.pk)
    )
    names = [a.file.name for a in attachments]
    with trail.acting(by):
        for attachment in attachments:
            attachment.delete()
    storage = Attachment._meta.get_field("file").storage
    # The bytes go once the disposal is committed: a failed approval must not lose a file.
    transaction.on_commit(lambda: [storage.delete(name) for name in names])
    record.disposed_at = timezone.now()
    reason = _("Disposed of, approved in %(r)s.") % {"r": request}
    _move_all([record], RecordStatus.DISPOSED, by=by, reason=reason, extra=lambda r: {"disposed": _tombstone(r)})


def _tombstone(record: Record) -> dict:
    """What the disposed record was, for its trail entry."""
    return {
        "number": record.number,
        "title": record.title,
        "type": str(record.record_type),
        "record_date": record.record_date.isoformat(),
        "retain_until": record.retain_until.isoformat(),
        "file_name": record.file_name,
        "file_sha256": record.file_sha256,
        "location": record.location,
    }


@transaction.atomic
def disposal_request_reject(request: DisposalRequest, *, by, note: str) -> DisposalRequest:
    """Refuse a disposal (the records are still needed): they go back to filed."""
    require_perm(by, "records.reject_disposal", request)
    if not (note or "").strip():
        raise ValidationFailed({"note": [_("Say why the records must be kept.")]})
    records = _lock_pending(request)
    _move_all(
        records, RecordStatus.FILED, by=by, reason=_("Disposal rejected in %(r)s: %(n)s") % {"r": request, "n": note}
    )
    _decide(request, DisposalStatus.REJECTED, by=by, note=note)
    return request


def _decide(request: DisposalRequest, status: str, *, by, note: str) -> None:
    old = request.status
    request.status, request.decided_by, request.decided_at = status, by, timezone.now()
    request.decision_note = note or ""
    with trail.acting(by, reason=note):
        trail.save_transition(request, field="status", old=old, reason=note)
