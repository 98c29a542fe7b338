"""Documents and revisions through the shared harness: pages and API for every role and organisation."""

import itertools

from pdca.core.choices import CONTRIBUTORS, MANAGERS, Role
from pdca.documents.models import Document, DocumentRevision
from pdca.documents.rules import AUTHORS
from tests.documents.factories import make_document
from tests.factories import PersonFactory
from tests.harness import Resource, ResourceTests

_n = itertools.count()


def _document_data(world):
    owner = PersonFactory(organisation=world.org)
    return {
        "title": f"Handling of customer property {next(_n)}",
        "doc_type": "procedure",
        "owner": owner.pk,
        "confidentiality": "internal",
        "review_interval_months": 12,
    }


class TestDocument(ResourceTests):
    resource = Resource(
        model=Document,
        url="documents:document",
        api="document",
        make=lambda org: make_document(org),
        form_data=_document_data,
        api_data=_document_data,
        edit_field="title",
        add_roles=AUTHORS,
        delete_roles=MANAGERS,
        foreign_key="owner",
        extra={"foreign_make": lambda org: PersonFactory(organisation=org), "export_value": lambda o: o.number},
    )


def _revision_data(world):
    # A register entry without revisions (made directly): the data must not add revisions by itself.
    document = Document.objects.create(
        organisation=world.org,
        number=f"WI-9{next(_n):03d}",
        title="Torque",
        doc_type="work_instruction",
        owner=PersonFactory(organisation=world.org),
    )
    return {
        "document": document.pk,
        "change_summary": f"Torque values updated {next(_n)}",
        "markdown": f"# Torque settings\n\nUse 25 Nm {next(_n)}.",
    }


class TestRevision(ResourceTests):
    resource = Resource(
        model=DocumentRevision,
        url="documents:documentrevision",
        api="revision",
        make=lambda org: make_document(org).revisions.get(),
        form_data=_revision_data,
        api_data=_revision_data,
        edit_field="markdown",
        view_roles=CONTRIBUTORS | {Role.VIEWER},
        add_roles=AUTHORS,
        delete_roles=MANAGERS,
        foreign_key="document",
        extra={"foreign_make": lambda org: make_document(org), "export_value": lambda o: o.document.number},
    )
