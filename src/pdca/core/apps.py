from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "pdca.core"
    label = "core"
    verbose_name = _("Core")

    def ready(self) -> None:
        # The change log is the one place where pdca uses signals (see style.md); services registers
        # core's kinds of search entries (search.register).
        from pdca.core import services, signals  # noqa: F401
