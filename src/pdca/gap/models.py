"""Gap analysis: the organisation's applicability list, assessments and their responses."""

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from pdca.core.choices import Priority
from pdca.core.models import OrgScopedModel
from pdca.gap.choices import AssessmentStatus, Score


class Applicability(OrgScopedModel):
    """One requirement the organisation declares not applicable, with its justification.

    No row means applicable: the list holds only exceptions, so a new catalogue needs no set-up.
    Every assessment of the organisation uses this list; a completed one keeps its own copy.
    """

    requirement = models.ForeignKey(
        "standards.Requirement", on_delete=models.CASCADE, related_name="+", verbose_name=_("requirement")
    )
    applicable = models.BooleanField(_("applicable"), default=False)
    justification = models.TextField(_("justification"))
    accepted_by_cb = models.BooleanField(_("accepted by the certification body"), default=False)

    class Meta:
        verbose_name = _("applicability decision")
        verbose_name_plural = _("applicability decisions")
        ordering = ["requirement_id"]  # catalogue order (requirements are created in it); uses the unique index
        constraints = [models.UniqueConstraint(fields=["organisation", "requirement"], name="applicability_unique")]

    def __str__(self) -> str:
        return f"{self.requirement.key}: {_('applicable') if self.applicable else _('not applicable')}"

    def get_absolute_url(self) -> str:
        return reverse("gap:applicability_detail", kwargs={"org_slug": self.organisation.slug, "pk": self.pk})


class Assessment(OrgScopedModel):
    """A gap assessment against one standard; once completed it is frozen as a benchmark."""

    number = models.CharField(_("number"), max_length=30)
    title = models.CharField(_("title"), max_length=200)
    standard = models.ForeignKey(
        "standards.Standard", on_delete=models.PROTECT, related_name="+", verbose_name=_("standard")
    )
    assessed_on = models.DateField(_("date"))
    sites = models.ManyToManyField(
        "core.Site",
        blank=True,
        related_name="+",
        verbose_name=_("sites"),
        help_text=_("Empty: the whole organisation."),
    )
    assessors = models.ManyToManyField("core.Person", blank=True, related_name="+", verbose_name=_("assessors"))
    status = models.CharField(
        _("status"), max_length=20, choices=AssessmentStatus.choices, default=AssessmentStatus.DRAFT
    )
    summary = models.TextField(_("executive summary"), blank=True)
    copied_from = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("started from")
    )
    completed_at = models.DateTimeField(_("completed"), null=True, blank=True)
    results = models.JSONField(_("results when completed"), default=dict, blank=True, editable=False)

    class Meta:
        ordering = ["-assessed_on", "-id"]
        verbose_name = _("gap assessment")
        verbose_name_plural = _("gap assessments")
        constraints = [models.UniqueConstraint(fields=["organisation", "number"], name="assessment_unique_number")]
        indexes = [models.Index(fields=["organisation", "status", "-assessed_on"], name="assessment_org_status")]

    def __str__(self) -> str:
        return f"{self.number} {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("gap:assessment_detail", kwargs={"org_slug": self.organisation.slug, "pk": self.pk})

    @property
    def is_editable(self) -> bool:
        from pdca.gap.choices import EDITABLE_STATUSES

        return self.status in EDITABLE_STATUSES


class Response(OrgScopedModel):
    """The score and findings for one requirement in one assessment."""

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="responses")
    requirement = models.ForeignKey("standards.Requirement", on_delete=models.PROTECT, related_name="+")
    score = models.PositiveSmallIntegerField(_("score"), choices=Score.choices, null=True, blank=True)
    weight = models.PositiveSmallIntegerField(_("weight"), default=2)
    applicable = models.BooleanField(_("applicable"), default=True)
    evidence = models.TextField(_("evidence"), blank=True)
    gap = models.TextField(_("gap found"), blank=True)
    priority = models.CharField(_("priority"), max_length=10, choices=Priority.choices, blank=True)
    action = models.ForeignKey(
        "core.Action",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("remediation action"),
    )
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["assessment_id", "position"]  # by id: "assessment" would join for its own ordering
        verbose_name = _("response")
        verbose_name_plural = _("responses")
        constraints = [
            models.UniqueConstraint(fields=["assessment", "requirement"], name="response_unique_requirement"),
            models.CheckConstraint(condition=models.Q(weight__gte=1, weight__lte=3), name="response_weight_1_3"),
            models.CheckConstraint(
                condition=models.Q(score__isnull=True) | models.Q(score__lte=4), name="response_score_0_4"
            ),
        ]
        indexes = [models.Index(fields=["organisation", "assessment", "position"], name="response_org_assessment")]

    def __str__(self) -> str:
        return f"{self.assessment.number} · {self.requirement.key}"

    def get_absolute_url(self) -> str:
        return self.assessment.get_absolute_url() + f"score/#r-{self.pk}"
