"""The search index: one row per searchable thing, whatever app it comes from."""

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _


class SearchEntry(models.Model):
    """The searchable text of one row (an action, a document revision, a record …) with what results show.

    Derived data, like DueItem: written only through pdca.core.search (index, unindex), which also keeps
    the engine's full-text index in step with it: an FTS5 table kept by triggers on SQLite, the
    `search_vector` of the narrow core_searchvector table on PostgreSQL (migrations 0004 and 0005, outside
    the model).
    `perm` and `user` let results be filtered by the searcher's role in one query.
    """

    # Short filter columns first, long text last: SQLite reads a row only as far as the columns a query
    # needs, and a search reads the filter columns of every match (migration 0004 keeps this order).
    organisation = models.ForeignKey("core.Organisation", on_delete=models.CASCADE, related_name="+")
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    object_id = models.PositiveBigIntegerField()
    kind = models.CharField(_("kind"), max_length=40)
    is_current = models.BooleanField(_("current"), default=True)
    # A rules permission checked against the organisation (its role part); empty: every member.
    perm = models.CharField(max_length=100, blank=True)
    # Somebody who sees the entry whatever the permission says, e.g. a confidential document's owner.
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    url = models.CharField(max_length=300)
    updated_at = models.DateTimeField(auto_now=True)
    title = models.CharField(_("title"), max_length=300)
    body = models.TextField(_("text"), blank=True)
    file_text = models.TextField(_("text of the file"), blank=True)

    class Meta:
        verbose_name = _("search entry")
        verbose_name_plural = _("search entries")
        constraints = [models.UniqueConstraint(fields=["content_type", "object_id"], name="searchentry_unique")]
        indexes = [
            models.Index(fields=["organisation", "kind"], name="searchentry_org_kind"),
            # SQLite's search reads the filters of each match here instead of in the wide row (INDEXED BY).
            models.Index(
                fields=["id", "organisation", "is_current", "perm", "user", "kind"], name="searchentry_filter"
            ),
        ]

    def __str__(self) -> str:
        return self.title
