"""The audit trail: one append-only log of every change to every domain row."""

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _

from pdca.core.choices import TrailAction


class TrailQuerySet(models.QuerySet):
    """Entries can be added, never changed or removed through the application."""

    def update(self, **kwargs):
        raise TypeError("The audit trail is append-only.")

    def delete(self):
        raise TypeError("The audit trail is append-only.")


class TrailEntry(models.Model):
    """Who did what to which row, when, with old → new values and the reason given."""

    organisation = models.ForeignKey("core.Organisation", on_delete=models.CASCADE, related_name="+")
    at = models.DateTimeField(_("when"), auto_now_add=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # Kept as text as well so the entry still names its author after the account is gone.
    actor_label = models.CharField(_("who"), max_length=200, blank=True)
    source = models.CharField(_("through"), max_length=20, blank=True)
    action = models.CharField(_("what"), max_length=20, choices=TrailAction.choices)
    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+")
    object_id = models.PositiveBigIntegerField()
    object_label = models.CharField(_("object"), max_length=300)
    changes = models.JSONField(_("changes"), default=dict, blank=True)
    reason = models.TextField(_("reason"), blank=True)

    objects = TrailQuerySet.as_manager()

    class Meta:
        ordering = ["-id"]
        verbose_name = _("trail entry")
        verbose_name_plural = _("trail entries")
        indexes = [
            models.Index(fields=["organisation", "-id"], name="trail_org_id"),
            models.Index(fields=["organisation", "actor", "-id"], name="trail_org_actor"),
            models.Index(fields=["organisation", "content_type", "-id"], name="trail_org_type"),
            models.Index(fields=["organisation", "content_type", "object_id", "-id"], name="trail_org_object"),
            models.Index(fields=["organisation", "at"], name="trail_org_at"),
        ]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_label} {self.get_action_display()} {self.object_label}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise TypeError("The audit trail is append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise TypeError("The audit trail is append-only.")
