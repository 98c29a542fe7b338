"""The e-mail outbox: nothing is lost when the mail server is down; failures are retried and logged."""

import datetime

import pytest
from django.core import mail
from django.utils import timezone

from pdca.core.models import OutboxEmail
from pdca.core.notifications import queue_email, retry_delay, send_due


@pytest.fixture
def broken_mail(monkeypatch):
    def fail(self, *args, **kwargs):
        raise ConnectionRefusedError("mail server down")

    monkeypatch.setattr("django.core.mail.EmailMessage.send", fail)


def test_a_failed_send_stays_in_the_outbox_and_is_retried_later(db, broken_mail, caplog, monkeypatch):
    now = timezone.now()
    email = OutboxEmail.objects.create(to=["a@example.test"], subject="Hello", body="Body")
    result = send_due(now=now)
    email.refresh_from_db()
    assert result["failed"] == 1 and email.status == "pending" and email.attempts == 1
    assert email.next_attempt_at == now + retry_delay(1) and "mail server down" in email.last_error
    assert "Sending e-mail" in caplog.text
    assert send_due(now=now)["failed"] == 0  # not due again yet
    monkeypatch.undo()
    later = now + datetime.timedelta(hours=1)
    assert send_due(now=later)["sent"] == 1
    email.refresh_from_db()
    assert email.status == "sent" and email.attempts == 2 and mail.outbox[0].subject == "Hello"


def test_it_gives_up_after_the_last_attempt(db, broken_mail, settings):
    settings.PDCA_OUTBOX_MAX_ATTEMPTS = 2
    email = OutboxEmail.objects.create(to=["a@example.test"], subject="S", body="B")
    now = timezone.now()
    send_due(now=now)
    send_due(now=now + datetime.timedelta(days=1))
    email.refresh_from_db()
    assert email.status == "failed" and email.attempts == 2


def test_retry_delays_grow_and_are_capped():
    assert [retry_delay(n).total_seconds() / 60 for n in (1, 2, 3, 9, 20)] == [1, 2, 4, 240, 240]


def test_the_worker_task_reschedules_itself_while_retries_are_pending(db, broken_mail, monkeypatch):
    from types import SimpleNamespace

    from pdca.core import tasks

    scheduled = []
    task = tasks.send_outbox
    fake = SimpleNamespace(enqueue=lambda: None)
    fake.using = lambda **kw: scheduled.append(kw) or fake
    monkeypatch.setattr(tasks, "send_outbox", fake)
    OutboxEmail.objects.create(to=["a@example.test"], subject="S", body="B")
    assert task.func() == {"sent": 0, "failed": 1}
    assert scheduled and scheduled[0]["run_after"] > timezone.now()


def test_queueing_sends_through_the_worker_after_commit(db, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        queue_email(to=["b@example.test", ""], subject="Queued", body="x")
    assert OutboxEmail.objects.get().status == "sent" and mail.outbox[0].to == ["b@example.test"]
    assert queue_email(to=[""], subject="nobody", body="x") is None
