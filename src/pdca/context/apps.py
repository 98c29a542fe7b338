from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ContextConfig(AppConfig):
    name = "pdca.context"
    label = "context"
    verbose_name = _("Context of the organisation")
