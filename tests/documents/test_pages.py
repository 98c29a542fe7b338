"""Document pages: the register, the document page (flat query counts), signing, PDF, diff, starters."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from pdca.documents import services, starters
from pdca.documents.models import Document, Signature
from tests.documents.factories import PASSWORD, approver, make_document, make_effective, submit


def url(world, name, *args):
    return reverse(f"documents:{name}", args=[world.org.slug, *args])


def _queries(client, address) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(address).status_code == 200
    return len(captured)


def _grow(world, document, revisions: int, readers: int):
    """More history, signatures and readers on one document."""
    for i in range(revisions):
        draft = services.revision_create(document=document, by=None, change_summary=f"Change {i}")
        person = approver(world.org)
        submit(draft, [person])
        services.revision_approve(draft, by=person.user)
        services.revision_make_effective(draft, by=None)
    current = type(document).objects.get(pk=document.pk).current_revision
    for _ in range(readers):
        services.acknowledgement_record(current, by=None, person=approver(world.org, role="employee"))


def test_the_document_page_costs_the_same_with_three_times_the_history(world):
    client = world.client(world.users["quality_manager"])
    small, large = make_effective(world.org), make_effective(world.org)
    _grow(world, small, revisions=2, readers=2)
    _grow(world, large, revisions=6, readers=6)
    assert _queries(client, small.get_absolute_url()) == _queries(client, large.get_absolute_url())


def test_the_register_costs_the_same_with_three_times_the_documents(world):
    client = world.client(world.users["employee"])
    for _ in range(4):
        make_effective(world.org)
    filtered = url(world, "document_list") + "?review_due=90&doc_type=work_instruction&q=Control"
    small = _queries(client, url(world, "document_list")), _queries(client, filtered)
    for _ in range(8):
        make_effective(world.org)
    assert (_queries(client, url(world, "document_list")), _queries(client, filtered)) == small


def test_the_register_filters_by_clause_and_hides_confidential_documents_from_employees(world):
    tagged = make_document(world.org, title="Calibration", clauses=["hs.support.resources"])
    secret = make_document(world.org, title="Salary bands", confidentiality="confidential")
    employee = world.client(world.users["employee"]).get(url(world, "document_list")).content.decode()
    assert tagged.number in employee and secret.number not in employee
    assert world.client(world.users["employee"]).get(secret.get_absolute_url()).status_code == 403
    manager = world.client(world.users["quality_manager"])
    filtered = manager.get(url(world, "document_list"), {"clause": "hs.support"}).content.decode()
    assert tagged.number in filtered and secret.number not in filtered


def test_the_document_page_shows_only_the_effective_revision_as_current(world):
    document = make_effective(world.org, markdown="# Old torque table")
    draft = services.revision_create(document=document, by=None, markdown="# New torque table <script>x()</script>")
    page = world.client(world.users["employee"]).get(document.get_absolute_url()).content.decode()
    assert "Old torque table" in page and "New torque table" not in page
    draft_page = world.client(world.users["quality_manager"]).get(draft.get_absolute_url()).content.decode()
    assert 'data-watermark="DRAFT"' in draft_page and "<script>x()" not in draft_page
    assert world.client(world.users["employee"]).get(draft.get_absolute_url()).status_code == 403


def test_signing_on_the_page_needs_the_password(world):
    services.settings_update(org=world.org, approval={"procedure": "electronic"}, by=None)
    revision = make_document(world.org, doc_type="procedure").revisions.get()
    person = approver(world.org, role="employee")
    submit(revision, [person])
    client = world.client(person.user)
    page = client.get(revision.get_absolute_url())
    assert page.status_code == 200 and 'type="password"' in page.content.decode()
    wrong = client.post(
        url(world, "revision_sign", revision.pk), {"password": "nope", "meaning": "approved"}, follow=True
    )
    assert "password is not correct" in wrong.content.decode() and not Signature.objects.exists()
    client.post(url(world, "revision_sign", revision.pk), {"password": PASSWORD, "meaning": "approved"})
    revision.refresh_from_db()
    assert revision.status == "approved"


def test_an_employee_acknowledges_from_the_document_page(world):
    document = make_effective(world.org)
    client = world.client(world.users["employee"])
    assert "read and understood" in client.get(document.get_absolute_url()).content.decode()
    response = client.post(url(world, "revision_acknowledge", document.current_revision_id))
    assert response.status_code == 302 and response["Location"] == document.get_absolute_url()
    assert document.current_revision.acknowledgements.get().acknowledged_at


def test_the_controlled_copy_is_a_pdf(world):
    document = make_effective(world.org, markdown="# Scope\n\n| a | b |\n|---|---|\n| 1 | 2 |\n")
    response = world.client(world.users["employee"]).get(url(world, "revision_pdf", document.current_revision_id))
    assert response.status_code == 200 and response.content[:5] == b"%PDF-"
    import io

    from pypdf import PdfReader

    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    assert document.number in text and "Uncontrolled when printed" in text


def test_the_diff_shows_what_changed_escaped(world):
    document = make_effective(world.org, markdown="Torque 20 Nm\nKeep clean")
    draft = services.revision_create(document=document, by=None, markdown="Torque 25 Nm <b>now</b>\nKeep clean")
    page = world.client(world.users["auditor"]).get(
        url(world, "revision_diff", draft.pk), {"against": document.current_revision_id}
    )
    html = page.content.decode()
    assert '<span class="diff-del">-Torque 20 Nm</span>' in html
    assert "+Torque 25 Nm &lt;b&gt;now&lt;/b&gt;" in html


def test_a_starter_document_is_copied_into_the_register(world):
    names = {s.name for s in starters.all_starters()}
    assert {"quality-policy", "qms-scope", "document-control-procedure", "internal-audit-procedure"} <= names
    client = world.client(world.users["quality_manager"])
    response = client.post(url(world, "starters"), {"starter": "quality-policy"})
    assert response.status_code == 302
    document = Document.objects.get(organisation=world.org, title="Quality policy")
    assert document.number == "POL-0001" and "# Quality policy" in document.revisions.get().markdown
    assert (
        world.client(world.users["employee"]).post(url(world, "starters"), {"starter": "qms-scope"}).status_code == 403
    )


def test_the_markdown_preview_is_sanitised(world):
    client = world.client(world.users["process_owner"])
    html = client.post(url(world, "preview"), {"markdown": "**bold** <img src=x onerror=alert(1)>"}).content.decode()
    assert "<strong>bold</strong>" in html and "onerror" not in html


def test_to_read_and_reviews_due_lists(world):
    document = make_document(world.org, doc_type="form")
    revision = document.revisions.get()
    services.revision_update(revision, data={"audience_roles": ["employee"]}, by=None)
    assert world.client(world.users["auditor"]).get(revision.get_absolute_url()).status_code == 200  # list in history
    person = approver(world.org)
    submit(revision, [person])
    services.revision_approve(revision, by=person.user)
    services.revision_make_effective(revision, by=None)
    page = world.client(world.users["employee"]).get(url(world, "to_read")).content.decode()
    assert document.number in page
    Document.objects.filter(pk=document.pk).update(next_review_date="2000-01-01")
    due = world.client(world.users["viewer"]).get(url(world, "reviews_due")).content.decode()
    assert document.number in due


def test_the_controlled_copy_of_an_uploaded_pdf_is_that_pdf_stamped_then_the_signatures(world):
    import io

    from pypdf import PdfReader
    from weasyprint import HTML

    from pdca.documents import pdf
    from tests.documents.factories import upload

    original = HTML(string="<p>Torque the bolts</p><p style='break-before: page'>Check the seal</p>").write_pdf()
    document = make_document(world.org, title="Assembly", markdown="")
    draft = document.revisions.get()
    services.revision_upload(draft, upload=upload("assembly.pdf", original), by=None)
    draft.refresh_from_db()
    pages = PdfReader(io.BytesIO(pdf.controlled_copy(draft))).pages
    first, second = pages[0].extract_text(), pages[1].extract_text()
    total = len(pages)
    assert total > 2 and "Torque the bolts" in first and "Check the seal" in second
    assert f"{document.number} · revision 1 · Draft" in first and "Uncontrolled when printed" in first
    assert f"Page 1 of {total}" in first and "DRAFT" in first  # not the current revision: watermarked
    assert "assembly.pdf" in pages[2].extract_text()  # then what the file is, its hash and signatures
