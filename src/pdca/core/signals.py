"""The change log: every save and delete of an organisation-scoped row lands in the trail.

This is the only module in pdca that uses signals (style.md): one generic mechanism, so no
app can forget to record a change.
"""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from pdca.core import trail
from pdca.core.models import OrgScopedModel


def _is_trailed(sender) -> bool:
    return issubclass(sender, OrgScopedModel) and not getattr(sender, "trail_disabled", False)


@receiver(post_save, dispatch_uid="pdca_trail_save")
def record_save(sender, instance, created, raw=False, **kwargs):
    if raw or not _is_trailed(sender):
        return
    if created:
        trail.record_created(instance)
    else:
        trail.record_updated(instance)


@receiver(post_delete, dispatch_uid="pdca_trail_delete")
def record_delete(sender, instance, **kwargs):
    if _is_trailed(sender):
        trail.record_deleted(instance)
