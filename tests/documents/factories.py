"""Documents made through the services, in any state of the workflow."""

from pdca.core import services as core
from pdca.core.choices import Role
from pdca.core.models import Person
from pdca.documents import services
from tests.factories import PersonFactory, UserFactory
from tests.factories import upload as shared_upload

PASSWORD = "correct horse battery"  # tests/factories.py


def make_document(org, *, title="Control of calibrated equipment", doc_type="procedure", markdown="# Scope\n", **extra):
    owner = extra.pop("owner", None) or PersonFactory(organisation=org)
    data = {"title": title, "doc_type": doc_type, "owner": owner, **extra}
    return services.document_create(org=org, data=data, by=None, markdown=markdown)


def approver(org, role=Role.QUALITY_MANAGER) -> Person:
    """A person with a login who can approve."""
    user = UserFactory()
    core.membership_set(org=org, user=user, role=role, by=None)
    return Person.objects.get(organisation=org, user=user)


def submit(revision, approvers, **extra):
    return services.revision_submit(revision, approvers=approvers, by=None, **extra)


def make_effective(org, *, doc_type="work_instruction", **extra):
    """A document whose first revision is effective (recorded approval by a fresh approver)."""
    document = make_document(org, doc_type=doc_type, **extra)
    revision = document.revisions.get()
    person = approver(org)
    submit(revision, [person])
    services.revision_approve(revision, by=person.user)
    services.revision_make_effective(revision, by=None)
    document.refresh_from_db()
    return document


def upload(name="procedure.pdf", data=None):
    return shared_upload(name, data)
