"""Settings of tests/load/public_page_ratio.sh: the citizen_messages benchmark settings (DEBUG off,
limits raised) with the two bare baselines of public_page_urls.py beside the portal."""

from tests.load.citizen_messages_settings import *  # noqa: F403
from tests.load.citizen_messages_settings import BASE_DIR, TEMPLATES

ROOT_URLCONF = "tests.load.public_page_urls"
TEMPLATES[0]["DIRS"] = [*TEMPLATES[0]["DIRS"], BASE_DIR / "tests" / "load" / "public_page_templates"]
