"""Settings for tests/load/faults.py: those of the citizen_messages benchmarks (DEBUG off, no SSL
redirect on loopback, submission limits raised so 200 clients on one loopback address measure the
system and not the limiter; the tracking-lookup limit stays, the two-server check needs it), with the
portal's own logging back, and emails written to files so "sent once" can be counted across processes."""

import os

from renda_portal.settings import LOGGING as PORTAL_LOGGING
from tests.load.citizen_messages_settings import *  # noqa: F403

LOGGING = PORTAL_LOGGING
EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
EMAIL_FILE_PATH = os.environ.get("FAULTS_MAIL_DIR", "/tmp/renda_faults/mail")
