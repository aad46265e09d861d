"""Against the real Redis, when REDIS_URL is set (CI's second run)."""

import os

import pytest

pytestmark = [
    pytest.mark.redis,
    pytest.mark.skipif(not os.environ.get("REDIS_URL"), reason="REDIS_URL is not set: no real Redis in this run"),
]


@pytest.mark.django_db
def test_notification_task_reaches_the_redis_broker(django_capture_on_commit_callbacks):
    import redis
    from django.conf import settings

    from notifications import services
    from notifications.tasks import deliver_email
    from renda_portal.celery import app
    from tests.factories import staff

    client = redis.Redis.from_url(settings.CELERY_BROKER_URL)
    queue = app.conf.task_default_queue  # one per test worker (settings_test)
    client.delete(queue)
    app.conf.task_always_eager = False
    services._broker_down_until = 0.0
    try:
        user = staff(username="r")
        with django_capture_on_commit_callbacks(execute=True):
            n = services.notify(user, kind="k", subject="s", dedup_key="redis")
        assert client.llen(queue) == 1
        # A worker would now run it; run it here and check it sends once.
        assert deliver_email(n.pk) is True
        assert deliver_email(n.pk) is False
    finally:
        app.conf.task_always_eager = True
        client.delete(queue)


def test_cache_is_redis():
    from django.core.cache import cache

    cache.set("renda-test", "值", 5)
    assert cache.get("renda-test") == "值"
    from django.core.cache import caches

    assert "Redis" in type(caches["default"]).__name__
