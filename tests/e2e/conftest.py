"""Browser tests: Playwright's sync API drives Debian's Chromium against pytest-django's live server.

Never `playwright install`: the browser is the system's /usr/bin/chromium. Without it these tests
are skipped (and only then).
"""

import os
import shutil
from pathlib import Path

import pytest

CHROMIUM = "/usr/bin/chromium" if Path("/usr/bin/chromium").exists() else shutil.which("chromium")
CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
PASSWORD = "correct horse battery"  # tests/factories.py UserFactory
RESULTS_DIR = Path(__file__).resolve().parents[2] / "test-results"
TIMEOUT_MS = 15_000


def pytest_collection_modifyitems(config, items):
    if CHROMIUM:
        return
    skip = pytest.mark.skip(reason="Chromium not installed (apt-get install chromium)")
    for item in items:
        if "browser" in item.keywords:
            item.add_marker(skip)


@pytest.fixture(scope="session")
def live_server(request):
    """pytest-django's live server, started with a placeholder MEDIA_URL.

    pdca sets MEDIA_URL = None (uploads have no public URL), but Django's LiveServerThread wraps the
    app in _MediaFilesHandler, which parses MEDIA_URL once at start-up: None breaks every request
    (TypeError in FSFilesHandler._should_handle). The placeholder prefix is used by no page.
    """
    from django.conf import settings
    from pytest_django.live_server_helper import LiveServer

    addr = request.config.getvalue("liveserver") or os.getenv("DJANGO_LIVE_TEST_SERVER_ADDRESS") or "localhost"
    media_url = settings.MEDIA_URL
    settings.MEDIA_URL = "/__live-server-media__/"
    try:
        server = LiveServer(addr)
    finally:
        settings.MEDIA_URL = media_url
    yield server
    server.stop()


@pytest.fixture
def browser(monkeypatch):
    """One Chromium per test. While Playwright's sync API runs, its event loop counts as running in
    this thread, so Django would refuse the tests' ORM calls (SynchronousOnlyOperation): allow them,
    for this test only. Set for the whole session, DJANGO_ALLOW_ASYNC_UNSAFE would leak into the rest
    of the suite and its subprocesses (`check --deploy` fails on it, async.E001), and a browser kept
    for the session would keep the loop running under the worker's later, non-browser tests."""
    from playwright.sync_api import sync_playwright

    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(base_url=live_server.url, viewport={"width": 1280, "height": 900}, locale="en-GB")
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def catalogue(transactional_db):
    """The shipped ISO 9001 catalogue. Each transactional test ends with a flush of every table, and
    the flush's post_migrate reloads it; reload it here too should that ever stop being true."""
    from pdca.standards.models import Requirement, Standard
    from pdca.standards.services import catalogue_sync_shipped

    if not Requirement.objects.filter(standard__organisation=None, standard__slug="iso9001-2015").exists():
        Standard.objects.filter(organisation=None).delete()  # a half-present catalogue: start clean
        catalogue_sync_shipped()
    standard = Standard.objects.get(organisation=None, slug="iso9001-2015")
    assert standard.requirements.count() > 100
    return standard


@pytest.fixture
def two_orgs(transactional_db):
    """A quality manager who belongs to two organisations."""
    from pdca.core import services
    from tests.factories import UserFactory

    first = services.organisation_create(name="Alder Castings Ltd", slug="alder", by=None)
    second = services.organisation_create(name="Yarrow Foods Ltd", slug="yarrow", by=None)
    user = UserFactory(username="helen")
    for org in (first, second):
        services.membership_set(org=org, user=user, role="quality_manager", by=None)
    return user, first, second


@pytest.fixture
def login(page):
    """Log in through the real form, starting from `path` (the login page redirects back to it)."""

    def do(user, path="/", password=PASSWORD):
        page.goto(path)
        page.get_by_label("Username").fill(user.username)
        page.get_by_label("Password").fill(password)
        page.get_by_role("button", name="Log in").click()
        page.wait_for_url(lambda url: "/accounts/login/" not in url)
        return page

    return do


@pytest.fixture
def screenshot(page):
    def take(name: str) -> Path:
        RESULTS_DIR.mkdir(exist_ok=True)
        path = RESULTS_DIR / f"{name}.png"
        page.screenshot(path=str(path), full_page=False)
        return path

    return take
