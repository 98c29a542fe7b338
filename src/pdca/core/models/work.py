"""The shared shapes of work: the action register, and due items ("what does this person owe?")."""

from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from pdca.core.choices import ActionStatus, Priority
from pdca.core.models.base import OrgScopedModel


class Action(OrgScopedModel):
    """One entry of the action register; gaps, NCs, audits, risks, reviews and changes all raise these."""

    number = models.CharField(_("number"), max_length=30)
    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    owner = models.ForeignKey("core.Person", on_delete=models.PROTECT, related_name="actions", verbose_name=_("owner"))
    due_date = models.DateField(_("due date"), null=True, blank=True)
    priority = models.CharField(_("priority"), max_length=10, choices=Priority.choices, default=Priority.MEDIUM)
    status = models.CharField(_("status"), max_length=20, choices=ActionStatus.choices, default=ActionStatus.OPEN)
    evidence = models.TextField(_("evidence of completion"), blank=True)
    completed_on = models.DateField(_("completed on"), null=True, blank=True)
    source_type = models.ForeignKey(
        ContentType, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("raised from")
    )
    source_id = models.PositiveBigIntegerField(null=True, blank=True)
    source = GenericForeignKey("source_type", "source_id")

    class Meta:
        ordering = ["due_date", "id"]
        verbose_name = _("action")
        verbose_name_plural = _("actions")
        constraints = [models.UniqueConstraint(fields=["organisation", "number"], name="action_unique_number")]
        indexes = [
            models.Index(fields=["organisation", "due_date", "id"], name="action_org_due"),
            models.Index(fields=["organisation", "status", "due_date"], name="action_org_status_due"),
            models.Index(fields=["organisation", "owner", "status"], name="action_org_owner"),
            models.Index(fields=["organisation", "source_type", "source_id"], name="action_org_source"),
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.title}"

    @property
    def is_overdue(self) -> bool:
        from pdca.core.choices import OPEN_ACTION_STATUSES

        return bool(self.due_date and self.status in OPEN_ACTION_STATUSES and self.due_date < timezone.localdate())

    def get_absolute_url(self) -> str:
        return reverse("core:action_detail", kwargs={"org_slug": self.organisation.slug, "pk": self.pk})


class DueItem(OrgScopedModel):
    """Something a person owes by a date, whatever app it comes from: a denormalised index.

    Services keep it in step with its source (services.due_item_sync), so "my work" is one
    indexed query over one table, however many kinds of work later issues add.
    """

    person = models.ForeignKey("core.Person", on_delete=models.CASCADE, related_name="due_items")
    kind = models.CharField(_("kind"), max_length=40)
    title = models.CharField(_("title"), max_length=300)
    due_date = models.DateField(_("due date"), null=True, blank=True)
    url = models.CharField(max_length=300)
    is_open = models.BooleanField(default=True)
    source_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    source_id = models.PositiveBigIntegerField()

    trail_disabled = True  # derived from its source, whose own changes are in the trail

    class Meta:
        ordering = ["due_date", "id"]
        verbose_name = _("due item")
        verbose_name_plural = _("due items")
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "source_type", "source_id", "person", "kind"], name="dueitem_unique_source"
            )
        ]
        indexes = [models.Index(fields=["organisation", "person", "is_open", "due_date"], name="dueitem_org_person")]

    def __str__(self) -> str:
        return self.title
