"""The Content-Security-Policy (default-src 'self', no inline script, no inline style) breaks no page:
the citizen's pages, the login and its second step, the staff workbench and its lists, the pages with
charts and progress bars, and the admin (list, change form, the audit trail) — the browser reports
no violation, and what the moved styles drew is still drawn (a chart's height, a progress bar's width)."""

from tests.citizen_messages.factories import make_deputy, make_message, token_of
from tests.e2e.conftest import login
from tests.factories import PASSWORD, staff
from tests.livelihood import factories as lh

WATCH = """
window.__csp = [];
document.addEventListener('securitypolicyviolation',
    (e) => window.__csp.push(
        e.violatedDirective + ' ' + (e.blockedURI || 'inline') + ' ' + e.sourceFile + ':' + e.lineNumber));
"""


def _violations(page):
    return page.evaluate("window.__csp || []")


def test_pages_work_under_the_content_security_policy(live_server, desktop, shot):
    from playwright.sync_api import expect

    staff("410522", username="ay_staff", full_name="李静", is_superuser=True)
    dep = make_deputy(name="王建国")
    make_message(dep, body="路灯坏了\n第二行")  # the statistics page draws its chart once there is a message
    project = lh.project(name="城区停车场建设", manual_progress=40, manual_progress_reason="主体完工四成")
    desktop.add_init_script(WATCH)
    seen = {}
    messages = []
    desktop.on("console", lambda m: messages.append(m.text) if "Content Security Policy" in m.text else None)

    def visit(name, path):
        response = desktop.goto(f"{live_server.url}{path}")
        assert "style-src 'self';" in response.headers["content-security-policy"], name
        return response

    visit("citizen", f"/d/{token_of(dep).token}/")
    expect(desktop.get_by_text("王建国").first).to_be_visible()
    seen["citizen"] = _violations(desktop)
    visit("public progress", f"/livelihood/public/410522/{project.year}/")
    bar = desktop.locator(".progress-bar").first
    expect(bar).to_have_text("40%")
    # The width comes from a class now (pct-40), not a style attribute: still 40 % of its track.
    ratio = bar.evaluate("b => b.getBoundingClientRect().width / b.parentElement.getBoundingClientRect().width")
    assert 0.38 < ratio < 0.42
    seen["public progress"] = _violations(desktop)

    login(desktop, live_server.url, "ay_staff", PASSWORD)  # the password page, then the code page
    desktop.wait_for_url(f"{live_server.url}/workbench/")
    expect(desktop.locator("nav")).to_be_visible()
    seen["login and workbench"] = _violations(desktop)

    visit("stats", "/messages/staff/stats/")
    canvas = desktop.locator("canvas").first
    expect(canvas).to_be_visible()
    assert canvas.evaluate("c => c.width > 0 && c.height > 0")
    # The chart's box took the height the page computed (data-height), set by portal.js.
    box = desktop.locator(".chart-box[data-height]").first
    wanted = int(box.get_attribute("data-height"))
    assert abs(box.evaluate("b => b.getBoundingClientRect().height") - wanted) < 1
    seen["stats"] = _violations(desktop)
    shot(desktop, "csp-stats")

    for name, path in [
        ("dashboard", "/reports/"),
        ("message detail", "/messages/staff/"),
        ("projects", "/livelihood/"),
        ("project", f"/livelihood/projects/{project.pk}/"),
        ("calendar", "/livelihood/calendar/"),
        ("deputies", "/deputies/"),
        ("two-step page", "/accounts/2fa/"),
        ("admin index", "/admin/"),
        ("admin deputies", "/admin/deputies/deputy/"),
        ("admin user", f"/admin/accounts/user/{dep.user_id}/change/"),
        ("admin audit trail", "/admin/accounts/auditevent/"),
        ("admin add user", "/admin/accounts/user/add/"),
    ]:
        visit(name, path)
        expect(desktop.locator("main, #content").first).to_be_visible()
        seen[name] = _violations(desktop)
    shot(desktop, "csp-admin")

    assert not any(seen.values()), {k: v for k, v in seen.items() if v}
    assert not messages, messages


def test_the_error_pages_are_styled_from_a_file(live_server, desktop):
    from playwright.sync_api import expect

    desktop.add_init_script(WATCH)
    response = desktop.goto(f"{live_server.url}/no-such-page/")
    assert response.status == 404
    expect(desktop.locator("body")).to_be_visible()
    assert not _violations(desktop)
    # The standalone 500 page: its stylesheet loads (a file, not a <style> block).
    from django.template import loader

    html = loader.get_template("500.html").render()
    assert "<style" not in html and "errors.css" in html
    css = desktop.request.get(f"{live_server.url}/static/css/errors.css")
    assert css.ok and ".err-code" in css.text()
