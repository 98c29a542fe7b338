"""Records made through the services."""

import datetime
import itertools

from django.utils import timezone

from pdca.records import services
from pdca.records.models import RecordType
from tests.factories import upload as shared_upload

_n = itertools.count(1)
CLAUSE = "hs.support.resources.monitoring.traceability.calibration"


def upload(name="certificate.pdf", data=None):
    return shared_upload(name, data)


def make_type(org, *, name=None, period=6, unit="years", keys=(CLAUSE,)):
    return RecordType.objects.create(
        organisation=org,
        name=name or f"Calibration certificate {next(_n)}",
        retention_period=period,
        retention_unit=unit,
        clause_keys=list(keys),
    )


def make_record(org, *, record_type=None, days_ago=30, file=True, by=None, **extra):
    """A filed record; `days_ago` far enough back makes it past its retention."""
    data = {
        "title": extra.pop("title", f"Calibration certificate CMM-{next(_n)}"),
        "record_type": record_type or make_type(org),
        "record_date": timezone.localdate() - datetime.timedelta(days=days_ago),
        "location": "" if file else "QA office, cabinet 2",
        **{name: extra.pop(name) for name in ("legal_hold", "legal_hold_reason") if name in extra},
    }
    chosen = extra.pop("upload_", None) or (upload() if file else None)
    return services.record_file(org=org, data=data, by=by, upload=chosen, **extra)


def past_retention(org, **extra):
    """A record whose keep-until date has passed (dated 7 years back, kept 6)."""
    return make_record(org, days_ago=7 * 366, **extra)
