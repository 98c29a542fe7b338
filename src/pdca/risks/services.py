"""Risk services: the register (create, update with scores kept, status, delete), actions raised in the
shared action register, and effectiveness evaluations of those actions (6.1.2, 9.1.3 e).

Scores are stored products: every write here sets `score` (and `residual_score`) from the ratings, and
the database refuses a row where they disagree. The latest effectiveness evaluation of a risk sets its
residual rating; an "effective" verdict moves a risk in treatment to treated.
"""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from pdca.core import search, trail
from pdca.core import services as core
from pdca.core.exceptions import TransitionNotAllowed, ValidationFailed
from pdca.core.models import Action, Organisation
from pdca.core.numbering import claim_number, next_number
from pdca.core.services import full_clean, require
from pdca.risks import scoring, selectors
from pdca.risks.choices import RISK_PREFIX, RISK_TRANSITIONS, Effectiveness, RiskKind, RiskStatus
from pdca.risks.models import Risk, RiskEvaluation

# The clauses a new entry is tagged with when none are given.
DEFAULT_CLAUSES = {
    RiskKind.RISK: ["hs.planning.risks.determination.identify"],
    RiskKind.OPPORTUNITY: ["hs.planning.risks.determination.opportunities"],
}
EVALUATION_CLAUSE = "hs.planning.risks.actions.effectiveness"


def _rated(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value in scoring.SCALE


def _set_scores(obj) -> None:
    """Store the products; a rating outside 1–5 is left for full_clean to name (nothing is saved)."""
    if _rated(obj.likelihood) and _rated(obj.impact):
        obj.score = scoring.score(obj.likelihood, obj.impact)
    both = _rated(obj.residual_likelihood) and _rated(obj.residual_impact)
    obj.residual_score = scoring.residual_score(obj.residual_likelihood, obj.residual_impact) if both else None


def _clean(obj, exclude=()) -> None:
    exclude = {*exclude, *(["score"] if obj.score is None else [])}
    full_clean(obj, exclude=exclude)


def _check_clauses(org: Organisation, keys) -> list[str]:
    from pdca.standards.selectors import unknown_keys

    keys = sorted({k.strip() for k in keys or [] if k and k.strip()})
    unknown = unknown_keys(org, keys)
    if unknown:
        raise ValidationFailed({"clauses": [_("Unknown clause: %(keys)s.") % {"keys": ", ".join(unknown)}]})
    return keys


# --- the register


@transaction.atomic
def risk_create(model=Risk, *, org: Organisation, data: dict, by, clauses=None, number: str | None = None) -> Risk:
    """A risk or opportunity, numbered RSK-nnnn (or keeping an imported number), scored and tagged.

    `clauses` default to 6.1.1's identification requirement for its kind.
    """
    require(by, "add", Risk, org)
    core.check_same_org(org, data)
    risk = Risk(organisation=org, **data)
    _set_scores(risk)
    _clean(risk, exclude=["number"])
    keys = _check_clauses(org, DEFAULT_CLAUSES.get(risk.kind, []) if clauses is None else clauses)
    if number and Risk.objects.filter(organisation=org, number=number.strip()).exists():
        raise ValidationFailed({"number": [_("%(n)s is already in the register.") % {"n": number.strip()}]})
    risk.number = claim_number(org, RISK_PREFIX, number) if number else next_number(org, RISK_PREFIX)
    with trail.acting(by):
        risk.save()
        if keys:
            core.clause_tags_set(target=risk, keys=keys, by=None)  # part of creating, which `by` may do
    _after_write(risk)
    return risk


@transaction.atomic
def risk_update(risk: Risk, *, data: dict, by, version: int | None = None, clauses=None) -> Risk:
    """Change a risk; its scores follow its ratings. `clauses`, if given, replace its clause tags."""
    require(by, "change", risk, risk)
    core.check_same_org(risk.organisation, data)
    if version is not None:
        risk.version = version
    for name, value in data.items():
        setattr(risk, name, value)
    _set_scores(risk)
    _clean(risk)
    keys = _check_clauses(risk.organisation, clauses) if clauses is not None else None
    with trail.acting(by):
        risk.save()
        if keys is not None:
            core.clause_tags_set(target=risk, keys=keys, by=None)
    _after_write(risk)
    return risk


@transaction.atomic
def risk_transition(risk: Risk, *, status: str, by, reason: str = "") -> Risk:
    """Move a risk along open → in treatment → treated → closed (or back); closing needs a reason."""
    require(by, "change", risk, risk)
    if status not in RISK_TRANSITIONS.get(risk.status, set()):
        raise TransitionNotAllowed(
            _("A risk that is %(old)s cannot become %(new)s.")
            % {"old": risk.get_status_display().lower(), "new": RiskStatus(status).label.lower()},
            field="status",
        )
    if status == RiskStatus.CLOSED and not reason.strip():
        raise ValidationFailed({"reason": [_("Say why the risk is closed (e.g. the activity stopped).")]})
    old = risk.status
    risk.status = status
    with trail.acting(by, reason=reason):
        trail.save_transition(risk, field="status", old=old, reason=reason)
    _after_write(risk)
    return risk


@transaction.atomic
def risk_delete(risk: Risk, *, by, reason: str = "") -> None:
    """Delete an entry made in error; one with actions is closed instead, so its history stays."""
    require(by, "delete", risk, risk)
    numbers = list(actions_of(risk).values_list("number", flat=True)[:3])
    if numbers:
        raise ValidationFailed(
            _("%(n)s has actions (%(actions)s): close it instead of deleting it.")
            % {"n": risk.number, "actions": ", ".join(numbers)}
        )
    core.due_item_sync(risk, person=None, kind="risk_review", title="", due_date=None, is_open=False, url="")
    core.object_delete(risk, by=by, reason=reason)


def _after_write(risk: Risk) -> None:
    _sync_review(risk)
    _refresh_evaluation_due(risk)
    search.index_many([_doc(risk)])


def evaluation_due_refresh(risks) -> int:
    """Store on the risks of the queryset `risks` whether their effectiveness evaluation is due
    (selectors.evaluation_due_condition); returns how many changed. Not a user's change: no trail entry."""
    due = risks.filter(selectors.evaluation_due_condition())
    cleared = risks.filter(evaluation_due=True).exclude(pk__in=due.values("pk")).update(evaluation_due=False)
    return cleared + due.filter(evaluation_due=False).update(evaluation_due=True)


def _refresh_evaluation_due(risk: Risk) -> None:
    if evaluation_due_refresh(Risk.objects.filter(pk=risk.pk)):
        risk.evaluation_due = not risk.evaluation_due


def on_action_change(action) -> None:
    """An action raised from a risk was added, edited, moved or deleted (core.services.watch_actions)."""
    risk = Risk.objects.filter(pk=action.source_id).first()
    if risk is not None:
        _refresh_evaluation_due(risk)


def _sync_review(risk: Risk) -> None:
    """The owner's "my work" shows the next review while the risk is not closed."""
    reviewing = risk.review_date is not None and risk.status != RiskStatus.CLOSED
    core.due_item_sync(
        risk,
        person=risk.owner if reviewing else None,
        kind="risk_review",
        title=_("Review %(risk)s") % {"risk": risk},
        due_date=risk.review_date,
        is_open=reviewing,
        url=risk.get_absolute_url(),
    )


# --- search


def _doc(risk: Risk) -> search.Doc:
    body = "\n".join(t for t in (risk.description, risk.treatment_plan, risk.source_other) if t)
    return search.Doc(risk, title=str(risk), body=body, kind="risk")


def risks_reindex(org: Organisation) -> int:
    risks = Risk.objects.for_org(org).order_by("pk").iterator(chunk_size=2000)
    return search.index_many(_doc(_in(risk, org)) for risk in risks)


def _in(obj, org):
    obj.organisation = org
    return obj


# --- actions (the shared register)


def actions_of(risk: Risk):
    """The actions raised from `risk`, in the shared register."""
    from django.contrib.contenttypes.models import ContentType

    return Action.objects.filter(
        organisation_id=risk.organisation_id, source_type=ContentType.objects.get_for_model(Risk), source_id=risk.pk
    )


@transaction.atomic
def risk_action_raise(risk: Risk, *, data: dict, by) -> Action:
    """Raise an action of the risk's treatment in the shared action register; an open risk moves
    to "in treatment"."""
    require(by, "change", risk, risk)
    if risk.status == RiskStatus.CLOSED:
        raise ValidationFailed({"__all__": [_("The risk is closed: reopen it before raising actions.")]})
    action = core.action_create(org=risk.organisation, data=data, by=by, source=risk)
    if risk.status == RiskStatus.OPEN:
        risk_transition(
            risk, status=RiskStatus.IN_TREATMENT, by=by, reason=_("Action %(n)s raised.") % {"n": action.number}
        )
    return action


# --- effectiveness evaluations


@transaction.atomic
def evaluation_create(model=RiskEvaluation, *, org: Organisation, data: dict, by) -> RiskEvaluation:
    """Record whether the actions on a risk worked, with its re-scored residual rating.

    The latest evaluation sets the risk's residual rating; "effective" moves a risk in treatment to
    treated. `evaluated_by` defaults to the person of the user recording it.
    """
    require(by, "add", RiskEvaluation, org)
    core.check_same_org(org, data)
    evaluation = RiskEvaluation(organisation=org, **data)
    if evaluation.evaluated_by_id is None and by is not None:
        evaluation.evaluated_by = core.person_for_user(org, by)
    _check_evaluation(evaluation)
    with trail.acting(by):
        evaluation.save()
        _apply_latest(evaluation.risk)
    return evaluation


@transaction.atomic
def evaluation_update(evaluation: RiskEvaluation, *, data: dict, by, version: int | None = None) -> RiskEvaluation:
    """Correct an evaluation (quality managers); the risk follows its latest evaluation."""
    require(by, "change", evaluation, evaluation)
    core.check_same_org(evaluation.organisation, data)
    old_risk = evaluation.risk
    if version is not None:
        evaluation.version = version
    for name, value in data.items():
        setattr(evaluation, name, value)
    _check_evaluation(evaluation)
    with trail.acting(by):
        evaluation.save()
        _apply_latest(evaluation.risk)
        if old_risk.pk != evaluation.risk_id:
            _apply_latest(old_risk)
    return evaluation


@transaction.atomic
def evaluation_delete(evaluation: RiskEvaluation, *, by, reason: str = "") -> None:
    require(by, "delete", evaluation, evaluation)
    risk = evaluation.risk
    core.object_delete(evaluation, by=by, reason=reason)
    with trail.acting(by, reason=reason):
        _apply_latest(risk)


def _check_evaluation(evaluation: RiskEvaluation) -> None:
    likelihood, impact = evaluation.residual_likelihood, evaluation.residual_impact
    evaluation.residual_score = likelihood * impact if _rated(likelihood) and _rated(impact) else None
    exclude = ["residual_score"] if evaluation.residual_score is None else []
    full_clean(evaluation, exclude=exclude)
    if evaluation.evaluated_on > timezone.localdate():
        raise ValidationFailed({"evaluated_on": [_("An evaluation records what was found: not a future date.")]})


def _apply_latest(risk: Risk) -> None:
    """Copy the latest evaluation onto the risk (residual rating, date, verdict); "effective" treats it."""
    risk = Risk.objects.select_related("owner", "organisation").get(pk=risk.pk)
    latest = risk.evaluations.order_by("-evaluated_on", "-id").first()
    values = {
        "residual_likelihood": latest.residual_likelihood if latest else risk.residual_likelihood,
        "residual_impact": latest.residual_impact if latest else risk.residual_impact,
        "residual_score": latest.residual_score if latest else risk.residual_score,
        "last_evaluated_on": latest.evaluated_on if latest else None,
        "last_effectiveness": latest.effectiveness if latest else "",
    }
    changed = [name for name, value in values.items() if getattr(risk, name) != value]
    if changed:
        for name in changed:
            setattr(risk, name, values[name])
        risk.save(update_fields=changed)
    if latest and latest.effectiveness == Effectiveness.EFFECTIVE and risk.status == RiskStatus.IN_TREATMENT:
        old = risk.status
        risk.status = RiskStatus.TREATED
        reason = _("Actions evaluated effective on %(date)s.") % {"date": latest.evaluated_on.isoformat()}
        trail.save_transition(risk, field="status", old=old, reason=reason)
    _after_write(risk)
