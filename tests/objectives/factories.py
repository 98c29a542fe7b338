"""Policy commitments, objectives, KPIs and measurements made through the services."""

import datetime
import itertools
from decimal import Decimal

from django.utils import timezone

from pdca.objectives import services
from pdca.objectives.models import Measurement
from pdca.objectives.status import period_start, shift_period
from tests.documents.factories import make_document
from tests.factories import PersonFactory

_n = itertools.count(1)


def make_policy(org, **extra):
    return make_document(org, title=f"Quality policy {next(_n)}", doc_type="policy", markdown="# Policy\n", **extra)


def make_commitment(org, *, policy=None, title=None, **data):
    return services.commitment_create(
        org=org,
        by=None,
        data={"policy": policy or make_policy(org), "title": title or f"Meet requirements {next(_n)}", **data},
    )


def make_objective(org, *, owner=None, approved=False, commitments=None, **data):
    """A draft objective (approved, with a commitment, resources and evaluation, if asked)."""
    values = {
        "title": f"On-time delivery {next(_n)}",
        "target": Decimal("95"),
        "unit": "%",
        "deadline": timezone.localdate() + datetime.timedelta(days=180),
        "owner": owner or PersonFactory(organisation=org),
        "resources": "Planner's time" if approved else "",
        "evaluation": "Monthly OTD report" if approved else "",
        "commitments": commitments if commitments is not None else ([make_commitment(org)] if approved else []),
        **data,
    }
    objective = services.objective_create(org=org, by=None, data=values)
    if approved:
        services.objective_transition(objective, status="approved", by=None)
    return objective


def make_kpi(org, *, owner=None, **data):
    values = {
        "name": f"On-time delivery {next(_n)}",
        "owner": owner or PersonFactory(organisation=org),
        "unit": "%",
        "frequency": "monthly",
        "direction": "higher",
        "target": Decimal("95"),
        "green": Decimal("95"),
        "amber": Decimal("90"),
        **data,
    }
    return services.kpi_create(org=org, by=None, data=values)


def months_ago(n: int) -> datetime.date:
    return shift_period(period_start(timezone.localdate(), "monthly"), "monthly", -n)


def make_measurement(org, *, kpi=None, period=None, value="96", **data):
    return services.measurement_create(
        org=org,
        by=None,
        data={
            "kpi": kpi or make_kpi(org),
            "period": period or months_ago(next(_n) % 600 + 1),
            "value": Decimal(value),
            **data,
        },
    )


def measure(kpi, values: list, *, newest_months_ago: int = 1) -> list[Measurement]:
    """Monthly values oldest first, the last one `newest_months_ago` months back."""
    start = newest_months_ago + len(values) - 1
    items = [
        {"key": i, "kpi": kpi, "period": months_ago(start - i), "value": Decimal(str(v))} for i, v in enumerate(values)
    ]
    return services.measurements_add_many(org=kpi.organisation, items=items, by=None)


def make_effective_policy(org, *, title="Quality policy", markdown="# Quality policy\n\nWe deliver.\n", tag=True):
    """A policy document signed electronically (as policies are by default) and effective, tagged 5.2."""
    from pdca.core import services as core
    from pdca.documents import services as documents
    from tests.documents.factories import PASSWORD, approver, submit

    policy = make_document(org, title=title, doc_type="policy", markdown=markdown)
    revision = policy.revisions.get()
    signer = approver(org)
    submit(revision, [signer])
    documents.revision_sign(revision, by=signer.user, password=PASSWORD, meaning="approved")
    documents.revision_make_effective(revision, by=None)
    if tag:
        core.clause_tags_set(target=policy, keys=["hs.leadership.policy"], by=None)
    policy.refresh_from_db()
    return policy
