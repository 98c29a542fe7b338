from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DocumentsConfig(AppConfig):
    name = "pdca.documents"
    label = "documents"
    verbose_name = _("Documented information")

    def ready(self):
        from pdca.core import evidence, search
        from pdca.documents import services
        from pdca.documents.choices import SEARCH_RESTRICTED, DocumentStatus

        search.register("document", label=_("Document"), perms=(SEARCH_RESTRICTED,), rebuild=services.documents_reindex)

        # An effective document (also while its next revision is being written) maintains information.
        current = (DocumentStatus.EFFECTIVE, DocumentStatus.UNDER_REVISION)
        evidence.register(
            evidence.Source(
                kind=evidence.MAINTAIN,
                label=_("Effective documents"),
                model="documents.Document",
                live=lambda documents: documents.filter(status__in=current),
                list_url_name="documents:document_list",
            )
        )
