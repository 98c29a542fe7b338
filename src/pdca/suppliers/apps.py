"""External providers, their certificates, evaluations and corrective action requests (8.4)."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SuppliersConfig(AppConfig):
    name = "pdca.suppliers"
    label = "suppliers"
    verbose_name = _("Suppliers")

    def ready(self):
        from pdca.core import search
        from pdca.suppliers import services

        search.register(
            "supplier", label=_("Supplier"), perms=("suppliers.view_supplier",), rebuild=services.suppliers_reindex
        )
