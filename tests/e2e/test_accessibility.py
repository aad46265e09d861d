"""Accessibility (WCAG 2.1 AA): axe-core on every public page, every deputy page and the main staff
pages, at phone (390×844) and desktop (1366×768) size, on the demo data; the citizen form's error
wiring, headings and tap targets; the citizen form filled and sent with the keyboard alone.

axe-core comes from the axe-playwright-python package (pinned in requirements-dev.txt), which ships
axe.min.js: nothing is fetched at run time. One test audits every page: the demo data is seeded once
and each visitor logs in once per size. The pages audited are listed in docs/accessibility.md (and,
after a run, in test-artifacts/accessibility.txt).
"""

import os
import re
from pathlib import Path

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from tests.e2e.conftest import _context, login

SIZES = {"phone": {"width": 390, "height": 844}, "desktop": {"width": 1366, "height": 768}}
DEMO_PASSWORD = "Renda@2026"
AXE_OPTIONS = {
    "runOnly": {
        "type": "tag",
        "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"],
    },
    "resultTypes": ["violations"],
}
# Serious and critical violations fail; so do the moderate rules for headings and landmarks that the
# portal promises (one h1 per page, all content inside header/nav/main/footer).
FAILING_IMPACTS = {"serious", "critical"}
FAILING_RULES = {"page-has-heading-one", "landmark-one-main", "region", "landmark-no-duplicate-main"}
REPORT = Path(__file__).resolve().parents[2] / "test-artifacts" / "accessibility.txt"  # the pages audited
TRACKING_CODE = re.compile(r"^\s*[0-9A-Z]{5}(-[0-9A-Z]{5}){3}\s*$")


def _demo_pages() -> dict:
    """Every page to audit, by visitor, found in the demo data and the navigation registry (so a page
    added to a role's menu is audited without touching this file)."""
    from accounts.models import User
    from citizen_messages.models import Message
    from deputies.models import Deputy
    from liaison_stations.models import Place
    from livelihood.models import Project
    from renda_portal.navigation import items_for
    from suggestions.models import Suggestion

    deputy_user = User.objects.get(username="deputy_demo")
    staff_user = User.objects.get(username="anyang_staff")
    deputy = Deputy.objects.get(user=deputy_user)
    token = deputy.message_tokens.get(is_active=True).token
    place = Place.objects.active().order_by("pk").first()
    project = Project.objects.filter(region_id="410522").order_by("-year").first()
    published = Suggestion.objects.public().order_by("pk").first()
    inbox_message = Message.objects.filter(deputy=deputy).order_by("pk").first()
    own_suggestion = Suggestion.objects.visible_to(deputy_user).order_by("pk").first()
    some_deputy = Deputy.objects.visible_to(staff_user).order_by("pk").first()

    public = [
        "/",
        "/accounts/login/",
        "/messages/",
        "/messages/?region=410522",
        f"/messages/?region={deputy.region_id}",
        f"/d/{token}/",
        "/d/no-such-token/",
        "/messages/track/",
        f"/stations/s/{place.public_key}/",
        f"/livelihood/public/{project.region_id}/{project.year}/",
        "/suggestions/public/",
        f"/suggestions/public/{published.pk}/",
        "/no-such-page/",
    ]
    deputy_pages = ["/me/", *(i.url() for i in items_for(deputy_user, "deputy")), "/suggestions/new/"]
    deputy_pages += [f"/messages/inbox/{inbox_message.pk}/", f"/suggestions/{own_suggestion.pk}/"]
    staff_pages = ["/workbench/", *(i.url() for i in items_for(staff_user, "staff"))]
    staff_pages += [f"/deputies/{some_deputy.pk}/", f"/suggestions/{published.pk}/", "/admin/deputies/deputy/"]
    staff_pages += _admin_forms_with_tabular_inlines(staff_user)
    return {"anonymous": _unique(public), "deputy_demo": _unique(deputy_pages), "anyang_staff": _unique(staff_pages)}


def _admin_forms_with_tabular_inlines(user) -> list[str]:
    """The change form (with the demo's first record the user may see) of every admin that has a
    tabular inline: their inputs are labelled by templates/admin/edit_inline/tabular.html."""
    from django.contrib import admin
    from django.urls import reverse

    from accounts.scoping import is_scoped_model, visible

    pages = []
    for model, model_admin in admin.site._registry.items():
        if not any(issubclass(i, admin.TabularInline) for i in model_admin.inlines) or not is_scoped_model(model):
            continue
        obj = visible(model, user).order_by("pk").first()
        if obj is not None:
            opts = model._meta
            pages.append(reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk]))
    assert len(pages) >= 5, pages  # deputies, terms, activities, projects, stations … (not an empty walk)
    return sorted(pages)


def _unique(paths):
    return list(dict.fromkeys(p for p in paths if p))


def audit(page) -> list[str]:
    """Run axe on the page as it is; one line per failing rule and element."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page, options=AXE_OPTIONS).response
    found = []
    for violation in results["violations"]:
        if violation["impact"] in FAILING_IMPACTS or violation["id"] in FAILING_RULES:
            for node in violation["nodes"]:
                summary = " ".join(node.get("failureSummary", "").split())[:240]
                found.append(f"{violation['id']} ({violation['impact']}) {node['target']}: {summary}")
    return found


def _visitor(browser, base_url, who, size, language="zh-hans"):
    context = _context(browser, SIZES[size], size == "phone")
    if language != "zh-hans":
        context.add_cookies([{"name": "django_language", "value": language, "url": base_url}])
    page = context.new_page()
    if who != "anonymous":
        login(page, base_url, who, DEMO_PASSWORD)
        expect(page.get_by_test_id("user-menu")).to_be_attached()
    return page


def _audit_as(browser, base_url, who, size, paths, language="zh-hans") -> list[str]:
    """Audit the pages as one visitor in one browser context (one login)."""
    label = f"{who}@{size}" + ("" if language == "zh-hans" else f"/{language}")
    page = _visitor(browser, base_url, who, size, language)
    problems = []
    try:
        for path in paths:
            response = page.goto(base_url + path)
            assert response.status < 500, f"{label} {path}: HTTP {response.status}"
            expect(page.locator("html")).to_have_attribute("lang", re.compile(f"^{language[:2]}", re.I))
            problems += [f"{label} {path}: {line}" for line in audit(page)]
    finally:
        page.context.close()
    REPORT.parent.mkdir(parents=True, exist_ok=True)
    with REPORT.open("a") as report:
        report.writelines(f"{label} {path}\n" for path in paths)
    return problems


def test_axe_finds_no_serious_violation_on_any_page(live_server, browser):
    """One test for all pages: the demo data is seeded once (~10 s) and each visitor logs in once per
    size; every problem on every page is collected before the test fails, one line each."""
    call_command("seed_demo", force=True, stdout=open(os.devnull, "w"))
    pages = _demo_pages()
    REPORT.unlink(missing_ok=True)
    problems = []
    for size in SIZES:
        for who, paths in pages.items():
            problems += _audit_as(browser, live_server.url, who, size, paths)
    # English labels are longer: the colours and the layout are checked again in English.
    token_page = next(p for p in pages["anonymous"] if p.startswith("/d/"))
    problems += _audit_as(browser, live_server.url, "anonymous", "phone", ["/", token_page, "/messages/track/"], "en")
    problems += _audit_as(browser, live_server.url, "deputy_demo", "phone", ["/me/", "/messages/inbox/"], "en")
    problems += _audit_as(browser, live_server.url, "anyang_staff", "desktop", ["/workbench/", "/deputies/"], "en")
    assert not problems, "\n".join(problems)


@pytest.fixture
def fast_form(settings):
    # The form's minimum fill time and per-address limits would turn these quick submissions away.
    settings.CITIZEN_MESSAGES_MIN_FILL_SECONDS = 0
    settings.CITIZEN_MESSAGES_RATE_LIMITS = {"ip": (1000, 3600), "token": (1000, 3600)}


@pytest.fixture
def message_page(live_server):
    from tests.citizen_messages.factories import make_deputy, token_of

    return f"{live_server.url}/d/{token_of(make_deputy(name='张晓梅')).token}/"


@pytest.mark.parametrize("size", SIZES)
def test_citizen_form_errors_sent_and_tracking_pages(live_server, browser, message_page, size, fast_form):
    page = _visitor(browser, live_server.url, "anonymous", size)
    try:
        page.goto(message_page)
        expect(page.get_by_role("heading", level=2, name="个人信息处理说明")).to_be_visible()
        page.get_by_role("button", name="提交留言").click()

        # The errors: a summary that takes the focus and is announced, each field marked and described.
        summary = page.get_by_test_id("error-summary")
        expect(summary).to_be_focused()
        expect(summary).to_have_attribute("role", "alert")
        expect(summary.get_by_role("link", name="请填写留言内容")).to_have_attribute("href", "#id_body")
        expect(page).to_have_title("有错误：给张晓梅代表留言")
        for field, message in [("body", "请填写留言内容"), ("consent", "请阅读个人信息处理说明并勾选同意")]:
            control = page.locator(f"#id_{field}")
            expect(control).to_have_attribute("aria-invalid", "true")
            expect(control).to_have_attribute("aria-describedby", f"err-{field}")
            expect(page.locator(f"#err-{field}")).to_have_text(message)
        expect(page.locator("#id_name")).not_to_have_attribute("aria-invalid", "true")
        problems = [f"errors@{size}: {line}" for line in audit(page)]

        page.fill("#id_body", "村口的路灯坏了，晚上出行不便")
        page.check("#id_consent")
        page.get_by_role("button", name="提交留言").click()
        expect(page.get_by_role("heading", level=1, name="留言已提交")).to_be_visible()
        expect(page.get_by_role("heading", level=2, name="您的查询码")).to_be_visible()
        problems += [f"sent@{size}: {line}" for line in audit(page)]

        page.get_by_role("button", name="查看办理进度").click()
        expect(page.get_by_role("heading", level=1, name="查询留言回复")).to_be_visible()
        expect(page.get_by_test_id("track-result")).to_be_visible()
        problems += [f"tracking@{size}: {line}" for line in audit(page)]
    finally:
        page.context.close()
    assert not problems, "\n".join(problems)


# What the citizen page asks of every control: 24×24 px at least (WCAG 2.2 target size), 44 px high
# for the page's main actions (the fields, the consent, the submit button, the header and footer links).
TARGETS_JS = """() => [...document.querySelectorAll(
    'a, button, select, textarea, input:not([type=hidden]), label.check')]
  .filter(el => !el.closest('.hp'))
  .map(el => { const r = el.getBoundingClientRect();
    return {what: el.outerHTML.slice(0, 80), width: r.width, height: r.height,
            main: el.matches(MAIN)}; })""".replace(
    "MAIN", "'header a, footer a, textarea, select, input[type=text], input[type=tel], .btn, label.check'"
)


def test_citizen_page_tap_targets(live_server, browser, message_page):
    page = _visitor(browser, live_server.url, "anonymous", "phone")
    try:
        small = []
        for url in [message_page, f"{live_server.url}/messages/", f"{live_server.url}/messages/track/"]:
            page.goto(url)
            for target in page.evaluate(TARGETS_JS):
                least = 44 if target["main"] else 24
                if target["height"] < least - 0.5 or target["width"] < 24:
                    small.append(f"{url} {target['width']:.0f}×{target['height']:.0f} {target['what']}")
    finally:
        page.context.close()
    assert not small, "\n".join(small)


def test_citizen_form_can_be_sent_with_the_keyboard_alone(live_server, browser, message_page, fast_form):
    page = _visitor(browser, live_server.url, "anonymous", "desktop")
    keys = page.keyboard
    try:
        page.goto(message_page)
        body = page.locator("#id_body")
        for _ in range(6):  # the header link and the category come first
            keys.press("Tab")
            if page.evaluate("document.activeElement.id") == "id_body":
                break
        expect(body).to_be_focused()
        keys.type("小区门口的积水一直没人处理")
        keys.press("Tab")
        expect(page.locator("#id_name")).to_be_focused()
        keys.type("李四")
        keys.press("Tab")
        expect(page.locator("#id_mobile")).to_be_focused()
        keys.type("13912345678")
        keys.press("Tab")  # the hidden trap field for robots is skipped
        consent = page.locator("#id_consent")
        expect(consent).to_be_focused()
        keys.press("Space")
        expect(consent).to_be_checked()
        keys.press("Tab")
        expect(page.get_by_role("button", name="提交留言")).to_be_focused()
        keys.press("Enter")
        expect(page.get_by_role("heading", level=1, name="留言已提交")).to_be_visible()
        expect(page.get_by_test_id("tracking-code")).to_have_text(TRACKING_CODE)
    finally:
        page.context.close()
