"""Email delivery of notifications: after commit, and by the periodic sweep.

Each email is claimed with a conditional UPDATE before it is sent, so two workers (or a task and
the sweep) never send the same one twice. The claim is a lease (`NOTIFICATION_EMAIL_LEASE`, 120 s,
well above one SMTP send's `EMAIL_TIMEOUT`): a claim whose worker died between claiming and
recording the outcome is taken again by the first sweep after the lease ends. The claim's time is
also its token: the outcome is written only where the claim is still this one, so a worker that
outlived its lease never overwrites the claim of the worker that took over.

A database that goes away between the claim and the outcome (a PostgreSQL restart) is waited for,
up to half the lease, instead of giving up: a claim left behind would hold the email back until the
lease ends, and an email already sent but not recorded would be sent again.
"""

import logging
import time
from datetime import timedelta

from celery import shared_task
from django.conf import settings
from django.core.mail import send_mail
from django.db import InterfaceError, OperationalError, connection
from django.db.models import F, Q
from django.utils import timezone

from .models import EmailStatus, Notification

logger = logging.getLogger(__name__)
DATABASE_AWAY = (OperationalError, InterfaceError)


def lease() -> timedelta:
    return timedelta(seconds=settings.NOTIFICATION_EMAIL_LEASE)


def _claim(pk: int):
    """Take the email of notification `pk`; the claim's time (the token), or None if it is not free."""
    now = timezone.now()
    taken = (
        Notification.objects.filter(pk=pk, email_status=EmailStatus.PENDING)
        .filter(Q(email_claimed_at__isnull=True) | Q(email_claimed_at__lt=now - lease()))
        .update(email_claimed_at=now)
    )
    return now if taken else None


def _write(pk: int, claimed_at, fields: dict) -> int:
    return Notification.objects.filter(pk=pk, email_claimed_at=claimed_at).update(**fields)


def _settle(pk: int, claimed_at, **fields) -> int:
    """Record the outcome of our claim, waiting for a database that is away for a moment."""
    deadline = time.monotonic() + lease().total_seconds() / 2
    while True:
        try:
            return _write(pk, claimed_at, fields)
        except DATABASE_AWAY:
            if time.monotonic() > deadline:
                raise
            logger.warning("database away while recording the email of notification %s; retrying", pk)
            if not connection.in_atomic_block:
                connection.close()  # the next query opens a fresh connection
            time.sleep(1)


def _load(pk: int) -> Notification:
    return Notification.objects.select_related("recipient").get(pk=pk)


def _absolute(link: str) -> str:
    if link.startswith("/"):
        return settings.SITE_URL.rstrip("/") + link
    return link


@shared_task(acks_late=True, ignore_result=True)
def deliver_email(pk: int) -> bool:
    claimed_at = _claim(pk)
    if claimed_at is None:
        return False
    try:
        n = _load(pk)
    except DATABASE_AWAY:
        # Nothing was sent: hand the claim back as soon as the database answers, so the next sweep
        # sends it instead of waiting for the lease.
        _settle(pk, claimed_at, email_claimed_at=None)
        return False
    body = n.body
    if n.link:
        body = f"{body}\n\n{_absolute(n.link)}".strip()
    try:
        send_mail(n.subject, body, settings.DEFAULT_FROM_EMAIL, [n.recipient.email], fail_silently=False)
    except Exception as exc:
        attempts = n.email_attempts + 1
        failed = attempts >= settings.NOTIFICATION_EMAIL_MAX_ATTEMPTS
        _settle(
            pk,
            claimed_at,
            email_attempts=F("email_attempts") + 1,
            email_claimed_at=None,
            email_status=EmailStatus.FAILED if failed else EmailStatus.PENDING,
            last_error=str(exc)[:1000],
        )
        logger.warning("email for notification %s failed (attempt %s): %s", pk, attempts, exc)
        return False
    _settle(
        pk,
        claimed_at,
        email_status=EmailStatus.SENT,
        email_sent_at=timezone.now(),
        email_attempts=F("email_attempts") + 1,
        last_error="",
    )
    return True


@shared_task(acks_late=True, ignore_result=True)
def sweep(limit: int = 500) -> int:
    """Send every email that is still due; safe to run any number of times."""
    due = Notification.objects.email_due(settings.NOTIFICATION_EMAIL_MAX_ATTEMPTS).order_by("created_at")
    sent = 0
    for pk in due.values_list("pk", flat=True)[:limit]:
        sent += deliver_email(pk)
    return sent
