from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class StandardsConfig(AppConfig):
    name = "pdca.standards"
    label = "standards"
    verbose_name = _("Standards catalogue")

    def ready(self) -> None:
        # Like contenttypes and auth permissions, the shipped catalogues are reference data that
        # must exist after every migrate; the sync is idempotent and skips unchanged files.
        post_migrate.connect(_sync_shipped, sender=self, dispatch_uid="pdca_sync_shipped_catalogues")


def _sync_shipped(sender, using="default", **kwargs):
    from pdca.standards.services import catalogue_sync_shipped

    catalogue_sync_shipped(using=using)
