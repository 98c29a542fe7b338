from django.db import models
from django.utils.translation import gettext_lazy as _


class DocumentedInformation(models.TextChoices):
    NONE = "none", _("None required")
    MAINTAIN = "maintain", _("Maintain (a document)")
    RETAIN = "retain", _("Retain (a record)")
    BOTH = "both", _("Maintain and retain")


class MappingRelation(models.TextChoices):
    EQUIVALENT = "equivalent", _("Equivalent")
    NARROWER = "narrower", _("Covers part of it")
    BROADER = "broader", _("Covers more than it")
    RELATED = "related", _("Related")
    CHANGED = "changed", _("Changed requirement")
