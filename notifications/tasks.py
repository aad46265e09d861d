"""Email delivery of notifications: after commit, and by the periodic sweep.

Each email is claimed with a conditional UPDATE before it is sent, so two workers (or a task and
the sweep) never send the same one twice. A claim older than CLAIM_TIMEOUT is considered
abandoned (the worker died) and may be taken again.
"""

import logging
from datetime import timedelta

from celery import shared_task
from django.conf import settings
from django.core.mail import send_mail
from django.db.models import F, Q
from django.utils import timezone

from .models import EmailStatus, Notification

logger = logging.getLogger(__name__)
CLAIM_TIMEOUT = timedelta(minutes=10)


def _claim(pk: int) -> bool:
    now = timezone.now()
    return bool(
        Notification.objects.filter(pk=pk, email_status=EmailStatus.PENDING)
        .filter(Q(email_claimed_at__isnull=True) | Q(email_claimed_at__lt=now - CLAIM_TIMEOUT))
        .update(email_claimed_at=now)
    )


def _absolute(link: str) -> str:
    if link.startswith("/"):
        return settings.SITE_URL.rstrip("/") + link
    return link


@shared_task(acks_late=True, ignore_result=True)
def deliver_email(pk: int) -> bool:
    if not _claim(pk):
        return False
    n = Notification.objects.select_related("recipient").get(pk=pk)
    body = n.body
    if n.link:
        body = f"{body}\n\n{_absolute(n.link)}".strip()
    try:
        send_mail(n.subject, body, settings.DEFAULT_FROM_EMAIL, [n.recipient.email], fail_silently=False)
    except Exception as exc:
        attempts = n.email_attempts + 1
        failed = attempts >= settings.NOTIFICATION_EMAIL_MAX_ATTEMPTS
        Notification.objects.filter(pk=pk).update(
            email_attempts=F("email_attempts") + 1,
            email_claimed_at=None,
            email_status=EmailStatus.FAILED if failed else EmailStatus.PENDING,
            last_error=str(exc)[:1000],
        )
        logger.warning("email for notification %s failed (attempt %s): %s", pk, attempts, exc)
        return False
    Notification.objects.filter(pk=pk).update(
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
