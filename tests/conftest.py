"""Shared fixtures: the two-organisation world every test starts from, and settings for tests."""

import os

# Tasks run inside the test (no worker). The environment covers processes that read the settings after
# this file (xdist's workers); the fixture below covers a plain `pytest`, whose settings are read first.
os.environ.setdefault("PDCA_TASKS_BACKEND", "django_tasks.backends.immediate.ImmediateBackend")

import pytest
from hypothesis import HealthCheck, settings

# Property tests: bounded and derandomised so CI is repeatable and fits its time budget.
settings.register_profile(
    "ci",
    max_examples=40,
    derandomize=True,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
settings.register_profile(
    "dev", max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))


@pytest.fixture(autouse=True)
def _test_settings(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # speed; argon2 tested apart
    immediate = "django_tasks.backends.immediate.ImmediateBackend"
    settings.TASKS = {"default": {**settings.TASKS["default"], "BACKEND": immediate}}
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    # Cached fragments and files are keyed by row ids, which a rolled-back test may hand out again.
    from django.core.cache import caches

    for cache in caches.all():
        cache.clear()


@pytest.fixture
def world(db):
    from tests.harness import World

    return World.build()
