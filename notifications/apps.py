from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "notifications"
    verbose_name = _("消息提醒")

    def ready(self):
        from renda_portal.navigation import NavItem, register

        for section in ("staff", "deputy"):
            register(
                NavItem(
                    f"notifications-{section}",
                    _("我的提醒"),
                    "notifications:list",
                    "bell",
                    section=section,
                    order=800,
                    description=_("待办提醒与通知"),
                )
            )
