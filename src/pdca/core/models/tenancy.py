"""Users, organisations (the tenants), their sites and memberships with roles."""

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from pdca.core.choices import Role
from pdca.core.models.base import OrgQuerySet, OrgScopedModel


class User(AbstractUser):
    """A login. What it may do depends on its memberships, one per organisation."""

    email = models.EmailField(_("e-mail address"), unique=True)
    language = models.CharField(_("language"), max_length=10, blank=True, choices=settings.LANGUAGES)

    def __str__(self) -> str:
        return self.get_full_name() or self.username


class Organisation(models.Model):
    """A tenant: one company (or client of a consultant) running its management system in pdca."""

    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("short name"), max_length=60, unique=True, help_text=_("Used in addresses."))
    legal_name = models.CharField(_("legal name"), max_length=200, blank=True)
    effective_headcount = models.PositiveIntegerField(
        _("effective headcount"),
        null=True,
        blank=True,
        help_text=_(
            "People in scope on all shifts, part-timers as full-time equivalents (IAF MD 5). "
            "Empty: the sum of the sites' headcounts."
        ),
    )
    settings = models.JSONField(_("settings"), default=dict, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("core:org_home", kwargs={"org_slug": self.slug})

    def headcount(self) -> int:
        """The effective headcount for audit-time estimates: as set, or the sites' total."""
        if self.effective_headcount is not None:
            return self.effective_headcount
        return Site.objects.filter(organisation=self).aggregate(total=models.Sum("headcount"))["total"] or 0

    @property
    def organisation(self) -> "Organisation":
        """An organisation is its own tenant; lets permission rules treat it like any row."""
        return self

    @property
    def organisation_id(self) -> int:
        return self.pk


class Site(OrgScopedModel):
    """A location of the organisation; its headcount feeds audit-time and sampling estimates."""

    name = models.CharField(_("name"), max_length=200)
    address = models.TextField(_("address"), blank=True)
    headcount = models.PositiveIntegerField(_("headcount"), default=0)
    is_central_function = models.BooleanField(
        _("central function"), default=False, help_text=_("Plans and controls the other sites (IAF MD 1).")
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("site")
        verbose_name_plural = _("sites")
        constraints = [models.UniqueConstraint(fields=["organisation", "name"], name="site_unique_name")]

    def __str__(self) -> str:
        return self.name


class MembershipQuerySet(OrgQuerySet):
    def active(self):
        now = timezone.now()
        return self.filter(models.Q(expires_at__isnull=True) | models.Q(expires_at__gt=now))

    def with_person_id(self):
        """Each membership's `person_id`: the user's Person in that organisation (or None), in the same query."""
        from pdca.core.models.people import Person

        people = Person.objects.filter(organisation=models.OuterRef("organisation_id"), user=models.OuterRef("user_id"))
        return self.annotate(person_id=models.Subquery(people.values("pk")[:1]))


class Membership(OrgScopedModel):
    """A user's access to one organisation, with one role. External auditors get an expiry date."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("user"))
    role = models.CharField(_("role"), max_length=32, choices=Role.choices, default=Role.EMPLOYEE)
    expires_at = models.DateTimeField(
        _("access ends"), null=True, blank=True, help_text=_("For time-limited access such as an external auditor.")
    )

    objects = MembershipQuerySet.as_manager()

    class Meta:
        ordering = ["organisation__name"]
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [models.UniqueConstraint(fields=["organisation", "user"], name="membership_unique_user")]

    def __str__(self) -> str:
        return f"{self.user} — {self.get_role_display()}"

    @property
    def is_active(self) -> bool:
        return self.expires_at is None or self.expires_at > timezone.now()
