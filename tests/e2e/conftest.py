"""Browser journeys in headless Chromium (Debian's), at phone and desktop size.

Skipped, with the reason, when Chromium is not installed. Screenshots go to
test-artifacts/screenshots/ (git-ignored) so a person can look at what the tests saw.
"""

import os
import shutil
from pathlib import Path

import pytest

CHROMIUM = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or "/usr/bin/chromium"
SHOTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "screenshots"
PHONE = {"width": 360, "height": 740}
DESKTOP = {"width": 1366, "height": 900}

pytestmark = pytest.mark.e2e


def pytest_collection_modifyitems(items):
    reason = None
    if not Path(CHROMIUM).exists():
        reason = f"Chromium not found at {CHROMIUM}: install Debian's chromium to run browser tests"
    else:
        try:
            import playwright  # noqa: F401
        except ImportError:
            reason = "playwright is not installed"
    for item in items:
        if "/e2e/" in str(item.fspath):
            item.add_marker(pytest.mark.e2e)
            if reason:
                item.add_marker(pytest.mark.skip(reason=reason))


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--disable-dev-shm-usage",
            ],
        )
        yield b
        b.close()


def _context(browser, viewport, mobile):
    context = browser.new_context(
        viewport=viewport, locale="zh-CN", timezone_id="Asia/Shanghai", is_mobile=mobile, has_touch=mobile
    )
    context.set_default_timeout(15000)
    # The portal runs on an intranet: any request to another host is a defect.
    foreign = []

    def guard(route):
        url = route.request.url
        if url.startswith(("http://localhost", "http://127.0.0.1", "data:", "blob:")):
            return route.continue_()
        foreign.append(url)
        return route.abort()

    context.route("**/*", guard)
    context.foreign_requests = foreign
    return context


@pytest.fixture
def phone(browser):
    context = _context(browser, PHONE, True)
    page = context.new_page()
    yield page
    assert not context.foreign_requests, f"requests to other hosts: {context.foreign_requests}"
    context.close()


@pytest.fixture
def desktop(browser):
    context = _context(browser, DESKTOP, False)
    page = context.new_page()
    yield page
    assert not context.foreign_requests, f"requests to other hosts: {context.foreign_requests}"
    context.close()


@pytest.fixture
def shot():
    SHOTS.mkdir(parents=True, exist_ok=True)

    def take(page, name):
        page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)

    return take


def login(page, base_url, username, password):
    """Log in and wait until the answer to the POST has loaded (the next page, or the form again with
    its error): a `goto` issued before that would race the login and open the page as nobody.

    First let the previous page's background requests settle (the deputy's offline app fetches its
    pages to cache them): a response landing after the login page loaded would set another CSRF
    cookie than the form's token, and the login would answer 403."""
    if page.url.startswith("http"):
        page.wait_for_load_state("networkidle")
    device = _second_factor_for(username)
    page.goto(f"{base_url}/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    with page.expect_navigation():
        page.click("main form button[type=submit]")
    if device is not None and "/accounts/2fa/verify/" in page.url:
        # Staff and administrators have a second factor: type the code their app would show.
        from tests.factories import totp_code

        page.fill("input[name=code]", totp_code(device))
        with page.expect_navigation():
            page.click("main form[data-testid=second-factor-form] button[type=submit]")


def _second_factor_for(username):
    """The TOTP device of an account that must have one (created if missing), else None; the
    browser then passes the second step as its user would."""
    from accounts import second_factor
    from accounts.backends import find_user
    from tests.factories import second_factor_device

    user = find_user(username)
    if user is None or not (second_factor.required(user) or second_factor.totp_device(user)):
        return None
    return second_factor_device(user)
