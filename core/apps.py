from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    """What several domain apps share, so that no domain app is a junk drawer.

    It sits above `accounts` and `notifications` and below every domain app: the region-code rules
    (regions.py), the working-day calendar and its holiday table (workdays.py, models.py), the Excel
    writer (excel.py), the scoped change history (history.py), the cross-app signals (signals.py) and
    the registry of what each app declares for the shared pages (registry.py)."""

    name = "core"
    verbose_name = _("公共组件")

    @property
    def role_permissions(self):
        from accounts.roles import Role

        # The holiday table: county staff keep it (as they did under suggestions); others read it.
        return {
            Role.COMMITTEE_STAFF: [
                "core.add_holiday",
                "core.change_holiday",
                "core.delete_holiday",
                "core.view_holiday",
            ],
            Role.WORKING_COMMITTEE_STAFF: ["core.view_holiday"],
            Role.AUDIT_ADMIN: ["core.view_holiday"],
        }
