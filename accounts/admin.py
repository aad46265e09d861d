from django.contrib import admin
from django.contrib.admin.models import LogEntry
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.contrib.auth.forms import UserChangeForm, UserCreationForm
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_totp.models import TOTPDevice

from . import audit
from .models import AuditEvent, Region, Unit, User
from .roles import REGION_STAFF_ROLES, ROLE_BY_GROUP_NAME, Role, check_exclusive_roles
from .scoping import ReadOnlyAdminMixin, ScopedAdmin

admin.site.site_header = _("人大代表履职管理平台 · 管理后台")
admin.site.site_title = _("人大代表履职管理平台")
admin.site.index_title = _("数据维护")


def _portal_login(request, extra_context=None):
    """The admin's login page is the portal's: one path for the password, the lockout, the address
    throttle and the second factor (the admin's own form would skip the last three)."""
    from django.contrib.auth.views import redirect_to_login
    from django.urls import reverse

    return redirect_to_login(request.GET.get("next") or reverse("admin:index"), reverse("accounts:login"))


admin.site.login = _portal_login

# django-otp's device admin shows each secret key and its QR code to anyone who may view devices:
# devices are managed from the user list instead (reset_second_factor below) and by each user.
if admin.site.is_registered(TOTPDevice):
    admin.site.unregister(TOTPDevice)


@admin.register(Region)
class RegionAdmin(ScopedAdmin):
    list_display = ("code", "name", "kind", "parent")
    list_filter = ("kind",)
    search_fields = ("code", "name")
    fields = ("code", "name")
    ordering = ("code",)
    list_select_related = ("parent",)

    def get_readonly_fields(self, request, obj=None):
        # The code is the key every record points at: fixed once created.
        return ("code",) if obj else ()


@admin.register(Unit)
class UnitAdmin(ScopedAdmin):
    list_display = ("name", "kind", "region", "contact_person", "is_active")
    list_filter = ("kind", "is_active")
    search_fields = ("name", "short_name")
    fields = ("name", "short_name", "kind", "region", "contact_person", "contact_phone", "is_active")
    autocomplete_fields = ("region",)
    list_select_related = ("region",)


class RoleRulesMixin:
    """Form-level checks of the role rules, so the admin shows a message instead of an error."""

    def clean(self):
        cleaned = super().clean()
        groups = cleaned.get("groups")
        if groups is not None:
            roles = {ROLE_BY_GROUP_NAME[g.name] for g in groups if g.name in ROLE_BY_GROUP_NAME}
            try:
                check_exclusive_roles(roles)
            except ValidationError as exc:
                self.add_error("groups", exc)
            needs_region = roles & (set(REGION_STAFF_ROLES) | {Role.DEPUTY, Role.PARTNER_LIAISON})
            region = cleaned.get("region", getattr(self.instance, "region", None))
            if needs_region and not region and not cleaned.get("is_superuser"):
                self.add_error("region", _("工作人员和代表账号必须属于一个区划"))
        return cleaned


class PortalUserChangeForm(RoleRulesMixin, UserChangeForm):
    class Meta(UserChangeForm.Meta):
        model = User
        fields = ("username", "full_name", "mobile", "email", "region", "unit", "is_active", "is_staff", "groups")


class PortalUserCreationForm(RoleRulesMixin, UserCreationForm):
    class Meta(UserCreationForm.Meta):
        model = User
        fields = ("username", "full_name", "mobile", "email", "region")


@admin.register(User)
class UserAdmin(ScopedAdmin, BaseUserAdmin):
    form = PortalUserChangeForm
    add_form = PortalUserCreationForm
    list_display = ("username", "full_name", "masked_mobile", "region", "roles", "is_active", "last_login")
    list_filter = ("is_active", "groups", "region__kind")
    search_fields = ("username", "full_name", "mobile", "email")
    ordering = ("username",)
    list_select_related = ("region",)
    autocomplete_fields = ("region",)
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        (_("个人信息"), {"fields": ("full_name", "mobile", "email", "region", "unit")}),
        (_("角色与权限"), {"fields": ("is_active", "is_staff", "groups")}),
        (_("重要日期"), {"fields": ("last_login", "date_joined")}),
    )
    superuser_fieldsets = ((_("超级用户"), {"fields": ("is_superuser", "user_permissions")}),)
    add_fieldsets = (
        (
            None,
            {
                "classes": ("wide",),
                "fields": ("username", "full_name", "mobile", "email", "region", "password1", "password2"),
            },
        ),
    )
    readonly_fields = ("last_login", "date_joined")
    actions = ["unlock_login", "reset_second_factor"]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("groups")

    def get_actions(self, request):
        actions = super().get_actions(request)
        # Lifting a lockout is the security administrator's job alone (three-officer separation).
        if not (request.user.is_superuser or request.user.has_role(Role.SECURITY_ADMIN)):
            actions.pop("unlock_login", None)
            actions.pop("reset_second_factor", None)
        return actions

    @admin.action(description=_("解除所选用户的登录锁定"))
    def unlock_login(self, request, queryset):
        from axes.utils import reset

        if not (request.user.is_superuser or request.user.has_role(Role.SECURITY_ADMIN)):
            raise PermissionDenied
        unlocked = 0
        for user in queryset:
            if reset(username=user.get_username()):
                unlocked += 1
                audit.record(AuditEvent.Event.UNLOCKED, request=request, obj=user, detail=user.get_username())
        self.message_user(request, _("已解除 %(n)s 个账号的登录锁定。") % {"n": unlocked})

    @admin.action(description=_("重置所选用户的两步验证"))
    def reset_second_factor(self, request, queryset):
        """A lost or replaced phone: the security administrator removes the user's second factor and
        ends their sessions; a staff account sets up a new one at its next login."""
        from . import second_factor

        if not (request.user.is_superuser or request.user.has_role(Role.SECURITY_ADMIN)):
            raise PermissionDenied
        done = sum(1 for user in queryset if second_factor.reset_by_admin(request, user))
        self.message_user(request, _("已重置 %(n)s 个账号的两步验证，这些账号下次登录时需重新设置。") % {"n": done})

    def get_fieldsets(self, request, obj=None):
        sets = super().get_fieldsets(request, obj)
        if obj and request.user.is_superuser:
            # fieldsets is a list here, superuser_fieldsets a tuple (a superuser's page answered 500).
            sets = [*sets, *self.superuser_fieldsets]
        return sets

    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        # Three-officer separation: the system administrator keeps accounts, the security
        # administrator grants roles; neither does the other's job.
        if not (request.user.is_superuser or request.user.has_role(Role.SECURITY_ADMIN)):
            readonly.append("groups")
        if request.user.has_role(Role.SECURITY_ADMIN) and not request.user.is_superuser:
            readonly += ["username", "full_name", "mobile", "email", "region"]
        return readonly

    @admin.display(description=_("手机号"))
    def masked_mobile(self, obj):
        from .validators import mask_mobile

        return mask_mobile(obj.mobile)

    @admin.display(description=_("角色"))
    def roles(self, obj):
        return "、".join(g.name for g in obj.groups.all())


@admin.register(LogEntry)
class LogEntryAdmin(ReadOnlyAdminMixin, ScopedAdmin):
    """The audit administrator reads who changed what in the admin; nobody edits it."""

    list_display = ("action_time", "user", "content_type", "object_repr", "action_flag")
    list_filter = ("action_flag", "content_type")
    search_fields = ("object_repr", "change_message", "user__username")
    date_hierarchy = "action_time"
    fields = ("action_time", "user", "content_type", "object_id", "object_repr", "action_flag", "change_message")
    list_select_related = ("user", "content_type")

    def get_queryset(self, request):
        qs = admin.ModelAdmin.get_queryset(self, request)
        if request.user.is_superuser:
            return qs
        return qs.filter(user__in=User.objects.visible_to(request.user).values("pk"))


@admin.register(AuditEvent)
class AuditEventAdmin(ReadOnlyAdminMixin, ScopedAdmin):
    """The security audit trail, for the audit administrator (the only role with its view permission).
    Nobody adds, changes or deletes a row here: the model has no such permissions at all."""

    list_display = ("time", "event", "outcome", "username", "ip", "object_repr", "detail")
    list_filter = ("event", "outcome")
    search_fields = ("username", "ip", "object_repr", "detail")
    date_hierarchy = "time"
    fields = (
        "time",
        "event",
        "outcome",
        "user",
        "username",
        "ip",
        "object_type",
        "object_id",
        "object_repr",
        "detail",
    )
    readonly_fields = fields
    list_select_related = ("user",)
