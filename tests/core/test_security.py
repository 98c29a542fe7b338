"""Security basics: argon2, throttled logins, CSRF, headers, production settings pass check --deploy."""

import os
import subprocess
import sys
from pathlib import Path

from django.conf import settings
from django.contrib.auth.hashers import get_hasher, make_password
from django.test import Client

from tests.factories import UserFactory

ROOT = Path(__file__).resolve().parents[2]


def test_passwords_are_hashed_with_argon2_in_the_real_settings(settings):
    from pdca import settings as real

    assert real.PASSWORD_HASHERS[0] == "django.contrib.auth.hashers.Argon2PasswordHasher"
    settings.PASSWORD_HASHERS = real.PASSWORD_HASHERS  # the test run uses a fast hasher elsewhere
    hashed = make_password("secret")
    assert hashed.startswith("argon2$") and get_hasher("argon2").verify("secret", hashed)


def test_repeated_failed_logins_lock_the_account_out(db, settings):
    settings.AXES_FAILURE_LIMIT = 3
    user = UserFactory(username="victim")
    client = Client()
    for _ in range(3):
        response = client.post("/accounts/login/", {"username": "victim", "password": "wrong"})
    assert response.status_code == 429
    response = client.post("/accounts/login/", {"username": "victim", "password": "correct horse battery"})
    assert response.status_code == 429 and "Too many failed attempts" in response.content.decode()
    assert "_auth_user_id" not in client.session
    other = Client(REMOTE_ADDR="10.9.9.9")  # the lock is per account and address
    assert (
        other.post("/accounts/login/", {"username": user.username, "password": "correct horse battery"}).status_code
        == 302
    )


def test_a_correct_login_lands_on_the_start_page(world):
    client = Client()
    user = world.users["quality_manager"]
    response = client.post("/accounts/login/", {"username": user.username, "password": "correct horse battery"})
    assert response.status_code == 302 and response["Location"] == "/"
    assert client.get("/").status_code == 302  # one organisation: straight into it
    assert client.get("/", follow=True).request["PATH_INFO"] == f"/o/{world.org.slug}/"


def test_writes_without_a_csrf_token_are_refused(world):
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.users["admin"])
    assert client.post(f"/o/{world.org.slug}/sites/new/", {"name": "X", "headcount": 1}).status_code == 403


def test_pages_are_not_frameable_and_types_not_sniffed(world):
    response = world.client(world.users["viewer"]).get(f"/o/{world.org.slug}/")
    assert response["X-Frame-Options"] == "DENY" and response["X-Content-Type-Options"] == "nosniff"


def test_production_settings_pass_check_deploy_and_need_a_secret_key():
    env = {
        **os.environ,
        "PDCA_ENV": "production",
        "SECRET_KEY": "k" * 20 + "Q8x!mZ2#pL7@vR4$wT9^bN6&cY3*" * 2,
        "ALLOWED_HOSTS": "qms.example.com",
        "DJANGO_SETTINGS_MODULE": "pdca.settings",
    }
    env.pop("DATABASE_URL", None)
    run = subprocess.run(
        [sys.executable, "-m", "pdca.cli", "check", "--deploy", "--fail-level", "DEBUG"],
        env=env,
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
    )
    assert run.returncode == 0, run.stdout + run.stderr
    assert "no issues" in run.stdout
    env.pop("SECRET_KEY")
    run = subprocess.run(
        [sys.executable, "-m", "pdca.cli", "check"], env=env, capture_output=True, text=True, cwd=ROOT, timeout=120
    )
    assert run.returncode != 0 and "SECRET_KEY" in run.stderr


def test_uploaded_files_have_no_public_url():
    assert settings.MEDIA_URL in (None, "", "/") or not settings.MEDIA_URL
    from django.urls import Resolver404, resolve

    try:
        match = resolve("/media/org-1/abc")
    except Resolver404:
        match = None
    assert match is None


def test_list_cells_are_escaped_and_link_to_their_object(world):
    """Lists build their rows in Python (tables.Table.body_html): values must still be escaped."""
    from pdca.core import services as core_services
    from pdca.core.models import Action
    from tests.factories import PersonFactory

    owner = PersonFactory(organisation=world.org)
    action = core_services.action_create(
        org=world.org, data={"title": '<script>alert("x")</script>', "owner": owner}, by=world.users["quality_manager"]
    )
    html = world.client(world.users["quality_manager"]).get(f"/o/{world.org.slug}/actions/").content.decode()
    assert "<script>alert" not in html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in html
    assert f'<a href="/o/{world.org.slug}/actions/{action.pk}/">{action.number}</a>' in html
    assert Action.objects.filter(pk=action.pk).exists()
