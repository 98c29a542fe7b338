"""The base every organisation-scoped row shares: tenant key, optimistic version, timestamps.

Three mechanisms live here so that no app has to repeat them:
- tenancy: `organisation` is never null and `Model.objects.for_org(org)` starts every query;
- concurrency: `version` is checked in the UPDATE itself, so a stale save raises
  ConcurrentEditError instead of overwriting somebody else's change (no extra query);
- trail: the values loaded from the database are kept, so the change log (signals.py) can
  record old → new without reading the row again; bulk update/create go through the trail too.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from pdca.core.exceptions import ConcurrentEditError


class OrgQuerySet(models.QuerySet):
    """QuerySet of an organisation-scoped model; bulk writes are recorded in the trail."""

    def for_org(self, org):
        return self.filter(organisation=org)

    def update(self, **kwargs):
        from pdca.core.trail import record_bulk_update

        fields = [f for f in kwargs if f not in {"version", "updated_at"}]
        trailed = fields and not getattr(self.model, "trail_disabled", False)
        before = list(self.values("pk", "organisation_id", *fields)) if trailed else []
        kwargs.setdefault("version", models.F("version") + 1)
        count = super().update(**kwargs)
        if before:
            record_bulk_update(self.model, before, kwargs)
        return count

    def bulk_create(self, objs, *args, **kwargs):
        from pdca.core.trail import record_created_many

        created = super().bulk_create(objs, *args, **kwargs)
        if not getattr(self.model, "trail_disabled", False):
            record_created_many([obj for obj in created if obj.pk is not None])
        return created


class OrgScopedModel(models.Model):
    """Abstract base of every domain row: belongs to exactly one organisation, versioned, trailed."""

    organisation = models.ForeignKey(
        "core.Organisation", on_delete=models.CASCADE, related_name="+", verbose_name=_("organisation")
    )
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = OrgQuerySet.as_manager()

    # Fields the trail never reports as changes (bookkeeping, not content).
    trail_ignore = frozenset({"version", "created_at", "updated_at"})

    class Meta:
        abstract = True

    @classmethod
    def from_db(cls, db, field_names, values):
        instance = super().from_db(db, field_names, values)
        instance._loaded_values = dict(zip(field_names, values, strict=True))
        return instance

    def save(self, *args, **kwargs):
        if self._state.adding:
            super().save(*args, **kwargs)
            return
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            kwargs["update_fields"] = {*update_fields, "version", "updated_at"}
        self._expected_version = self.version
        self.version += 1
        try:
            super().save(*args, **kwargs)
        except Exception:
            self.version = self._expected_version
            raise
        finally:
            del self._expected_version

    def _do_update(self, base_qs, using, pk_val, values, update_fields, forced_update):
        expected = getattr(self, "_expected_version", None)
        if expected is not None:
            base_qs = base_qs.filter(version=expected)
        updated = super()._do_update(base_qs, using, pk_val, values, update_fields, forced_update)
        if expected is not None and not updated:
            raise ConcurrentEditError(
                _("“%(object)s” was changed by someone else after you opened it. Reload to see their change.")
                % {"object": self}
            )
        return updated
