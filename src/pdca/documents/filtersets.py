import datetime

import django_filters
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from pdca.core.filtersets import ClauseFilter, IdFilter, OrgFilterSet
from pdca.documents.choices import Confidentiality, DocumentStatus, DocumentType, RevisionStatus
from pdca.documents.models import Document, DocumentRevision

REVIEW_DUE = (("overdue", _("Overdue")), ("30", _("Within 30 days")), ("90", _("Within 90 days")))


class DocumentFilterSet(OrgFilterSet):
    search_fields = ("number", "title")
    doc_type = django_filters.ChoiceFilter(choices=DocumentType.choices, label=_("Type"))
    status = django_filters.ChoiceFilter(choices=DocumentStatus.choices)
    owner_name = django_filters.CharFilter(field_name="owner__name", lookup_expr="icontains", label=_("Owner"))
    owner = IdFilter(field_name="owner_id", label=_("Owner (id)"))
    clause = ClauseFilter()
    review_due = django_filters.ChoiceFilter(choices=REVIEW_DUE, method="filter_review_due", label=_("Review due"))
    confidentiality = django_filters.ChoiceFilter(choices=Confidentiality.choices)

    class Meta:
        model = Document
        fields = ["q", "doc_type", "status", "owner_name", "owner", "clause", "review_due", "confidentiality"]

    def filter_review_due(self, queryset, name, value):
        today = timezone.localdate()
        limit = today - datetime.timedelta(days=1) if value == "overdue" else today + datetime.timedelta(int(value))
        return queryset.filter(current_revision__isnull=False, next_review_date__lte=limit)


class RevisionFilterSet(OrgFilterSet):
    search_fields = ("document__number", "document__title", "label")
    status = django_filters.ChoiceFilter(choices=RevisionStatus.choices)
    document = IdFilter(field_name="document_id", label=_("Document (id)"))

    class Meta:
        model = DocumentRevision
        fields = ["q", "status", "document"]
