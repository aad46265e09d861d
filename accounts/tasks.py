import datetime

from celery import shared_task
from django.conf import settings
from django.utils import timezone


@shared_task
def prune_audit_events() -> int:
    """Delete audit rows older than the retention period (never less than 180 days), nothing newer.

    On PostgreSQL the trigger of migration 0007 lets exactly these deletions through."""
    from .models import AuditEvent

    days = max(180, settings.AUDIT_RETENTION_DAYS)
    cutoff = timezone.now() - datetime.timedelta(days=days)
    deleted, _detail = AuditEvent.objects.filter(time__lt=cutoff).delete()
    return deleted
