"""The demo organisation: realistic, with a login for every role, and idempotent."""

from django.apps import apps
from django.core.management import call_command

from pdca.core.choices import Role
from pdca.core.models import Membership, Organisation, Person, Site, TrailEntry


def _counts():
    return {m._meta.label: m.objects.count() for m in apps.get_models() if m._meta.app_label in {"core", "standards"}}


def test_the_demo_loads_once_and_a_second_run_changes_nothing(db, capsys):
    call_command("demo")
    out = capsys.readouterr().out
    first = _counts()
    call_command("demo")
    assert _counts() == first
    harrow = Organisation.objects.get(slug="harrow")
    assert set(Membership.objects.filter(organisation=harrow).values_list("role", flat=True)) == set(Role.values)
    assert 40 <= Person.objects.filter(organisation=harrow).count() <= 50
    assert Site.objects.filter(organisation=harrow).count() == 2
    assert sum(Site.objects.filter(organisation=harrow).values_list("headcount", flat=True)) == 45
    assert "pdca-demo-2026" in out and "quality" in out and "bramley" in out
    assert TrailEntry.objects.filter(organisation=harrow, action="transition").exists()
    consultant = Membership.objects.filter(user__username="consultant").values_list("organisation__slug", flat=True)
    assert set(consultant) == {"harrow", "bramley"}


def test_the_demo_refuses_production_settings(db, settings):
    import pytest
    from django.core.management import CommandError

    settings.PRODUCTION = True
    with pytest.raises(CommandError):
        call_command("demo")
