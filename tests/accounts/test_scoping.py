"""The scoping meta-tests: every later app inherits them.

They walk every model, every registered ModelAdmin (and its inlines) and every URL of the portal,
and fail when one is not scoped. A new admin, view or region-bound model that forgets
`visible_to(user)` breaks this file, not a county's data.
"""

import pytest
from django.apps import apps
from django.contrib import admin
from django.contrib.auth.models import AnonymousUser, Group
from django.test import RequestFactory
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from accounts.models import Region, User
from accounts.scoping import SCOPES, ScopedAdmin, ScopedInline, ScopedViewMixin, is_scoped_model
from tests.factories import staff

# Models that hold no region-bound data, with the reason.
GLOBAL_MODELS = {
    Group: "roles are the same everywhere",
}


def _walk(patterns, prefix=""):
    for p in patterns:
        if isinstance(p, URLResolver):
            if p.namespace == "admin":
                continue
            yield from _walk(p.url_patterns, prefix + str(p.pattern))
        elif isinstance(p, URLPattern):
            yield prefix + str(p.pattern), p


def portal_urls():
    return [(route, p) for route, p in _walk(get_resolver().url_patterns) if not route.startswith("media/")]


def view_scope_of(pattern):
    callback = pattern.callback
    view_class = getattr(callback, "view_class", None)
    return getattr(view_class, "scope", None) or getattr(callback, "scope", None), view_class


def test_every_region_bound_model_has_visible_to():
    missing = []
    for model in apps.get_models():
        has_region = any(
            f.is_relation and f.many_to_one and f.related_model is Region for f in model._meta.get_fields()
        )
        if has_region and model is not Region and not is_scoped_model(model):
            missing.append(model._meta.label)
    assert not missing, f"models with a region but no visible_to(user): {missing}"


def test_every_admin_is_scoped():
    unscoped = []
    for model, model_admin in admin.site._registry.items():
        if model in GLOBAL_MODELS:
            continue
        if not isinstance(model_admin, ScopedAdmin):
            unscoped.append(model._meta.label)
        for inline in model_admin.inlines:
            if is_scoped_model(inline.model) and not issubclass(inline, ScopedInline):
                unscoped.append(f"{model._meta.label} inline {inline.__name__}")
    assert not unscoped, f"admin classes that do not apply visible_to: {unscoped}"


@pytest.mark.django_db
def test_every_admin_queryset_filters_by_the_users_branch():
    user = staff("410927", username="scope_probe")
    request = RequestFactory().get("/admin/")
    request.user = user
    leaking = []
    for model, model_admin in admin.site._registry.items():
        if model in GLOBAL_MODELS:
            continue
        sql = str(model_admin.get_queryset(request).query)
        if "410927" not in sql and "WHERE" in sql.upper():
            leaking.append(model._meta.label)
        elif "WHERE" not in sql.upper():
            leaking.append(model._meta.label)
    assert not leaking, f"admin querysets not restricted to the user's branch: {leaking}"


def test_every_portal_view_declares_its_scope():
    undeclared = []
    for route, pattern in portal_urls():
        scope, view_class = view_scope_of(pattern)
        if scope not in SCOPES:
            undeclared.append(route)
        elif scope == "region" and view_class is not None and getattr(view_class, "model", None) is not None:
            if not issubclass(view_class, ScopedViewMixin):
                undeclared.append(f"{route} (has a model but is not a ScopedViewMixin)")
    assert not undeclared, f"views without a declared scope (region/own/public): {undeclared}"


@pytest.mark.django_db
def test_every_non_public_view_refuses_anonymous_visitors(client):
    for route, pattern in portal_urls():
        scope, _cls = view_scope_of(pattern)
        if scope == "public" or pattern.pattern.converters:
            continue
        url = "/" + route
        response = client.get(url)
        assert response.status_code in (302, 403, 405), f"{url} answered {response.status_code} to an anonymous GET"
        if response.status_code == 302:
            assert response.url.startswith(reverse("accounts:login")) or url == "/", url


@pytest.mark.django_db
def test_county_staff_cannot_see_another_countys_users(county_staff, other_county_staff, province_staff):
    assert set(User.objects.visible_to(county_staff)) == {county_staff}
    assert other_county_staff not in User.objects.visible_to(county_staff)
    assert {county_staff, other_county_staff} <= set(User.objects.visible_to(province_staff))


@pytest.mark.django_db
def test_deputy_sees_only_their_own_account(deputy, county_staff):
    assert list(User.objects.visible_to(deputy)) == [deputy]
    assert not User.objects.visible_to(AnonymousUser()).exists()


@pytest.mark.django_db
def test_admin_of_another_countys_user_is_not_found(client, county_staff, other_county_staff):
    client.force_login(county_staff)
    listing = client.get(reverse("admin:accounts_user_changelist"))
    assert listing.status_code == 200
    assert other_county_staff.username not in listing.content.decode()
    r = client.get(reverse("admin:accounts_user_change", args=[other_county_staff.pk]))
    assert r.status_code == 404  # exactly like a record that does not exist
    own = client.get(reverse("admin:accounts_user_change", args=[county_staff.pk]))
    assert own.status_code == 200


@pytest.mark.django_db
def test_admin_region_choices_keep_to_the_branch(client, county_staff):
    client.force_login(county_staff)
    r = client.get(
        reverse("admin:autocomplete"),
        {"app_label": "accounts", "model_name": "user", "field_name": "region", "term": "县"},
    )
    assert r.status_code == 200
    ids = {row["id"] for row in r.json()["results"]}
    assert ids and all(i.startswith("410522") for i in ids)
