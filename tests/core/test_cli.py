"""The operator's commands: create users and organisations; data changes are recorded as the member."""

import io

import pytest
from django.core.management import CommandError, call_command

from pdca.core.models import Membership, Organisation, TrailEntry, User


def test_an_operator_bootstraps_a_user_and_an_organisation(db, monkeypatch, capsys):
    monkeypatch.setattr("sys.stdin", io.StringIO("Str0ng-enough-passphrase\n"))
    call_command("user", "create", "--email", "helen@example.test", "--name", "Helen Okafor")
    user = User.objects.get(email="helen@example.test")
    assert user.check_password("Str0ng-enough-passphrase") and user.first_name == "Helen"
    call_command("org", "create", "--name", "Acme Ltd", "--slug", "acme-ltd", "--admin", "helen@example.test")
    org = Organisation.objects.get(slug="acme-ltd")
    assert Membership.objects.get(organisation=org, user=user).role == "admin"
    assert TrailEntry.objects.filter(organisation=org, action="create").exists()
    assert "Created acme-ltd" in capsys.readouterr().out


def test_bad_input_is_reported_without_creating_anything(db, monkeypatch):
    monkeypatch.setattr("sys.stdin", io.StringIO("short\n"))
    with pytest.raises(CommandError, match="password"):
        call_command("user", "create", "--email", "x@example.test")
    assert not User.objects.exists()
    with pytest.raises(CommandError, match="No user"):
        call_command("org", "create", "--name", "X", "--slug", "x", "--admin", "nobody@example.test")
    monkeypatch.setattr("sys.stdin", io.StringIO(""))
    call_command("user", "create", "--email", "y@example.test")
    with pytest.raises(CommandError, match="slug"):
        call_command("org", "create", "--name", "Bad", "--slug", "not a slug!", "--admin", "y@example.test")
    assert not Organisation.objects.exists()


def test_organisation_settings_are_for_admins_and_land_in_the_trail(world):
    url = f"/o/{world.org.slug}/settings/"
    assert world.client(world.users["quality_manager"]).get(url).status_code == 403
    response = world.client(world.users["admin"]).post(url, {"name": "Acme Widgets plc", "effective_headcount": 52})
    assert response.status_code == 302
    world.org.refresh_from_db()
    assert world.org.name == "Acme Widgets plc" and world.org.headcount() == 52
    entry = TrailEntry.objects.get(organisation=world.org, action="update", object_id=world.org.pk)
    assert entry.changes["effective_headcount"] == {"old": None, "new": 52}
    bad = world.client(world.users["admin"]).post(url, {"name": "", "effective_headcount": -3})
    assert bad.status_code == 400 and {"name", "effective_headcount"} <= set(bad.context["form"].errors)
