"""Context services: context issues, the climate-change determination, interested parties and their
requirements, and the legal register with its compliance checks. The QMS scope is in scope.py.

Every write is atomic, checked against the organisation's roles and recorded in the trail. Numbers:
CTX-0001 for issues, IP-0001 for parties, LEG-0001 for legal and other requirements.

Compliance checks drive their requirement's dates: the latest check (by date) is repeated on the
requirement (`last_checked_on`, `last_result`) and the next check falls due its interval after it.
A requirement never checked is due from the day it is entered, unless a date is given. The owner sees
the next check among their due items.
"""

import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from pdca.context.choices import ISSUE_PREFIX, LEGAL_PREFIX, PARTY_PREFIX, ComplianceResult, Direction
from pdca.context.models import (
    ClimateDetermination,
    ComplianceCheck,
    ContextIssue,
    InterestedParty,
    LegalRequirement,
    PartyRequirement,
)
from pdca.core import search, trail
from pdca.core import services as core
from pdca.core.choices import TrailAction
from pdca.core.dates import add_months
from pdca.core.exceptions import ValidationFailed
from pdca.core.models import Organisation
from pdca.core.numbering import claim_number, next_number
from pdca.core.services import full_clean, require

# Many-to-many fields a service may set, with how the trail names each row.
RELATED = {"processes": lambda p: p.number}
# Clauses an issue is tagged with when it is created, so an auditor browsing 4.1 finds it.
ISSUE_CLAUSES = {
    Direction.EXTERNAL: "hs.context.organization.external_issues",
    Direction.INTERNAL: "hs.context.organization.internal_issues",
}
CLIMATE_CLAUSE = "hs.context.organization.climate"
PARTY_CLAUSE = "hs.context.parties.parties"
LEGAL_CLAUSES = ["hs.leadership.commitment.customer_focus", "hs.operation.requirements.determination"]


# --- shared helpers


def _create(model, *, org: Organisation, data: dict, by, prefix: str, number: str = ""):
    """A numbered row with its many-to-many rows; the number is the organisation's next (or one given)."""
    require(by, "add", model, org)
    data = dict(data)
    number = number or data.pop("number", "") or ""
    related = _pop_related(data)
    _check_related(org, data, related)
    obj = model(organisation=org, **data)
    full_clean(obj, exclude=["number"])
    obj.number = _number(model, org, prefix, number)
    with trail.acting(by):
        obj.save()
        _set_related(obj, related, record=False)
    return obj


def _number(model, org: Organisation, prefix: str, number: str) -> str:
    number = claim_number(org, prefix, number) if number.strip() else next_number(org, prefix)
    if len(number) > 30:
        raise ValidationFailed({"number": [_("A number has at most 30 characters.")]})
    if model.objects.filter(organisation=org, number=number).exists():
        raise ValidationFailed({"number": [_("%(n)s is already taken.") % {"n": number}]})
    return number


def _update(obj, *, data: dict, by, version: int | None):
    data = dict(data)
    data.pop("number", None)
    related = _pop_related(data)
    _check_related(obj.organisation, {}, related)
    core.object_update(obj, data=data, by=by, version=version)
    _set_related(obj, related, record=True)
    return obj


def _pop_related(data: dict) -> dict:
    return {name: list(data.pop(name)) for name in RELATED if name in data and data[name] is not None}


def _check_related(org: Organisation, data: dict, related: dict) -> None:
    flat = {f"{name}{i}": row for name, rows in related.items() for i, row in enumerate(rows)}
    try:
        core.check_same_org(org, {**data, **flat})
    except ValidationFailed as exc:  # name the field, not its n-th row
        raise ValidationFailed({name.rstrip("0123456789"): messages for name, messages in exc.errors.items()}) from exc


def _set_related(obj, related: dict, *, record: bool) -> None:
    """Replace many-to-many rows; the trail gets what was added and removed."""
    changes = {}
    for name, rows in related.items():
        manager, label = getattr(obj, name), RELATED[name]
        old = sorted(label(r) for r in manager.all()) if record else []
        manager.set(rows)
        new = sorted(label(r) for r in rows)
        if old != new:
            changes[name] = {"old": old, "new": new} if record else {"new": new}
    if changes:
        trail.record_event(obj, action=TrailAction.UPDATE, changes=changes)


def _tag(obj, keys: list[str]) -> None:
    """Tag a new row with the catalogue keys that exist (part of creating it, which the caller may do)."""
    from pdca.standards.selectors import unknown_keys

    keys = [k for k in keys if k]
    unknown = set(unknown_keys(obj.organisation, keys))
    known = [k for k in keys if k not in unknown]
    if known:
        core.clause_tags_set(target=obj, keys=known, by=None)


# --- context issues (4.1)


@transaction.atomic
def issue_create(model=ContextIssue, *, org: Organisation, data: dict, by, number: str = "") -> ContextIssue:
    """A context issue numbered CTX-0001…; tagged with 4.1 (and the climate requirement if climate-related)."""
    issue = _create(ContextIssue, org=org, data=data, by=by, prefix=ISSUE_PREFIX, number=number)
    _tag(issue, [ISSUE_CLAUSES.get(issue.direction, ""), CLIMATE_CLAUSE if issue.climate_related else ""])
    search.index_many([_issue_doc(issue)])
    return issue


@transaction.atomic
def issue_update(issue: ContextIssue, *, data: dict, by, version: int | None = None) -> ContextIssue:
    """Change an issue; its category must still fit its direction (PESTLE outside, resources … inside)."""
    _update(issue, data=data, by=by, version=version)
    search.index_many([_issue_doc(issue)])
    return issue


# --- the climate-change determination (4.1, Amd 1:2024)


@transaction.atomic
def climate_determine(model=ClimateDetermination, *, org: Organisation, data: dict, by) -> ClimateDetermination:
    """Record whether climate change is a relevant issue, why, when and who decided. Earlier answers are kept;
    the latest by date is the one in force."""
    require(by, "add", ClimateDetermination, org)
    data = dict(data)
    if data.get("decided_by") is None and by is not None:
        data["decided_by"] = core.person_for_user(org, by)
    if not data.get("decided_on"):
        data["decided_on"] = timezone.localdate()
    core.check_same_org(org, data)
    determination = ClimateDetermination(organisation=org, **data)
    errors = {}
    if determination.relevant is None:
        errors["relevant"] = [_("Answer yes or no: is climate change a relevant issue?")]
    if not (determination.rationale or "").strip():
        errors["rationale"] = [_("Say why: an auditor will ask how the answer was reached.")]
    if determination.decided_on and determination.decided_on > timezone.localdate():
        errors["decided_on"] = [_("A determination records a decision taken: its date cannot be in the future.")]
    if determination.decided_by_id is None:
        errors["decided_by"] = [_("Name the person who decided.")]
    if errors:
        raise ValidationFailed(errors)
    full_clean(determination)
    with trail.acting(by):
        determination.save()
    return determination


def climate_latest(org: Organisation) -> ClimateDetermination | None:
    """The determination in force (the latest by date), or None: missing."""
    return (
        ClimateDetermination.objects.filter(organisation=org)
        .select_related("decided_by")
        .order_by("-decided_on", "-id")
        .first()
    )


# --- interested parties (4.2)


@transaction.atomic
def party_create(model=InterestedParty, *, org: Organisation, data: dict, by, number: str = "") -> InterestedParty:
    """An interested party numbered IP-0001…, tagged with 4.2."""
    party = _create(InterestedParty, org=org, data=data, by=by, prefix=PARTY_PREFIX, number=number)
    _tag(party, [PARTY_CLAUSE])
    return party


@transaction.atomic
def party_update(party: InterestedParty, *, data: dict, by, version: int | None = None) -> InterestedParty:
    return _update(party, data=data, by=by, version=version)


@transaction.atomic
def party_requirement_create(model=PartyRequirement, *, org: Organisation, data: dict, by) -> PartyRequirement:
    """One relevant requirement of a party (climate-related or not), how the QMS meets it, which processes."""
    require(by, "add", PartyRequirement, org)
    data = dict(data)
    related = _pop_related(data)
    _check_related(org, data, related)
    requirement = PartyRequirement(organisation=org, **data)
    full_clean(requirement)
    with trail.acting(by):
        requirement.save()
        _set_related(requirement, related, record=False)
    return requirement


@transaction.atomic
def party_requirement_update(
    requirement: PartyRequirement, *, data: dict, by, version: int | None = None
) -> PartyRequirement:
    data = dict(data)
    if "party" in data and data["party"] is not None and data["party"].pk != requirement.party_id:
        raise ValidationFailed({"party": [_("A requirement stays with its party: remove it and add it to the other.")]})
    data.pop("party", None)
    return _update(requirement, data=data, by=by, version=version)


# --- legal and other requirements (5.1.2, 8.2.2; compliance obligations of ISO 14001/45001)


@transaction.atomic
def legal_create(model=LegalRequirement, *, org: Organisation, data: dict, by, number: str = "") -> LegalRequirement:
    """A legal or other requirement numbered LEG-0001…; never checked, it is due for a check from today
    unless a date is given."""
    data = dict(data)
    for derived in ("last_checked_on", "last_result"):  # kept by the compliance checks
        data.pop(derived, None)
    if not data.get("next_check_date"):
        data["next_check_date"] = timezone.localdate()
    requirement = _create(LegalRequirement, org=org, data=data, by=by, prefix=LEGAL_PREFIX, number=number)
    _tag(requirement, LEGAL_CLAUSES)
    _sync_due_item(requirement)
    search.index_many([_legal_doc(requirement)])
    return requirement


@transaction.atomic
def legal_update(requirement: LegalRequirement, *, data: dict, by, version: int | None = None) -> LegalRequirement:
    """Change a requirement. A new interval moves the next check (from the last one) unless a date is given."""
    data = dict(data)
    new_interval = data.get("check_interval_months", requirement.check_interval_months)
    date_given = "next_check_date" in data and data["next_check_date"] != requirement.next_check_date
    if new_interval != requirement.check_interval_months and not date_given and requirement.last_checked_on:
        data["next_check_date"] = add_months(requirement.last_checked_on, new_interval)
    _update(requirement, data=data, by=by, version=version)
    _sync_due_item(requirement)
    search.index_many([_legal_doc(requirement)])
    return requirement


@transaction.atomic
def legal_delete(requirement: LegalRequirement, *, by, reason: str = "") -> None:
    """Delete a requirement entered by mistake, with its checks; one that no longer applies is marked so
    instead (it keeps its history of checks)."""
    require(by, "delete", requirement, requirement)
    core.due_item_sync(requirement, person=None, kind=DUE_KIND, title="", due_date=None, is_open=False, url="")
    core.object_delete(requirement, by=by, reason=reason)


DUE_KIND = "compliance_check"


def _sync_due_item(requirement: LegalRequirement) -> None:
    """The owner's due item for the next compliance check (none once the requirement no longer applies)."""
    core.due_item_sync(
        requirement,
        person=requirement.owner,
        kind=DUE_KIND,
        title=_("Compliance check: %(r)s") % {"r": requirement},
        due_date=requirement.next_check_date,
        is_open=requirement.is_active and requirement.next_check_date is not None,
        url=requirement.get_absolute_url(),
    )


def next_check_after(checked_on: datetime.date, interval_months: int) -> datetime.date:
    """The next check falls due `interval_months` calendar months after a check (31 Jan + 1 → 28/29 Feb)."""
    return add_months(checked_on, interval_months)


# --- compliance checks


@transaction.atomic
def compliance_check_record(
    model=ComplianceCheck, *, org: Organisation, data: dict, by, upload=None
) -> ComplianceCheck:
    """Record a compliance check, with a file as evidence if given; the requirement's last result and next
    check date follow."""
    require(by, "add", ComplianceCheck, org)
    data = dict(data)
    if data.get("checked_by") is None and by is not None:
        data["checked_by"] = core.person_for_user(org, by)
    core.check_same_org(org, data)
    check = ComplianceCheck(organisation=org, **data)
    _check_check(check)
    full_clean(check)
    with trail.acting(by):
        check.save()
    if upload is not None:  # part of recording the check, which `by` may do (attaching later needs "change")
        with trail.acting(by):
            core.attachment_add(target=check, upload=upload, by=None)
    _refresh(check.legal_requirement, by)
    return check


def _check_check(check: ComplianceCheck) -> None:
    errors = {}
    if check.checked_on and check.checked_on > timezone.localdate():
        errors["checked_on"] = [_("A check records what was found: its date cannot be in the future.")]
    if check.evidence_id and check.evidence.status == "disposed":
        errors["evidence"] = [_("%(r)s has been disposed of: it is no evidence.") % {"r": check.evidence.number}]
    if errors:
        raise ValidationFailed(errors)


@transaction.atomic
def compliance_check_update(check: ComplianceCheck, *, data: dict, by, version: int | None = None) -> ComplianceCheck:
    """Correct a check (date, result, notes, evidence); the requirement's dates follow."""
    require(by, "change", check, check)
    data = dict(data)
    if "legal_requirement" in data and data["legal_requirement"].pk != check.legal_requirement_id:
        raise ValidationFailed(
            {"legal_requirement": [_("A check stays with its requirement: delete it and record it on the other.")]}
        )
    data.pop("legal_requirement", None)
    core.check_same_org(check.organisation, data)
    for name, value in data.items():
        setattr(check, name, value)
    _check_check(check)
    core.object_update(check, data=data, by=by, version=version)
    _refresh(check.legal_requirement, by)
    return check


@transaction.atomic
def compliance_check_delete(check: ComplianceCheck, *, by, reason: str = "") -> None:
    requirement = check.legal_requirement
    core.object_delete(check, by=by, reason=reason)
    _refresh(requirement, by)


@transaction.atomic
def compliance_action_raise(check: ComplianceCheck, *, data: dict, by):
    """Raise an action in the shared action register to put right what a check found (its source is the
    check, so the check's page lists it and the action links back)."""
    from pdca.core.models import Action

    require(by, "view", check, check)
    require(by, "add", Action, check.organisation)
    if check.result == ComplianceResult.COMPLIANT:
        raise ValidationFailed({"__all__": [_("The check found the requirement met: there is nothing to put right.")]})
    return core.action_create(org=check.organisation, data=data, by=by, source=check)


def actions_of(check: ComplianceCheck) -> list:
    """The actions raised from a check, in the order raised (one query)."""
    from django.contrib.contenttypes.models import ContentType

    from pdca.core.models import Action

    ct = ContentType.objects.get_for_model(ComplianceCheck)
    return list(
        Action.objects.filter(organisation_id=check.organisation_id, source_type=ct, source_id=check.pk)
        .select_related("owner")
        .order_by("id")
    )


def _refresh(requirement: LegalRequirement, by) -> None:
    """Repeat the latest check on the requirement and move its next check after it."""
    requirement = (
        LegalRequirement.objects.select_for_update(of=("self",)).select_related("owner").get(pk=requirement.pk)
    )
    latest = requirement.checks.order_by("-checked_on", "-id").first()
    if latest is None:
        requirement.last_checked_on, requirement.last_result = None, ""
    else:
        requirement.last_checked_on, requirement.last_result = latest.checked_on, latest.result
        requirement.next_check_date = next_check_after(latest.checked_on, requirement.check_interval_months)
    with trail.acting(by):
        requirement.save()
    _sync_due_item(requirement)


# --- the search index: issues by their text, legal requirements by title, reference, issuer and use


def _issue_doc(issue: ContextIssue) -> search.Doc:
    body = "\n".join(t for t in (issue.description, issue.effect_on_qms) if t)
    return search.Doc(issue, title=str(issue), body=body, kind="contextissue", is_current=issue.is_active)


def _legal_doc(requirement: LegalRequirement) -> search.Doc:
    texts = (requirement.reference, requirement.issuer, requirement.applicability, requirement.how_complied)
    body = "\n".join(t for t in texts if t)
    return search.Doc(
        requirement, title=str(requirement), body=body, kind="legalrequirement", is_current=requirement.is_active
    )


def _in(obj, org: Organisation):
    obj.organisation = org  # already loaded: spares a query per row for its URL
    return obj


def issues_reindex(org: Organisation) -> int:
    """Put every context issue of `org` in the search index again (`pdca search reindex`)."""
    issues = ContextIssue.objects.filter(organisation=org).order_by("pk").iterator(chunk_size=2000)
    return search.index_many(_issue_doc(_in(issue, org)) for issue in issues)


def legal_reindex(org: Organisation) -> int:
    """Put every legal or other requirement of `org` in the search index again."""
    rows = LegalRequirement.objects.filter(organisation=org).order_by("pk").iterator(chunk_size=2000)
    return search.index_many(_legal_doc(_in(row, org)) for row in rows)
