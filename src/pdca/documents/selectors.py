"""Reads shared by the documents pages, API and PDF: joins chosen so query counts stay flat."""

import datetime

from django.db.models import Prefetch, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from pdca.core.permissions import membership_for
from pdca.documents.choices import Confidentiality, DocumentStatus, ParticipantRole, RevisionStatus
from pdca.documents.filtersets import DocumentFilterSet
from pdca.documents.models import Acknowledgement, Document, DocumentRevision, Participant, Signature
from pdca.documents.rules import READERS


def visible_documents(org, user):
    """The organisation's documents `user` may see: confidential ones only for readers and their owners."""
    documents = Document.objects.for_org(org)
    membership = membership_for(user, org)
    if membership is not None and membership.role in READERS:
        return documents
    return documents.filter(~Q(confidentiality=Confidentiality.CONFIDENTIAL) | Q(owner__user=user))


def visible_revisions(org, user):
    return DocumentRevision.objects.filter(document__in=visible_documents(org, user))


def revision_history(document: Document) -> list[DocumentRevision]:
    """Every revision of a document, newest first, with its file (one query; their content is not read)."""
    return list(document.revisions.select_related("file").defer("markdown").order_by("-id"))


def signatures_of(revision: DocumentRevision) -> list[Signature]:
    return list(revision.signatures.select_related("person").order_by("signed_at", "id"))


def acknowledgements_of(revision: DocumentRevision) -> dict[str, list[Acknowledgement]]:
    """Who has and who has not acknowledged the revision yet."""
    acks = list(revision.acknowledgements.select_related("person").order_by("person__name"))
    return {"done": [a for a in acks if a.acknowledged_at], "pending": [a for a in acks if not a.acknowledged_at]}


def acknowledgement_of(acks: dict[str, list[Acknowledgement]], person_id: int) -> Acknowledgement | None:
    """One person's line of `acknowledgements_of` (asked or given), without another query."""
    return next((a for group in acks.values() for a in group if a.person_id == person_id), None)


def revision_page(revision_id: int, org):
    """A revision with everything its page shows, in a fixed number of queries."""
    participants = Participant.objects.select_related("person").order_by("role", "id")
    return (
        DocumentRevision.objects.filter(organisation=org, pk=revision_id)
        .select_related("document", "document__owner", "file")
        .prefetch_related(
            Prefetch("participants", queryset=participants),
            "audience_sites",
            Prefetch("comments", queryset=_comments()),
        )
        .first()
    )


def _comments():
    from pdca.documents.models import ReviewComment

    return ReviewComment.objects.select_related("person").order_by("id")


def approvers_of(revision: DocumentRevision) -> list:
    return [p for p in revision.participants.all() if p.role == ParticipantRole.APPROVER]


def to_read(org, person):
    """The effective revisions `person` has been asked to acknowledge and has not yet (one query)."""
    return (
        Acknowledgement.objects.filter(
            organisation=org, person=person, acknowledged_at__isnull=True, revision__status=RevisionStatus.EFFECTIVE
        )
        .select_related("revision", "revision__document")
        .order_by("revision__effective_date", "id")
    )


def reviews_due(org, user, *, within_days: int = 30):
    """Documents in use whose periodic review is due within `within_days` or overdue, soonest first."""
    limit = timezone.localdate() + datetime.timedelta(days=within_days)
    return (
        visible_documents(org, user)
        .filter(current_revision__isnull=False, next_review_date__lte=limit)
        .select_related("owner", "current_revision")
        .order_by("next_review_date", "number")
    )


# Documents in use: those the master list shows unless the register's status filter asks for others.
IN_USE = (DocumentStatus.EFFECTIVE, DocumentStatus.UNDER_REVISION)


def master_list_filters(params) -> dict[str, str]:
    """The register's filters among `params` (a query string), as kept with a master list job."""
    return {name: params[name] for name in DocumentFilterSet.base_filters if params.get(name)}


def master_list_documents(documents, filters: dict) -> tuple:
    """The documents of the master list and its selection in words, for the cover: `documents` filtered
    as the register filters them (invalid filters ignored, as there), and only those in use unless a
    status is asked for."""
    filterset = DocumentFilterSet(filters or None, queryset=documents)
    valid = filterset.is_bound and filterset.is_valid()
    queryset, criteria = (filterset.qs, _criteria(filterset.form)) if valid else (documents, [])
    if not (valid and filterset.form.cleaned_data.get("status")):
        queryset = queryset.filter(status__in=IN_USE)
        criteria.insert(0, (_("Status"), _("in use (effective, and effective under revision)")))
    return queryset, criteria


def _criteria(form) -> list[tuple[str, str]]:
    criteria = []
    for name, value in form.cleaned_data.items():
        if value not in (None, ""):
            field = form.fields[name]
            shown = dict(getattr(field, "choices", ())).get(value, value)
            criteria.append((str(field.label or name).capitalize(), str(shown)))
    return criteria
