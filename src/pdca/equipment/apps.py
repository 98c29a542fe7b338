from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EquipmentConfig(AppConfig):
    name = "pdca.equipment"
    label = "equipment"
    verbose_name = _("Equipment and infrastructure")

    def ready(self):
        from pdca.core import search
        from pdca.equipment import services

        search.register(
            "equipment",
            label=_("Equipment"),
            perms=("equipment.view_equipment",),
            rebuild=services.equipment_reindex,
        )
