"""Person: the one assignee everywhere (owners, approvers, auditors, trainees), login optional."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from pdca.core.models.base import OrgScopedModel


class Person(OrgScopedModel):
    """Somebody in the organisation. Operators and contractors without a login are people too."""

    name = models.CharField(_("name"), max_length=200)
    email = models.EmailField(_("e-mail"), blank=True)
    job_title = models.CharField(_("job role"), max_length=200, blank=True)
    site = models.ForeignKey(
        "core.Site", on_delete=models.SET_NULL, null=True, blank=True, related_name="people", verbose_name=_("site")
    )
    manager = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="reports", verbose_name=_("manager")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="people",
        verbose_name=_("login"),
        help_text=_("Leave empty for people who do not log in."),
    )
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("person")
        verbose_name_plural = _("people")
        indexes = [models.Index(fields=["organisation", "name"], name="person_org_name")]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "user"], condition=models.Q(user__isnull=False), name="person_unique_user"
            )
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("core:person_detail", kwargs={"org_slug": self.organisation.slug, "pk": self.pk})
