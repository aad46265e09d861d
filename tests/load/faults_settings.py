"""Settings for tests/load/faults.py: the portal's own settings and URLs with production speed
(DEBUG off, no SSL redirect on loopback), submission limits raised so 200 clients on one loopback
address measure the system and not the limiter (the tracking-lookup limit stays, the two-server
check needs it), and emails written to files so "sent once" can be counted across processes."""

import os

from renda_portal.settings import *  # noqa: F403

DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
SECURE_SSL_REDIRECT = False
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
CITIZEN_MESSAGES_RATE_LIMITS = {"token": (10**6, 3600), "ip": (10**6, 3600), "global": (10**6, 60)}
CITIZEN_MESSAGES_MIN_FILL_SECONDS = 0
CITIZEN_MESSAGES_DAILY_CAP = 10**6
EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
EMAIL_FILE_PATH = os.environ.get("FAULTS_MAIL_DIR", "/tmp/renda_faults/mail")
