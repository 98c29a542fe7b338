from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RisksConfig(AppConfig):
    name = "pdca.risks"
    label = "risks"
    verbose_name = _("Risks and opportunities")

    def ready(self):
        from pdca.core import search
        from pdca.core.services import watch_actions
        from pdca.risks import services
        from pdca.risks.models import Risk

        search.register(
            "risk", label=_("Risk or opportunity"), perms=("risks.view_risk",), rebuild=services.risks_reindex
        )
        watch_actions(Risk, services.on_action_change)
