from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ContextConfig(AppConfig):
    name = "pdca.context"
    label = "context"
    verbose_name = _("Context of the organisation")

    def ready(self):
        from pdca.context import services
        from pdca.core import evidence, search
        from pdca.documents.choices import DocumentStatus

        search.register(
            "contextissue",
            label=_("Context issue"),
            perms=("context.view_contextissue",),
            rebuild=services.issues_reindex,
        )
        search.register(
            "legalrequirement",
            label=_("Legal or other requirement"),
            perms=("context.view_legalrequirement",),
            rebuild=services.legal_reindex,
        )

        # The scope (4.3) is maintained documented information once its controlled document is in force.
        in_force = (DocumentStatus.EFFECTIVE, DocumentStatus.UNDER_REVISION)
        evidence.register(
            evidence.Source(
                kind=evidence.MAINTAIN,
                label=_("QMS scope"),
                model="context.QmsScope",
                live=lambda scopes: scopes.filter(document__status__in=in_force),
                keys=(
                    "hs.context.scope.boundaries",
                    "hs.context.scope.statement",
                    "hs.context.scope.applicability",
                    "hs.context.scope.justification",
                ),
                list_url_name="context:scope",
            )
        )
