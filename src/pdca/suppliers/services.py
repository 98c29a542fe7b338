"""Supplier services (8.4): the supplier register and its approval workflow, certificates with their
expiry warnings, the organisation's weighted criteria (active weights total 100 %), evaluations with
the weighted score, the threshold that raises a SCAR and moves the status down in the same transaction,
SCARs through issued → response received → verified → closed, and the settings (interval per tier,
threshold). Every write is atomic, permission-checked and in the trail.
"""

import datetime
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from pdca.core import search, trail
from pdca.core import services as core
from pdca.core.dates import add_months
from pdca.core.exceptions import TransitionNotAllowed, ValidationFailed
from pdca.core.models import Organisation
from pdca.core.numbering import claim_number, next_number
from pdca.core.permissions import require_perm
from pdca.core.services import full_clean, require
from pdca.suppliers import scoring
from pdca.suppliers.choices import (
    DEFAULT_CERTIFICATE_WARNING_DAYS,
    DEFAULT_CRITERIA,
    DEFAULT_GOOD_FROM,
    DEFAULT_INTERVALS,
    DEFAULT_SCAR_RESPONSE_DAYS,
    DEFAULT_THRESHOLD,
    DOWNGRADE,
    SCAR_PREFIX,
    SCAR_TRANSITIONS,
    SCORE_SCALE,
    SUPPLIER_PREFIX,
    SUPPLIER_TRANSITIONS,
    USABLE_STATUSES,
    ScarStatus,
    SupplierStatus,
    Tier,
)
from pdca.suppliers.models import (
    EvaluationCriterion,
    EvaluationScore,
    Scar,
    Supplier,
    SupplierCertificate,
    SupplierEvaluation,
)

SUPPLIER_CLAUSES = ["hs.operation.external.general"]

# --- settings


@dataclass(frozen=True)
class Settings:
    intervals: dict[int, int]  # tier → months between evaluations
    threshold: int  # a score below it raises a SCAR and moves the status down
    good_from: int
    certificate_warning_days: int
    scar_response_days: int


def settings_of(org: Organisation) -> Settings:
    saved = (org.settings or {}).get("suppliers", {})
    intervals = saved.get("intervals", {})
    return Settings(
        intervals={t.value: int(intervals.get(str(t.value), DEFAULT_INTERVALS[t])) for t in Tier},
        threshold=int(saved.get("threshold", DEFAULT_THRESHOLD)),
        good_from=int(saved.get("good_from", DEFAULT_GOOD_FROM)),
        certificate_warning_days=int(saved.get("certificate_warning_days", DEFAULT_CERTIFICATE_WARNING_DAYS)),
        scar_response_days=int(saved.get("scar_response_days", DEFAULT_SCAR_RESPONSE_DAYS)),
    )


def _settings_errors(new: Settings) -> dict:
    errors = {}
    for tier, months in new.intervals.items():
        if not 1 <= months <= 120:
            errors[f"interval_{tier}"] = [_("must be 1 to 120 months")]
    if not 1 <= new.threshold <= 100:
        errors["threshold"] = [_("must be 1 to 100")]
    if not new.threshold < new.good_from <= 100:
        errors["good_from"] = [_("must be above the threshold (%(t)s) and at most 100") % {"t": new.threshold}]
    if not 1 <= new.certificate_warning_days <= 365:
        errors["certificate_warning_days"] = [_("must be 1 to 365 days")]
    if not 1 <= new.scar_response_days <= 180:
        errors["scar_response_days"] = [_("must be 1 to 180 days")]
    return errors


@transaction.atomic
def settings_update(*, org: Organisation, by, **values) -> Settings:
    """Set the re-evaluation interval per tier (`intervals` {tier: months}), the threshold, the "good"
    mark, the certificate warning and the SCAR response time; recorded in the trail. New intervals move
    every supplier's next evaluation date; new warnings move the certificates' due items."""
    require_perm(by, "suppliers.change_settings", org)
    old = settings_of(org)
    merged = {**old.__dict__, **{k: v for k, v in values.items() if v is not None}}
    merged["intervals"] = {**old.intervals, **{int(k): int(v) for k, v in (values.get("intervals") or {}).items()}}
    new = Settings(**merged)
    errors = _settings_errors(new)
    if errors:
        raise ValidationFailed(errors)
    org.settings = {
        **(org.settings or {}),
        "suppliers": {**new.__dict__, "intervals": {str(t): m for t, m in new.intervals.items()}},
    }
    org.save(update_fields=["settings"])
    changes = {
        name: {"old": str(getattr(old, name)), "new": str(getattr(new, name))}
        for name in new.__dict__
        if getattr(old, name) != getattr(new, name)
    }
    if changes:
        with trail.acting(by):
            trail.record_event(org, action="update", changes={f"suppliers.{k}": v for k, v in changes.items()})
    if old.intervals != new.intervals:
        next_due_refresh(org, new)
    return new


def next_due(supplier: Supplier, settings: Settings) -> datetime.date | None:
    """The last evaluation plus the tier's interval; today for one never evaluated; none when disqualified."""
    if supplier.status == SupplierStatus.DISQUALIFIED:
        return None
    if supplier.last_evaluated_on is None:
        return supplier.next_evaluation_due or timezone.localdate()
    return add_months(supplier.last_evaluated_on, settings.intervals[int(supplier.tier)])


def next_due_refresh(org: Organisation, settings: Settings | None = None) -> int:
    """Recompute every supplier's next evaluation date (after new intervals). Derived from the settings'
    change, which is in the trail: the rows are updated without an entry each."""
    settings = settings or settings_of(org)
    changed = []
    rows = Supplier.objects.for_org(org).only("id", "tier", "status", "last_evaluated_on", "next_evaluation_due")
    for supplier in rows.iterator(chunk_size=2000):
        due = next_due(supplier, settings)
        if due != supplier.next_evaluation_due:
            supplier.next_evaluation_due = due
            changed.append(supplier)
    Supplier.objects.bulk_update(changed, ["next_evaluation_due"], batch_size=1000)
    for supplier in Supplier.objects.filter(pk__in=[s.pk for s in changed]).select_related("owner", "organisation"):
        _sync_evaluation_due(supplier)
    return len(changed)


# --- the register


def _check_clauses(org: Organisation, keys) -> list[str]:
    from pdca.standards.selectors import unknown_keys

    keys = sorted({k.strip() for k in keys or [] if k and k.strip()})
    unknown = unknown_keys(org, keys)
    if unknown:
        raise ValidationFailed({"clauses": [_("Unknown clause: %(keys)s.") % {"keys": ", ".join(unknown)}]})
    return keys


def _split(data: dict) -> tuple[dict, list | None]:
    data = dict(data)
    return data, data.pop("processes", None)


@transaction.atomic
def supplier_create(model=Supplier, *, org: Organisation, data: dict, by, number: str | None = None) -> Supplier:
    """A supplier, numbered SUP-nnnn (or keeping an imported number), prospective until approved,
    with its first evaluation due today; tagged with 8.4.1."""
    require(by, "add", Supplier, org)
    data, processes = _split(data)
    core.check_same_org(org, data)
    supplier = Supplier(organisation=org, **data)
    full_clean(supplier, exclude=["number"])
    _check_processes(org, processes)
    if number and Supplier.objects.filter(organisation=org, number=number.strip()).exists():
        raise ValidationFailed({"number": [_("%(n)s is already in the register.") % {"n": number.strip()}]})
    supplier.number = claim_number(org, SUPPLIER_PREFIX, number) if number else next_number(org, SUPPLIER_PREFIX)
    supplier.next_evaluation_due = next_due(supplier, settings_of(org))
    keys = _check_clauses(org, SUPPLIER_CLAUSES)
    with trail.acting(by):
        supplier.save()
        if processes:
            supplier.processes.set(processes)
        if keys:
            core.clause_tags_set(target=supplier, keys=keys, by=None)
    _after_write(supplier)
    return supplier


def _check_processes(org, processes) -> None:
    if processes and any(p.organisation_id != org.pk for p in processes):
        raise ValidationFailed(
            {"processes": [_("Select a valid choice. That choice is not one of the available choices.")]}
        )


@transaction.atomic
def supplier_update(supplier: Supplier, *, data: dict, by, version: int | None = None) -> Supplier:
    """Change a supplier's details; a new tier moves its next evaluation date."""
    require(by, "change", supplier, supplier)
    data, processes = _split(data)
    core.check_same_org(supplier.organisation, data)
    _check_processes(supplier.organisation, processes)
    if version is not None:
        supplier.version = version
    for name, value in data.items():
        setattr(supplier, name, value)
    full_clean(supplier)
    supplier.next_evaluation_due = next_due(supplier, settings_of(supplier.organisation))
    with trail.acting(by):
        supplier.save()
        if processes is not None:
            supplier.processes.set(processes)
    _after_write(supplier)
    return supplier


@transaction.atomic
def supplier_transition(supplier: Supplier, *, status: str, by, reason: str = "") -> Supplier:
    """Move a supplier through prospective → approved / conditional / on watch → disqualified (and back
    to prospective to re-qualify). A quality decision with a reason, always in the trail."""
    require_perm(by, "suppliers.approve_supplier", supplier.organisation)
    if status not in SupplierStatus.values:
        raise ValidationFailed({"status": [_("Choose one of: %(s)s.") % {"s": ", ".join(SupplierStatus.values)}]})
    if status not in SUPPLIER_TRANSITIONS.get(supplier.status, set()):
        raise TransitionNotAllowed(
            _("A supplier that is %(old)s cannot become %(new)s.")
            % {"old": supplier.get_status_display().lower(), "new": SupplierStatus(status).label.lower()},
            field="status",
        )
    if not reason.strip():
        raise ValidationFailed({"reason": [_("Say why the status changes (the auditor will ask).")]})
    _move(supplier, status, by=by, reason=reason.strip())
    return supplier


def _move(supplier: Supplier, status: str, *, by, reason: str) -> None:
    old = supplier.status
    supplier.status = status
    if status == SupplierStatus.APPROVED:
        supplier.approved_on = timezone.localdate()
    supplier.next_evaluation_due = next_due(supplier, settings_of(supplier.organisation))
    with trail.acting(by, reason=reason):
        trail.save_transition(supplier, field="status", old=old, reason=reason)
    _after_write(supplier)


@transaction.atomic
def supplier_delete(supplier: Supplier, *, by, reason: str = "") -> None:
    """Delete a supplier entered in error; one with evaluations or SCARs is disqualified instead."""
    require(by, "delete", supplier, supplier)
    if supplier.evaluations.exists() or supplier.scars.exists():
        raise ValidationFailed(
            _("%(n)s has evaluations or SCARs, which are records (8.4.1): disqualify it instead of deleting it.")
            % {"n": supplier.number}
        )
    core.due_item_sync(
        supplier, person=None, kind="supplier_evaluation", title="", due_date=None, is_open=False, url=""
    )
    for certificate in supplier.certificates.all():
        _sync_certificate_due(certificate, person=None)
    core.object_delete(supplier, by=by, reason=reason)


def _after_write(supplier: Supplier) -> None:
    _sync_evaluation_due(supplier)
    search.index_many([_doc(supplier)])


def _sync_evaluation_due(supplier: Supplier) -> None:
    due = supplier.next_evaluation_due is not None and supplier.owner_id is not None
    core.due_item_sync(
        supplier,
        person=supplier.owner if due else None,
        kind="supplier_evaluation",
        title=_("Evaluate supplier %(s)s") % {"s": supplier},
        due_date=supplier.next_evaluation_due,
        is_open=due,
        url=supplier.get_absolute_url(),
    )


def _doc(supplier: Supplier) -> search.Doc:
    body = "\n".join(t for t in (supplier.supplies, supplier.notes, supplier.contact_name) if t)
    return search.Doc(supplier, title=str(supplier), body=body, kind="supplier")


def suppliers_reindex(org: Organisation) -> int:
    rows = Supplier.objects.for_org(org).order_by("pk").iterator(chunk_size=2000)
    return search.index_many(_doc(_in(s, org)) for s in rows)


def _in(obj, org):
    obj.organisation = org
    return obj


# --- certificates


@transaction.atomic
def certificate_create(model=SupplierCertificate, *, org: Organisation, data: dict, by) -> SupplierCertificate:
    """A certificate the supplier holds; its buyer is reminded before it lapses."""
    require(by, "add", SupplierCertificate, org)
    core.check_same_org(org, data)
    certificate = SupplierCertificate(organisation=org, **data)
    _check_certificate(certificate)
    with trail.acting(by):
        certificate.save()
    _sync_certificates(certificate.supplier, certificate.standard)
    return certificate


@transaction.atomic
def certificate_update(certificate: SupplierCertificate, *, data: dict, by, version: int | None = None):
    require(by, "change", certificate, certificate)
    core.check_same_org(certificate.organisation, data)
    old = (certificate.supplier, certificate.standard)
    if version is not None:
        certificate.version = version
    for name, value in data.items():
        setattr(certificate, name, value)
    _check_certificate(certificate)
    with trail.acting(by):
        certificate.save()
    _sync_certificates(certificate.supplier, certificate.standard)
    _sync_certificates(*old)
    return certificate


@transaction.atomic
def certificate_delete(certificate: SupplierCertificate, *, by, reason: str = "") -> None:
    require(by, "delete", certificate, certificate)
    supplier, standard = certificate.supplier, certificate.standard
    _sync_certificate_due(certificate, person=None)
    core.object_delete(certificate, by=by, reason=reason)
    _sync_certificates(supplier, standard)


def _check_certificate(certificate: SupplierCertificate) -> None:
    full_clean(certificate)
    if certificate.valid_from and certificate.valid_from > certificate.valid_until:
        raise ValidationFailed({"valid_until": [_("must not be before “valid from”")]})


def _sync_certificates(supplier: Supplier, standard: str) -> None:
    """Only the latest certificate of a standard asks for renewal: a renewed one supersedes the old."""
    rows = list(
        SupplierCertificate.objects.filter(supplier=supplier, standard__iexact=standard)
        .select_related("supplier__owner", "organisation")
        .order_by("-valid_until", "-id")
    )
    for i, certificate in enumerate(rows):
        _sync_certificate_due(certificate, person=certificate.supplier.owner if i == 0 else None)


def _sync_certificate_due(certificate: SupplierCertificate, *, person) -> None:
    core.due_item_sync(
        certificate,
        person=person,
        kind="supplier_certificate",
        title=_("%(standard)s certificate of %(s)s expires")
        % {"standard": certificate.standard, "s": certificate.supplier},
        due_date=certificate.valid_until,
        is_open=person is not None,
        url=certificate.get_absolute_url() if person is not None else "",
    )


# --- evaluation criteria


def _weight_errors(org: Organisation, rows: dict) -> dict:
    active = [c for c in rows.values() if c.active]
    total = sum(int(c.weight or 0) for c in active)
    if active and total != 100:
        return {
            "weight": [
                _(
                    "The active criteria's weights would total %(total)s %%; they must total 100 %%. "
                    "Change them together on the weights page."
                )
                % {"total": total}
            ]
        }
    return {}


def _criteria(org: Organisation) -> dict:
    return {c.pk: c for c in EvaluationCriterion.objects.filter(organisation=org)}


@transaction.atomic
def criterion_create(model=EvaluationCriterion, *, org: Organisation, data: dict, by) -> EvaluationCriterion:
    """A criterion; an active one must keep the active weights at 100 % (add it inactive, then set weights)."""
    require(by, "add", EvaluationCriterion, org)
    criterion = EvaluationCriterion(organisation=org, **data)
    full_clean(criterion)
    errors = _weight_errors(org, {**_criteria(org), None: criterion})
    if errors:
        raise ValidationFailed(errors)
    with trail.acting(by):
        criterion.save()
    return criterion


@transaction.atomic
def criterion_update(criterion: EvaluationCriterion, *, data: dict, by, version: int | None = None):
    require(by, "change", criterion, criterion)
    if version is not None:
        criterion.version = version
    for name, value in data.items():
        setattr(criterion, name, value)
    full_clean(criterion)
    errors = _weight_errors(criterion.organisation, {**_criteria(criterion.organisation), criterion.pk: criterion})
    if errors:
        raise ValidationFailed(errors)
    with trail.acting(by):
        criterion.save()
    return criterion


@transaction.atomic
def criterion_delete(criterion: EvaluationCriterion, *, by, reason: str = "") -> None:
    """Delete an unused criterion; an active one only if the others still total 100 %."""
    require(by, "delete", criterion, criterion)
    rows = _criteria(criterion.organisation)
    rows.pop(criterion.pk, None)
    errors = _weight_errors(criterion.organisation, rows)
    if errors:
        raise ValidationFailed(errors["weight"][0])
    core.object_delete(criterion, by=by, reason=reason)


@transaction.atomic
def criteria_weights_set(*, org: Organisation, weights: dict, by) -> list[EvaluationCriterion]:
    """Set every criterion's weight and active flag at once ({criterion id: (weight, active)}): the way to
    rebalance, since the active weights must total 100 % after every change."""
    require(by, "change", EvaluationCriterion, org)
    rows = _criteria(org)
    errors = {}
    for pk, (weight, active) in weights.items():
        criterion = rows.get(int(pk))
        if criterion is None:
            errors["weights"] = [_("Unknown criterion %(id)s.") % {"id": pk}]
            continue
        if weight is None or not 0 <= int(weight) <= 100:
            errors[f"weight_{pk}"] = [_("%(c)s: must be 0 to 100") % {"c": criterion.name}]
            continue
        criterion.weight, criterion.active = int(weight), bool(active)
    errors |= {("weights" if k == "weight" else k): v for k, v in _weight_errors(org, rows).items()}
    if errors:
        raise ValidationFailed(errors)
    changed = [
        c
        for c in rows.values()
        if c._loaded_values.get("weight") != c.weight or c._loaded_values.get("active") != c.active
    ]
    with trail.acting(by):
        for criterion in changed:
            criterion.save(update_fields=["weight", "active"])
    return list(rows.values())


@transaction.atomic
def criteria_defaults_create(*, org: Organisation, by) -> list[EvaluationCriterion]:
    """The usual four (quality 40, delivery 30, cost 15, responsiveness 15) for an organisation without any."""
    require(by, "add", EvaluationCriterion, org)
    if EvaluationCriterion.objects.filter(organisation=org).exists():
        raise ValidationFailed(_("The organisation already has evaluation criteria."))
    created = []
    with trail.acting(by):
        for position, (name, description, weight) in enumerate(DEFAULT_CRITERIA):
            criterion = EvaluationCriterion(
                organisation=org, name=name, description=description, weight=weight, position=position
            )
            criterion.save()
            created.append(criterion)
    return created


def active_criteria(org: Organisation) -> list[EvaluationCriterion]:
    return list(EvaluationCriterion.objects.filter(organisation=org, active=True).order_by("position", "name"))


# --- evaluations


def _score_pairs(org: Organisation, scores: dict) -> list[tuple[EvaluationCriterion, int]]:
    """Each active criterion with its 1–5 score; every missing or bad one named by its field."""
    criteria = active_criteria(org)
    if not criteria:
        raise ValidationFailed({"scores": [_("No active evaluation criteria: set them up first.")]})
    given = {(k.pk if isinstance(k, EvaluationCriterion) else int(k)): v for k, v in (scores or {}).items()}
    known = {c.pk for c in criteria}
    errors = {}
    unknown = sorted(set(given) - known)
    if unknown:
        errors["scores"] = [_("Not an active criterion: %(ids)s.") % {"ids": ", ".join(map(str, unknown))}]
    pairs = []
    for criterion in criteria:
        value = given.get(criterion.pk)
        if value in (None, ""):
            errors[f"criterion_{criterion.pk}"] = [_("%(c)s: give a score 1 to 5") % {"c": criterion.name}]
        elif isinstance(value, bool) or not str(value).strip().isdigit() or int(value) not in SCORE_SCALE:
            errors[f"criterion_{criterion.pk}"] = [
                _("%(c)s: must be 1 to 5 (not %(v)s)") % {"c": criterion.name, "v": value}
            ]
        else:
            pairs.append((criterion, int(value)))
    if errors:
        raise ValidationFailed(errors)
    return pairs


def _check_evaluation(evaluation: SupplierEvaluation) -> None:
    full_clean(evaluation, exclude=["score", "band"])
    if evaluation.evaluated_on > timezone.localdate():
        raise ValidationFailed({"evaluated_on": [_("An evaluation records what was found: not a future date.")]})


@transaction.atomic
def evaluation_create(model=SupplierEvaluation, *, org: Organisation, data: dict, by, scores: dict | None = None):
    """Record an evaluation: a 1–5 score per active criterion, weighted into a 0–100 total.

    The latest evaluation sets the supplier's score, band and next due date. Below the threshold, an
    approved, conditional or on-watch supplier gets a SCAR and moves down (approved → on watch → conditional)
    in the same transaction, both in the trail. `evaluated_by` defaults to the person of the user.
    """
    require(by, "add", SupplierEvaluation, org)
    core.check_same_org(org, data)
    evaluation = SupplierEvaluation(organisation=org, **data)
    if evaluation.evaluated_by_id is None and by is not None:
        evaluation.evaluated_by = core.person_for_user(org, by)
    pairs = _score_pairs(org, scores)
    _score(evaluation, [(c.weight, s) for c, s in pairs])
    _check_evaluation(evaluation)
    with trail.acting(by):
        evaluation.save()
        EvaluationScore.objects.bulk_create(
            EvaluationScore(organisation=org, evaluation=evaluation, criterion=c, weight=c.weight, score=s)
            for c, s in pairs
        )
    _apply_latest(evaluation.supplier, by=by)
    _below_threshold(evaluation, by=by)
    evaluation.supplier.refresh_from_db()  # the caller's supplier shows its new score and status
    return evaluation


def _score(evaluation: SupplierEvaluation, pairs) -> None:
    settings = settings_of(evaluation.organisation)
    evaluation.score = scoring.weighted_score(pairs)
    evaluation.band = scoring.band(evaluation.score, threshold=settings.threshold, good_from=settings.good_from)


@transaction.atomic
def evaluation_update(evaluation: SupplierEvaluation, *, data: dict, by, version=None, scores: dict | None = None):
    """Correct an evaluation (quality managers); new `scores` are weighted with the weights it was made with."""
    require(by, "change", evaluation, evaluation)
    core.check_same_org(evaluation.organisation, data)
    old_supplier = evaluation.supplier
    if version is not None:
        evaluation.version = version
    for name, value in data.items():
        setattr(evaluation, name, value)
    rows = list(evaluation.scores.select_related("criterion"))
    if scores is not None:
        given = {(k.pk if isinstance(k, EvaluationCriterion) else int(k)): v for k, v in scores.items()}
        errors = {}
        for row in rows:
            value = given.get(row.criterion_id, row.score)
            if isinstance(value, bool) or not str(value).strip().isdigit() or int(value) not in SCORE_SCALE:
                errors[f"criterion_{row.criterion_id}"] = [
                    _("%(c)s: must be 1 to 5 (not %(v)s)") % {"c": row.criterion.name, "v": value}
                ]
            else:
                row.score = int(value)
        if errors:
            raise ValidationFailed(errors)
    _score(evaluation, [(r.weight, r.score) for r in rows])
    _check_evaluation(evaluation)
    with trail.acting(by):
        evaluation.save()
        for row in rows:
            if row._loaded_values.get("score") != row.score:
                row.save(update_fields=["score"])
    _apply_latest(evaluation.supplier, by=by)
    if old_supplier.pk != evaluation.supplier_id:
        _apply_latest(old_supplier, by=by)
    if not evaluation.scars.exists():
        _below_threshold(evaluation, by=by)
    evaluation.supplier.refresh_from_db()
    return evaluation


@transaction.atomic
def evaluation_delete(evaluation: SupplierEvaluation, *, by, reason: str = "") -> None:
    require(by, "delete", evaluation, evaluation)
    supplier = evaluation.supplier
    core.object_delete(evaluation, by=by, reason=reason)
    _apply_latest(supplier, by=by, reason=reason)


def _apply_latest(supplier: Supplier, *, by, reason: str = "") -> None:
    """Copy the latest evaluation onto the supplier (score, band, date) and move its next due date."""
    supplier = Supplier.objects.select_related("owner", "organisation").get(pk=supplier.pk)
    latest = supplier.evaluations.order_by("-evaluated_on", "-id").first()
    supplier.last_evaluated_on = latest.evaluated_on if latest else None
    supplier.latest_score = latest.score if latest else None
    supplier.latest_band = latest.band if latest else ""
    supplier.next_evaluation_due = next_due(supplier, settings_of(supplier.organisation))
    fields = ["last_evaluated_on", "latest_score", "latest_band", "next_evaluation_due"]
    changed = [f for f in fields if supplier._loaded_values.get(f) != getattr(supplier, f)]
    if changed:
        with trail.acting(by, reason=reason):
            supplier.save(update_fields=changed)
    _after_write(supplier)


def _below_threshold(evaluation: SupplierEvaluation, *, by) -> Scar | None:
    """The threshold rule: the supplier's latest evaluation below it raises a SCAR and moves the status down."""
    supplier = Supplier.objects.select_related("owner", "organisation").get(pk=evaluation.supplier_id)
    settings = settings_of(supplier.organisation)
    latest = supplier.evaluations.order_by("-evaluated_on", "-id").values_list("pk", flat=True).first()
    if latest != evaluation.pk or evaluation.score >= settings.threshold or supplier.status not in USABLE_STATUSES:
        return None
    facts = {"p": evaluation.period, "s": evaluation.score, "t": settings.threshold}
    problem = _("Evaluation %(p)s scored %(s)s, below our threshold of %(t)s.") % facts
    weak = evaluation.scores.filter(score__lte=2).select_related("criterion")
    if weak:
        problem += " " + _("Weakest: %(list)s.") % {"list": ", ".join(f"{w.criterion.name} {w.score}/5" for w in weak)}
    if evaluation.comment:
        problem += "\n\n" + evaluation.comment
    scar = scar_create(
        org=supplier.organisation,
        data={"supplier": supplier, "evaluation": evaluation, "problem": problem, "owner": supplier.owner},
        by=None,  # part of recording the evaluation, which `by` may do
        actor=by,
    )
    new = DOWNGRADE.get(supplier.status)
    if new:
        reason = _("Evaluation %(p)s scored %(s)s, below the threshold of %(t)s: %(scar)s raised.") % {
            **facts,
            "scar": scar.number,
        }
        _move(supplier, new, by=by, reason=reason)
    return scar


# --- SCARs


@transaction.atomic
def scar_create(model=Scar, *, org: Organisation, data: dict, by, actor=None, number: str | None = None) -> Scar:
    """A SCAR numbered SCAR-nnnn, issued today, the response requested within the set number of days
    unless a date is given; its follow-up person sees it in "my work"."""
    require(by, "add", Scar, org)
    core.check_same_org(org, data)
    scar = Scar(organisation=org, **data)
    if scar.owner_id is None and scar.supplier_id is not None:
        scar.owner = scar.supplier.owner
    if scar.response_due is None and scar.issued_on:
        scar.response_due = scar.issued_on + datetime.timedelta(days=settings_of(org).scar_response_days)
    full_clean(scar, exclude=["number"])
    if scar.evaluation_id and scar.evaluation.supplier_id != scar.supplier_id:
        raise ValidationFailed({"evaluation": [_("is an evaluation of another supplier")]})
    scar.number = claim_number(org, SCAR_PREFIX, number) if number else next_number(org, SCAR_PREFIX)
    with trail.acting(actor or by):
        scar.save()
    _sync_scar_due(scar)
    return scar


@transaction.atomic
def scar_update(scar: Scar, *, data: dict, by, version: int | None = None) -> Scar:
    require(by, "change", scar, scar)
    core.check_same_org(scar.organisation, data)
    if version is not None:
        scar.version = version
    for name, value in data.items():
        setattr(scar, name, value)
    full_clean(scar)
    with trail.acting(by):
        scar.save()
    _sync_scar_due(scar)
    return scar


# What each step records, and the field that holds it.
_SCAR_TEXT = {ScarStatus.RESPONSE_RECEIVED: "response", ScarStatus.VERIFIED: "verification"}
_SCAR_DATE = {
    ScarStatus.RESPONSE_RECEIVED: "response_received_on",
    ScarStatus.VERIFIED: "verified_on",
    ScarStatus.CLOSED: "closed_on",
}


@transaction.atomic
def scar_transition(scar: Scar, *, status: str, by, reason: str = "", text: str = "", on=None) -> Scar:
    """Move a SCAR along: the supplier's response received (`text`: containment, cause, action), verified
    (`text`: what shows it worked), closed; or back when the response is not enough (with a reason).
    Closing without verification (raised in error, supplier dropped) needs a reason."""
    require(by, "change", scar, scar)
    if status not in ScarStatus.values:
        raise ValidationFailed({"status": [_("Choose one of: %(s)s.") % {"s": ", ".join(ScarStatus.values)}]})
    if status not in SCAR_TRANSITIONS.get(scar.status, set()):
        raise TransitionNotAllowed(
            _("A SCAR that is %(old)s cannot become %(new)s.")
            % {"old": scar.get_status_display().lower(), "new": ScarStatus(status).label.lower()},
            field="status",
        )
    backwards = status == ScarStatus.ISSUED or (scar.status == ScarStatus.VERIFIED and status != ScarStatus.CLOSED)
    unverified_close = status == ScarStatus.CLOSED and scar.status == ScarStatus.ISSUED
    if (backwards or unverified_close) and not reason.strip():
        raise ValidationFailed({"reason": [_("Say why (e.g. the response does not address the cause).")]})
    field = _SCAR_TEXT.get(status)
    if field and not text.strip():
        label = _("the supplier's response") if field == "response" else _("what shows the action worked")
        raise ValidationFailed({"text": [_("Record %(what)s.") % {"what": label}]})
    day = on or timezone.localdate()
    if day > timezone.localdate():
        raise ValidationFailed({"on": [_("not a future date")]})
    old = scar.status
    scar.status = status
    if field:
        setattr(scar, field, text.strip())
    if status in _SCAR_DATE:
        setattr(scar, _SCAR_DATE[status], day)
    with trail.acting(by, reason=reason):
        trail.save_transition(scar, field="status", old=old, reason=reason)
    _sync_scar_due(scar)
    return scar


@transaction.atomic
def scar_delete(scar: Scar, *, by, reason: str = "") -> None:
    require(by, "delete", scar, scar)
    core.due_item_sync(scar, person=None, kind="scar", title="", due_date=None, is_open=False, url="")
    core.object_delete(scar, by=by, reason=reason)


def _sync_scar_due(scar: Scar) -> None:
    open_ = scar.status != ScarStatus.CLOSED and scar.owner_id is not None
    titles = {
        ScarStatus.ISSUED: _("Chase the response to %(n)s"),
        ScarStatus.RESPONSE_RECEIVED: _("Verify the response to %(n)s"),
        ScarStatus.VERIFIED: _("Close %(n)s"),
    }
    core.due_item_sync(
        scar,
        person=scar.owner if open_ else None,
        kind="scar",
        title=(titles.get(scar.status, "%(n)s") % {"n": scar.number}) + f" ({scar.supplier.name})",
        due_date=scar.response_due,
        is_open=open_,
        url=scar.get_absolute_url(),
    )
