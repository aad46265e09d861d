from django.apps import AppConfig
from django.db.models.signals import m2m_changed, post_migrate
from django.utils.translation import gettext_lazy as _

from core.registry import NavItem

from .roles import ADMIN_SITE_ROLES


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("用户与区划")

    nav = [
        NavItem(
            "admin",
            _("管理后台"),
            "admin:index",
            "gear",
            roles=tuple(ADMIN_SITE_ROLES),
            order=900,
            description=_("维护代表、联络站、区划、用户等基础数据"),
        )
    ]

    @property
    def role_permissions(self):
        from .roles import ACCOUNTS_ROLE_PERMISSIONS

        return ACCOUNTS_ROLE_PERMISSIONS

    def ready(self):
        from . import signals
        from .roles import sync_role_permissions

        post_migrate.connect(sync_role_permissions, dispatch_uid="accounts.sync_role_permissions")
        m2m_changed.connect(
            signals.guard_exclusive_roles,
            sender=self.get_model("User").groups.through,
            dispatch_uid="accounts.guard_exclusive_roles",
        )
