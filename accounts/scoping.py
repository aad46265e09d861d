"""Apply `visible_to(user)` everywhere: in the admin and in the portal's own views.

Every later app builds its admin classes on `ScopedAdmin` and its staff views on
`ScopedViewMixin` (or marks a view with `view_scope`), and tests/accounts/test_scoping.py walks
every registered admin and every URL and fails when one is not scoped.
"""

from django.contrib import admin
from django.contrib.auth.mixins import AccessMixin, LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.http import Http404

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


def view_scope(scope: str):
    """Mark a function view with the scope it keeps to (checked by the scoping meta-test)."""
    if scope not in SCOPES:
        raise ValueError(scope)

    def mark(view):
        view.scope = scope
        return view

    return mark


class ScopedAdmin(admin.ModelAdmin):
    """A ModelAdmin whose lists, objects, choices and autocompletes keep to the user's branch."""

    def get_queryset(self, request):
        return super().get_queryset(request).visible_to(request.user)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if "queryset" not in kwargs and is_scoped_model(db_field.related_model):
            kwargs["queryset"] = visible(db_field.related_model, request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if "queryset" not in kwargs and is_scoped_model(db_field.related_model):
            kwargs["queryset"] = visible(db_field.related_model, request.user)
        return super().formfield_for_manytomany(db_field, request, **kwargs)


class ScopedInline:
    """Mixin for inlines: the choices in an inline keep to the user's branch too."""

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
