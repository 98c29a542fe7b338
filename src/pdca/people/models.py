"""Competence and training (7.2) and awareness (7.3).

Job roles say which competences they need and at what level (RoleRequirement) and which documents their
holders must know; each person's level of a competence is assessed with evidence and may lapse
(PersonCompetence.valid_until: requalification). Training goes planned → completed → effectiveness
evaluated, per attendee: attendance alone is not competence, the evaluation may raise a level. When a
new revision of a document a role must know becomes effective, its holders are flagged for retraining
(RetrainingFlag, raised through documents.services.watch_revisions) until they acknowledge the revision
or complete retraining. Awareness of the quality policy uses the documents' acknowledgements; awareness
of the objectives relevant to a person is ObjectiveAwareness.
"""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from pdca.core.models import OrgScopedModel
from pdca.people.choices import (
    Cleared,
    CompetenceCategory,
    Effectiveness,
    EvidenceKind,
    Level,
    TrainingKind,
    TrainingStatus,
)


def _level_field(label, *, low=0, **kwargs):
    validators = [
        MinValueValidator(low, message=_("must be %(low)s to 4") % {"low": low}),
        MaxValueValidator(4, message=_("must be %(low)s to 4") % {"low": low}),
    ]
    return models.PositiveSmallIntegerField(label, validators=validators, **kwargs)


def _url(name: str, obj) -> str:
    return reverse(f"people:{name}", kwargs={"org_slug": obj.organisation.slug, "pk": obj.pk})


class JobRole(OrgScopedModel):
    """A job role (CNC setter, inspector, buyer): its purpose, the process it works in, the documents its
    holders must know (a new revision of one flags them for retraining) and who holds it."""

    name = models.CharField(_("name"), max_length=200)
    purpose = models.TextField(_("purpose"), blank=True, help_text=_("What the role is there to achieve."))
    process = models.ForeignKey(
        "processes.Process",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="job_roles",
        verbose_name=_("process"),
    )
    documents = models.ManyToManyField(
        "documents.Document",
        blank=True,
        related_name="job_roles",
        verbose_name=_("documents to know"),
        help_text=_("A new effective revision of one of these flags the role's holders for retraining."),
    )
    people = models.ManyToManyField("core.Person", blank=True, related_name="job_roles", verbose_name=_("holders"))

    class Meta:
        ordering = ["name"]
        verbose_name = _("job role")
        verbose_name_plural = _("job roles")
        constraints = [models.UniqueConstraint(fields=["organisation", "name"], name="jobrole_unique_name")]
        indexes = [models.Index(fields=["organisation", "process"], name="jobrole_org_process")]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return _url("jobrole_detail", self)


class Competence(OrgScopedModel):
    """Something a person must be able to do or know, with how long an assessment of it stays valid."""

    name = models.CharField(_("name"), max_length=200)
    category = models.CharField(
        _("category"), max_length=20, choices=CompetenceCategory.choices, default=CompetenceCategory.SKILL
    )
    description = models.TextField(
        _("description"), blank=True, help_text=_("What it covers, and what each level means for it.")
    )
    requalify_months = models.PositiveSmallIntegerField(
        _("requalify every (months)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1, message=_("must be at least 1 month")), MaxValueValidator(240)],
        help_text=_("Empty: an assessment does not lapse (e.g. a skill kept up by daily work)."),
    )

    class Meta:
        ordering = ["category", "name"]
        verbose_name = _("competence")
        verbose_name_plural = _("competences")
        constraints = [models.UniqueConstraint(fields=["organisation", "name"], name="competence_unique_name")]
        indexes = [models.Index(fields=["organisation", "category", "name"], name="competence_org_cat")]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return _url("competence_detail", self)


class RoleRequirement(OrgScopedModel):
    """The level of a competence a job role needs (1–4)."""

    role = models.ForeignKey(JobRole, on_delete=models.CASCADE, related_name="requirements", verbose_name=_("role"))
    competence = models.ForeignKey(
        Competence, on_delete=models.CASCADE, related_name="requirements", verbose_name=_("competence")
    )
    required_level = _level_field(_("required level"), low=1, choices=Level.choices[1:])
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        ordering = ["role__name", "competence__name"]
        verbose_name = _("role requirement")
        verbose_name_plural = _("role requirements")
        constraints = [
            models.UniqueConstraint(fields=["role", "competence"], name="rolereq_unique"),
            models.CheckConstraint(condition=Q(required_level__gte=1, required_level__lte=4), name="rolereq_level_1_4"),
        ]
        indexes = [models.Index(fields=["organisation", "competence"], name="rolereq_org_comp")]

    def __str__(self) -> str:
        return f"{self.role} · {self.competence} ≥ {self.required_level}"

    def get_absolute_url(self) -> str:
        return _url("rolerequirement_detail", self)


class PersonCompetence(OrgScopedModel):
    """A person's assessed level of a competence, with its evidence and the day it must be requalified
    (`valid_until`, from the competence's interval unless given; the person's manager sees it due)."""

    person = models.ForeignKey(
        "core.Person", on_delete=models.CASCADE, related_name="competences", verbose_name=_("person")
    )
    competence = models.ForeignKey(
        Competence, on_delete=models.CASCADE, related_name="holders", verbose_name=_("competence")
    )
    level = _level_field(_("level"), choices=Level.choices)
    evidence_kind = models.CharField(
        _("evidence"), max_length=20, choices=EvidenceKind.choices, default=EvidenceKind.OBSERVATION
    )
    evidence = models.TextField(_("evidence details"), blank=True, help_text=_("What shows the level."))
    record = models.ForeignKey(
        "records.Record",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("record"),
        help_text=_("A filed record that proves it (certificate, training record)."),
    )
    training = models.ForeignKey(
        "people.Training",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("from training"),
    )
    assessed_on = models.DateField(_("assessed on"))
    assessed_by = models.ForeignKey(
        "core.Person", on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("assessed by")
    )
    valid_until = models.DateField(
        _("requalify by"), null=True, blank=True, help_text=_("Empty: from the competence's interval, if it has one.")
    )

    class Meta:
        ordering = ["person__name", "competence__name"]
        verbose_name = _("person's competence")
        verbose_name_plural = _("people's competences")
        constraints = [
            models.UniqueConstraint(fields=["person", "competence"], name="personcomp_unique"),
            models.CheckConstraint(condition=Q(level__gte=0, level__lte=4), name="personcomp_level_0_4"),
        ]
        indexes = [
            models.Index(fields=["organisation", "competence", "level"], name="personcomp_org_comp"),
            # The matrix reads (person, competence, level) of a page of people from this index alone.
            models.Index(fields=["organisation", "person", "competence", "level"], name="personcomp_org_person"),
            models.Index(fields=["organisation", "valid_until"], name="personcomp_org_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.person} · {self.competence}: {self.level}"

    def get_absolute_url(self) -> str:
        return _url("personcompetence_detail", self)


class Training(OrgScopedModel):
    """A training (TRN-0001): what it builds, who attends, planned → completed → effectiveness evaluated.

    `documents` are the documents it covers: completing it clears the attendees' retraining flags on
    their current revisions. `target_level` is what an effective training should bring attendees to.
    """

    number = models.CharField(_("number"), max_length=30, editable=False)
    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("content"), blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=TrainingKind.choices, default=TrainingKind.INTERNAL)
    provider = models.CharField(_("provider or trainer"), max_length=200, blank=True)
    owner = models.ForeignKey(
        "core.Person",
        on_delete=models.PROTECT,
        related_name="owned_trainings",
        verbose_name=_("organiser"),
        help_text=_("Evaluates its effectiveness."),
    )
    competences = models.ManyToManyField(
        Competence, blank=True, related_name="trainings", verbose_name=_("competences it builds")
    )
    documents = models.ManyToManyField(
        "documents.Document", blank=True, related_name="trainings", verbose_name=_("documents covered")
    )
    target_level = _level_field(_("target level"), low=1, choices=Level.choices[1:], default=Level.SUPERVISED)
    planned_on = models.DateField(_("planned on"))
    completed_on = models.DateField(_("completed on"), null=True, blank=True, editable=False)
    evaluate_by = models.DateField(_("evaluate effectiveness by"), null=True, blank=True, editable=False)
    status = models.CharField(
        _("status"), max_length=20, choices=TrainingStatus.choices, default=TrainingStatus.PLANNED, editable=False
    )
    record = models.ForeignKey(
        "records.Record",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("training record"),
        help_text=_("The filed attendance sheet or certificate."),
    )

    class Meta:
        ordering = ["-planned_on", "-number"]
        verbose_name = _("training")
        verbose_name_plural = _("trainings")
        constraints = [models.UniqueConstraint(fields=["organisation", "number"], name="training_unique_number")]
        indexes = [
            models.Index(fields=["organisation", "status", "planned_on"], name="training_org_status"),
            models.Index(fields=["organisation", "-planned_on", "-number"], name="training_org_planned"),
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.title}"

    def get_absolute_url(self) -> str:
        return _url("training_detail", self)


class TrainingAttendee(OrgScopedModel):
    """A person on a training: attended or not, and whether it worked for them (level reached)."""

    training = models.ForeignKey(
        Training, on_delete=models.CASCADE, related_name="attendees", verbose_name=_("training")
    )
    person = models.ForeignKey("core.Person", on_delete=models.CASCADE, related_name="+", verbose_name=_("person"))
    attended = models.BooleanField(_("attended"), null=True)
    effectiveness = models.CharField(_("effectiveness"), max_length=20, choices=Effectiveness.choices, blank=True)
    level_reached = _level_field(_("level reached"), choices=Level.choices, null=True, blank=True)
    evaluated_on = models.DateField(_("evaluated on"), null=True, blank=True)
    evaluated_by = models.ForeignKey(
        "core.Person",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("evaluated by"),
    )
    comment = models.TextField(_("how it was judged"), blank=True)

    class Meta:
        ordering = ["person__name"]
        verbose_name = _("attendee")
        verbose_name_plural = _("attendees")
        constraints = [models.UniqueConstraint(fields=["training", "person"], name="attendee_unique")]
        indexes = [models.Index(fields=["organisation", "person"], name="attendee_org_person")]

    def __str__(self) -> str:
        return f"{self.training.number} · {self.person}"

    def get_absolute_url(self) -> str:
        return self.training.get_absolute_url()


class RetrainingFlag(OrgScopedModel):
    """A person to retrain on (or at least acknowledge) a new effective revision of a document their role
    must know. Open while `cleared_on` is empty."""

    person = models.ForeignKey(
        "core.Person", on_delete=models.CASCADE, related_name="retraining_flags", verbose_name=_("person")
    )
    document = models.ForeignKey(
        "documents.Document", on_delete=models.CASCADE, related_name="+", verbose_name=_("document")
    )
    revision = models.ForeignKey(
        "documents.DocumentRevision", on_delete=models.CASCADE, related_name="+", verbose_name=_("revision")
    )
    role = models.ForeignKey(
        JobRole, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("role")
    )
    flagged_on = models.DateField(_("flagged on"))
    cleared_on = models.DateField(_("cleared on"), null=True, blank=True)
    cleared_how = models.CharField(_("cleared by"), max_length=20, choices=Cleared.choices, blank=True)

    class Meta:
        ordering = ["-flagged_on", "-id"]
        verbose_name = _("retraining flag")
        verbose_name_plural = _("retraining flags")
        constraints = [models.UniqueConstraint(fields=["person", "revision"], name="retrain_unique")]
        indexes = [
            models.Index(fields=["organisation", "person"], condition=Q(cleared_on__isnull=True), name="retrain_open"),
        ]

    def __str__(self) -> str:
        return f"{self.person} · {self.document.number} {self.revision.label}"

    def get_absolute_url(self) -> str:
        return reverse("people:profile", kwargs={"org_slug": self.organisation.slug, "pk": self.person_id})


class ObjectiveAwareness(OrgScopedModel):
    """A person was made aware of a quality objective relevant to them (7.3 b), e.g. at a briefing."""

    person = models.ForeignKey("core.Person", on_delete=models.CASCADE, related_name="+", verbose_name=_("person"))
    objective = models.ForeignKey(
        "objectives.QualityObjective", on_delete=models.CASCADE, related_name="+", verbose_name=_("objective")
    )
    acknowledged_on = models.DateField(_("acknowledged on"))
    recorded_by = models.ForeignKey(
        "core.Person", on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("recorded by")
    )

    class Meta:
        ordering = ["-acknowledged_on"]
        verbose_name = _("objective awareness")
        verbose_name_plural = _("objective awareness")
        constraints = [models.UniqueConstraint(fields=["person", "objective"], name="objaware_unique")]
        indexes = [models.Index(fields=["organisation", "person"], name="objaware_org_person")]

    def __str__(self) -> str:
        return f"{self.person} · {self.objective}"

    def get_absolute_url(self) -> str:
        return reverse("people:profile", kwargs={"org_slug": self.organisation.slug, "pk": self.person_id})
