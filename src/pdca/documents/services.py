"""Controlled-document services: documents, the revision workflow, approvals and electronic signatures,
publication (one effective revision per document), periodic review and read-and-understood.

Workflow of a revision: draft → in review → approved → effective → superseded (by the next one) or
obsolete (withdrawn). In review or approved it can be returned to draft for rework.
"""

import datetime
import re
from collections.abc import Callable

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from pdca.core import search, trail
from pdca.core import services as core
from pdca.core.dates import add_months
from pdca.core.exceptions import PermissionDenied, ValidationFailed, refusal
from pdca.core.models import Attachment, DueItem, Organisation, Person, Sequence
from pdca.core.numbering import NUMBER_WIDTH, claim_number, next_number, upcoming_number
from pdca.core.permissions import password_confirmed, require_perm
from pdca.core.services import full_clean, require
from pdca.core.uploads import check_evidence_file
from pdca.documents import content
from pdca.documents.choices import (
    ACKNOWLEDGE_WITHIN_DAYS,
    APPROVE_WITHIN_DAYS,
    DEFAULT_APPROVAL,
    DELETABLE_STATUSES,
    OPEN_STATUSES,
    REVISION_TRANSITIONS,
    SEARCH_RESTRICTED,
    TYPE_PREFIXES,
    ApprovalMethod,
    Confidentiality,
    DocumentStatus,
    DocumentType,
    Meaning,
    ParticipantRole,
    ReviewOutcome,
    RevisionStatus,
)
from pdca.documents.models import (
    Acknowledgement,
    Document,
    DocumentRevision,
    Participant,
    PeriodicReview,
    ReviewComment,
    Signature,
)

# --- organisation settings

# A number prefix: letters, digits and dashes, not beginning or ending with a dash (QP, WI-M, F2).
PREFIX = re.compile(r"[A-Z0-9](?:[A-Z0-9-]{0,8}[A-Z0-9])?")
WIDTHS = range(1, 7)


def approval_policy(org: Organisation) -> dict[str, str]:
    """Recorded approval or electronic signature, per document type."""
    saved = org.settings.get("documents", {}).get("approval", {})
    return {t: saved.get(t, DEFAULT_APPROVAL[t]) for t in DocumentType.values}


def numbering_scheme(org: Organisation) -> dict[str, tuple[str, int]]:
    """Number prefix and digits per document type: the organisation's own, else QP-0004 and the like."""
    saved = org.settings.get("documents", {})
    prefixes, widths = saved.get("prefixes", {}), saved.get("widths", {})
    return {t: (prefixes.get(t, TYPE_PREFIXES[t]), widths.get(t, NUMBER_WIDTH)) for t in DocumentType.values}


def next_numbers(org: Organisation) -> dict[str, str]:
    """The number the next document of each type would get; none is taken."""
    return {t: upcoming_number(org, p, width=w) for t, (p, w) in numbering_scheme(org).items()}


@transaction.atomic
def settings_update(
    *, org: Organisation, by, approval: dict[str, str] | None = None, numbering: dict | None = None
) -> dict:
    """Set the approval policy and the numbering scheme ({type: (prefix, digits)}) per document type,
    recorded in the organisation's trail; returns the approval policy. A new scheme numbers new
    documents only: existing numbers are part of the documents' identity and are kept."""
    require_perm(by, "documents.change_settings", org)
    saved, changes, errors = dict(org.settings.get("documents", {})), {}, {}
    if approval is not None:
        errors |= _approval_errors(approval)
        policy = approval_policy(org)
        changes |= {f"approval.{t}": {"old": policy[t], "new": m} for t, m in approval.items() if policy.get(t) != m}
        saved["approval"] = approval
    if numbering is not None:
        old, scheme = numbering_scheme(org), _scheme(org, numbering)
        errors |= _scheme_errors(org, old, scheme)
        changes |= _scheme_changes(old, scheme)
        saved["prefixes"] = {t: p for t, (p, _w) in scheme.items()}
        saved["widths"] = {t: w for t, (_p, w) in scheme.items()}
    if errors:
        raise ValidationFailed(errors)
    org.settings = {**org.settings, "documents": saved}
    org.save(update_fields=["settings"])
    if changes:
        with trail.acting(by):
            trail.record_event(org, action="update", changes=changes)
    return approval_policy(org)


def _approval_errors(approval: dict[str, str]) -> dict[str, list[str]]:
    unknown = [t for t, m in approval.items() if t not in DocumentType.values or m not in ApprovalMethod.values]
    return {"approval": [_("Unknown type or method: %(t)s.") % {"t": ", ".join(unknown)}]} if unknown else {}


def _scheme(org: Organisation, numbering: dict) -> dict[str, tuple[str, int]]:
    """The saved scheme with the given types changed, prefixes in capitals as the importer reads them."""
    unknown = sorted(set(numbering) - set(DocumentType.values))
    if unknown:
        raise ValidationFailed({"numbering": [_("Unknown document type: %(t)s.") % {"t": ", ".join(unknown)}]})
    given = {t: (str(p or "").strip().upper(), w) for t, (p, w) in numbering.items()}
    return {**numbering_scheme(org), **given}


def _scheme_errors(org: Organisation, old: dict, scheme: dict) -> dict[str, list[str]]:
    errors, in_use = {}, {p for p, _w in old.values()}
    for t, (_p, width) in scheme.items():
        if message := _prefix_error(org, scheme, t, in_use):
            errors[f"prefix_{t}"] = [message]
        if not isinstance(width, int) or width not in WIDTHS:
            errors[f"width_{t}"] = [_("Use 1 to 6 digits.")]
    return errors


def _prefix_error(org: Organisation, scheme: dict, doc_type: str, in_use: set[str]) -> str | None:
    prefix = scheme[doc_type][0]
    if not PREFIX.fullmatch(prefix):
        return _("Use 1 to 10 letters, digits or dashes, not beginning or ending with a dash.")
    if _shared(scheme, doc_type):  # one sequence per prefix: the two types would take turns
        return _("Another document type uses %(p)s: each type needs its own prefix.") % {"p": prefix}
    if prefix not in in_use and _used_elsewhere(org, prefix):
        return _("Another register numbers with %(p)s: choose another prefix.") % {"p": prefix}
    return None


def _shared(scheme: dict, doc_type: str) -> bool:
    return any(p == scheme[doc_type][0] for t, (p, _w) in scheme.items() if t != doc_type)


def _used_elsewhere(org: Organisation, prefix: str) -> bool:
    """Numbers with this prefix were handed out (actions' ACT, records' REC…) but no document has one:
    documents sharing that sequence would leave gaps in the other register and look like its entries."""
    return (
        Sequence.objects.filter(organisation=org, prefix=prefix).exists()
        and not Document.objects.filter(organisation=org, number__startswith=f"{prefix}-").exists()
    )


def _scheme_changes(old: dict, new: dict) -> dict[str, dict]:
    changes = {}
    for t, (prefix, width) in new.items():
        if old[t][0] != prefix:
            changes[f"prefix.{t}"] = {"old": old[t][0], "new": prefix}
        if old[t][1] != width:
            changes[f"width.{t}"] = {"old": old[t][1], "new": width}
    return changes


# --- documents


@transaction.atomic
def document_create(
    *, org: Organisation, data: dict, by, number: str = "", revision_label: str = "", markdown: str = ""
) -> Document:
    """A new document numbered by its type (QP-0004), or with the organisation's existing number, and
    its first revision as a draft."""
    require(by, "add", Document, org)
    data = dict(data)
    sites, clauses = data.pop("sites", []), data.pop("clauses", None)
    core.check_same_org(org, {**data, **{f"sites{i}": s for i, s in enumerate(sites)}})
    document = Document(organisation=org, **data)
    full_clean(document, exclude=["number"])
    document.number = _number(org, document.doc_type, number)
    with trail.acting(by):
        document.save()
        document.sites.set(sites)
    if clauses:
        core.clause_tags_set(target=document, keys=clauses, by=by)
    revision_create(document=document, by=by, label=revision_label, markdown=markdown)
    return document


def _number(org: Organisation, doc_type: str, number: str) -> str:
    prefix, width = numbering_scheme(org)[doc_type]
    number = claim_number(org, prefix, number) if number.strip() else next_number(org, prefix, width=width)
    if Document.objects.filter(organisation=org, number=number).exists():
        raise ValidationFailed({"number": [_("Another document already has the number %(n)s.") % {"n": number}]})
    return number


@transaction.atomic
def document_update(document: Document, *, data: dict, by, version: int | None = None) -> Document:
    """Change a document's register entry (not its content, which is revised)."""
    data = dict(data)
    sites, clauses = data.pop("sites", None), data.pop("clauses", None)
    core.object_update(document, data=data, by=by, version=version)
    if sites is not None:
        core.check_same_org(document.organisation, {f"sites{i}": s for i, s in enumerate(sites)})
        document.sites.set(sites)
    if clauses is not None:
        core.clause_tags_set(target=document, keys=clauses, by=by)
    index_document(document)  # the title and the confidentiality are in every revision's entry
    return document


@transaction.atomic
def document_delete(document: Document, *, by, reason: str = "") -> None:
    """Delete a document that was never approved; one that was is withdrawn instead (kept, 7.5.3)."""
    require(by, "delete", document, document)
    if document.revisions.exclude(status__in=DELETABLE_STATUSES).exists():
        raise ValidationFailed(_("This document has been approved: withdraw it instead, so its history is kept."))
    revisions = list(document.revisions.all())
    _forget(revisions)
    _drop_due_items(Document, [document.pk])
    core.object_delete(document, by=by, reason=reason)


def _forget(revisions: list[DocumentRevision]) -> None:
    """Remove what points at revisions that are about to be deleted: due items and files."""
    for model in (Participant, Acknowledgement):
        _drop_due_items(model, model.objects.filter(revision__in=revisions).values_list("pk", flat=True))
    for attachment in Attachment.objects.filter(
        content_type=ContentType.objects.get_for_model(DocumentRevision), object_id__in=[r.pk for r in revisions]
    ):
        attachment.file.delete(save=False)
        attachment.delete()
    for revision in revisions:
        search.unindex(revision)


def _drop_due_items(model, ids) -> None:
    DueItem.objects.filter(source_type=ContentType.objects.get_for_model(model), source_id__in=list(ids)).delete()


# --- revisions: content


@transaction.atomic
def revision_create(
    *, document: Document, by, label: str = "", markdown: str | None = None, change_summary: str = ""
) -> DocumentRevision:
    """A new draft of `document`, starting from the latest revision's Markdown unless given some."""
    require(by, "change", document, document)
    open_revision = document.revisions.filter(status__in=OPEN_STATUSES).first()
    if open_revision is not None:
        raise ValidationFailed(
            {"document": [_("Revision %(r)s is already being worked on.") % {"r": open_revision.label}]}
        )
    previous = document.revisions.order_by("-id").first()
    if markdown is None:
        markdown = previous.markdown if previous else ""
    label = label.strip() or _next_label(document)
    if document.revisions.filter(label=label).exists():
        raise ValidationFailed({"label": [_("This document already has a revision %(l)s.") % {"l": label}]})
    revision = DocumentRevision(
        organisation_id=document.organisation_id,
        document=document,
        label=label,
        markdown=markdown,
        change_summary=change_summary,
        content_hash=content.markdown_hash(markdown),
        audience_roles=previous.audience_roles if previous else [],
    )
    full_clean(revision, exclude=["document"])
    with trail.acting(by):
        revision.save()
        if previous is not None:  # the same readers as before, unless the author changes them
            revision.audience_sites.set(previous.audience_sites.all())
    _refresh_document(document)
    return revision


def _next_label(document: Document) -> str:
    """After "3" comes "4", after "Rev C" comes "Rev D"; otherwise the count of revisions plus one."""
    last = document.revisions.order_by("-id").values_list("label", flat=True).first()
    if last is None:
        return "1"
    match = re.fullmatch(r"(.*?)(\d+|[A-Y])", last)
    if match is None:
        return str(document.revisions.count() + 1)
    head, tail = match.groups()
    return head + (str(int(tail) + 1) if tail.isdigit() else chr(ord(tail) + 1))


REVISION_FIELDS = ("label", "markdown", "change_summary", "audience_roles", "audience_sites")


@transaction.atomic
def revision_update(revision: DocumentRevision, *, data: dict, by, version: int | None = None) -> DocumentRevision:
    """Edit a draft. New Markdown replaces an uploaded file and gets a new content hash, which voids any
    signature given before the revision was returned to draft."""
    require(by, "change", revision, revision)
    _require_draft(revision)
    data = {k: v for k, v in data.items() if k in REVISION_FIELDS}
    sites = data.pop("audience_sites", None)
    _check_audience(revision, data.get("audience_roles"), sites)
    if "label" in data and revision.document.revisions.filter(label=data["label"]).exclude(pk=revision.pk).exists():
        raise ValidationFailed({"label": [_("This document already has a revision %(l)s.") % {"l": data["label"]}]})
    if data.get("markdown", revision.markdown) != revision.markdown or (data.get("markdown") and revision.file_id):
        revision.file = None
        revision.content_hash = content.markdown_hash(data["markdown"])
    core.object_update(revision, data=data, by=by, version=version)
    if sites is not None:
        revision.audience_sites.set(sites)
    return revision


def _check_audience(revision: DocumentRevision, roles, sites) -> None:
    from pdca.core.choices import Role

    if roles is not None and not set(roles) <= set(Role.values):
        raise ValidationFailed({"audience_roles": [_("Unknown role.")]})
    if sites:
        core.check_same_org(revision.organisation, {f"audience_sites{i}": s for i, s in enumerate(sites)})


def _require_draft(revision: DocumentRevision) -> None:
    if revision.status != RevisionStatus.DRAFT:
        raise refusal(
            _("Revision %(r)s is %(s)s: only a draft can be changed.")
            % {"r": revision.label, "s": revision.get_status_display().lower()}
        )


@transaction.atomic
def revision_upload(revision: DocumentRevision, *, upload, by) -> DocumentRevision:
    """Make an uploaded file (PDF, Word, Excel, PNG, JPEG; checked by content) the draft's content."""
    require(by, "change", revision, revision)
    _require_draft(revision)
    check_evidence_file(upload)
    attachment = core.attachment_add(target=revision, upload=upload, by=by)
    try:
        revision.file, revision.markdown, revision.content_hash = attachment, "", attachment.sha256
        with trail.acting(by):
            revision.save()
    except Exception:
        attachment.file.delete(save=False)  # the rolled-back row must not leave its file behind
        raise
    index_document(revision.document)  # the file's text follows in the background
    return revision


@transaction.atomic
def revision_delete(revision: DocumentRevision, *, by, reason: str = "") -> None:
    """Delete a revision that never went past review; later ones are part of the document's history."""
    require(by, "delete", revision, revision)
    if revision.status not in DELETABLE_STATUSES:
        raise refusal(_("Only a draft or a revision in review can be deleted; withdraw it instead."))
    document = revision.document
    _forget([revision])
    core.object_delete(revision, by=by, reason=reason)
    _refresh_document(document)


# --- revisions: workflow


def _move(revision: DocumentRevision, status: str, *, by, reason: str = "") -> None:
    if status not in REVISION_TRANSITIONS[revision.status]:
        raise refusal(
            _("A revision that is %(old)s cannot become %(new)s.")
            % {"old": revision.get_status_display().lower(), "new": RevisionStatus(status).label.lower()}
        )
    old, revision.status = revision.status, status
    with trail.acting(by, reason=reason):
        trail.save_transition(revision, field="status", old=old, reason=reason)


@transaction.atomic
def revision_submit(
    revision: DocumentRevision, *, approvers: list[Person], reviewers=(), by, due_date=None, reason: str = ""
) -> DocumentRevision:
    """Send a draft for review and approval by the people named (approvers need a login to approve)."""
    require(by, "change", revision, revision)
    _require_draft(revision)
    _check_submission(revision, approvers, reviewers)
    with trail.acting(by):
        revision.participants.all().delete()
        for role, people in ((ParticipantRole.APPROVER, approvers), (ParticipantRole.REVIEWER, reviewers)):
            for person in people:
                Participant.objects.create(
                    organisation_id=revision.organisation_id, revision=revision, person=person, role=role
                )
    revision.review_due = due_date or timezone.localdate() + datetime.timedelta(days=APPROVE_WITHIN_DAYS)
    _move(revision, RevisionStatus.IN_REVIEW, by=by, reason=reason)
    _approve_if_complete(revision, by)
    _after_change(revision)
    return revision


def _check_submission(revision: DocumentRevision, approvers, reviewers) -> None:
    errors = {}
    if not revision.markdown.strip() and revision.file_id is None:
        errors["markdown"] = [_("Write the content or upload a file first.")]
    first = not revision.document.revisions.exclude(pk=revision.pk).exists()
    if not first and not revision.change_summary.strip():
        errors["change_summary"] = [_("Say what changed since the previous revision.")]
    if not approvers:
        errors["approvers"] = [_("Name at least one approver.")]
    elif any(p.user_id is None for p in approvers):
        errors["approvers"] = [_("Every approver needs a login to approve.")]
    if errors:
        raise ValidationFailed(errors)
    core.check_same_org(revision.organisation, {f"approvers{i}": p for i, p in enumerate([*approvers, *reviewers])})


@transaction.atomic
def revision_comment(revision: DocumentRevision, *, text: str, by) -> ReviewComment:
    """A reviewer's comment on a revision in review."""
    require_perm(by, "documents.comment_revision", revision)
    if revision.status != RevisionStatus.IN_REVIEW:
        raise refusal(_("Comments are taken while a revision is in review."))
    if not text.strip():
        raise ValidationFailed({"text": [_("Write a comment.")]})
    comment = ReviewComment(
        organisation_id=revision.organisation_id, revision=revision, person=_person_of(revision, by), text=text
    )
    with trail.acting(by):
        comment.save()
    _sync_participants(revision)
    return comment


def _person_of(revision: DocumentRevision, by, person: Person | None = None) -> Person:
    """The person acting: the login's own person, or (system only) the one given."""
    if by is None and person is not None:
        return person
    found = core.person_for_user(revision.organisation, by) if by is not None else None
    if found is None:
        raise ValidationFailed({"person": [_("Your login is not linked to a person of this organisation.")]})
    return found


@transaction.atomic
def revision_approve(
    revision: DocumentRevision, *, by, meaning: str = Meaning.APPROVED, person: Person | None = None
) -> Signature:
    """A recorded approval, for document types whose policy does not ask for an electronic signature."""
    if approval_policy(revision.organisation)[revision.document.doc_type] == ApprovalMethod.ELECTRONIC:
        raise refusal(_("Documents of this type are approved with an electronic signature."), field="password")
    return _sign(revision, by=by, person=person, meaning=meaning, method=ApprovalMethod.RECORDED)


@transaction.atomic
def revision_sign(revision: DocumentRevision, *, by, password: str, meaning: str) -> Signature:
    """An electronic signature: the signer gives their password again and says what the signature means."""
    if by is None:
        raise PermissionDenied(_("Only a person with a login can sign."))
    require_perm(by, "documents.approve_revision", revision)
    if not password_confirmed(by, password):
        raise ValidationFailed({"password": [_("The password is not correct. Nothing was signed.")]})
    return _sign(revision, by=by, person=None, meaning=meaning, method=ApprovalMethod.ELECTRONIC)


def _sign(revision: DocumentRevision, *, by, person, meaning: str, method: str) -> Signature:
    require_perm(by, "documents.approve_revision", revision)
    if meaning not in Meaning.values:
        raise ValidationFailed({"meaning": [_("Say what your signature means.")]})
    if revision.status != RevisionStatus.IN_REVIEW:
        raise refusal(_("Only a revision in review can be approved."))
    signer = _person_of(revision, by, person)
    if _valid_signatures(revision).filter(person=signer, meaning=meaning).exists():
        raise refusal(_("You have already signed this revision with this meaning."), field="meaning")
    signature = Signature(
        organisation_id=revision.organisation_id,
        revision=revision,
        person=signer,
        user=by or signer.user,
        signed_at=timezone.now(),
        meaning=meaning,
        method=method,
        content_hash=revision.content_hash,
    )
    with trail.acting(by):
        signature.save()
    _approve_if_complete(revision, by)
    _after_change(revision)
    return signature


def _valid_signatures(revision: DocumentRevision):
    return Signature.objects.filter(revision=revision, content_hash=revision.content_hash)


def missing_approvers(revision: DocumentRevision) -> list[Person]:
    """Approvers named on the revision without a valid "approved" signature of its current content."""
    signed = set(_valid_signatures(revision).filter(meaning=Meaning.APPROVED).values_list("person_id", flat=True))
    approvers = revision.participants.filter(role=ParticipantRole.APPROVER).select_related("person")
    return [p.person for p in approvers if p.person_id not in signed]


def _approve_if_complete(revision: DocumentRevision, by) -> None:
    if revision.status == RevisionStatus.IN_REVIEW and not missing_approvers(revision):
        _move(revision, RevisionStatus.APPROVED, by=by, reason=_("Every approver has approved."))


@transaction.atomic
def revision_return(revision: DocumentRevision, *, by, reason: str) -> DocumentRevision:
    """Send a revision in review (or approved, not yet effective) back to draft for rework."""
    require(by, "change", revision, revision)
    if not reason.strip():
        raise ValidationFailed({"reason": [_("Say what needs rework.")]})
    if revision.status not in (RevisionStatus.IN_REVIEW, RevisionStatus.APPROVED):
        raise refusal(_("Only a revision in review or approved can go back to draft."))
    revision.effective_date = None
    _move(revision, RevisionStatus.DRAFT, by=by, reason=reason)
    _after_change(revision)
    return revision


@transaction.atomic
def revision_make_effective(
    revision: DocumentRevision, *, by, effective_date=None, reason: str = ""
) -> DocumentRevision:
    """Publish an approved revision now, or schedule it for a later date (see publish_due).

    The document row is locked first, so two people publishing at once are served one after the
    other; the second finds the revision already effective. The previous effective revision is
    superseded in the same transaction; a constraint makes a second effective revision impossible.
    """
    require_perm(by, "documents.publish_revision", revision)
    _lock_approved(revision)
    today = timezone.localdate()
    if effective_date is not None and effective_date > today:
        revision.effective_date = effective_date
        with trail.acting(by, reason=reason):
            revision.save()
        _refresh_document(revision.document)
        return revision
    _publish(revision, day=effective_date or today, by=by, reason=reason)
    return revision


def _lock_approved(revision: DocumentRevision) -> None:
    """Lock the document, re-read the revision, and check it may be published."""
    document = Document.objects.select_for_update().get(pk=revision.document_id)
    revision.refresh_from_db()
    revision.document = document
    if revision.status != RevisionStatus.APPROVED:
        raise refusal(_not_approved_message(revision))
    if missing_approvers(revision):
        raise refusal(_("An approval is missing or void: the content changed after it was signed."))


def _not_approved_message(revision: DocumentRevision) -> str:
    if revision.status == RevisionStatus.IN_REVIEW:
        names = ", ".join(p.name for p in missing_approvers(revision))
        return _("Revision %(r)s is not approved yet: waiting for %(names)s.") % {"r": revision.label, "names": names}
    return _("Revision %(r)s is %(s)s: only an approved revision can become effective.") % {
        "r": revision.label,
        "s": revision.get_status_display().lower(),
    }


# Apps that follow publication (people: retraining flags) register here, as with core.services.watch_actions:
# a call, not a signal, so the dependency reads in one place.
_revision_watchers: list[tuple[Callable, Callable | None]] = []


def watch_revisions(on_effective: Callable, on_acknowledged: Callable | None = None) -> None:
    """Call `on_effective(revision)` when a revision becomes effective, and `on_acknowledged(ack)` when a
    person acknowledges one (both in the same transaction)."""
    if (on_effective, on_acknowledged) not in _revision_watchers:
        _revision_watchers.append((on_effective, on_acknowledged))


def _publish(revision: DocumentRevision, *, day, by, reason: str = "") -> None:
    document = revision.document
    for previous in document.revisions.select_for_update().filter(status=RevisionStatus.EFFECTIVE):
        replaced = _("Replaced by revision %(r)s.") % {"r": revision.label}
        _move(previous, RevisionStatus.SUPERSEDED, by=by, reason=replaced)
        _close_acknowledgements(previous)
    revision.effective_date = day
    _move(revision, RevisionStatus.EFFECTIVE, by=by, reason=reason)
    document.current_revision = revision
    document.next_review_date = add_months(day, document.review_interval_months)
    _request_acknowledgements(revision)
    _after_change(revision)
    for on_effective, _on_acknowledged in _revision_watchers:
        on_effective(revision)


@transaction.atomic
def publish_due(*, today=None, by=None) -> list[DocumentRevision]:
    """Make effective every approved revision whose effective date has come (run daily)."""
    today = today or timezone.localdate()
    due = DocumentRevision.objects.filter(status=RevisionStatus.APPROVED, effective_date__lte=today)
    published = []
    for revision in due.order_by("id"):
        _lock_approved(revision)
        _publish(revision, day=revision.effective_date, by=by, reason=_("Its effective date has come."))
        published.append(revision)
    return published


@transaction.atomic
def revision_withdraw(revision: DocumentRevision, *, by, reason: str) -> DocumentRevision:
    """Withdraw a revision from use (obsolete): it stays retrievable, marked, never shown as current."""
    require_perm(by, "documents.publish_revision", revision)
    if not reason.strip():
        raise ValidationFailed({"reason": [_("Say why the revision is withdrawn.")]})
    was_current = revision.status == RevisionStatus.EFFECTIVE
    _move(revision, RevisionStatus.OBSOLETE, by=by, reason=reason)
    if was_current:
        revision.document.current_revision = None
        _close_acknowledgements(revision)
    _after_change(revision)
    return revision


# --- derived state: the document's status, due items


def _after_change(revision: DocumentRevision) -> None:
    _sync_participants(revision)
    _refresh_document(revision.document)


def _derived_status(statuses: set[str]) -> str:
    open_status = next((s for s in OPEN_STATUSES if s in statuses), None)
    if RevisionStatus.EFFECTIVE in statuses:
        return DocumentStatus.UNDER_REVISION if open_status else DocumentStatus.EFFECTIVE
    if open_status:
        return open_status
    return DocumentStatus.OBSOLETE if statuses else DocumentStatus.DRAFT


def _refresh_document(document: Document) -> None:
    """Keep the document's status, effective revision and review due item in step with its revisions."""
    document.status = _derived_status(set(document.revisions.values_list("status", flat=True)))
    if document.status not in (DocumentStatus.EFFECTIVE, DocumentStatus.UNDER_REVISION):
        document.current_revision = None
    # A queryset update: the caller's instance may be older than the row (derived fields need no version check).
    Document.objects.filter(pk=document.pk).update(
        status=document.status, current_revision=document.current_revision, next_review_date=document.next_review_date
    )
    document.version += 1
    core.due_item_sync(
        document,
        person=document.owner,
        kind="document_review",
        title=_("Review %(d)s") % {"d": document},
        due_date=document.next_review_date,
        is_open=document.current_revision_id is not None and document.next_review_date is not None,
        url=document.get_absolute_url(),
    )
    index_document(document)


def _sync_participants(revision: DocumentRevision) -> None:
    in_review = revision.status == RevisionStatus.IN_REVIEW
    signed = set(_valid_signatures(revision).values_list("person_id", flat=True))
    commented = set(revision.comments.values_list("person_id", flat=True))
    for participant in revision.participants.select_related("person"):
        approver = participant.role == ParticipantRole.APPROVER
        done = participant.person_id in (signed if approver else commented)
        core.due_item_sync(
            participant,
            person=participant.person,
            kind="document_approval" if approver else "document_comment",
            title=(_("Approve %(r)s") if approver else _("Review %(r)s")) % {"r": revision},
            due_date=revision.review_due,
            is_open=in_review and not done,
            url=revision.get_absolute_url(),
        )


def audience(revision: DocumentRevision):
    """The people asked to acknowledge `revision`: active people in its roles and at its sites."""
    roles, sites = revision.audience_roles, list(revision.audience_sites.all())
    if not roles and not sites:
        return Person.objects.none()
    people = Person.objects.filter(organisation_id=revision.organisation_id, is_active=True)
    if roles:
        people = people.filter(
            user__memberships__organisation_id=revision.organisation_id, user__memberships__role__in=roles
        )
    if sites:
        people = people.filter(site__in=sites)
    return people.distinct()


def _request_acknowledgements(revision: DocumentRevision) -> None:
    people = list(audience(revision))
    Acknowledgement.objects.bulk_create(
        [Acknowledgement(organisation_id=revision.organisation_id, revision=revision, person=p) for p in people],
        ignore_conflicts=True,
    )
    due = revision.effective_date + datetime.timedelta(days=ACKNOWLEDGE_WITHIN_DAYS)
    for ack in Acknowledgement.objects.filter(revision=revision).select_related("person"):
        _sync_acknowledgement(ack, due_date=due, is_open=ack.acknowledged_at is None)


def _sync_acknowledgement(ack: Acknowledgement, *, due_date, is_open: bool) -> None:
    core.due_item_sync(
        ack,
        person=ack.person,
        kind="document_read",
        title=_("Read and acknowledge %(d)s") % {"d": ack.revision.document},
        due_date=due_date,
        is_open=is_open,
        url=ack.revision.document.get_absolute_url(),
    )


def _close_acknowledgements(revision: DocumentRevision) -> None:
    pending = Acknowledgement.objects.filter(revision=revision, acknowledged_at__isnull=True).values_list("pk")
    DueItem.objects.filter(
        source_type=ContentType.objects.get_for_model(Acknowledgement), source_id__in=pending
    ).update(is_open=False)


@transaction.atomic
def acknowledgement_record(revision: DocumentRevision, *, by, person: Person | None = None) -> Acknowledgement:
    """Read and understood: the person confirms the effective revision (a manager may record it for
    someone without a login, e.g. after a briefing)."""
    own = core.person_for_user(revision.organisation, by) if by is not None else None
    person = person or own
    if person is None:
        raise ValidationFailed({"person": [_("Your login is not linked to a person of this organisation.")]})
    if person != own:
        require_perm(by, "documents.acknowledge_for_others", revision.organisation)
    require_perm(by, "documents.read_revision", revision)
    if revision.status != RevisionStatus.EFFECTIVE:
        raise refusal(_("Only the effective revision can be acknowledged."))
    core.check_same_org(revision.organisation, {"person": person})
    ack = Acknowledgement.objects.filter(revision=revision, person=person).first() or Acknowledgement(
        organisation_id=revision.organisation_id, revision=revision, person=person
    )
    if ack.acknowledged_at is None:
        ack.acknowledged_at = timezone.now()
        with trail.acting(by):
            ack.save()
        _sync_acknowledgement(ack, due_date=None, is_open=False)
        for _on_effective, on_acknowledged in _revision_watchers:
            if on_acknowledged is not None:
                on_acknowledged(ack)
    return ack


# --- periodic review


@transaction.atomic
def document_review_confirm(document: Document, *, by, note: str = "", person: Person | None = None) -> PeriodicReview:
    """The periodic review found the document still right: recorded, and the next review date moves on."""
    require_perm(by, "documents.review_document", document)
    if document.current_revision_id is None:
        raise refusal(_("Only a document with an effective revision can be confirmed."))
    today = timezone.localdate()
    review = _review(document, ReviewOutcome.CONFIRMED, by=by, note=note, person=person)
    document.next_review_date = add_months(today, document.review_interval_months)
    with trail.acting(by):
        review.save()
    _refresh_document(document)
    return review


@transaction.atomic
def document_review_start_revision(
    document: Document, *, by, note: str = "", person: Person | None = None
) -> PeriodicReview:
    """The periodic review found changes are needed: recorded, and a new draft is started."""
    require_perm(by, "documents.review_document", document)
    revision = revision_create(document=document, by=by)
    review = _review(document, ReviewOutcome.REVISION_STARTED, by=by, note=note, person=person)
    review.revision = revision
    with trail.acting(by):
        review.save()
    return review


def _review(document: Document, outcome: str, *, by, note: str, person) -> PeriodicReview:
    reviewer = person if by is None else core.person_for_user(document.organisation, by)
    if reviewer is None:
        raise ValidationFailed({"person": [_("Your login is not linked to a person of this organisation.")]})
    return PeriodicReview(
        organisation_id=document.organisation_id,
        document=document,
        outcome=outcome,
        reviewed_by=reviewer,
        reviewed_on=timezone.localdate(),
        note=note,
    )


# --- search


def index_document(document: Document) -> None:
    """Make every revision of `document` findable by its number, title, content and file (one upsert).

    Only the effective revision and the one being worked on are current: superseded and withdrawn
    ones are found only on request. Every member finds the effective revision of a document that is
    not confidential; the rest is for the roles that read revisions and confidential documents, and
    for the document's owner.
    """
    revisions = list(document.revisions.select_related("file"))
    docs = [_search_doc(document, revision) for revision in revisions]
    search.index_many(docs)
    for revision, doc in zip(revisions, docs, strict=True):
        if revision.file_id and not revision.markdown:
            fields = {f: getattr(doc, f) for f in ("title", "kind", "is_current", "perm", "user", "url")}
            search.index_file_later(revision, file_field="file.file", **fields)


def _search_doc(document: Document, revision: DocumentRevision) -> search.Doc:
    effective = revision.status == RevisionStatus.EFFECTIVE
    open_to_all = effective and document.confidentiality != Confidentiality.CONFIDENTIAL
    return search.Doc(
        revision,
        title=f"{document.number} {document.title} · {_('rev.')} {revision.label}",
        body=revision.markdown,
        kind="document",
        is_current=effective or revision.status in OPEN_STATUSES,
        perm="" if open_to_all else SEARCH_RESTRICTED,
        user=document.owner.user_id,
        url=document.get_absolute_url() if effective else revision.get_absolute_url(),
    )


def documents_reindex(org: Organisation) -> int:
    """Every revision of `org`'s documents in the search index again (`pdca search reindex`), in bulk;
    the text files gave earlier is kept."""
    revisions = (
        DocumentRevision.objects.filter(organisation=org)
        .select_related("document__owner")
        .order_by("pk")
        .iterator(chunk_size=2000)
    )
    return search.index_many(_search_doc(_in(r.document, org), r) for r in revisions)


def _in(document: Document, org: Organisation) -> Document:
    document.organisation = org  # already loaded: spares a query per row for its URL
    return document
