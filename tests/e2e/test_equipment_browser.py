"""Equipment in a real browser (#6, 7.1.5): the register shows an overdue gauge, its filter finds it, a
calibration recorded from the gauge's page with an out-of-tolerance result flags it and asks for the impact
assessment, recorded through its form; a calibration within tolerance then puts it back into service."""

import datetime

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


@pytest.fixture
def workshop(transactional_db):
    """A quality manager and a small register: an overdue caliper, a micrometer in calibration, one due
    soon, and a lathe with a maintenance plan."""
    from django.utils import timezone

    from pdca.core import services
    from pdca.core.models import Person
    from pdca.equipment import services as equipment
    from tests.factories import UserFactory

    org = services.organisation_create(name="Alder Castings Ltd", slug="alder", by=None)
    user = UserFactory(username="helen", first_name="Helen", last_name="Marsh")
    services.membership_set(org=org, user=user, role="quality_manager", by=None)
    person = Person.objects.get(organisation=org, user=user)
    today = timezone.localdate()

    def gauge(name, days_ago, months=12):
        return equipment.equipment_create(
            org=org,
            by=None,
            data={
                "name": name,
                "owner": person,
                "needs_calibration": True,
                "calibration_interval_months": months,
                "last_calibrated_on": today - datetime.timedelta(days=days_ago),
                "tolerance": "±0.02 mm",
                "measuring_range": "0–150 mm",
            },
        )

    late = gauge("Digital caliper 150 mm", 400)
    gauge("Outside micrometer 0–25 mm", 40)
    gauge("Height gauge 600 mm", 350)
    lathe = equipment.equipment_create(
        org=org, by=None, data={"name": "Mazak QTN 200 lathe", "kind": "machine", "owner": person}
    )
    equipment.plan_create(
        org=org,
        by=None,
        data={
            "equipment": lathe,
            "task": "Check way lubrication",
            "interval": 1,
            "interval_unit": "weeks",
            "next_due": today + datetime.timedelta(days=3),
        },
    )
    return user, org, late


def test_an_out_of_tolerance_calibration_asks_for_the_impact_assessment(page, login, screenshot, workshop):
    user, org, late = workshop
    login(user, f"/o/{org.slug}/equipment/")
    expect(page.get_by_role("heading", name="Equipment and infrastructure")).to_be_visible()
    screenshot("equipment-register")
    page.get_by_label("Status", exact=True).select_option("overdue")
    page.get_by_role("button", name="Filter").click()
    row = page.get_by_role("row").filter(has_text=late.number)
    expect(row).to_contain_text("Calibration overdue")
    row.get_by_role("link", name=late.number).click()
    expect(page.get_by_role("alert").first).to_contain_text("must not be used")

    page.get_by_role("link", name="Record a calibration").first.click()
    expect(page.get_by_label("Equipment")).to_have_value(late.number)
    page.get_by_label("Laboratory").fill("Yorkshire Metrology Ltd (UKAS 0421)")
    page.get_by_label("Certificate number").fill("YM-2611-044")
    page.get_by_label("Result").select_option("out_of_tolerance")
    page.get_by_label("As found").fill("+0.05 mm at 100 mm")
    page.get_by_role("button", name="Save").click()
    expect(page.locator("[data-status]")).to_have_attribute("data-status", "out_of_tolerance")
    screenshot("equipment-out-of-tolerance")

    page.get_by_role("link", name="record the impact assessment").click()
    page.get_by_label("Measurements reviewed").fill("Goods-in checks of castings since the last calibration.")
    page.get_by_label("Findings").fill("Errors were small against the ±0.5 mm casting tolerances.")
    page.get_by_label("Decision").select_option("no_impact")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Saved")).to_be_visible()
    expect(page.locator(".badge", has_text="Impact assessment due")).to_have_count(0)
    expect(page.get_by_role("cell", name="Affected work re-inspected")).to_have_count(0)
    expect(page.get_by_role("link", name="No impact: results still valid")).to_be_visible()

    page.get_by_role("link", name="Record a calibration").first.click()
    page.get_by_label("Laboratory").fill("Yorkshire Metrology Ltd (UKAS 0421)")
    page.get_by_label("Result").select_option("adjusted")
    page.get_by_role("button", name="Save").click()
    expect(page.locator("[data-status]")).to_have_attribute("data-status", "in_service")
    screenshot("equipment-page")
