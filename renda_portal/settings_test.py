"""Settings for the test suite (pytest uses them: pyproject.toml). The project's settings, plus:

- a fast password hasher: the suite creates thousands of users, and PBKDF2 at its production cost is
  most of the time of the accounts and notifications tests (72 s → 16 s measured);
- per pytest-xdist worker (`make test` runs two): its own test database (pytest-django names it
  `…_gw0`, `…_gw1`), its own media folder, and, with REDIS_URL, its own cache key prefix and Celery
  queue in the one Redis database the URL names. The tests clear the cache before each test, so the
  test cache clears only its own prefix (Django's clear() would empty the whole database).
"""

import atexit
import os
import shutil
import tempfile

from .settings import *  # noqa: F403
from .settings import CACHES, REDIS_URL

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

_WORKER = os.environ.get("PYTEST_XDIST_WORKER", "")  # "gw0", "gw1" … under xdist, else empty

# Uploads made by tests never land in the checkout's var/media.
MEDIA_ROOT = tempfile.mkdtemp(prefix=f"renda-test-media-{_WORKER or 'main'}-")
atexit.register(shutil.rmtree, MEDIA_ROOT, ignore_errors=True)

if REDIS_URL:
    CACHES["default"]["BACKEND"] = "tests.redis_cache.PrefixClearingRedisCache"
    CACHES["default"]["KEY_PREFIX"] = f"renda-test-{_WORKER or 'main'}"
    CELERY_TASK_DEFAULT_QUEUE = f"celery-test-{_WORKER or 'main'}"
