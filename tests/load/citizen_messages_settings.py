"""Settings for the citizen_messages benchmarks (tests/load/citizen_messages_*.py): the portal's
settings with production-like speed (DEBUG off, no SSL redirect on loopback), limits raised so the
benchmark measures the code path and not the limiter, and a bare baseline view beside the page.

    DEBUG=1 DJANGO_SETTINGS_MODULE=tests.load.citizen_messages_settings gunicorn ...
(DEBUG=1 in the environment only picks the development SECRET_KEY; DEBUG itself is switched off here.)
"""

from renda_portal.settings import *  # noqa: F403
from renda_portal.settings import BASE_DIR, TEMPLATES

DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
SECURE_SSL_REDIRECT = False
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
ROOT_URLCONF = "tests.load.citizen_messages_urls"
TEMPLATES[0]["DIRS"] = [*TEMPLATES[0]["DIRS"], BASE_DIR / "tests" / "load" / "citizen_messages_templates"]
CITIZEN_MESSAGES_RATE_LIMITS = {"token": (10**6, 3600), "ip": (10**6, 3600), "global": (10**6, 60)}
CITIZEN_MESSAGES_MIN_FILL_SECONDS = 0
CITIZEN_MESSAGES_DAILY_CAP = 10**6
LOGGING = {"version": 1, "disable_existing_loggers": False, "root": {"level": "ERROR"}}
