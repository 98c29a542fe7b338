import datetime

from pdca.gap import services
from pdca.standards.models import Standard

SHIPPED = "iso9001-2015"


def make_assessment(org, *, title="Readiness check", standard=None, by=None, **extra):
    standard = standard or Standard.objects.get(slug=SHIPPED, organisation=None)
    data = {"title": title, "standard": standard, "assessed_on": datetime.date(2026, 11, 1), **extra}
    return services.assessment_create(org=org, data=data, by=by)
