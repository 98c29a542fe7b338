"""Suppliers in a real browser (#6): a quality manager records a poor evaluation through the form; the
supplier page then shows it on watch, with the SCAR the threshold raised and the new point on its trend;
the supplier list shows the latest score with its band."""

import datetime

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


@pytest.fixture
def supplier_base(transactional_db):
    """A quality manager; an approved tier-1 heat treater with two good evaluations behind it."""
    from django.utils import timezone

    from pdca.core import services
    from pdca.suppliers import services as suppliers
    from tests.factories import UserFactory

    org = services.organisation_create(name="Alder Castings Ltd", slug="alder", by=None)
    user = UserFactory(username="helen", first_name="Helen", last_name="Marsh")
    services.membership_set(org=org, user=user, role="quality_manager", by=None)
    suppliers.criteria_defaults_create(org=org, by=None)
    criteria = suppliers.active_criteria(org)
    supplier = suppliers.supplier_create(
        org=org, data={"name": "Calder Heat Treatment", "supplies": "Vacuum hardening", "tier": 1}, by=None
    )
    suppliers.supplier_transition(supplier, status="approved", by=None, reason="Audit passed")
    for days, period in ((300, "2025 H1"), (120, "2025 H2")):
        suppliers.evaluation_create(
            org=org,
            data={
                "supplier": supplier,
                "period": period,
                "evaluated_on": timezone.localdate() - datetime.timedelta(days),
            },
            by=None,
            scores={c.pk: 4 for c in criteria},
        )
    return user, org, supplier, criteria


def test_a_poor_evaluation_puts_the_supplier_on_watch_with_a_scar(page, login, supplier_base, screenshot):
    user, org, supplier, criteria = supplier_base
    login(user, f"/o/{org.slug}/suppliers/")
    expect(page.get_by_role("link", name=supplier.number)).to_be_visible()
    expect(page.get_by_text("75.0 Acceptable")).to_be_visible()
    screenshot("suppliers-list")

    page.get_by_role("link", name=supplier.number).click()
    expect(page.locator(".supplier-point")).to_have_count(2)
    page.get_by_role("link", name="Evaluate").click()
    page.get_by_label("Period").fill("2026 H1")
    for criterion, score in zip(criteria, ("2 – Weak", "2 – Weak", "3 – Adequate", "2 – Weak"), strict=True):
        page.get_by_label(f"{criterion.name} ({criterion.weight} %)").select_option(label=score)
    page.get_by_label("Comment").fill("Two batches below hardness; late certificates.")
    screenshot("suppliers-evaluation-form")
    page.get_by_role("button", name="Save").click()

    page.wait_for_url(f"**/o/{org.slug}/suppliers/{supplier.pk}/")
    expect(page.locator('[data-status="on_watch"]')).to_be_visible()
    expect(page.locator(".supplier-point")).to_have_count(3)
    expect(page.locator('.supplier-point[data-band="poor"]')).to_have_count(1)
    expect(page.get_by_role("link", name="SCAR-0001")).to_be_visible()
    screenshot("suppliers-on-watch")

    page.goto(f"/o/{org.slug}/suppliers/?band=poor")
    expect(page.get_by_text("28.8 Below threshold")).to_be_visible()
