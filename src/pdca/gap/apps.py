from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GapConfig(AppConfig):
    name = "pdca.gap"
    label = "gap"
    verbose_name = _("Gap analysis")

    def ready(self):
        from pdca.core import evidence
        from pdca.gap.selectors import not_applicable_ids

        # What the organisation declared not applicable needs no documented information (the checklist of 7.5).
        evidence.register_exclusions(not_applicable_ids)
