import re

import pytest

from citizen_messages import abuse


@pytest.fixture(autouse=True)
def _fast_form(settings):
    """No minimum fill time unless a test asks for it; the cache back-off starts clean."""
    settings.CITIZEN_MESSAGES_MIN_FILL_SECONDS = 0
    abuse.reset_backoff()
    abuse.invalidate_words()
    yield
    abuse.reset_backoff()


def form_fields(html: str) -> dict:
    """The hidden fields of the public form (stamp, CSRF token, captcha key)."""
    out = {}
    for name in ("stamp", "csrfmiddlewaretoken", "captcha_key"):
        m = re.search(rf'name="{name}" value="([^"]*)"', html)
        if m:
            out[name] = m.group(1)
    return out


def submit(client, token, **data):
    """GET the page, then POST it with the given fields (consent and category by default)."""
    page = client.get(f"/d/{token}/")
    fields = form_fields(page.content.decode())
    payload = {"category": "problem", "consent": "on", **fields, **data}
    return client.post(f"/d/{token}/", payload)
