import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.db import connection

ROOT = Path(__file__).resolve().parents[2]


def test_language_and_time_zone():
    assert settings.LANGUAGE_CODE == "zh-hans"
    assert settings.TIME_ZONE == "Asia/Shanghai"
    assert [code for code, _ in settings.LANGUAGES] == ["zh-hans", "en"]


@pytest.mark.django_db
def test_sqlite_runs_in_wal_with_immediate_transactions():
    if connection.vendor != "sqlite":
        pytest.skip("the embedded default is SQLite; this run is on " + connection.vendor)
    with connection.cursor() as c:
        c.execute("PRAGMA journal_mode")
        mode = c.fetchone()[0]
    # The test database may live in memory, which has no WAL; the settings ask for it anyway.
    assert mode in ("wal", "memory")
    assert settings.DATABASES["default"]["OPTIONS"]["transaction_mode"] == "IMMEDIATE"
    assert settings.DATABASES["default"]["OPTIONS"]["timeout"] >= 5


def _manage(*args, **env):
    dropped = ("DATABASE_URL", "REDIS_URL", "DEBUG", "DJANGO_ALLOW_ASYNC_UNSAFE")
    full_env = {k: v for k, v in os.environ.items() if k not in dropped}
    full_env.update(env)
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=full_env, capture_output=True, text=True, timeout=120
    )


def test_check_deploy_passes_with_production_values():
    result = _manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DEBUG="0",
        SECRET_KEY="x" * 20 + "production-secret-key-for-the-check-0123456789",
        ALLOWED_HOSTS="renda.example.gov.cn",
        DATABASE_URL="postgres://postgres@127.0.0.1:5432/renda_portal",
        REDIS_URL="redis://127.0.0.1:6379/0",
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_production_without_secret_key_does_not_start():
    result = _manage("check", DEBUG="0", ALLOWED_HOSTS="renda.example.gov.cn")
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


@pytest.mark.django_db
def test_seed_demo_is_idempotent():
    from django.apps import apps

    call_command("seed_demo", force=True, stdout=open(os.devnull, "w"))
    counts = {m._meta.label: m._default_manager.count() for m in apps.get_models()}
    call_command("seed_demo", force=True, stdout=open(os.devnull, "w"))
    assert counts == {m._meta.label: m._default_manager.count() for m in apps.get_models()}
    from accounts.models import User

    assert User.objects.get(username="anyang_staff").region_id == "410522"
    assert User.objects.get(username="taiqian_staff").region_id == "410927"


@pytest.mark.django_db
def test_seed_demo_refuses_production(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG"):
        call_command("seed_demo")
