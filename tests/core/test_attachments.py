"""Uploads: size limit, type from the content, harmless names, served only with permission."""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.files.uploadedfile import SimpleUploadedFile

from pdca.core import services
from pdca.core.attachments import safe_filename
from pdca.core.exceptions import ValidationFailed
from pdca.core.models import Attachment, Site
from tests.factories import SiteFactory

PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def upload(name, content, content_type="application/octet-stream"):
    return SimpleUploadedFile(name, content, content_type=content_type)


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("../../etc/passwd", "passwd"),
        ("C:\\Users\\me\\report.pdf", "report.pdf"),
        (".htaccess", "htaccess"),
        ("<script>alert(1)</script>.pdf", "script_.pdf"),  # "/" ends the path: only the last part stays
        ("quarterly report (final)?.pdf", "quarterly report _final_.pdf"),
        ("", "file"),
        ("a" * 300 + ".pdf", "a" * 146 + ".pdf"),
    ],
)
def test_file_names_are_neutralised(name, expected):
    assert safe_filename(name) == expected


def test_a_pdf_is_accepted_and_served_only_to_members_who_may_see_it(world):
    site = SiteFactory(organisation=world.org)
    attachment = services.attachment_add(target=site, upload=upload("../evidence.pdf", PDF), by=None)
    assert (attachment.filename, attachment.mime_type, attachment.size) == ("evidence.pdf", "application/pdf", len(PDF))
    assert "evidence" not in attachment.file.name  # stored under a random name
    url = f"/o/{world.org.slug}/files/{attachment.pk}/"
    response = world.client(world.users["viewer"]).get(url)
    assert response.status_code == 200 and b"".join(response.streaming_content) == PDF
    assert "attachment" in response["Content-Disposition"] and response["Content-Security-Policy"]
    assert world.client(world.outsider).get(url).status_code == 404
    assert world.client(None).get(url).status_code == 302


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("invoice.pdf", b"MZ\x90\x00\x03" + b"\x00" * 100),  # a Windows executable named .pdf
        ("page.html", b"<html><script>alert(1)</script></html>"),
        ("image.png", PDF),  # content does not match the name
        ("notes.txt", b"\x00\x01\x02binary"),
        ("empty.pdf", b""),
    ],
)
def test_files_whose_content_is_not_an_accepted_type_are_refused(world, name, content):
    site = SiteFactory(organisation=world.org)
    with pytest.raises(ValidationFailed) as exc:
        services.attachment_add(target=site, upload=upload(name, content), by=None)
    assert exc.value.field == "file"
    assert not Attachment.objects.exists()


def test_text_and_images_are_accepted(world):
    site = SiteFactory(organisation=world.org)
    assert (
        services.attachment_add(target=site, upload=upload("log.csv", "a,b\n1,é\n".encode()), by=None).mime_type
        == "text/csv"
    )
    assert services.attachment_add(target=site, upload=upload("photo.png", PNG), by=None).mime_type == "image/png"


def test_files_over_the_size_limit_are_refused(world, settings):
    settings.PDCA_MAX_UPLOAD_BYTES = 1024
    site = SiteFactory(organisation=world.org)
    with pytest.raises(ValidationFailed, match="larger than"):
        services.attachment_add(target=site, upload=upload("big.pdf", PDF + b"0" * 2048), by=None)


def test_the_upload_page_reports_a_refused_file(world):
    site = SiteFactory(organisation=world.org)
    ct = ContentType.objects.get_for_model(Site).pk
    client = world.client(world.users["quality_manager"])
    response = client.post(
        f"/o/{world.org.slug}/attach/{ct}/{site.pk}/", {"file": upload("x.pdf", b"MZ" * 50)}, follow=True
    )
    assert "not accepted" in response.content.decode()
    client.post(f"/o/{world.org.slug}/attach/{ct}/{site.pk}/", {"file": upload("ok.pdf", PDF)})
    assert Attachment.objects.get().filename == "ok.pdf"
    assert (
        world.client(world.users["viewer"])
        .post(f"/o/{world.org.slug}/attach/{ct}/{site.pk}/", {"file": upload("v.pdf", PDF)})
        .status_code
        == 403
    )
