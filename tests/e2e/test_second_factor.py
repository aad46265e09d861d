"""A member of staff sets up the second factor in the browser (QR code and key shown by the portal,
confirmed with a code) and then logs in with password and code — at phone and desktop size."""

import base64

import pytest

from tests.factories import PASSWORD, staff


def _code_from_page_key(secret_text, steps=0):
    """What an authenticator app shows for the key the page displays (RFC 6238)."""
    import time

    from django_otp.oath import TOTP

    key = secret_text.replace(" ", "")
    key = base64.b32decode(key + "=" * (-len(key) % 8))
    totp = TOTP(key, 30, 0, 6, 0)
    totp.time = time.time() + steps * 30
    return f"{totp.token():06d}"


@pytest.mark.parametrize("size", ["phone", "desktop"])
def test_enrol_then_log_in_with_the_code(live_server, request, shot, size):
    from playwright.sync_api import expect

    page = request.getfixturevalue(size)
    username = f"otp_{size}"
    staff("410522", username=username, full_name="赵敏")

    page.goto(f"{live_server.url}/accounts/login/?next=/workbench/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    with page.expect_navigation():
        page.click("main form button[type=submit]")
    # Straight to the enrolment: nothing else is reachable before it.
    expect(page).to_have_url(f"{live_server.url}/accounts/2fa/setup/?next=%2Fworkbench%2F")
    expect(page.get_by_test_id("otp-qr").locator("svg")).to_be_visible()
    shot(page, f"second-factor-setup-{size}")
    page.goto(f"{live_server.url}/workbench/")
    expect(page).to_have_url(f"{live_server.url}/accounts/2fa/setup/?next=%2Fworkbench%2F")

    secret = page.get_by_test_id("otp-secret").inner_text()
    page.fill("input[name=code]", _code_from_page_key(secret))
    with page.expect_navigation():
        page.click("main form button[type=submit]")
    codes = page.get_by_test_id("recovery-codes").locator("li")
    expect(codes).to_have_count(8)
    shot(page, f"second-factor-codes-{size}")
    page.get_by_role("link", name="我已保存恢复码，继续").click()
    expect(page).to_have_url(f"{live_server.url}/workbench/")

    # Another visit (a new browser session), and the login: password, then the code — the next time
    # step's, since the enrolment used this one.
    page.wait_for_load_state("networkidle")
    page.context.clear_cookies()
    page.goto(f"{live_server.url}/accounts/login/?next=/admin/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    with page.expect_navigation():
        page.click("main form button[type=submit]")
    expect(page).to_have_url(f"{live_server.url}/accounts/2fa/verify/?next=%2Fadmin%2F")
    expect(page.get_by_role("heading", name="两步验证")).to_be_visible()
    shot(page, f"second-factor-verify-{size}")
    page.fill("input[name=code]", _code_from_page_key(secret, steps=1))
    with page.expect_navigation():
        page.click("main form[data-testid=second-factor-form] button[type=submit]")
    expect(page).to_have_url(f"{live_server.url}/admin/")
    expect(page.locator("#site-name")).to_be_visible()
