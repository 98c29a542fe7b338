"""A controlled document in a real browser: draft, submit, sign with the password, publish; then an employee
reads and acknowledges it."""

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import PASSWORD

pytestmark = pytest.mark.browser


@pytest.fixture
def people(transactional_db):
    from pdca.core import services
    from pdca.core.models import Person
    from tests.factories import UserFactory

    org = services.organisation_create(name="Alder Castings Ltd", slug="alder", by=None)
    manager, employee = UserFactory(username="helen"), UserFactory(username="aisha")
    services.membership_set(org=org, user=manager, role="quality_manager", by=None)
    services.membership_set(org=org, user=employee, role="employee", by=None)
    return org, manager, employee, Person.objects.get(organisation=org, user=manager)


def test_draft_sign_publish_and_acknowledge(page, login, people, screenshot):
    from pdca.documents.models import Document

    org, manager, employee, manager_person = people
    login(manager, f"/o/{org.slug}/documents/register/new/")
    page.get_by_label("Title").fill("Control of measuring equipment")
    page.get_by_label("Type").select_option("procedure")
    page.get_by_label("Owner").select_option(label=manager_person.name)
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("QP-0001")

    page.get_by_role("link", name="1", exact=True).click()
    page.get_by_role("link", name="Edit").click()
    page.get_by_label("Content (Markdown)").fill("# Scope\n\nEvery gauge used for acceptance is calibrated.")
    page.get_by_label("Employee").check()
    page.get_by_role("button", name="Preview").click()
    expect(page.locator("#preview h1")).to_have_text("Scope")
    page.get_by_role("button", name="Save").click()

    page.get_by_label("Approvers").select_option(label=manager_person.name)
    page.get_by_role("button", name="Send for review").click()
    expect(page.locator("[data-status]").first).to_have_text("In review")
    page.get_by_label("Your password").fill("not my password")
    page.get_by_role("button", name="Sign").click()
    expect(page.get_by_role("status").first).to_contain_text("password is not correct")
    page.get_by_label("Your password").fill(PASSWORD)
    page.get_by_role("button", name="Sign").click()
    expect(page.locator("[data-status]").first).to_have_text("Approved")
    page.get_by_role("button", name="Make effective").click()
    expect(page.locator("[data-status]").first).to_have_text("Effective")
    screenshot("documents-published")

    document = Document.objects.get(organisation=org)
    assert document.current_revision.signatures.get().method == "electronic"

    page.context.clear_cookies()
    login(employee, f"/o/{org.slug}/documents/to-read/")
    page.get_by_role("link", name="QP-0001").click()
    expect(page.get_by_text("Every gauge used for acceptance is calibrated.")).to_be_visible()
    page.get_by_role("button", name="I have read and understood this document").click()
    expect(page.get_by_role("status").first).to_contain_text("acknowledged")
    assert document.current_revision.acknowledgements.get(person__user=employee).acknowledged_at
