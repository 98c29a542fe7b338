"""Reads shared by the supplier pages, API and reports."""

import datetime

from django.db.models import Count
from django.utils import timezone

from pdca.suppliers.choices import OPEN_SCAR_STATUSES
from pdca.suppliers.models import EvaluationScore, Scar, Supplier, SupplierCertificate, SupplierEvaluation

# What the supplier list shows (SupplierTable.columns) and needs for its badges.
TABLE_FIELDS = (
    "number",
    "name",
    "supplies",
    "kind",
    "tier",
    "status",
    "owner__name",
    "latest_score",
    "latest_band",
    "last_evaluated_on",
    "next_evaluation_due",
)


def suppliers_for_table(org):
    """The register's rows for its table and exports: only the columns shown."""
    return Supplier.objects.for_org(org).select_related("owner").only(*TABLE_FIELDS)


def expiring_certificates(queryset, *, days: int, today: datetime.date | None = None):
    """Certificates that lapse within `days` or have lapsed (not superseded checks: the list shows all)."""
    today = today or timezone.localdate()
    return queryset.filter(valid_until__lte=today + datetime.timedelta(days=days))


def status_counts(org) -> dict[str, int]:
    """{status: count} from one grouped query over the (organisation, status) index."""
    rows = Supplier.objects.for_org(org).order_by().values_list("status").annotate(n=Count("*"))
    return dict(rows)


# --- one supplier


def evaluations_of(supplier: Supplier, limit: int = 40) -> list[SupplierEvaluation]:
    """The latest `limit` evaluations, newest first, with who made them."""
    return list(supplier.evaluations.select_related("evaluated_by").order_by("-evaluated_on", "-id")[:limit])


def trend_of(supplier: Supplier, limit: int = 24) -> list[tuple[datetime.date, str, float]]:
    """(evaluated on, period, score) of the latest `limit` evaluations, oldest first, for the trend chart."""
    rows = supplier.evaluations.order_by("-evaluated_on", "-id").values_list("evaluated_on", "period", "score")
    return [(d, p, float(s)) for d, p, s in reversed(list(rows[:limit]))]


def scores_of(evaluation: SupplierEvaluation) -> list[EvaluationScore]:
    return list(evaluation.scores.select_related("criterion").order_by("criterion__position", "criterion__name"))


def criterion_averages(supplier: Supplier, last: int = 4) -> list[tuple[str, float]]:
    """Each criterion's mean score over the supplier's latest `last` evaluations (one grouped query)."""
    ids = list(supplier.evaluations.order_by("-evaluated_on", "-id").values_list("pk", flat=True)[:last])
    from django.db.models import Avg

    rows = (
        EvaluationScore.objects.filter(evaluation_id__in=ids)
        .values_list("criterion__name", "criterion__position")
        .annotate(mean=Avg("score"))
        .order_by("criterion__position", "criterion__name")
    )
    return [(name, float(mean)) for name, _pos, mean in rows]


def certificates_of(supplier: Supplier) -> list[SupplierCertificate]:
    return list(supplier.certificates.order_by("-valid_until", "-id"))


def scars_of(supplier: Supplier) -> list[Scar]:
    return list(supplier.scars.select_related("owner").order_by("-issued_on", "-id"))


def open_scars(org):
    return Scar.objects.for_org(org).filter(status__in=OPEN_SCAR_STATUSES)
