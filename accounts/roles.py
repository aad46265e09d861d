"""Roles are Django groups with permissions.

The groups are created by data migrations (accounts 0003_roles; the unit staff role by 0005).
Their permissions are kept in step by `sync_role_permissions`, run after every migrate: each app
declares what its roles may do in its AppConfig (`role_permissions`), so accounts never needs to
import a later app.

The three administrators (系统管理员, 安全管理员, 审计管理员) follow the "three-officer
separation" of government information systems: nobody may hold two of them.
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    SYSTEM_ADMIN = "system_admin", _("系统管理员")
    SECURITY_ADMIN = "security_admin", _("安全管理员")
    AUDIT_ADMIN = "audit_admin", _("审计管理员")
    COMMITTEE_STAFF = "committee_staff", _("人大常委会工作人员")
    WORKING_COMMITTEE_STAFF = "working_committee_staff", _("工委工作人员")
    DEPUTY = "deputy", _("人大代表")
    PARTNER_LIAISON = "partner_liaison", _("协作地区联络员")
    UNIT_STAFF = "unit_staff", _("承办单位工作人员")


# Group names are stored once, in Chinese, and never translated: they are data, not UI text.
GROUP_NAMES = {
    Role.SYSTEM_ADMIN: "系统管理员",
    Role.SECURITY_ADMIN: "安全管理员",
    Role.AUDIT_ADMIN: "审计管理员",
    Role.COMMITTEE_STAFF: "人大常委会工作人员",
    Role.WORKING_COMMITTEE_STAFF: "工委工作人员",
    Role.DEPUTY: "人大代表",
    Role.PARTNER_LIAISON: "协作地区联络员",
    Role.UNIT_STAFF: "承办单位工作人员",
}
ROLE_BY_GROUP_NAME = {name: role.value for role, name in GROUP_NAMES.items()}

# Nobody may hold two of these three.
EXCLUSIVE_ADMIN_ROLES = frozenset({Role.SYSTEM_ADMIN, Role.SECURITY_ADMIN, Role.AUDIT_ADMIN})
# Roles whose holder sees the branch of the region tree their account belongs to.
REGION_STAFF_ROLES = frozenset(
    {
        Role.COMMITTEE_STAFF,
        Role.WORKING_COMMITTEE_STAFF,
        Role.SYSTEM_ADMIN,
        Role.SECURITY_ADMIN,
        Role.AUDIT_ADMIN,
    }
)
# Roles that work in the browser admin.
ADMIN_SITE_ROLES = REGION_STAFF_ROLES
# Who works from the staff workbench: regional staff, and handling units' staff (their tiles and
# panels are filtered by role, so each sees only what is theirs).
WORKBENCH_ROLES = (*sorted(REGION_STAFF_ROLES), Role.UNIT_STAFF)

# What the accounts app's own roles may do. Patterns: "app_label.codename", or
# "app_label.*" (every permission of the app), or "app_label.view_*" (every view permission).
ACCOUNTS_ROLE_PERMISSIONS = {
    Role.SYSTEM_ADMIN: [
        "accounts.add_user",
        "accounts.change_user",
        "accounts.view_user",
        "accounts.view_region",
        "accounts.add_region",
        "accounts.change_region",
    ],
    Role.SECURITY_ADMIN: [
        "accounts.view_user",
        "accounts.change_user",
        "auth.view_group",
        "auth.change_group",
        "accounts.view_region",
    ],
    Role.AUDIT_ADMIN: [
        "accounts.view_user",
        "accounts.view_auditevent",
        "admin.view_logentry",
        "accounts.view_region",
        "notifications.view_notification",
    ],
    Role.COMMITTEE_STAFF: [
        "accounts.view_region",
        "accounts.view_user",
        "accounts.add_unit",
        "accounts.change_unit",
        "accounts.view_unit",
    ],
    Role.WORKING_COMMITTEE_STAFF: ["accounts.view_region"],
}


def group_for(role: str):
    from django.contrib.auth.models import Group

    return Group.objects.get(name=GROUP_NAMES[Role(role)])


def check_exclusive_roles(role_keys) -> None:
    """Refuse a set of roles holding two of the three administrators."""
    held = EXCLUSIVE_ADMIN_ROLES.intersection(role_keys)
    if len(held) > 1:
        labels = "、".join(str(Role(r).label) for r in sorted(held))
        raise ValidationError(
            _("系统管理员、安全管理员、审计管理员三者不得由同一人兼任（当前：%(roles)s）") % {"roles": labels},
            code="exclusive_roles",
        )


def _expand(patterns, all_perms):
    chosen = set()
    for pattern in patterns:
        app_label, _dot, codename = pattern.partition(".")
        for perm in all_perms:
            if perm.content_type.app_label != app_label:
                continue
            if (
                codename == "*"
                or codename == perm.codename
                or (codename.endswith("*") and perm.codename.startswith(codename[:-1]))
            ):
                chosen.add(perm.pk)
    return chosen


def sync_role_permissions(**kwargs) -> None:
    """Give each role group the permissions that the installed apps declare for it."""
    from django.apps import apps
    from django.contrib.auth.models import Group, Permission

    specs: dict[str, list[str]] = {}
    for config in apps.get_app_configs():
        for role, patterns in getattr(config, "role_permissions", {}).items():
            specs.setdefault(Role(role).value, []).extend(patterns)
    all_perms = list(Permission.objects.select_related("content_type"))
    for role, name in GROUP_NAMES.items():
        group, _created = Group.objects.get_or_create(name=name)
        group.permissions.set(_expand(specs.get(role.value, []), all_perms))


def branch_viewers() -> list:
    """One active account per region among region staff who own nothing (no deputy role, no unit):
    such accounts see exactly their branch (ScopedQuerySet.visible_to), so any one of them stands for
    all of that region's staff. Used to keep the costly staff pages warm (reports, citizen_messages)."""
    from django.contrib.auth import get_user_model

    staff = (
        get_user_model()
        .objects.filter(is_active=True, is_superuser=False, unit__isnull=True, region__isnull=False)
        .filter(groups__name__in=[GROUP_NAMES[r] for r in REGION_STAFF_ROLES])
        .exclude(groups__name=GROUP_NAMES[Role.DEPUTY])
        .order_by("region_id", "pk")
        .distinct()
    )
    chosen = {}
    for user in staff:
        chosen.setdefault(user.region_id, user)
    return list(chosen.values())
