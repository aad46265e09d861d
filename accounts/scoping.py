"""Apply `visible_to(user)` everywhere: in the admin and in the portal's own views.

Every later app builds its admin classes on `ScopedAdmin` and its staff views on
`ScopedViewMixin` (or marks a view with `view_scope`), and tests/accounts/test_scoping.py walks
every registered admin and every URL and fails when one is not scoped.
"""

from functools import wraps

from django.contrib import admin
from django.contrib.admin.utils import unquote
from django.contrib.auth.mixins import AccessMixin, LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.urls import URLPattern
from django.utils.translation import gettext_lazy as _

# What a view may declare as its scope:
#   "region"  — shows records through visible_to(request.user);
#   "own"     — shows only the logged-in user's own things;
#   "public"  — needs no login and shows only public facts.
SCOPES = ("region", "own", "public")


def is_scoped_model(model) -> bool:
    return hasattr(model._default_manager.all(), "visible_to")


def visible(model, user):
    """The records of `model` that `user` may see."""
    return model._default_manager.all().visible_to(user)


def view_scope(scope: str, **url_models):
    """Mark a function view with the scope it keeps to, and the model each URL parameter names
    (`view_scope("region", pk=Suggestion)`): tests/accounts/test_object_urls.py requests every
    such URL with another branch's records and expects a refusal."""
    if scope not in SCOPES:
        raise ValueError(scope)

    def mark(view):
        view.scope = scope
        view.url_models = url_models
        return view

    return mark


def file_widget(db_field, kwargs):
    """Every file field of the admin links its current file through the checked route
    (core/files.py): /media/ is not served."""
    from django.db.models import FileField

    if isinstance(db_field, FileField) and "widget" not in kwargs:
        from core.files import CheckedFileInput  # core sits right of accounts: imported on use

        kwargs["widget"] = CheckedFileInput
    return kwargs


def region_code_of(instance, region_path: str) -> str | None:
    """The region code a record hangs on, following `region_path` (e.g. `place__region`) through
    the instance's foreign keys as they stand in memory (so a form's unsaved changes count)."""
    *hops, last = region_path.split("__")
    obj = instance
    for hop in hops:
        obj = getattr(obj, hop, None)
        if obj is None:
            return None
    return getattr(obj, f"{last}_id", None)


class BranchGuardForm:
    """Mixed in front of every form the scoped admin builds: a save may never move a record out of
    the writer's branch, whichever field (or revert, or inline) would move it."""

    scope_user = None

    def _post_clean(self):
        super()._post_clean()
        user = self.scope_user
        if user is None or user.is_superuser or not user.region_id:
            return
        region_path = getattr(type(self.instance)._default_manager.all(), "region_path", None)
        if not region_path:
            return
        code = region_code_of(self.instance, region_path)
        if code is not None and not code.startswith(user.region_id):
            self.add_error(
                None,
                ValidationError(
                    _("只能保存到本账号所属区划（%(region)s）及下级的记录"), params={"region": user.region}
                ),
            )


class ReadOnlyAdminMixin:
    """A record nobody adds, changes or deletes through the admin: written by the portal alone (the
    audit records, the offline app's replay records)."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ScopedAdmin(admin.ModelAdmin):
    """A ModelAdmin whose every URL, object, list, choice, autocomplete and write keeps to the
    user's branch.

    The rule is built in here so that no model can opt out by accident:
    - every admin URL that names an object (change, delete, history, the history detail of
      django-simple-history, and any view a subclass adds) is wrapped by `get_urls()`: an object
      outside `get_queryset(request)` answers 404 before the view runs;
    - the object-level permission checks refuse such an object too (a second lock for views that
      load objects their own way);
    - every form it builds refuses to save a record whose region lies outside the writer's branch;
    - `masked_fields` maps a field to (permission, display): without the permission the field is
      shown only through the display (e.g. a masked mobile) on the change form and in history.
    """

    masked_fields: dict[str, tuple[str, str]] = {}

    def get_queryset(self, request):
        return super().get_queryset(request).visible_to(request.user)

    # -- every URL that names an object keeps to the branch ---------------------------------------

    def get_urls(self):
        return [self._guard_url(p) for p in super().get_urls()]

    def _guard_url(self, pattern):
        if not isinstance(pattern, URLPattern) or not pattern.pattern.regex.groups:
            return pattern
        view = pattern.callback

        @wraps(view)
        def guarded(request, *args, **kwargs):
            user = request.user
            object_id = kwargs.get("object_id", args[0] if args else None)
            # Anonymous and non-staff visitors get the admin's own login redirect from the view.
            if user.is_active and user.is_staff and object_id is not None:
                if not self.in_scope(request, unquote(object_id)):
                    raise Http404
            return view(request, *args, **kwargs)

        return URLPattern(pattern.pattern, guarded, pattern.default_args, pattern.name)

    def in_scope(self, request, object_id) -> bool:
        cache = request.__dict__.setdefault("_scope_cache", {})
        key = (self.model._meta.label, str(object_id))
        if key not in cache:
            try:
                cache[key] = self.get_queryset(request).filter(pk=object_id).exists()
            except (ValueError, TypeError, ValidationError):
                cache[key] = False
        return cache[key]

    def _obj_in_scope(self, request, obj) -> bool:
        return obj is None or obj.pk is None or self.in_scope(request, obj.pk)

    def has_view_permission(self, request, obj=None):
        return super().has_view_permission(request, obj) and self._obj_in_scope(request, obj)

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and self._obj_in_scope(request, obj)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and self._obj_in_scope(request, obj)

    # -- choices and writes stay in the branch -------------------------------------------------

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        return super().formfield_for_dbfield(db_field, request, **file_widget(db_field, kwargs))

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if "queryset" not in kwargs and is_scoped_model(db_field.related_model):
            kwargs["queryset"] = visible(db_field.related_model, request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if "queryset" not in kwargs and is_scoped_model(db_field.related_model):
            kwargs["queryset"] = visible(db_field.related_model, request.user)
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        return type(form.__name__, (BranchGuardForm, form), {"scope_user": request.user})

    # -- masked fields ---------------------------------------------------------------------------

    def hidden_fields(self, request) -> set[str]:
        """The masked fields this user may not read in full."""
        user = request.user
        return {f for f, (perm, _d) in self.masked_fields.items() if not (user.is_superuser or user.has_perm(perm))}

    def _mask(self, request, names):
        hidden = self.hidden_fields(request)

        def swap(name):
            if isinstance(name, (list, tuple)):  # several fields on one line of a fieldset
                return type(name)(swap(n) for n in name)
            return self.masked_fields[name][1] if name in hidden else name

        return [swap(n) for n in names]

    def get_fields(self, request, obj=None):
        return self._mask(request, super().get_fields(request, obj))

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        return [(name, {**opts, "fields": self._mask(request, opts["fields"])}) for name, opts in fieldsets]

    def get_readonly_fields(self, request, obj=None):
        hidden = self.hidden_fields(request)
        return (*super().get_readonly_fields(request, obj), *(self.masked_fields[f][1] for f in hidden))


class ScopedInline:
    """Mixin for inlines: the choices in an inline keep to the user's branch too."""

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        return super().formfield_for_dbfield(db_field, request, **file_widget(db_field, kwargs))

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if "queryset" not in kwargs and is_scoped_model(db_field.related_model):
            kwargs["queryset"] = visible(db_field.related_model, request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def get_queryset(self, request):
        qs = super().get_queryset(request)
        return qs.visible_to(request.user) if hasattr(qs, "visible_to") else qs


class RoleRequiredMixin(AccessMixin):
    """Allow a view only to users holding one of `required_roles` (superusers always)."""

    required_roles: tuple[str, ...] = ()

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        if self.required_roles and not (request.user.is_superuser or request.user.has_role(*self.required_roles)):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class ScopedViewMixin(LoginRequiredMixin, RoleRequiredMixin):
    """Base for portal views that list or show region-bound records.

    `get_queryset()` goes through the model's `visible_to(user)`, so a DetailView of a record in
    another county answers 404, exactly like a record that does not exist.
    """

    scope = "region"
    model = None

    def get_queryset(self):
        return visible(self.model, self.request.user)


class OwnViewMixin(LoginRequiredMixin):
    """Base for pages that show only the logged-in user's own things."""

    scope = "own"


class UnitViewMixin(ScopedViewMixin):
    """Base for a handling unit's pages (what is assigned to the unit: opinions, messages,
    projects). Records still come through `visible_to(user)`, whose `owned_by_q` gives unit staff
    what is assigned to their unit; an account of the role without a unit sees nothing (404)."""

    required_roles = ("unit_staff",)
    unit_field = "unit"  # the lookup from the record to the unit it is assigned to

    def dispatch(self, request, *args, **kwargs):
        user = request.user
        if user.is_authenticated and user.has_role(*self.required_roles) and not user.unit_id:
            raise Http404
        return super().dispatch(request, *args, **kwargs)

    def unit_records(self):
        """What is assigned to the user's unit, among what they may see."""
        return visible(self.model, self.request.user).filter(**{self.unit_field: self.request.user.unit_id})
