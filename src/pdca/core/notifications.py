"""E-mail through the outbox: queued in the same transaction as the change, sent by the worker.

Nothing is lost when the mail server is down: a failed send stays in the outbox and is retried
with growing delays, and the failure is logged, until PDCA_OUTBOX_MAX_ATTEMPTS is reached.
"""

import datetime
import logging

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone

from pdca.core.choices import OutboxStatus
from pdca.core.models import OutboxEmail

log = logging.getLogger(__name__)


def queue_email(*, to: list[str], subject: str, body: str, org=None) -> OutboxEmail | None:
    to = [addr for addr in to if addr]
    if not to:
        return None
    email = OutboxEmail.objects.create(organisation=org, to=to, subject=subject[:300], body=body)
    transaction.on_commit(_enqueue_send)
    return email


def notify_person(person, *, subject: str, template: str, context: dict) -> OutboxEmail | None:
    """Queue an e-mail to a Person, if they have an address; people without one see it in pdca."""
    address = person.email or (person.user.email if person.user_id else "")
    body = render_to_string(
        template, {**context, "person": person, "base_url": settings.PDCA_BASE_URL, "org": person.organisation}
    )
    return queue_email(to=[address], subject=subject, body=body, org=person.organisation)


def _enqueue_send() -> None:
    from pdca.core.tasks import send_outbox

    try:
        send_outbox.enqueue()
    except Exception:  # the outbox row is safe; the next enqueue or `pdca outbox send` picks it up
        log.exception("Could not enqueue the outbox task")


def retry_delay(attempts: int) -> datetime.timedelta:
    return datetime.timedelta(minutes=min(2 ** (attempts - 1), 240))


def send_due(now=None, limit: int = 100) -> dict:
    """Send every pending e-mail whose time has come; returns counts and the next retry time."""
    now = now or timezone.now()
    due = OutboxEmail.objects.filter(status=OutboxStatus.PENDING).filter(models_q_due(now)).order_by("id")[:limit]
    sent = failed = 0
    for email in due:
        if _send_one(email, now):
            sent += 1
        else:
            failed += 1
    upcoming = (
        OutboxEmail.objects.filter(status=OutboxStatus.PENDING, next_attempt_at__gt=now)
        .order_by("next_attempt_at")
        .values_list("next_attempt_at", flat=True)
        .first()
    )
    return {"sent": sent, "failed": failed, "next_retry": upcoming}


def models_q_due(now):
    from django.db.models import Q

    return Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now)


def _send_one(email: OutboxEmail, now) -> bool:
    email.attempts += 1
    try:
        EmailMessage(email.subject, email.body, settings.DEFAULT_FROM_EMAIL, email.to).send()
    except Exception as exc:  # any transport failure: keep the mail and try later
        log.warning("Sending e-mail %s failed (attempt %s): %s", email.pk, email.attempts, exc)
        email.last_error = f"{type(exc).__name__}: {exc}"[:2000]
        if email.attempts >= settings.PDCA_OUTBOX_MAX_ATTEMPTS:
            email.status = OutboxStatus.FAILED
            log.error("Giving up on e-mail %s after %s attempts", email.pk, email.attempts)
        else:
            email.next_attempt_at = now + retry_delay(email.attempts)
        email.save(update_fields=["attempts", "last_error", "status", "next_attempt_at"])
        return False
    email.status, email.sent_at, email.last_error = OutboxStatus.SENT, now, ""
    email.save(update_fields=["attempts", "status", "sent_at", "last_error"])
    return True
