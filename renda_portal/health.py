"""The load balancer's health check: database, Redis and the age of the beat's heartbeat, as JSON.

It names no person and no record: counts and ages only, so it can be public. Only a database that
does not answer makes it 503 (take this server out of the pool): without Redis the portal still
stores every message and sends the delayed mail when Redis returns (docs/reliability.md), and a
stale beat is not this server's fault, so both are "degraded" with 200 for monitoring to alert on.
"""

import time

from django.conf import settings
from django.core.cache import cache
from django.db import DatabaseError, connection
from django.http import JsonResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache

from accounts.scoping import view_scope


def _database() -> str:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        return "ok"
    except DatabaseError:
        return "error"


def _redis() -> str:
    if not settings.REDIS_URL:
        return "absent"  # the embedded default: local-memory cache, filesystem broker
    try:
        cache.set("healthz", "1", 30)
        return "ok" if cache.get("healthz") == "1" else "error"
    except Exception:  # redis-py raises its own ConnectionError/TimeoutError; any failure is "error"
        return "error"


def _beat_age() -> int | None:
    from core.models import Heartbeat
    from core.tasks import BEAT

    try:
        at = Heartbeat.objects.filter(name=BEAT).values_list("at", flat=True).first()
    except DatabaseError:
        return None
    return None if at is None else max(0, int((timezone.now() - at).total_seconds()))


@never_cache
@view_scope("public")
def health(request):
    started = time.monotonic()
    database = _database()
    redis = _redis()
    age = _beat_age() if database == "ok" else None
    beat = "never" if age is None else ("ok" if age <= settings.HEALTH_BEAT_MAX_AGE else "stale")
    if database != "ok":
        status = "down"
    elif redis == "error" or beat != "ok":
        status = "degraded"
    else:
        status = "ok"
    body = {
        "status": status,
        "database": database,
        "redis": redis,
        "beat": beat,
        "beat_age_seconds": age,
        "checked_in_ms": round((time.monotonic() - started) * 1000, 1),
    }
    return JsonResponse(body, status=503 if status == "down" else 200)
