from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CustomersConfig(AppConfig):
    name = "pdca.customers"
    label = "customers"
    verbose_name = _("Customers")

    def ready(self):
        from pdca.core import search
        from pdca.customers import services

        search.register(
            "customer", label=_("Customer"), perms=("customers.view_customer",), rebuild=services.customers_reindex
        )
        search.register(
            "feedback",
            label=_("Customer feedback"),
            perms=("customers.view_feedback",),
            rebuild=services.feedback_reindex,
        )
