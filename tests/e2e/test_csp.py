"""The Content-Security-Policy (default-src 'self', no inline script) breaks no page: the citizen's
message page, the staff workbench, the admin, and the Chart.js statistics page, with no violation
reported by the browser."""

from tests.citizen_messages.factories import make_deputy, make_message, token_of
from tests.e2e.conftest import login
from tests.factories import PASSWORD, staff

WATCH = """
window.__csp = [];
document.addEventListener('securitypolicyviolation',
    (e) => window.__csp.push(e.violatedDirective + ' ' + e.blockedURI));
"""


def _violations(page):
    return page.evaluate("window.__csp || []")


def test_pages_work_under_the_content_security_policy(live_server, desktop, shot):
    from playwright.sync_api import expect

    staff("410522", username="ay_staff", full_name="李静")
    dep = make_deputy(name="王建国")
    make_message(dep, body="路灯坏了")  # the statistics page draws its chart once there is a message
    desktop.add_init_script(WATCH)
    seen = {}

    response = desktop.goto(f"{live_server.url}/d/{token_of(dep).token}/")
    assert "default-src 'self'" in response.headers["content-security-policy"]
    expect(desktop.get_by_text("王建国").first).to_be_visible()
    seen["citizen"] = _violations(desktop)

    login(desktop, live_server.url, "ay_staff", PASSWORD)
    desktop.wait_for_url(f"{live_server.url}/workbench/")
    # Bootstrap's script runs: the navbar's dropdowns and collapses are wired.
    expect(desktop.locator("nav")).to_be_visible()
    seen["workbench"] = _violations(desktop)

    desktop.goto(f"{live_server.url}/messages/staff/stats/")
    expect(desktop.locator("canvas").first).to_be_visible()
    # Chart.js drew something: the canvas has a non-zero size once the chart is laid out.
    assert desktop.locator("canvas").first.evaluate("c => c.width > 0 && c.height > 0")
    seen["stats"] = _violations(desktop)
    shot(desktop, "csp-stats")

    desktop.goto(f"{live_server.url}/admin/deputies/deputy/")
    expect(desktop.locator("#changelist, #content").first).to_be_visible()
    seen["admin"] = _violations(desktop)

    assert not any(seen.values()), seen
