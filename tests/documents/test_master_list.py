"""The document master list: the PDF (selection, grouping, page numbers across chunks), the background job
with its progress page and download, who may have it, and the CLI."""

import io
import re

import pytest
from django.core.management import call_command
from django.urls import reverse
from pypdf import PdfReader

from pdca.documents import masterlist, pdf, selectors, services
from pdca.documents.models import Document, MasterListJob
from tests.documents.factories import make_document, make_effective


def url(world, name, *args):
    return reverse(f"documents:{name}", args=[world.org.slug, *args])


def pages(data: bytes) -> list[str]:
    return [page.extract_text() for page in PdfReader(io.BytesIO(data)).pages]


def draw(org, filters=None, **options) -> bytes:
    documents, criteria = selectors.master_list_documents(Document.objects.for_org(org), filters or {})
    return pdf.master_list(org, documents, criteria=criteria, **options)


@pytest.fixture
def register(world):
    """Two work instructions and a form in use (one under revision), a draft, an obsolete one, and one of
    another organisation."""
    org = world.org
    docs = {
        "qp1": make_effective(org, doc_type="work_instruction", title="Control of documents"),
        "qp2": make_effective(org, doc_type="work_instruction", title="Internal audit"),
        "form": make_effective(org, doc_type="form", title="Training record"),
        "draft": make_document(org, doc_type="work_instruction", title="Handling of complaints"),
        "obsolete": make_effective(org, doc_type="work_instruction", title="Old calibration method"),
        "other": make_effective(world.other, doc_type="work_instruction", title="Another company's procedure"),
    }
    services.revision_create(document=docs["form"], by=None)  # effective, under revision
    services.revision_withdraw(docs["obsolete"].current_revision, by=None, reason="Replaced by a supplier service")
    return {key: Document.objects.get(pk=d.pk) for key, d in docs.items()}


def test_it_lists_the_documents_in_use_grouped_by_type_and_sorted_by_number(world, register):
    text = "\n".join(pages(draw(world.org)))
    for key in ("qp1", "qp2", "form"):
        assert register[key].number in text and register[key].title in text
    for key in ("draft", "obsolete", "other"):
        assert register[key].title not in text
    # Work instructions come before forms (the order of the types), by number within each.
    instructions, forms = text.index("Work instruction · 2 documents"), text.index("Form · 1 document")
    assert instructions < text.index(register["qp1"].number) < text.index(register["qp2"].number) < forms
    assert forms < text.index(register["form"].number)
    assert "Effective, under revision" in text and "Uncontrolled when printed" in text


def test_it_shows_the_effective_revision_owner_and_dates_of_each_document(world, register):
    text = "\n".join(pages(draw(world.org)))
    qp1 = register["qp1"]
    line = next(line for line in text.splitlines() if line.startswith(qp1.number))
    assert qp1.current_revision.label in line and qp1.owner.name in line
    assert qp1.current_revision.effective_date.strftime("%m/%d/%Y") in line
    assert qp1.next_review_date.strftime("%m/%d/%Y") in line


def test_its_cover_names_the_organisation_the_selection_and_counts_by_type_and_status(world, register):
    cover = pages(draw(world.org))[0]
    assert "Document master list" in cover and world.org.name in cover
    assert "in use (effective, and effective under revision)" in cover and "Documents listed 3" in cover
    assert "Work instruction 2 0 2" in cover and "Form 0 1 1" in cover and "Total 2 1 3" in cover


def test_it_numbers_the_pages_across_chunks(world, register):
    progress = []
    texts = pages(draw(world.org, chunk_rows=1, progress=lambda done, total: progress.append((done, total))))
    assert len(texts) == 4  # the cover and one chunk per document
    for number, text in enumerate(texts, start=1):
        assert f"Page {number} of 4" in text
    assert progress == [(0, 3), (1, 3), (2, 3), (3, 3)]
    # A type carried over into the next chunk says so instead of counting again.
    assert "Work instruction (continued)" in texts[2]


def test_it_applies_the_registers_filters(world, register):
    forms = "\n".join(pages(draw(world.org, {"doc_type": "form"})))
    assert register["form"].number in forms and register["qp1"].number not in forms
    assert "Type Form" in forms
    drafts = "\n".join(pages(draw(world.org, {"status": "draft"})))
    assert register["draft"].title in drafts and register["qp1"].title not in drafts
    obsolete = "\n".join(pages(draw(world.org, {"status": "obsolete", "doc_type": "work_instruction"})))
    assert register["obsolete"].title in obsolete and register["draft"].title not in obsolete


def test_it_draws_an_empty_selection(world):
    texts = pages(draw(world.org))
    assert len(texts) == 1 and "No documents match the selection." in texts[0] and "Page 1 of 1" in texts[0]


def test_it_is_drawn_in_the_background_with_its_progress_recorded_then_downloaded(
    world, register, monkeypatch, django_capture_on_commit_callbacks
):
    seen, real = [], pdf.master_list

    def in_chunks_of_one(org, queryset, *, progress, **options):
        def record(done, total):
            progress(done, total)
            job = MasterListJob.objects.get()
            seen.append((job.status, job.done, job.total))

        return real(org, queryset, progress=record, **{**options, "chunk_rows": 1})

    monkeypatch.setattr(pdf, "master_list", in_chunks_of_one)
    client = world.client(world.users["quality_manager"])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url(world, "master_list"), {"doc_type": "work_instruction", "page": "2"})
    job = MasterListJob.objects.get()
    assert response.status_code == 302 and response["Location"] == url(world, "master_list_job", job.pk)
    assert seen == [("running", 0, 2), ("running", 1, 2), ("running", 2, 2)]
    assert (job.status, job.done, job.total, job.filters) == ("done", 2, 2, {"doc_type": "work_instruction"})
    assert job.requested_by == world.users["quality_manager"] and job.file.name.startswith(f"org-{world.org.pk}/")

    progress = client.get(job.get_absolute_url(), headers={"HX-Request": "true"}).content.decode()
    assert "hx-trigger" not in progress and "2 of 2 documents" in progress
    assert url(world, "master_list_download", job.pk) in progress

    download = client.get(url(world, "master_list_download", job.pk))
    assert download.status_code == 200 and download["Content-Type"] == "application/pdf"
    assert 'filename="acme-document-master-list-' in download["Content-Disposition"]
    text = "\n".join(pages(b"".join(download.streaming_content)))
    assert register["qp1"].number in text and register["form"].number not in text


def test_its_progress_page_polls_every_second_until_the_list_is_ready(world):
    job = MasterListJob.objects.create(organisation=world.org, status="running", done=500, total=2000)
    client = world.client(world.users["auditor"])
    page = client.get(job.get_absolute_url()).content.decode()
    assert 'hx-trigger="every 1s"' in page and "500 of 2000 documents" in page and 'aria-valuenow="25"' in page
    assert "<html" not in client.get(job.get_absolute_url(), headers={"HX-Request": "true"}).content.decode()
    assert client.get(url(world, "master_list_download", job.pk)).status_code == 404  # not ready yet


def test_a_failure_is_shown_rather_than_polled_for_ever(world, register, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("no fonts")

    monkeypatch.setattr(pdf, "master_list", broken)
    job = masterlist.master_list_request(org=world.org, filters={}, by=None)
    job = masterlist.master_list_build(job.pk)
    assert job.status == "failed" and not job.file
    page = world.client(world.users["quality_manager"]).get(job.get_absolute_url()).content.decode()
    assert "could not be drawn" in page and "hx-trigger" not in page


def test_it_is_drawn_once_when_the_task_runs_twice(world, register):
    job = masterlist.master_list_request(org=world.org, filters={}, by=None)
    first = masterlist.master_list_build(job.pk)
    assert masterlist.master_list_build(job.pk).file.name == first.file.name


def test_it_lists_only_what_its_requester_may_see(world):
    secret = make_effective(world.org, title="Salary bands", confidentiality="confidential")
    texts = {}
    for role in ("auditor", "employee"):  # an employee who asked before losing the right, say
        job = MasterListJob.objects.create(organisation=world.org, requested_by=world.users[role])
        texts[role] = "\n".join(pages(masterlist.master_list_build(job.pk).file.read()))
    assert secret.number in texts["auditor"] and secret.number not in texts["employee"]


def test_the_register_offers_it_with_its_filters(world):
    page = world.client(world.users["auditor"]).get(url(world, "document_list") + "?doc_type=form&page=3")
    assert f'href="{url(world, "master_list")}?doc_type=form"' in page.content.decode()
    employee = world.client(world.users["employee"]).get(url(world, "document_list")).content.decode()
    assert url(world, "master_list") not in employee


def test_its_page_shows_the_selection_and_how_many_documents_it_lists(world, register):
    page = world.client(world.users["viewer"]).get(url(world, "master_list") + "?doc_type=work_instruction")
    text = page.content.decode()
    assert page.status_code == 200 and "Work instruction" in text and re.search(r"data-count>2<", text)
    assert '<input type="hidden" name="doc_type" value="work_instruction">' in text


def test_it_is_refused_to_employees(world, register):
    job = masterlist.master_list_build(masterlist.master_list_request(org=world.org, filters={}, by=None).pk)
    client = world.client(world.users["employee"])
    for address in (url(world, "master_list"), job.get_absolute_url(), url(world, "master_list_download", job.pk)):
        assert client.get(address).status_code == 403, address
    assert client.post(url(world, "master_list")).status_code == 403
    assert not MasterListJob.objects.exclude(pk=job.pk).exists()


def test_another_organisations_list_is_not_found(world, register):
    job = masterlist.master_list_build(masterlist.master_list_request(org=world.org, filters={}, by=None).pk)
    outsider = world.client(world.outsider)
    for address in (url(world, "master_list"), job.get_absolute_url(), url(world, "master_list_download", job.pk)):
        assert outsider.get(address).status_code == 404, address
    # Nor through the outsider's own organisation's addresses.
    other = reverse("documents:master_list_download", args=[world.other.slug, job.pk])
    assert outsider.get(other).status_code == 404


def test_anonymous_users_are_sent_to_login(world):
    response = world.client(None).get(url(world, "master_list"))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_lists_older_than_a_week_are_deleted_with_their_files(world, register, django_capture_on_commit_callbacks):
    old = masterlist.master_list_build(masterlist.master_list_request(org=world.org, filters={}, by=None).pk)
    storage, name = old.file.storage, old.file.name
    MasterListJob.objects.filter(pk=old.pk).update(created_at=old.created_at - masterlist.KEPT_FOR * 2)
    with django_capture_on_commit_callbacks(execute=True):
        masterlist.master_list_request(org=world.org, filters={}, by=None)
    assert not MasterListJob.objects.filter(pk=old.pk).exists()
    assert not storage.exists(name)


def test_the_cli_writes_the_master_list(world, register, tmp_path, capsys):
    out = tmp_path / "list.pdf"
    call_command("documents", "master-list", "--org", world.org.slug, "--output", str(out))
    text = "\n".join(pages(out.read_bytes()))
    assert register["qp1"].number in text and register["draft"].title not in text
    captured = capsys.readouterr()
    assert "Master list written to" in captured.out and "3 of 3 documents" in captured.err
