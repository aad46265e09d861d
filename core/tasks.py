"""Tasks of the shared components."""

import datetime

from celery import shared_task
from django.conf import settings
from django.utils import timezone

from .models import Heartbeat, IdempotentRequest

BEAT = "beat"


@shared_task(ignore_result=True)
def heartbeat():
    """Record that the beat → broker → worker chain ran now (read by the health endpoint)."""
    Heartbeat.objects.update_or_create(name=BEAT, defaults={"at": timezone.now()})


@shared_task(ignore_result=True)
def prune_computed_copies() -> int:
    """Drop the database copies of figures nobody asked for in two days (core/copies.py)."""
    from .copies import prune

    return prune()


@shared_task(ignore_result=True)
def prune_idempotent_requests() -> int:
    """Forget the offline submissions older than IDEMPOTENCY_RETENTION_DAYS (7).

    A row only answers a resend of the same record; a phone resends while it has not had the first
    answer (a lost response, a second tab, Background Sync), which is minutes or, out of signal,
    days. A resend after the retention would be stored again, so the period is a week, not an hour."""
    cutoff = timezone.now() - datetime.timedelta(days=settings.IDEMPOTENCY_RETENTION_DAYS)
    deleted, _detail = IdempotentRequest.objects.filter(created_at__lt=cutoff).delete()
    return deleted
