"""Every URL that names an object keeps to the visitor's branch: enumerated, not listed.

On the demo data, for every role (county staff of Anyang and of Taiqian, a deputy, a handling unit's
staff, an anonymous visitor) and every model, the records that role may NOT see are "foreign". Then:

- every URL pattern of the admin site (each ModelAdmin's own `get_urls()`, the history list and the
  history detail of django-simple-history included, and the site's own object URLs) is requested
  with a foreign object's id, by GET and by POST;
- every object-level URL of the portal (every pattern with a parameter, from the resolver) is
  requested the same way, with the model each view declares for its parameters.

A request passes when it is refused (403/404/405, or a redirect to a login or to a page that does
not name the object), when no body along the way contains the foreign record's name, and when the
POST changed no row anywhere. A URL whose parameter names no model fails the test: declare it
(`model` of a ScopedViewMixin, `url_models` of another class view, `view_scope(scope, pk=Model)`).
"""

import datetime
import re

from django.apps import apps
from django.contrib import admin
from django.contrib.auth.models import AnonymousUser
from django.contrib.contenttypes.models import ContentType
from django.test import Client
from django.urls import URLPattern, URLResolver, reverse
from django.urls.resolvers import RoutePattern
from django.utils.html import escape

from accounts.models import User
from accounts.scoping import is_scoped_model, visible
from tests.accounts.test_scoping import GLOBAL_MODELS, portal_urls, view_scope_of

ROLES = ("taiqian_staff", "anyang_staff", "deputy_demo", "unit_nongye", None)  # None: anonymous
OUR_APPS = {"accounts", "notifications", "core", "deputies", "liaison_stations", "citizen_messages", "suggestions",
            "livelihood", "collaboration", "reports"}  # fmt: skip
TODAY = datetime.date.today()
LOGIN_URLS = ("/accounts/login/", "/admin/login/")
# Values for URL parameters that do not name a record.
FILLERS = {"year": TODAY.year, "month": TODAY.month, "fmt": "png", "kind": "attachment", "action": "sign"}


def _user(username):
    return User.objects.get(username=username) if username else AnonymousUser()


def _client(username):
    c = Client()
    if username:
        c.force_login(_user(username))
    return c


def foreign_objects(model, user, limit=1):
    """Records of `model` that `user` may not see (the first `limit` of them)."""
    if is_scoped_model(model):
        hidden = model._default_manager.exclude(pk__in=visible(model, user).values("pk"))
    else:
        hidden = model._default_manager.all() if not getattr(user, "is_superuser", False) else model.objects.none()
    return list(hidden.order_by("pk")[:limit])


def forbidden_text(model, obj, user):
    """The foreign record's name, unless a record the user may see carries the same name."""
    name = str(obj).strip()
    if len(name) < 2:
        return None
    if is_scoped_model(model):
        seen = visible(model, user)
        if any(str(o).strip() == name for o in seen.iterator()):
            return None
    return name


def row_counts():
    # The security audit trail is left out: recording each refusal is what it is for.
    return {
        m._meta.label: m._default_manager.count()
        for m in apps.get_models()
        if m._meta.app_label in OUR_APPS and not m._meta.proxy and m._meta.label != "accounts.AuditEvent"
    }


def snapshot(model, pk):
    return list(model._default_manager.filter(pk=pk).values())


def check_refused(client, method, url, name, where):
    """The request is refused and names nothing foreign; returns a failure text or None."""
    data = {"post": "yes"} if method == "post" else None
    response = getattr(client, method)(url, data) if data else client.get(url)
    status = response.status_code
    if status not in (302, 403, 404, 405):
        body = response.content.decode(errors="replace")
        leaked = name and (name in body or escape(name) in body)
        return f"{where}: {method.upper()} {url} answered {status}{' and showed ' + repr(name) if leaked else ''}"
    if status == 302:
        target = response.url
        if target.startswith(LOGIN_URLS):
            return None
        if url.split("?")[0].rstrip("/") == target.split("?")[0].rstrip("/"):
            return f"{where}: {method.upper()} {url} redirected to itself"
        final = client.get(target)
        body = final.content.decode(errors="replace")
        if final.status_code >= 500:
            return f"{where}: {method.upper()} {url} → {target} answered {final.status_code}"
        if name and (name in body or escape(name) in body):
            return f"{where}: {method.upper()} {url} → {target} showed {name!r}"
    return None


# -- the admin site -------------------------------------------------------------------------------


def _admin_patterns(patterns, prefix=""):
    for p in patterns:
        if isinstance(p, URLResolver):
            yield from _admin_patterns(p.url_patterns, prefix + str(p.pattern))
        elif isinstance(p, URLPattern) and p.pattern.regex.groups:
            yield p


def _history_id(model, obj):
    history = getattr(model._meta, "simple_history_manager_attribute", None)
    if not history:
        return None
    row = getattr(model, history).filter(pk=obj.pk).values_list("history_id", flat=True).first()
    return row


def fill(pattern, values) -> str:
    """A URL pattern (a route or a regex) with its parameters replaced by `values`, in order."""
    it = iter(str(v) for v in values)
    text = str(pattern.pattern)
    if isinstance(pattern.pattern, RoutePattern):
        return re.sub(r"<[^>]+>", lambda m: next(it), text)
    return re.sub(r"\([^)]*\)", lambda m: next(it), text).lstrip("^").rstrip("$")


def admin_object_urls(model, model_admin, obj):
    """Every URL of this model's admin that takes parameters (named or not), filled with `obj`."""
    opts = model._meta
    base = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
    for p in _admin_patterns(model_admin.get_urls()):
        values = [obj.pk]
        if p.pattern.regex.groups > 1:  # the version of django-simple-history's detail view
            hid = _history_id(model, obj)
            if hid is None:
                continue
            values.append(hid)
        yield p.name or str(p.pattern), base + fill(p, values)
    # The site's own URL that names an object: "view on site".
    ct = ContentType.objects.get_for_model(model)
    yield "view_on_site", reverse("admin:view_on_site", args=[ct.pk, obj.pk])


def test_admin_urls_of_foreign_objects_are_refused(demo, db):
    failures, probed = [], set()
    for username in ROLES:
        user = _user(username)
        client = _client(username)
        for model, model_admin in admin.site._registry.items():
            if model in GLOBAL_MODELS:
                continue
            for obj in foreign_objects(model, user):
                name = forbidden_text(model, obj, user)
                before = snapshot(model, obj.pk)
                counts = row_counts()
                for url_name, url in admin_object_urls(model, model_admin, obj):
                    probed.add((username, url_name))
                    for method in ("get", "post"):
                        failure = check_refused(client, method, url, name, f"{username or 'anonymous'} admin")
                        if failure:
                            failures.append(failure)
                if snapshot(model, obj.pk) != before or row_counts() != counts:
                    failures.append(f"{username}: admin requests changed {model._meta.label} {obj.pk}")
    # The walk really reached the object URLs (change, delete, history, history detail) of the staff.
    shapes = {n.rsplit("_", 1)[-1] for u, n in probed if u == "taiqian_staff"}
    assert {"change", "delete", "history"} <= shapes, shapes
    assert any(n.endswith("_simple_history") for u, n in probed if u == "taiqian_staff")
    assert not failures, "\n".join(failures[:40]) + f"\n({len(failures)} in all)"


def test_revert_cannot_move_a_record_into_the_writers_branch(demo, db):
    """The probe of the report: Taiqian staff POST the revert form of an Anyang deputy."""
    from deputies.models import Deputy

    deputy = Deputy.objects.filter(region__code__startswith="410522").order_by("pk").first()
    hid = deputy.history.values_list("history_id", flat=True).first()
    client = _client("taiqian_staff")
    url = reverse("admin:deputies_deputy_simple_history", args=[deputy.pk, hid])
    r = client.post(url, {"name": deputy.name, "region": "410927100", "gender": deputy.gender})
    assert r.status_code == 404
    deputy.refresh_from_db()
    assert deputy.region_id.startswith("410522")
    # And the own county's staff read the history but cannot revert it either.
    own = _client("anyang_staff")
    assert own.get(url).status_code == 200
    assert own.post(url, {"name": deputy.name, "region": "410927100"}).status_code == 403


def test_history_keeps_the_mobile_masked_without_the_permission(demo, db):
    from deputies.models import Deputy

    deputy = Deputy.objects.filter(region__code__startswith="410522").exclude(mobile="").order_by("pk").first()
    deputy.mobile = "13800001111"
    deputy.save()
    deputy.mobile = "13900002222"
    deputy.save()
    reader = User.objects.get(username="anyang_wc")  # working-committee staff: view only, no full numbers
    assert not reader.has_perm("deputies.see_full_mobile")
    hid = deputy.history.values_list("history_id", flat=True).first()
    client = _client("anyang_wc")
    for url in (
        reverse("admin:deputies_deputy_change", args=[deputy.pk]),
        reverse("admin:deputies_deputy_history", args=[deputy.pk]),
        reverse("admin:deputies_deputy_simple_history", args=[deputy.pk, hid]),
    ):
        r = client.get(url)
        body = r.content.decode()
        assert r.status_code == 200, url
        assert "13900002222" not in body and "13800001111" not in body, url
    # Staff who hold the permission see the number on the change form, as before.
    assert User.objects.get(username="anyang_staff").has_perm("deputies.see_full_mobile")
    change = _client("anyang_staff").get(reverse("admin:deputies_deputy_change", args=[deputy.pk]))
    assert "13900002222" in change.content.decode()


def test_admin_form_refuses_to_save_a_record_outside_the_branch(demo, db):
    """Even a choice that slipped past the scoped field choices is refused when the form is saved."""
    from django.test import RequestFactory

    from deputies.admin import DeputyAdmin
    from deputies.models import Deputy

    deputy = Deputy.objects.filter(region__code__startswith="410522").order_by("pk").first()
    request = RequestFactory().post("/")
    request.user = User.objects.get(username="anyang_staff")
    model_admin = DeputyAdmin(Deputy, admin.site)
    form_class = model_admin.get_form(request, deputy)
    data = form_class(instance=deputy).initial
    data = {k: v for k, v in data.items() if v is not None and k != "photo"}
    data["region"] = "410927100"
    form = form_class(data, instance=deputy)
    form.fields["region"].queryset = form.fields["region"].queryset.model.objects.all()  # the slip
    assert not form.is_valid()
    assert "只能保存到本账号所属区划" in str(form.errors)


# -- the portal -----------------------------------------------------------------------------------


def named_portal_urls(patterns=None, prefix="", namespace=""):
    """(route, pattern, "namespace:") for every portal URL (the admin and media are walked elsewhere)."""
    from django.urls import get_resolver

    for p in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(p, URLResolver):
            if p.namespace == "admin":
                continue
            ns = f"{namespace}{p.namespace}:" if p.namespace else namespace
            yield from named_portal_urls(p.url_patterns, prefix + str(p.pattern), ns)
        elif isinstance(p, URLPattern) and not (prefix + str(p.pattern)).startswith("media/"):
            yield prefix + str(p.pattern), p, namespace


def url_models(pattern):
    """The model each parameter of a portal URL names, as the view declares it."""
    callback = pattern.callback
    view_class = getattr(callback, "view_class", None)
    declared = dict(getattr(view_class, "url_models", None) or getattr(callback, "url_models", None) or {})
    if "pk" not in declared and getattr(view_class, "model", None) is not None:
        declared["pk"] = view_class.model
    return declared


def test_every_object_level_portal_url_declares_its_models():
    undeclared = []
    for route, pattern in portal_urls():
        scope, _cls = view_scope_of(pattern)
        if scope == "public":
            continue
        models = url_models(pattern)
        for name in pattern.pattern.converters:
            if name not in models and name not in FILLERS:
                undeclared.append(f"{route} ({name})")
    assert not undeclared, f"object-level URLs whose parameter names no model: {undeclared}"


def test_portal_urls_of_foreign_objects_are_refused(demo, db):
    failures, probed = [], 0
    for username in ROLES:
        user = _user(username)
        client = _client(username)
        for _route, pattern, namespace in named_portal_urls():
            scope, _cls = view_scope_of(pattern)
            converters = pattern.pattern.converters
            if scope == "public" or not converters:
                continue
            models = url_models(pattern)
            kwargs, targets = {}, []
            for name in converters:
                if name in models:
                    objs = foreign_objects(models[name], user)
                    if not objs:
                        break
                    kwargs[name] = objs[0].pk
                    targets.append((models[name], objs[0]))
                else:
                    kwargs[name] = FILLERS[name]
            else:
                if not targets:
                    continue
                url = reverse(f"{namespace}{pattern.name}", kwargs=kwargs)
                names = [forbidden_text(m, o, user) for m, o in targets]
                before = [snapshot(m, o.pk) for m, o in targets]
                counts = row_counts()
                for method in ("get", "post"):
                    probed += 1
                    for name in names or [None]:
                        failure = check_refused(client, method, url, name, f"{username or 'anonymous'} portal")
                        if failure:
                            failures.append(failure)
                            break
                if [snapshot(m, o.pk) for m, o in targets] != before or row_counts() != counts:
                    failures.append(f"{username}: requests to {url} changed data")
    assert probed > 50, probed
    assert not failures, "\n".join(failures[:40]) + f"\n({len(failures)} in all)"
