"""Settings for the test suite (pytest uses them: pyproject.toml). The project's settings, plus:

- a fast password hasher: the suite creates thousands of users, and PBKDF2 at its production cost is
  most of the time of the accounts and notifications tests (72 s → 16 s measured);
- per pytest-xdist worker (`make test` runs two), its own media folder and, with REDIS_URL, its own
  Redis database (worker n uses the URL's database + n): the tests clear the cache, and clearing a
  Redis cache empties the whole database, broker queue included. Each worker's test database gets
  its own name from pytest-django (`…_gw0`, `…_gw1`).
"""

import atexit
import os
import re
import shutil
import tempfile

from .settings import *  # noqa: F403
from .settings import CACHES, REDIS_URL

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

_WORKER = os.environ.get("PYTEST_XDIST_WORKER", "")  # "gw0", "gw1" … under xdist, else empty
_INDEX = int(_WORKER[2:]) if _WORKER.startswith("gw") else 0

# Uploads made by tests never land in the checkout's var/media.
MEDIA_ROOT = tempfile.mkdtemp(prefix=f"renda-test-media-{_WORKER or 'main'}-")
atexit.register(shutil.rmtree, MEDIA_ROOT, ignore_errors=True)


def _redis_db(url: str, offset: int) -> str:
    """The same Redis URL, `offset` databases further (redis://host:port/1 → /2)."""
    match = re.match(r"^(rediss?://[^/]+)(?:/(\d+))?(.*)$", url)
    if not match:
        return url
    base, db, rest = match.groups()
    return f"{base}/{(int(db or 0) + offset) % 16}{rest}"


if REDIS_URL and _INDEX:
    REDIS_URL = _redis_db(REDIS_URL, _INDEX)
    CACHES["default"]["LOCATION"] = REDIS_URL
    CELERY_BROKER_URL = _redis_db(CELERY_BROKER_URL, _INDEX)  # noqa: F405
