"""The QMS scope (4.3): the scope row, its not-applicable requirements, the controlled scope document,
and the check that the document in force still says what the registers say.

The requirements that do not apply are the gap app's applicability list: read here, changed only
through `pdca.gap.services.applicability_set` (the scope page calls it), never copied into this app.

Publishing generates the scope document's Markdown from the scope and that list, then creates the
organisation's scope document (the first time) or a new draft revision of it, through the documents
services; it then goes through the normal review and approval. Each generated revision keeps what it
said (ScopePublication.snapshot), so `scope_check` can name what changed since the effective one.
"""

import hashlib
import json
from dataclasses import dataclass, field

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from pdca.context.choices import SCOPE_TITLE
from pdca.context.models import QmsScope, ScopePublication
from pdca.core import services as core
from pdca.core import trail
from pdca.core.choices import TrailAction
from pdca.core.exceptions import ValidationFailed
from pdca.core.models import Organisation
from pdca.core.services import full_clean, require
from pdca.documents import services as documents
from pdca.documents.choices import OPEN_STATUSES, RevisionStatus
from pdca.gap.models import Applicability
from pdca.standards.models import Clause, Requirement
from pdca.standards.selectors import default_standard, standards_for

SCOPE_CLAUSES = ["hs.context.scope.statement", "hs.context.scope.justification"]
SCOPE_DOC_TYPE = "manual"


# --- the scope row


def scope_of(org: Organisation) -> QmsScope | None:
    return (
        QmsScope.objects.filter(organisation=org)
        .select_related("standard", "owner", "document", "document__current_revision")
        .first()
    )


@transaction.atomic
def scope_save(*, org: Organisation, data: dict, by, version: int | None = None) -> QmsScope:
    """Set the organisation's scope (created the first time): statement, products and services, sites,
    boundaries, owner, the standard and optionally an existing scope document to revise from now on."""
    data = dict(data)
    sites = data.pop("sites", None)
    if sites is not None:
        core.check_same_org(org, {f"sites{i}": s for i, s in enumerate(sites)})
    standard = data.get("standard")
    if standard is not None and not standards_for(org).filter(pk=standard.pk).exists():
        raise ValidationFailed(
            {"standard": [_("Select a valid choice. That choice is not one of the available choices.")]}
        )
    scope = QmsScope.objects.filter(organisation=org).first()
    created = scope is None
    if created:
        require(by, "add", QmsScope, org)
        if data.get("standard") is None:
            data["standard"] = default_standard(org)
        core.check_same_org(org, data)
        scope = QmsScope(organisation=org, **data)
        full_clean(scope)
        with trail.acting(by):
            scope.save()
    else:
        core.object_update(scope, data=data, by=by, version=version)
    if sites is not None:
        _set_sites(scope, sites, created=created, by=by)
    return scope


def _set_sites(scope: QmsScope, sites, *, created: bool, by) -> None:
    old = [] if created else sorted(s.name for s in scope.sites.all())
    scope.sites.set(sites)
    new = sorted(s.name for s in sites)
    if old != new:
        with trail.acting(by):
            change = {"new": new} if created else {"old": old, "new": new}
            trail.record_event(scope, action=TrailAction.UPDATE, changes={"sites": change})


# --- the not-applicable list (the gap app's, read here)


def not_applicable(scope: QmsScope) -> list:
    """The organisation's not-applicable decisions for the scope's standard, in catalogue order (one query)."""
    return list(
        Applicability.objects.filter(
            organisation_id=scope.organisation_id, applicable=False, requirement__standard_id=scope.standard_id
        )
        .select_related("requirement", "requirement__clause")
        .order_by("requirement__position")
    )


@dataclass(frozen=True)
class NaLine:
    """A line of the scope document's not-applicable table: a whole clause, or one requirement."""

    number: str
    title: str
    justification: str
    keys: tuple[str, ...]
    whole_clause: bool


def na_lines(scope: QmsScope, decisions: list) -> list[NaLine]:
    """The decisions as people read them: a clause whose requirements are all not applicable for the same
    reason is one line (8.3 Design and development …), the others one line per requirement."""
    if not decisions:
        return []
    reason = {d.requirement_id: d.justification.strip() for d in decisions}
    clauses = list(Clause.objects.filter(standard_id=scope.standard_id).order_by("position"))
    requirements = list(
        Requirement.objects.filter(standard_id=scope.standard_id).only("id", "clause_id", "key", "text")
    )
    children, own = {}, {}
    for clause in clauses:
        children.setdefault(clause.parent_id, []).append(clause)
    for requirement in requirements:
        own.setdefault(requirement.clause_id, []).append(requirement)
    lines: list[NaLine] = []

    def subtree(clause) -> list:
        found = list(own.get(clause.pk, []))
        for child in children.get(clause.pk, []):
            found += subtree(child)
        return found

    def walk(clause) -> None:
        below = subtree(clause)
        reasons = {reason.get(r.pk) for r in below}
        if below and None not in reasons and len(reasons) == 1:
            keys = tuple(r.key for r in below)
            lines.append(NaLine(clause.number, clause.title, reasons.pop(), keys, True))
            return
        for requirement in own.get(clause.pk, []):
            if requirement.pk in reason:
                line = NaLine(clause.number, requirement.text, reason[requirement.pk], (requirement.key,), False)
                lines.append(line)
        for child in children.get(clause.pk, []):
            walk(child)

    for top in children.get(None, []):
        walk(top)
    return lines


# --- what a publication says


def snapshot(scope: QmsScope, decisions: list) -> dict:
    """The scope's content that the document states: compared between publications, key by key."""
    return {
        "standard": scope.standard.slug,
        "statement": scope.statement.strip(),
        "products_services": scope.products_services.strip(),
        "boundaries": scope.boundaries.strip(),
        "sites": sorted([s.name, " ".join(s.address.split())] for s in scope.sites.all()),
        "not_applicable": sorted([d.requirement.key, d.justification.strip()] for d in decisions),
    }


def digest(content: dict) -> str:
    return hashlib.sha256(json.dumps(content, sort_keys=True, ensure_ascii=False).encode("utf-8")).hexdigest()


FIELD_LABELS = {
    "standard": gettext_lazy("Standard"),
    "statement": gettext_lazy("Scope statement"),
    "products_services": gettext_lazy("Products and services"),
    "boundaries": gettext_lazy("Boundaries and interfaces"),
}


def differences(old: dict, new: dict) -> list[str]:
    """What changed from `old` to `new`, in words, naming the sites and requirements."""
    found = []
    for name in FIELD_LABELS:
        if old.get(name) != new.get(name):
            found.append(_("%(f)s changed.") % {"f": FIELD_LABELS[name]})
    old_sites, new_sites = dict(map(tuple, old.get("sites", []))), dict(map(tuple, new.get("sites", [])))
    for name in sorted(set(new_sites) - set(old_sites)):
        found.append(_("Site added: %(s)s.") % {"s": name})
    for name in sorted(set(old_sites) - set(new_sites)):
        found.append(_("Site removed: %(s)s.") % {"s": name})
    for name in sorted(set(old_sites) & set(new_sites)):
        if old_sites[name] != new_sites[name]:
            found.append(_("Address of %(s)s changed.") % {"s": name})
    found += _na_differences(
        dict(map(tuple, old.get("not_applicable", []))), dict(map(tuple, new.get("not_applicable", [])))
    )
    return found


def _na_differences(old: dict, new: dict) -> list[str]:
    found = []
    added, removed = sorted(set(new) - set(old)), sorted(set(old) - set(new))
    changed = sorted(k for k in set(old) & set(new) if old[k] != new[k])
    if added:
        found.append(_("Now not applicable: %(k)s.") % {"k": _short(added)})
    if removed:
        found.append(_("Applicable again: %(k)s.") % {"k": _short(removed)})
    if changed:
        found.append(_("Justification changed: %(k)s.") % {"k": _short(changed)})
    return found


def _short(keys: list[str], most: int = 5) -> str:
    shown = ", ".join(keys[:most])
    return shown + (_(" and %(n)s more") % {"n": len(keys) - most} if len(keys) > most else "")


# --- the scope document


def _cell(text: str) -> str:
    return " ".join((text or "").split()).replace("|", "\\|")


def scope_markdown(scope: QmsScope, content: dict, lines: list[NaLine]) -> str:
    """The scope document generated from the scope and the not-applicable list (no dates: the same content
    gives the same text, and so the same hash)."""
    parts = [
        f"# {SCOPE_TITLE}",
        "",
        f"**{scope.organisation.name}** · {scope.standard}",
        "",
        "## 1. " + _("Scope statement"),
        "",
        content["statement"] or "_" + _("Not written yet.") + "_",
        "",
        "## 2. " + _("Products and services covered"),
        "",
        content["products_services"] or "_" + _("Not written yet.") + "_",
        "",
        "## 3. " + _("Sites"),
        "",
    ]
    if content["sites"]:
        parts += ["| " + _("Site") + " | " + _("Address") + " |", "|---|---|"]
        parts += [f"| {_cell(name)} | {_cell(address)} |" for name, address in content["sites"]]
    else:
        parts.append("_" + _("No site named.") + "_")
    parts += ["", "## 4. " + _("Boundaries and interfaces"), "", content["boundaries"] or _("None recorded."), ""]
    parts += ["## 5. " + _("Requirements that do not apply"), ""]
    if lines:
        parts += [
            _(
                "Every requirement of %(standard)s that can be applied within this scope is applied, except those "
                "below. None of them affects the organisation's ability to provide conforming products and services "
                "or to enhance customer satisfaction."
            )
            % {"standard": scope.standard},
            "",
            "| " + _("Clause") + " | " + _("Requirement") + " | " + _("Why it does not apply") + " |",
            "|---|---|---|",
        ]
        for line in lines:
            what = _("%(t)s (all of it)") % {"t": line.title} if line.whole_clause else line.title
            parts.append(f"| {_cell(line.number)} | {_cell(what)} | {_cell(line.justification)} |")
    else:
        parts.append(_("Every requirement of %(standard)s applies.") % {"standard": scope.standard})
    parts += [
        "",
        "## 6. " + _("What the scope takes into account"),
        "",
        _(
            "The internal and external issues of the context register, the relevant requirements of the "
            "interested parties, and the organisation's products and services (ISO 9001, 4.3)."
        ),
        "",
    ]
    return "\n".join(parts)


@transaction.atomic
def scope_publish(scope: QmsScope, *, by):
    """Generate the scope document as a new draft revision (creating the document the first time); returns
    the revision, to be submitted for review and approval like any other."""
    require(by, "change", scope, scope)
    scope = QmsScope.objects.select_for_update(of=("self",)).select_related("standard", "document").get(pk=scope.pk)
    decisions = not_applicable(scope)
    content = snapshot(scope, decisions)
    markdown = scope_markdown(scope, content, na_lines(scope, decisions))
    problems = blocking_problems(scope, content, decisions)
    if problems:
        raise ValidationFailed({"scope": problems})
    document = scope.document
    if document is None:
        owner = scope.owner or (core.person_for_user(scope.organisation, by) if by is not None else None)
        if owner is None:
            raise ValidationFailed({"owner": [_("Name the scope's owner first: the document needs one.")]})
        data = {"title": str(SCOPE_TITLE), "doc_type": SCOPE_DOC_TYPE, "owner": owner, "clauses": SCOPE_CLAUSES}
        document = documents.document_create(org=scope.organisation, data=data, by=by, markdown=markdown)
        revision = document.revisions.get()
        core.object_update(scope, data={"document": document}, by=by)
    else:
        revision = _revise(document, content, markdown, by)
    with trail.acting(by):
        ScopePublication.objects.update_or_create(
            revision=revision,
            defaults={
                "organisation_id": scope.organisation_id,
                "scope": scope,
                "snapshot": content,
                "digest": digest(content),
            },
        )
    return revision


def _revise(document, content: dict, markdown: str, by):
    """A new draft of the existing document, or the open draft rewritten; refused while one is in review."""
    open_revision = document.revisions.filter(status__in=OPEN_STATUSES).first()
    if open_revision is not None and open_revision.status != RevisionStatus.DRAFT:
        raise ValidationFailed(
            {
                "scope": [
                    _("Revision %(r)s of %(d)s is %(s)s: finish its approval, or return it to draft, first.")
                    % {"r": open_revision.label, "d": document.number, "s": open_revision.get_status_display().lower()}
                ]
            }
        )
    current = document.current_revision
    previous = ScopePublication.objects.filter(revision=current).first() if current else None
    if open_revision is None and previous is not None and previous.digest == digest(content):
        raise ValidationFailed({"scope": [_("The effective scope document already says this: nothing to publish.")]})
    changed = differences(previous.snapshot, content) if previous else [_("Generated from the scope register.")]
    summary = " ".join(changed)
    if open_revision is not None:
        return documents.revision_update(open_revision, data={"markdown": markdown, "change_summary": summary}, by=by)
    return documents.revision_create(document=document, by=by, markdown=markdown, change_summary=summary)


# --- the consistency check


def blocking_problems(scope: QmsScope, content: dict, decisions: list) -> list[str]:
    """What 4.3 asks of a scope statement that this one lacks: nothing may be published until fixed."""
    problems = []
    if not content["statement"]:
        problems.append(_("Write the scope statement."))
    if not content["products_services"]:
        problems.append(_("Name the types of products and services the QMS covers (4.3)."))
    if not content["sites"]:
        problems.append(_("Name at least one site the QMS covers."))
    unjustified = [d.requirement.key for d in decisions if not d.justification.strip()]
    if unjustified:
        problems.append(_("Justify why these requirements do not apply: %(k)s.") % {"k": _short(unjustified)})
    return problems


# The document's state as the scope page shows it.
NO_DOCUMENT, NOT_EFFECTIVE, NOT_GENERATED, MATCHES, DIFFERS = (
    "no_document",
    "not_effective",
    "not_generated",
    "matches",
    "differs",
)


@dataclass
class ScopeCheck:
    """Whether the scope document in force says what the registers say, and what the scope lacks."""

    state: str
    differences: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)  # the scope lacks what 4.3 asks (blocks publishing)
    unjustified: list = field(default_factory=list)  # not applicable without a justification
    not_allowed: list = field(default_factory=list)  # not applicable where the standard expects it of all
    pending: object = None  # the revision being worked on, if any
    pending_matches: bool = False
    effective: object = None

    @property
    def in_step(self) -> bool:
        return self.state == MATCHES and not self.problems

    @property
    def warnings(self) -> int:
        return len(self.problems) + len(self.not_allowed) + (0 if self.state == MATCHES else 1)


def scope_check(scope: QmsScope, decisions: list | None = None) -> ScopeCheck:
    """Compare the effective scope document with the scope and the not-applicable list as they are now."""
    decisions = not_applicable(scope) if decisions is None else decisions
    content = snapshot(scope, decisions)
    check = ScopeCheck(
        state=NO_DOCUMENT,
        problems=blocking_problems(scope, content, decisions),
        unjustified=[d for d in decisions if not d.justification.strip()],
        not_allowed=[d for d in decisions if not d.requirement.may_be_not_applicable],
    )
    document = scope.document
    if document is None:
        return check
    revisions = {p.revision_id: p for p in ScopePublication.objects.filter(scope=scope).select_related("revision")}
    check.pending = document.revisions.filter(status__in=OPEN_STATUSES).order_by("-id").first()
    if check.pending is not None and check.pending.pk in revisions:
        check.pending_matches = revisions[check.pending.pk].digest == digest(content)
    current = document.current_revision
    if current is None or current.status != RevisionStatus.EFFECTIVE:
        check.state = NOT_EFFECTIVE
        return check
    check.effective = current
    publication = revisions.get(current.pk)
    if publication is None:
        check.state = NOT_GENERATED
    elif publication.digest == digest(content):
        check.state = MATCHES
    else:
        check.state, check.differences = DIFFERS, differences(publication.snapshot, content)
    return check


# --- choosing what does not apply (the scope page's form)


def na_choices(scope: QmsScope, decisions: list) -> list:
    """Grouped choices: whole clauses of 7 and 8 (where exclusions are credible) that still have an applicable
    requirement, and every single requirement still applicable ("clause:<id>", "req:<id>")."""
    excluded = {d.requirement_id for d in decisions}
    requirements = list(
        Requirement.objects.filter(standard_id=scope.standard_id).only("id", "clause_id", "key").order_by("position")
    )
    clauses = list(Clause.objects.filter(standard_id=scope.standard_id).only("id", "number", "title", "parent_id"))
    clauses.sort(key=lambda c: [int(p) if p.isdigit() else p for p in c.number.split(".")])
    number = {c.pk: c.number for c in clauses}
    subtrees = _subtrees(clauses)
    open_clauses = {r.clause_id for r in requirements if r.pk not in excluded}
    whole = [
        (f"clause:{c.pk}", f"{c.number} {c.title}")
        for c in clauses
        if c.number[:1] in "78" and subtrees[c.pk] & open_clauses
    ]
    single = [(f"req:{r.pk}", f"{number[r.clause_id]} · {r.key}") for r in requirements if r.pk not in excluded]
    return [(_("Whole clauses"), whole), (_("Single requirements"), single)]


def _subtrees(clauses) -> dict[int, set[int]]:
    """Each clause's id with the ids of every clause below it."""
    children: dict[int | None, list[int]] = {}
    for clause in clauses:
        children.setdefault(clause.parent_id, []).append(clause.pk)

    def below(pk: int) -> set[int]:
        found = {pk}
        for child in children.get(pk, []):
            found |= below(child)
        return found

    return {c.pk: below(c.pk) for c in clauses}


def requirements_for(scope: QmsScope, choice: str) -> list:
    """The requirements a choice of `na_choices` stands for: a clause's (with those of its sub-clauses), or one."""
    kind, _sep, pk = choice.partition(":")
    if not pk.isdigit() or kind not in ("clause", "req"):
        return []
    in_standard = Requirement.objects.filter(standard_id=scope.standard_id)
    if kind == "req":
        return list(in_standard.filter(pk=int(pk)))
    clauses = list(Clause.objects.filter(standard_id=scope.standard_id).only("id", "parent_id"))
    ids = _subtrees(clauses).get(int(pk), set())
    return list(in_standard.filter(clause_id__in=ids).order_by("position"))


@transaction.atomic
def na_set(scope: QmsScope, *, requirements: list, applicable: bool, justification: str = "", by) -> int:
    """Declare requirements of the scope's standard not applicable (with one justification) or applicable again,
    through the gap app's service: the applicability list stays the gap app's, one list for both."""
    from pdca.gap import services as gap

    if not requirements:
        raise ValidationFailed({"target": [_("Choose what does not apply.")]})
    if any(r.standard_id != scope.standard_id for r in requirements):
        raise ValidationFailed({"target": [_("Choose requirements of %(s)s.") % {"s": scope.standard}]})
    for requirement in requirements:
        gap.applicability_set(
            org=scope.organisation,
            requirement=requirement,
            applicable=applicable,
            justification=justification,
            by=by,
        )
    return len(requirements)
