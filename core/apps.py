from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from accounts.roles import Role
from core.registry import Panel

WARNED = (Role.COMMITTEE_STAFF, Role.WORKING_COMMITTEE_STAFF)


class CoreConfig(AppConfig):
    """What several domain apps share, so that no domain app is a junk drawer.

    It sits above `accounts` and `notifications` and below every domain app: the region-code rules
    (regions.py), the working-day calendar and its holiday table (workdays.py, models.py), the Excel
    writer (excel.py), the scoped change history (history.py), the transition helper (transitions.py),
    the registry of what each app declares for the shared pages (registry.py), and the one reminder engine
    (reminders.py, its log in models.py) with the one rule of who is told (recipients.py)."""

    name = "core"
    verbose_name = _("公共组件")
    # Reminders nobody could receive: the staff of the branch must act (open an account, call).
    panels = [
        Panel(
            "core-undeliverable",
            "staff",
            "core/panels/undeliverable.html",
            "core.panels.undeliverable_context",
            5,
            WARNED,
        )
    ]

    @property
    def role_permissions(self):
        # The holiday table: county staff keep it (as they did under suggestions); others read it.
        # The reminder log is the engine's alone: staff and auditors read it.
        # The offline submissions' replay records: the system administrator reads them (support).
        return {
            Role.COMMITTEE_STAFF: [
                "core.add_holiday",
                "core.change_holiday",
                "core.delete_holiday",
                "core.view_holiday",
                "core.view_reminderlog",
            ],
            Role.WORKING_COMMITTEE_STAFF: ["core.view_holiday", "core.view_reminderlog"],
            Role.AUDIT_ADMIN: ["core.view_holiday", "core.view_reminderlog"],
            Role.SYSTEM_ADMIN: ["core.view_idempotentrequest"],
        }
