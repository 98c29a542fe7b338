"""A gap assessment in a real browser: score with the keyboard, watch readiness move, download the PDF."""

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def test_score_with_the_keyboard_and_download_the_report(page, login, two_orgs, catalogue, screenshot, live_server):
    import datetime

    from pdca.gap import services

    user, org, _second = two_orgs
    assessment = services.assessment_create(
        org=org,
        by=None,
        data={"title": "Keyboard check", "standard": catalogue, "assessed_on": datetime.date(2026, 11, 27)},
    )
    login(user, f"/o/{org.slug}/gap/assessments/{assessment.pk}/score/")
    readiness = page.locator('#figures [data-figure="readiness"]')
    expect(readiness).to_have_text("—")

    first = page.locator("[data-row]").first
    first.focus()
    page.keyboard.press("3")  # conforming
    expect(first.locator('[data-score="3"]')).to_have_attribute("aria-pressed", "true")
    expect(readiness).to_have_text("100.0 %")

    page.keyboard.press("j")  # the next requirement
    second = page.locator("[data-row]").nth(1)
    expect(second).to_be_focused()
    page.keyboard.press("1")
    expect(second.locator('[data-score="1"]')).to_have_attribute("aria-pressed", "true")
    expect(readiness).not_to_have_text("100.0 %")
    expect(page.locator("#figures")).to_contain_text("2 of")
    screenshot("gap-scoring")

    assert [r.score for r in assessment.responses.order_by("position")[:2]] == [3, 1]

    page.goto(f"/o/{org.slug}/gap/assessments/{assessment.pk}/")
    expect(page.get_by_text("Not yet ready for stage 1 because")).to_be_visible()
    with page.expect_download() as download_info:
        page.get_by_role("link", name="PDF report").click()
    download = download_info.value
    assert download.suggested_filename.endswith(".pdf")
    with open(download.path(), "rb") as pdf:
        assert pdf.read(5) == b"%PDF-"
