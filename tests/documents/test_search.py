"""Documents in the full-text search: by title and content, current versions only unless asked, and
never to a role or organisation that may not see them. Runs on SQLite and PostgreSQL alike."""

from django.core.files.uploadedfile import SimpleUploadedFile

from pdca.core import search
from pdca.documents import services
from tests.documents.factories import make_document, make_effective


def titles(world, user_key, query, **options) -> list[str]:
    results = search.search(world.org, world.users[user_key], query, kinds=["document"], **options)
    return [r.title for r in results.items]


def test_an_effective_document_is_found_by_a_word_of_its_title_or_content(world):
    document = make_effective(world.org, title="Deburring flanges", markdown="Use the anodising bath last.\n")
    assert titles(world, "employee", "deburring") == [f"{document.number} Deburring flanges · rev. 1"]
    assert titles(world, "employee", "anodis") == titles(world, "employee", "deburring")
    assert search.search(world.other, world.outsider, "anodising").items == []


def test_drafts_and_confidential_documents_are_found_only_by_roles_that_read_them(world):
    make_document(world.org, title="Draft torque settings")
    make_effective(world.org, title="Confidential pricing rules", confidentiality="confidential")
    assert titles(world, "employee", "torque") == [] and titles(world, "employee", "pricing") == []
    assert len(titles(world, "quality_manager", "torque")) == 1
    assert len(titles(world, "quality_manager", "pricing")) == 1


def test_a_superseded_revision_is_found_only_on_request_and_follows_the_register(world):
    document = make_effective(world.org, title="Goods in", markdown="Check the delivery note.\n")
    draft = services.revision_create(
        document=document, by=None, markdown="Check the delivery note and the certificate.\n", change_summary="Certs"
    )
    person = services.Person.objects.filter(organisation=world.org, user__isnull=False).first()
    services.revision_submit(draft, approvers=[person], by=None)
    services.revision_approve(draft, by=person.user)
    services.revision_make_effective(draft, by=None)
    assert titles(world, "quality_manager", "goods") == [f"{document.number} Goods in · rev. 2"]
    assert len(titles(world, "quality_manager", "goods", include_obsolete=True)) == 2
    document.refresh_from_db()
    services.document_update(document, data={"title": "Receiving"}, by=None)
    assert titles(world, "employee", "goods") == [] and len(titles(world, "employee", "receiving")) == 1


def test_the_text_of_an_uploaded_pdf_is_found(world, django_capture_on_commit_callbacks):
    from weasyprint import HTML

    document = make_document(world.org, title="Calibration procedure")
    pdf = HTML(string="<p>Every micrometer is checked against gauge blocks.</p>").write_pdf()
    with django_capture_on_commit_callbacks(execute=True):
        services.revision_upload(document.revisions.get(), upload=SimpleUploadedFile("cal.pdf", pdf), by=None)
    assert len(titles(world, "quality_manager", "micrometer")) == 1


def test_a_deleted_document_leaves_no_entry(world):
    document = make_document(world.org, title="Short lived")
    services.document_delete(document, by=None)
    assert titles(world, "quality_manager", "short lived") == []
