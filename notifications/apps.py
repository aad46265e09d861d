from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from accounts.roles import WORKBENCH_ROLES, Role
from core.registry import NavItem


def _reminders_tile(section, roles):
    # A tile on the home page only: the header shows the reminders as its bell.
    return NavItem(
        f"notifications-{section}",
        _("我的提醒"),
        "notifications:list",
        "bell",
        roles=roles,
        section=section,
        order=800,
        description=_("待办提醒与通知"),
        in_menu=False,
    )


class NotificationsConfig(AppConfig):
    name = "notifications"
    verbose_name = _("消息提醒")

    # Each tile names the roles of its home page: a staff tile without a role would make a deputy's
    # header offer a workbench that answers 403.
    nav = [_reminders_tile("staff", WORKBENCH_ROLES), _reminders_tile("deputy", (Role.DEPUTY,))]
