"""Tasks of the shared components."""

from celery import shared_task
from django.utils import timezone

from .models import Heartbeat

BEAT = "beat"


@shared_task(ignore_result=True)
def heartbeat():
    """Record that the beat → broker → worker chain ran now (read by the health endpoint)."""
    Heartbeat.objects.update_or_create(name=BEAT, defaults={"at": timezone.now()})
