"""Django set up for the in-process benchmarks: production settings (DEBUG off) with the test client's
host allowed, and static URLs without the collected manifest (nothing is served here).

Import it before any model: `from tests.load import inprocess  # noqa: F401` after putting the project
root on sys.path."""

import os

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "renda_portal.settings")
os.environ.setdefault("DEBUG", "0")
os.environ.setdefault("SECRET_KEY", "bench-only-secret-key-" + "x" * 40)
os.environ.setdefault("ALLOWED_HOSTS", "testserver,127.0.0.1")

import django

django.setup()

from django.conf import settings  # noqa: E402

settings.STORAGES = {
    **settings.STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
