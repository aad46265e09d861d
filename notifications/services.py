"""The one way to remind somebody of something.

    from notifications.services import notify
    notify(user, kind="livelihood.review_due", subject=..., dedup_key=f"review:{review.pk}:due")

Call it inside the transaction that makes the thing worth announcing. It returns at once; the
email goes out after commit, through Celery, and the sweep retries whatever did not go.
"""

import logging
import time
from collections.abc import Iterable

from django.db import IntegrityError, transaction
from django.utils import timezone

from .models import EmailStatus, Notification

logger = logging.getLogger(__name__)

# After a failed publish, skip the broker for a while instead of making every request wait for
# the connection timeout again; the periodic sweep delivers what was skipped.
_BROKER_BACKOFF_SECONDS = 30
_broker_down_until = 0.0


def enqueue(task, *args, **kwargs) -> bool:
    """Send a task to Celery without ever failing or blocking the caller for long."""
    global _broker_down_until
    if time.monotonic() < _broker_down_until:
        return False
    try:
        task.apply_async(args=args, kwargs=kwargs, retry=False)
        return True
    except Exception:  # the broker is down or unreachable: the sweep will catch up
        _broker_down_until = time.monotonic() + _BROKER_BACKOFF_SECONDS
        logger.warning("Celery broker unavailable; %s deferred to the sweep", task.name, exc_info=True)
        return False


def _email_status_for(user) -> str:
    return EmailStatus.PENDING if user.email else EmailStatus.SKIPPED


def notify(
    recipient,
    *,
    kind: str,
    subject: str,
    dedup_key: str,
    body: str = "",
    link: str = "",
    new_key: bool = False,
    email_by_sweep: bool = False,
) -> Notification:
    """Store one notification for `recipient` (once per dedup_key) and schedule its email.

    `email_by_sweep=True`: no Celery publish after commit; the row waits as `pending` and the
    notifications sweep (beat, every minute) sends it, as it sends whatever a broker outage held back.
    For the citizen's POST, where the publish cost more CPU than both inserts: the email leaves within
    a minute instead of a second.

    `new_key=True`: the caller vouches that no notification with this dedup_key can exist yet, because
    the key names a record inserted in the same transaction (a citizen's new message); the row is
    then written with one INSERT instead of a lookup between two savepoints. Should the vow be broken
    the unique (recipient, dedup_key) index still refuses the second row, failing the transaction."""
    notification = build(recipient, kind=kind, subject=subject, dedup_key=dedup_key, body=body, link=link)
    if new_key:
        notification.save(force_insert=True)
        created = True
    else:
        try:
            with transaction.atomic():
                fields = ("kind", "subject", "body", "link", "email_status")
                notification, created = Notification.objects.get_or_create(
                    recipient=recipient, dedup_key=dedup_key, defaults={f: getattr(notification, f) for f in fields}
                )
        except IntegrityError:  # a concurrent writer stored it first
            notification, created = Notification.objects.get(recipient=recipient, dedup_key=dedup_key), False
    if created and notification.email_status == EmailStatus.PENDING and not email_by_sweep:
        from .tasks import deliver_email

        pk = notification.pk
        transaction.on_commit(lambda: enqueue(deliver_email, pk))
    return notification


def build(recipient, *, kind: str, subject: str, dedup_key: str, body: str = "", link: str = "") -> Notification:
    """The notification notify() would store, not saved: for a caller that writes it in the same
    statement as the record it announces (citizen_messages.services.submit on PostgreSQL), its email
    then left to the sweep as with notify(new_key=True, email_by_sweep=True)."""
    return Notification(
        recipient=recipient,
        kind=kind,
        subject=subject[:200],
        body=body,
        link=link,
        dedup_key=dedup_key,
        email_status=_email_status_for(recipient),
    )


def notify_many(
    recipients: Iterable, *, kind: str, subject: str, dedup_key: str, body: str = "", link: str = ""
) -> int:
    """The same notification to many people in one insert; returns how many were new."""
    recipients = list(recipients)
    if not recipients:
        return 0
    already = Notification.objects.filter(recipient__in=recipients, dedup_key=dedup_key)
    existing = set(already.values_list("recipient_id", flat=True))
    now = timezone.now()
    rows = [
        build(r, kind=kind, subject=subject, dedup_key=dedup_key, body=body, link=link)
        for r in recipients
        if r.pk not in existing
    ]
    for row in rows:
        row.created_at = now  # one moment for the whole batch
    Notification.objects.bulk_create(rows, ignore_conflicts=True)
    if any(r.email_status == EmailStatus.PENDING for r in rows):
        from .tasks import sweep

        transaction.on_commit(lambda: enqueue(sweep))
    return len(rows)


def mark_read(user, notification_ids=None) -> int:
    qs = Notification.objects.for_user(user).unread()
    if notification_ids is not None:
        qs = qs.filter(pk__in=notification_ids)
    return qs.update(read_at=timezone.now())
