"""Small shared services for every model: numbering, attachments, clause tags, the e-mail outbox."""

import uuid

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _

from pdca.core.choices import OutboxStatus
from pdca.core.models.base import OrgScopedModel


class Sequence(models.Model):
    """The last number handed out per organisation and prefix (NC-0042), for numbering.next_number."""

    organisation = models.ForeignKey("core.Organisation", on_delete=models.CASCADE, related_name="+")
    prefix = models.CharField(max_length=20)
    last_value = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["organisation", "prefix"], name="sequence_unique_prefix")]

    def __str__(self) -> str:
        return f"{self.prefix}-{self.last_value}"


def attachment_path(instance: "Attachment", filename: str) -> str:
    # The stored name never comes from the user: a random name under the organisation's folder.
    return f"org-{instance.organisation_id}/{uuid.uuid4().hex}"


class Attachment(OrgScopedModel):
    """A file attached to any row; served only through a view that checks permission."""

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    object_id = models.PositiveBigIntegerField()
    target = GenericForeignKey("content_type", "object_id")
    file = models.FileField(_("file"), upload_to=attachment_path, max_length=300)
    filename = models.CharField(_("file name"), max_length=200)
    mime_type = models.CharField(_("type"), max_length=100)
    size = models.PositiveBigIntegerField(_("size"))
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("uploaded by")
    )

    class Meta:
        ordering = ["-id"]
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        indexes = [models.Index(fields=["organisation", "content_type", "object_id"], name="attachment_org_target")]

    def __str__(self) -> str:
        return self.filename


class ClauseTag(OrgScopedModel):
    """Links any row to a catalogue clause or requirement by its stable key (e.g. hs.improvement.nonconformity)."""

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    object_id = models.PositiveBigIntegerField()
    target = GenericForeignKey("content_type", "object_id")
    key = models.CharField(_("clause key"), max_length=200)

    class Meta:
        verbose_name = _("clause tag")
        verbose_name_plural = _("clause tags")
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "content_type", "object_id", "key"], name="clausetag_unique"
            )
        ]
        indexes = [
            models.Index(fields=["organisation", "key"], name="clausetag_org_key"),
            models.Index(fields=["organisation", "content_type", "object_id"], name="clausetag_org_target"),
        ]

    def __str__(self) -> str:
        return self.key


class OutboxEmail(models.Model):
    """An e-mail waiting to be sent by the worker; kept and retried until the server takes it."""

    organisation = models.ForeignKey("core.Organisation", on_delete=models.CASCADE, null=True, related_name="+")
    to = models.JSONField(_("to"))
    subject = models.CharField(_("subject"), max_length=300)
    body = models.TextField(_("body"))
    status = models.CharField(max_length=10, choices=OutboxStatus.choices, default=OutboxStatus.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["id"]
        indexes = [models.Index(fields=["status", "next_attempt_at"], name="outbox_due")]

    def __str__(self) -> str:
        return self.subject
