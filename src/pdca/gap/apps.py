from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GapConfig(AppConfig):
    name = "pdca.gap"
    label = "gap"
    verbose_name = _("Gap analysis")
