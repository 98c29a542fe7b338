"""Gap analysis services: applicability, assessments and their workflow, scoring, actions."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from pdca.core import services as core
from pdca.core import trail
from pdca.core.choices import Priority
from pdca.core.exceptions import TransitionNotAllowed, ValidationFailed
from pdca.core.numbering import next_number
from pdca.core.services import require
from pdca.gap import scoring, selectors
from pdca.gap.choices import ASSESSMENT_TRANSITIONS, EDITABLE_STATUSES, AssessmentStatus
from pdca.gap.models import Applicability, Assessment, Response
from pdca.standards.models import Requirement


@transaction.atomic
def applicability_set(
    *,
    org,
    requirement: Requirement,
    applicable: bool,
    justification: str = "",
    accepted_by_cb: bool = False,
    by,
    reason: str = "",
) -> Applicability | None:
    """Declare a requirement applicable or not (with a justification); open assessments follow.

    Where the catalogue says the standard does not normally allow it, the decision is still the
    organisation's: the pages warn, the service records it.
    """
    require(by, "add", Applicability, org)
    if not applicable and not justification.strip():
        raise ValidationFailed({"justification": [_("Say why the requirement does not apply.")]})
    current = Applicability.objects.filter(organisation=org, requirement=requirement).first()
    with trail.acting(by, reason=reason):
        if applicable:
            if current is not None:
                current.delete()
            decision = None
        elif current is None:
            decision = Applicability.objects.create(
                organisation=org,
                requirement=requirement,
                applicable=False,
                justification=justification,
                accepted_by_cb=accepted_by_cb,
            )
        else:
            decision = core.object_update(
                current, data={"justification": justification, "accepted_by_cb": accepted_by_cb}, by=by
            )
        open_responses = Response.objects.filter(
            organisation=org, requirement=requirement, assessment__status__in=EDITABLE_STATUSES
        ).exclude(applicable=applicable)
        open_responses.update(applicable=applicable)
    return decision


@transaction.atomic
def assessment_create(*, org, data: dict, by, copy_from: Assessment | None = None) -> Assessment:
    """A new assessment with one response per requirement; from a copy, the earlier answers carry over."""
    require(by, "add", Assessment, org)
    data = dict(data)
    sites, assessors = data.pop("sites", []), data.pop("assessors", [])
    core.check_same_org(
        org, {f"sites{i}": s for i, s in enumerate(sites)} | {f"assessors{i}": p for i, p in enumerate(assessors)}
    )
    assessment = Assessment(organisation=org, number=next_number(org, "GAP"), copied_from=copy_from, **data)
    core.full_clean(assessment, exclude=["number"])
    with trail.acting(by):
        assessment.save()
        assessment.sites.set(sites)
        assessment.assessors.set(assessors)
        Response.objects.bulk_create(_responses(assessment, copy_from))
    return assessment


def _responses(assessment: Assessment, copy_from: Assessment | None) -> list[Response]:
    not_applicable = selectors.not_applicable_ids(assessment.organisation)
    earlier = {r.requirement_id: r for r in Response.objects.filter(assessment=copy_from)} if copy_from else {}
    responses = []
    for position, requirement in enumerate(
        Requirement.objects.filter(standard=assessment.standard).order_by("position").only("id", "weight")
    ):
        old = earlier.get(requirement.pk)
        responses.append(
            Response(
                organisation_id=assessment.organisation_id,
                assessment=assessment,
                requirement=requirement,
                position=position,
                applicable=requirement.pk not in not_applicable,
                weight=old.weight if old else requirement.weight,
                score=old.score if old else None,
                evidence=old.evidence if old else "",
                gap=old.gap if old else "",
                priority=old.priority if old else "",
                action_id=old.action_id if old else None,
            )
        )
    return responses


@transaction.atomic
def assessment_update(assessment: Assessment, *, data: dict, by, version: int | None = None) -> Assessment:
    data = dict(data)
    sites, assessors = data.pop("sites", None), data.pop("assessors", None)
    require_editable(assessment)
    core.object_update(assessment, data=data, by=by, version=version)
    with trail.acting(by):
        if sites is not None:
            assessment.sites.set(sites)
        if assessors is not None:
            assessment.assessors.set(assessors)
    return assessment


def require_editable(assessment: Assessment) -> None:
    if not assessment.is_editable:
        raise TransitionNotAllowed(_("A completed assessment is frozen: start a new one from it instead."))


@transaction.atomic
def assessment_transition(assessment: Assessment, *, status: str, by, reason: str = "") -> Assessment:
    """Move an assessment through draft → in progress → under review → completed → archived.

    Completing freezes it: its figures are kept with it and its responses can no longer change.
    """
    require(by, "change", assessment, assessment)
    if status not in ASSESSMENT_TRANSITIONS.get(assessment.status, set()):
        raise TransitionNotAllowed(
            _("An assessment that is %(old)s cannot become %(new)s.")
            % {"old": assessment.get_status_display().lower(), "new": AssessmentStatus(status).label.lower()}
        )
    old = assessment.status
    assessment.status = status
    if status == AssessmentStatus.COMPLETED:
        assessment.completed_at = timezone.now()
        assessment.results = scoring.summary(selectors.results_for(assessment))
    with trail.acting(by, reason=reason):
        trail.save_transition(assessment, field="status", old=old, reason=reason)
    return assessment


RESPONSE_FIELDS = ("score", "weight", "evidence", "gap", "priority")


@transaction.atomic
def response_update(response: Response, *, data: dict, by, version: int | None = None) -> Response:
    """Score or annotate one requirement; a stale version (two assessors at once) is a conflict.

    The hot path of the scoring screen: checks are done here in Python and only the changed columns
    are written, so a click costs one UPDATE and one trail INSERT.
    """
    require(by, "change", response, response)
    require_editable(response.assessment)
    errors = _response_errors(response, data)
    if errors:
        raise ValidationFailed(errors)
    if version is not None:
        response.version = version
    for name, value in data.items():
        setattr(response, name, value)
    with trail.acting(by):
        response.save(update_fields=list(data))
    return response


def _response_errors(response: Response, data: dict) -> dict:
    errors = {name: [_("Unknown field.")] for name in data if name not in RESPONSE_FIELDS}
    score, weight = data.get("score"), data.get("weight", response.weight)
    if score is not None and score not in range(5):
        errors["score"] = [_("A score is a whole number from 0 to 4.")]
    elif score is not None and not response.applicable:
        errors["score"] = [_("This requirement is not applicable to the organisation.")]
    if weight not in (1, 2, 3):
        errors["weight"] = [_("The weight is 1, 2 or 3.")]
    if data.get("priority", "") not in ("", *Priority.values):
        errors["priority"] = [_("Unknown priority.")]
    return errors


@transaction.atomic
def response_raise_action(response: Response, *, data: dict, by):
    """Open a remediation action in the shared register for the gap found on `response`."""
    require_editable(response.assessment)
    action = core.action_create(org=response.organisation, data=data, by=by, source=response)
    with trail.acting(by):
        response.action = action
        response.save(update_fields=["action"])
    return action


@transaction.atomic
def settings_update(*, org, data: dict, by) -> dict:
    """The organisation's thresholds for the verdict and the likely-finding mapping; recorded in the trail."""
    if by is not None and not by.has_perm("gap.change_settings", org):
        from pdca.core.exceptions import PermissionDenied

        raise PermissionDenied(_("Your role does not allow this."))
    if not data["building"] <= data["nearly"] <= data["ready_readiness"]:
        raise ValidationFailed({"nearly": [_("Thresholds must rise: building ≤ nearly ready ≤ ready.")]})
    old = scoring.settings_with_defaults(org.settings.get("gap"))
    org.settings = {**org.settings, "gap": data}
    org.save(update_fields=["settings"])
    changes = {k: {"old": old.get(k), "new": v} for k, v in data.items() if old.get(k) != v}
    if changes:
        with trail.acting(by):
            trail.record_event(org, action="update", changes=changes)
    return data
