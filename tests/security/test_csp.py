"""The Content-Security-Policy allows no inline script and no inline style, on the portal's pages,
the citizen's pages, the error pages and the admin alike; and no template brings inline style back
(the browser test tests/e2e/test_csp.py shows the pages raise no violation)."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client

from tests.factories import staff

ROOT = Path(settings.BASE_DIR)


def _directives(policy):
    return {part.split()[0]: part.split()[1:] for part in (p.strip() for p in policy.split(";")) if part}


@pytest.mark.django_db
def test_every_page_kind_carries_a_policy_without_unsafe_inline():
    user = staff("410522", username="t_csp", is_superuser=True)
    c = Client()
    responses = {"login": c.get("/accounts/login/"), "not found": c.get("/no-such-page/")}
    c.force_login(user)
    responses.update(
        workbench=c.get("/workbench/"),
        admin=c.get("/admin/accounts/user/"),
        admin_form=c.get(f"/admin/accounts/user/{user.pk}/change/"),
    )
    for name, response in responses.items():
        assert response.status_code in (200, 404), name
        policy = response["Content-Security-Policy"]
        assert "unsafe-inline" not in policy and "unsafe-eval" not in policy, name
        directives = _directives(policy)
        assert directives["default-src"] == ["'self'"], name
        assert directives["script-src"] == ["'self'"], name
        assert directives["style-src"] == ["'self'"], name


def _templates():
    for path in ROOT.rglob("*.html"):
        parts = set(path.relative_to(ROOT).parts)
        if parts & {".venv", "vendor", "node_modules", "test-artifacts", "var", "staticfiles"}:
            continue
        yield path


def test_no_template_has_an_inline_style():
    offenders = []
    for path in _templates():
        text = path.read_text(encoding="utf-8")
        for match in re.finditer(r"<style\b|\sstyle\s*=", text):
            line = text.count("\n", 0, match.start()) + 1
            offenders.append(f"{path.relative_to(ROOT)}:{line}")
    assert list(_templates()), "no template found"
    assert not offenders, f"inline style (refused by the CSP; use a class in static/css): {offenders}"


def test_no_script_of_the_portal_writes_a_style_attribute():
    # Setting element.style.x is allowed by the CSP; a style attribute written as markup is not.
    pattern = re.compile(r"setAttribute\(\s*[\"']style|\.cssText\s*=|style=\\?[\"']")
    offenders = []
    for path in ROOT.rglob("*.js"):
        parts = set(path.relative_to(ROOT).parts)
        if parts & {".venv", "vendor", "node_modules", "test-artifacts", "var", "staticfiles"}:
            continue
        if pattern.search(path.read_text(encoding="utf-8")):
            offenders.append(str(path.relative_to(ROOT)))
    assert not offenders, offenders
