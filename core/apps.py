from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    """What several domain apps share, so that no domain app is a junk drawer.

    It sits above `accounts` and `notifications` and below every domain app: the reminder engine,
    the recipients rule, the transition helper, the working-day calendar, the Excel writer, the
    cross-app signals and the scoped history admin base."""

    name = "core"
    verbose_name = _("公共组件")
