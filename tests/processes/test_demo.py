"""The demo organisation's processes: ten, with owners, people, SIPOC, documents and interactions forming
loops; nine approved; loading twice changes nothing."""

import pytest
from django.core.management import call_command

from pdca.core import demo
from pdca.processes.models import Process, ProcessInteraction


@pytest.fixture
def up_to_processes(monkeypatch):
    """The demo of the apps this one builds on, and this one (not those written after it)."""
    upto = demo.APP_DEMOS.index("pdca.processes.demo") + 1
    monkeypatch.setattr(demo, "APP_DEMOS", demo.APP_DEMOS[:upto])


def test_the_demo_has_a_process_map_with_loops(db, up_to_processes, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        call_command("demo")
    harrow = Process.objects.filter(organisation__slug="harrow")
    assert harrow.count() == 10
    assert set(harrow.values_list("process_type", flat=True)) == {"management", "core", "support"}
    assert harrow.filter(status="active").count() == 9 and harrow.filter(status="draft").count() == 1
    assert all(p.purpose and p.inputs and p.outputs and p.suppliers and p.customers for p in harrow)
    machining = harrow.get(name="CNC machining")
    assert machining.owner.user.username == "production" and machining.members.count() >= 5
    assert machining.documents.filter(title="CNC machine start-up and warm-up").exists()
    links = set(
        ProcessInteraction.objects.filter(organisation__slug="harrow").values_list("source__name", "target__name")
    )
    assert len(links) >= 15
    assert ("CNC machining", "Inspection and testing") in links and ("Inspection and testing", "CNC machining") in links
    counts = (Process.objects.count(), ProcessInteraction.objects.count())
    with django_capture_on_commit_callbacks(execute=True):
        call_command("demo")
    assert (Process.objects.count(), ProcessInteraction.objects.count()) == counts
    assert harrow.filter(status="active").count() == 9
