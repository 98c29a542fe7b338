"""End-to-end journeys in a real browser: log in, switch organisation, browse and search the catalogue,
keyboard access, and a failed login."""

import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def test_login_lands_on_org_home_and_switcher_changes_organisation(page, login, two_orgs, screenshot, live_server):
    user, first, second = two_orgs

    login(user, f"/o/{first.slug}/")  # anonymous → login form → back to the organisation

    expect(page).to_have_url(f"{live_server.url}/o/{first.slug}/")
    expect(page.get_by_role("heading", level=1)).to_have_text(first.name)
    switcher = page.locator("#org-select")
    expect(switcher.locator("option:checked")).to_have_text(first.name)
    screenshot("org-home")

    switcher.select_option(label=second.name)

    expect(page).to_have_url(f"{live_server.url}/o/{second.slug}/")
    expect(page.get_by_role("heading", level=1)).to_have_text(second.name)
    expect(page.locator("#org-select option:checked")).to_have_text(second.name)
    expect(page.get_by_role("heading", name=first.name)).to_have_count(0)


def test_catalogue_browse_search_and_open_requirement(page, login, two_orgs, catalogue, screenshot, live_server):
    user, org, _second = two_orgs
    login(user, f"/o/{org.slug}/catalogue/")
    expect(page).to_have_url(f"{live_server.url}/o/{org.slug}/catalogue/")

    clause = page.locator('[id="c-8.5.1"]')
    expect(clause).to_be_visible()
    expect(clause).to_contain_text("8.5.1")
    title = page.locator('[id="c-8.5"] td')
    expect(title).to_be_visible()
    expect(title).to_contain_text(re.compile(r"^Production and service provision\b"))
    rows = page.locator("table tbody tr")
    all_rows = rows.count()
    assert all_rows > 100
    screenshot("catalogue")

    search = page.get_by_label("Search requirements")
    expect(search).to_have_attribute("name", "q")
    search.focus()
    page.keyboard.type("calibration")
    page.keyboard.press("Enter")

    expect(page).to_have_url(re.compile(r"/catalogue/\?q=calibration$"))
    expect(page.get_by_text(re.compile(r"requirements? match"))).to_be_visible()
    assert 0 < rows.count() < all_rows
    links = page.locator("td.req-text a")
    expect(links.filter(has_text=re.compile("calibrat", re.IGNORECASE)).first).to_be_visible()
    screenshot("catalogue-search")

    link = links.filter(has_text=re.compile("calibrat", re.IGNORECASE)).first
    text = link.inner_text()
    link.click()

    expect(page).to_have_url(re.compile(rf"/o/{org.slug}/catalogue/{catalogue.slug}/[\w.]+/$"))
    expect(page.get_by_role("heading", name="Questions for the assessor")).to_be_visible()
    expect(page.locator("p.lead")).to_have_text(text)


def test_keyboard_reaches_login_fields_in_order_and_org_pages_have_skip_link(page, two_orgs, live_server):
    page.goto("/accounts/login/")

    def focused():
        return page.evaluate(
            "() => { const e = document.activeElement;"
            " return e.name || e.id || (e.textContent || '').trim() || e.tagName; }"
        )

    assert focused() == "username"  # autofocus: typing can start at once
    steps = []
    for _ in range(2):
        page.keyboard.press("Tab")
        steps.append(focused())
    assert steps == ["password", "Log in"]
    # Backwards: password, username, then the top bar and finally the skip link, the first stop.
    back = []
    for _ in range(6):
        page.keyboard.press("Shift+Tab")
        back.append(focused())
    assert back[:2] == ["password", "username"], back
    assert "Skip to content" in back[2:], back
    assert back[back.index("Skip to content") - 1] == "pdca", back  # skip link comes before the brand link

    # Enter on the focused button submits the form.
    user, org, _second = two_orgs
    page.get_by_label("Username").fill(user.username)
    page.get_by_label("Password").fill("correct horse battery")
    page.get_by_role("button", name="Log in").focus()
    page.keyboard.press("Enter")
    page.wait_for_url(f"{live_server.url}/")  # two organisations: the choice page
    page.goto(f"/o/{org.slug}/")

    skip = page.get_by_role("link", name="Skip to content")
    expect(skip).to_have_attribute("href", "#main")
    page.keyboard.press("Tab")
    expect(skip).to_be_focused()
    expect(skip).to_be_visible()  # shown on focus for keyboard users
    page.keyboard.press("Enter")
    expect(page.locator("#main")).to_be_focused()


def test_failed_login_shows_error_and_stays_on_login_page(page, two_orgs, live_server):
    user, org, _second = two_orgs
    page.goto(f"/o/{org.slug}/")
    login_url = page.url
    assert "/accounts/login/" in login_url

    page.get_by_label("Username").fill(user.username)
    page.get_by_label("Password").fill("wrong horse battery")
    page.get_by_role("button", name="Log in").click()

    expect(page.get_by_role("alert")).to_contain_text("correct username and password")
    expect(page).to_have_url(re.compile(r"/accounts/login/"))
    expect(page.get_by_label("Username")).to_have_value(user.username)
    expect(page.get_by_role("heading", name=org.name)).to_have_count(0)
    # The session is still anonymous: the organisation sends us back to the login form.
    page.goto(f"/o/{org.slug}/")
    expect(page).to_have_url(re.compile(r"/accounts/login/\?next="))


def test_org_page_loads_every_asset_and_its_own_stylesheet(page, login, two_orgs, live_server):
    user, org, _second = two_orgs
    failed = []
    page.on("response", lambda r: r.status >= 400 and failed.append(f"{r.status} {r.url}"))
    login(user, f"/o/{org.slug}/")
    page.wait_for_load_state("networkidle")

    assets = page.evaluate(
        "() => [...document.querySelectorAll('link[rel=stylesheet], script[src]')].map(e => e.href || e.src)"
    )
    assert any("bootstrap" in a for a in assets) and any("htmx" in a for a in assets), assets
    assert not [f for f in failed if "/static/" in f], failed
    assert page.evaluate("() => typeof window.htmx") == "object"  # served by the app, no CDN
    # pdca.css: the skip link stays off-screen until focused, the top bar has its colour.
    skip = page.get_by_role("link", name="Skip to content")
    assert skip.bounding_box()["x"] < 0
    page.keyboard.press("Tab")
    expect(skip).to_be_focused()
    assert skip.bounding_box()["x"] >= 0
    background = page.locator("nav.pdca-topbar").evaluate("e => getComputedStyle(e).backgroundColor")
    assert background == "rgb(31, 58, 95)"
