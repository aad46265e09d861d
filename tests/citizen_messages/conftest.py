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


def solve_captcha(html: str) -> str:
    question = html.split("验证问题：")[1].split("等于几")[0]
    a, b = question.split("加")
    return str(abuse.NUMERALS.index(a) + abuse.NUMERALS.index(b))


def submit(client, token, **data):
    """GET the page, then POST it with the given fields (consent and category by default),
    answering the captcha when the page asks one."""
    html = client.get(f"/d/{token}/").content.decode()
    fields = form_fields(html)
    if "验证问题：" in html:
        fields["captcha"] = solve_captcha(html)
    payload = {"category": "problem", "consent": "on", **fields, **data}
    return client.post(f"/d/{token}/", payload)
