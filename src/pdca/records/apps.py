from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RecordsConfig(AppConfig):
    name = "pdca.records"
    label = "records"
    verbose_name = _("Records")

    def ready(self):
        from pdca.core import evidence
        from pdca.records.choices import KEPT_STATUSES

        # A record counts as retained information while it is kept; a disposed one is only a tombstone.
        evidence.register(
            evidence.Source(
                kind=evidence.RETAIN,
                label=_("Records"),
                model="records.Record",
                live=lambda records: records.filter(status__in=KEPT_STATUSES),
                list_url_name="records:record_list",
            )
        )
