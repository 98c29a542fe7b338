"""Who may do what with controlled documents.

Authors (managers, top management, process owners) and a document's owner write documents and
drafts; only the people named as approvers approve or sign; the quality managers and the owner
publish and withdraw. Everyone reads effective documents; drafts and history are for those who
run or audit the system. Confidential documents are hidden from employees who do not own them.
"""

import rules

from pdca.core.choices import ALL_ROLES, CONTRIBUTORS, MANAGERS, Role
from pdca.core.permissions import membership_for, register_model_perms, role_in
from pdca.documents.choices import SEARCH_RESTRICTED, ParticipantRole, RevisionStatus
from pdca.documents.models import (
    Acknowledgement,
    Document,
    DocumentRevision,
    MasterListJob,
    Participant,
    PeriodicReview,
    ReviewComment,
    Signature,
)

AUTHORS = MANAGERS | {Role.TOP_MANAGEMENT, Role.PROCESS_OWNER}
READERS = CONTRIBUTORS | {Role.VIEWER}


def _document(target):
    if isinstance(target, Document):
        return target
    if isinstance(target, DocumentRevision):
        return target.document
    return getattr(getattr(target, "revision", None), "document", None) or getattr(target, "document", None)


def _user_id(user):
    return getattr(user, "pk", None) if getattr(user, "is_authenticated", False) else None


@rules.predicate
def owns_document(user, target) -> bool:
    document = _document(target)
    return document is not None and _user_id(user) is not None and document.owner.user_id == _user_id(user)


@rules.predicate
def sees_confidential(user, target) -> bool:
    document = _document(target)
    if document is None or document.confidentiality != "confidential":
        return True
    membership = membership_for(user, document.organisation_id)
    return membership is not None and membership.role in READERS


def _named(role):
    @rules.predicate(name=f"named_{role}")
    def predicate(user, revision) -> bool:
        if not isinstance(revision, DocumentRevision) or _user_id(user) is None:
            return False
        roles = {role, ParticipantRole.APPROVER} if role == ParticipantRole.REVIEWER else {role}
        return revision.participants.filter(person__user_id=_user_id(user), role__in=roles).exists()

    return predicate


is_approver = _named(ParticipantRole.APPROVER)
is_reviewer = _named(ParticipantRole.REVIEWER)


@rules.predicate
def is_effective(user, revision) -> bool:
    return isinstance(revision, DocumentRevision) and revision.status == RevisionStatus.EFFECTIVE


view_document = role_in(ALL_ROLES) & (sees_confidential | owns_document)
# Named reviewers and approvers see the revision they are asked about, whatever their role.
view_revision = role_in(READERS) & (sees_confidential | owns_document) | role_in(ALL_ROLES) & (
    owns_document | is_reviewer
)
write_document = role_in(AUTHORS) | owns_document

register_model_perms(Document, view=view_document, add=AUTHORS, change=write_document, delete=MANAGERS)
register_model_perms(DocumentRevision, view=view_revision, add=AUTHORS, change=write_document, delete=MANAGERS)
# The master list shows every document, confidential ones included: for those who run or audit the system.
# Nobody edits one; a manager may delete them.
register_model_perms(MasterListJob, view=READERS, add=READERS, change=frozenset(), delete=MANAGERS)
for model in (Participant, Signature, ReviewComment, Acknowledgement, PeriodicReview):
    register_model_perms(model, view=ALL_ROLES, add=MANAGERS)

# Reading a revision's content: the effective one for everybody who sees the document, the rest as above.
rules.set_perm("documents.read_revision", view_revision | is_effective & view_document)
rules.set_perm("documents.approve_revision", is_approver)
rules.set_perm("documents.comment_revision", is_reviewer | role_in(AUTHORS))
rules.set_perm("documents.publish_revision", role_in(MANAGERS) | owns_document)
rules.set_perm("documents.review_document", role_in(MANAGERS) | owns_document)
rules.set_perm("documents.acknowledge_for_others", role_in(MANAGERS))
rules.set_perm("documents.change_settings", role_in(MANAGERS))
rules.set_perm(SEARCH_RESTRICTED, role_in(READERS))
