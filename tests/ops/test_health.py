"""The load balancer's health check: what it reports, when it says 503, and that it tells nobody anything personal."""

import datetime
import json
from unittest import mock

import pytest
from django.db import OperationalError
from django.test import Client
from django.utils import timezone

from core.models import Heartbeat
from core.tasks import BEAT, heartbeat

pytestmark = pytest.mark.django_db


def test_healthy_after_the_beat_ran(client):
    heartbeat.delay()  # what the beat sends every minute (eager in tests)
    r = client.get("/healthz/")
    assert r.status_code == 200
    body = r.json()
    assert body["status"] == "ok" and body["database"] == "ok" and body["beat"] == "ok"
    assert 0 <= body["beat_age_seconds"] < 60
    assert body["redis"] in ("ok", "absent")
    assert r["Cache-Control"].startswith("max-age=0")


def test_a_stale_or_missing_beat_is_degraded_but_stays_in_the_pool(client, settings):
    assert client.get("/healthz/").json()["beat"] == "never"
    Heartbeat.objects.create(name=BEAT, at=timezone.now() - datetime.timedelta(minutes=30))
    r = client.get("/healthz/")
    assert r.status_code == 200
    assert r.json()["status"] == "degraded" and r.json()["beat"] == "stale"
    assert r.json()["beat_age_seconds"] >= 1800


def test_redis_down_is_degraded(client, settings):
    settings.REDIS_URL = "redis://127.0.0.1:1/0"
    with mock.patch("renda_portal.health.cache.set", side_effect=ConnectionError("refused")):
        r = client.get("/healthz/")
    assert r.status_code == 200 and r.json()["redis"] == "error" and r.json()["status"] == "degraded"


def test_database_down_is_503(client):
    with mock.patch("django.db.backends.base.base.BaseDatabaseWrapper.cursor", side_effect=OperationalError("down")):
        r = client.get("/healthz/")
    assert r.status_code == 503
    assert r.json()["status"] == "down" and r.json()["database"] == "error"


def test_anonymous_public_and_without_personal_data(county_staff):
    heartbeat.delay()
    r = Client().get("/healthz/")
    assert r.status_code == 200
    assert set(r.json()) == {"status", "database", "redis", "beat", "beat_age_seconds", "checked_in_ms"}
    text = json.dumps(r.json(), ensure_ascii=False)
    assert county_staff.username not in text and "410522" not in text
