"""Reads shared by the risk pages, API, reports and the pages of other apps that show their risks."""

import datetime

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, Exists, OuterRef, Q, Value
from django.db.models.functions import Coalesce
from django.urls import reverse

from pdca.core.choices import OPEN_ACTION_STATUSES, ActionStatus
from pdca.core.models import Action
from pdca.risks import scoring
from pdca.risks.choices import RiskStatus
from pdca.risks.models import Risk, RiskEvaluation


def _risk_actions():
    """The actions of the outer risk, through the (organisation, source_type, source_id) index."""
    return Action.objects.filter(
        organisation=OuterRef("organisation"),
        source_type=ContentType.objects.get_for_model(Risk),
        source_id=OuterRef("pk"),
    )


def evaluation_due_condition() -> Q:
    """A risk not closed, with every action finished and one done since the last evaluation (or none yet)."""
    actions = _risk_actions()
    open_actions = actions.filter(status__in=OPEN_ACTION_STATUSES)
    done_since = actions.filter(
        status=ActionStatus.DONE,
        completed_on__gt=Coalesce(OuterRef("last_evaluated_on"), Value(datetime.date.min)),
    )
    return ~Q(status=RiskStatus.CLOSED) & ~Exists(open_actions) & Exists(done_since)


def risks_for_list(org):
    return Risk.objects.for_org(org).select_related("owner", "process")


# What the register's table shows (RiskTable.columns) and needs for its badges.
TABLE_FIELDS = (
    "number",
    "title",
    "kind",
    "owner__name",
    "likelihood",
    "impact",
    "score",
    "treatment",
    "residual_likelihood",
    "residual_impact",
    "residual_score",
    "status",
    "review_date",
    "last_evaluated_on",
    "last_effectiveness",
    "evaluation_due",
)


def risks_for_table(org):
    """The register's rows for its table and exports: only the columns shown."""
    return Risk.objects.for_org(org).select_related("owner").only(*TABLE_FIELDS)


# --- the heat map


def heat_counts(queryset, *, residual: bool = False) -> tuple[dict[tuple[int, int], int], int]:
    """{(likelihood, impact): count} of `queryset` from one GROUP BY query, and how many have no rating
    (for the residual view: not yet re-assessed)."""
    fields = ("residual_likelihood", "residual_impact") if residual else ("likelihood", "impact")
    rows = queryset.order_by().values_list(*fields).annotate(n=Count("*"))
    counts, unrated = {}, 0
    for likelihood, impact, n in rows:
        if likelihood is None or impact is None:
            unrated += n
        else:
            counts[(likelihood, impact)] = n
    return counts, unrated


def heat_map(queryset, *, residual: bool = False) -> tuple[scoring.HeatMap, int]:
    counts, unrated = heat_counts(queryset, residual=residual)
    return scoring.heat_map(counts), unrated


# --- one risk


def actions_of(risk: Risk) -> list[Action]:
    """The actions raised from `risk`, with their owners (one query)."""
    return list(
        Action.objects.filter(
            organisation_id=risk.organisation_id,
            source_type=ContentType.objects.get_for_model(Risk),
            source_id=risk.pk,
        )
        .select_related("owner")
        .order_by("due_date", "id")
    )


def evaluations_of(risk: Risk) -> list[RiskEvaluation]:
    return list(risk.evaluations.select_related("evaluated_by").order_by("-evaluated_on", "-id"))


# --- risks of a context issue, interested party, requirement or process (for their pages)

LINK_FIELDS = {
    "context.contextissue": "context_issue",
    "context.partyrequirement": "party_requirement",
    "context.interestedparty": "party_requirement__party",
    "processes.process": "process",
}
LINKED_LIMIT = 25


def linked_risks(obj, user=None) -> dict:
    """The risks and opportunities whose source is `obj`, highest score first, for
    `risks/partials/linked_risks.html`. Empty when `user` may not read the register (one query,
    two when there are more than shown)."""
    field = LINK_FIELDS[obj._meta.label_lower]
    org_slug = obj.organisation.slug
    if user is not None and not user.has_perm("risks.view_risk", obj):
        return {"visible": False}
    queryset = Risk.objects.filter(organisation_id=obj.organisation_id, **{field: obj}).select_related("owner")
    rows = list(queryset.order_by("-score", "number")[: LINKED_LIMIT + 1])
    total = len(rows) if len(rows) <= LINKED_LIMIT else queryset.count()
    list_url = reverse("risks:risk_list", kwargs={"org_slug": org_slug})
    create_url = reverse("risks:risk_create", kwargs={"org_slug": org_slug})
    by_party = field == "party_requirement__party"
    param = "party" if by_party else field
    return {
        "visible": True,
        "risks": [(r, scoring.band(r.score), scoring.band(r.residual_score)) for r in rows[:LINKED_LIMIT]],
        "total": total,
        "list_url": f"{list_url}?{param}={obj.pk}",
        "create_url": "" if by_party else f"{create_url}?{field}={obj.pk}",
        "can_add": user is None or user.has_perm("risks.add_risk", obj.organisation),
        "organisation_slug": org_slug,
    }
