"""A record in a real browser: filed with an upload on the form, then found in the register by a filter."""

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


@pytest.fixture
def quality(transactional_db, catalogue):
    from pdca.core import services
    from pdca.records.services import record_types_copy_defaults
    from tests.factories import UserFactory

    org = services.organisation_create(name="Alder Castings Ltd", slug="alder", by=None)
    user = UserFactory(username="helen")
    services.membership_set(org=org, user=user, role="quality_manager", by=None)
    record_types_copy_defaults(org=org, by=None)
    return org, user


def test_file_a_record_and_find_it_in_the_register(page, login, quality, tmp_path, screenshot):
    from pdca.records.models import Record
    from tests.factories import pdf_bytes

    org, user = quality
    certificate = tmp_path / "CMM-calibration-2025.pdf"
    certificate.write_bytes(pdf_bytes())
    login(user, f"/o/{org.slug}/records/new/")
    page.get_by_label("Title").fill("CMM calibration certificate 2025")
    page.get_by_label("Type").select_option(label="Calibration certificate")
    page.get_by_label("Date").fill("2025-05-14")
    page.get_by_label("File (PDF, Word, Excel, PNG or JPEG)").set_input_files(str(certificate))
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("REC-0001")
    expect(page.get_by_role("link", name="CMM-calibration-2025.pdf")).to_be_visible()

    page.get_by_role("link", name="Record register").first.click()
    filters = page.get_by_role("search", name="Filter")
    filters.get_by_label("Search").fill("CMM")
    filters.get_by_label("Search").press("Enter")
    expect(page.get_by_role("link", name="REC-0001")).to_be_visible()
    screenshot("records-register")
    record = Record.objects.get(organisation=org)
    assert record.file_name == "CMM-calibration-2025.pdf" and record.retain_until.isoformat() == "2031-05-14"
