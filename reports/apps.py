from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from accounts.roles import Role
from core.registry import DashboardSection, NavItem

STAFF = (Role.COMMITTEE_STAFF, Role.WORKING_COMMITTEE_STAFF)


class ReportsConfig(AppConfig):
    name = "reports"
    verbose_name = _("统计与简报")

    nav = [
        NavItem(
            "reports-dashboard",
            _("统计分析"),
            "reports:dashboard",
            "bar-chart",
            roles=STAFF,
            order=80,
            description=_("本区划按月、季、年、届的履职统计，各县对比，Excel 导出"),
        ),
        NavItem(
            "reports-bulletins",
            _("工作简报"),
            "reports:bulletins",
            "newspaper",
            roles=STAFF,
            order=81,
            description=_("编发工作简报：按期间生成初稿，导出 PDF 和 Word"),
        ),
    ]
    # The sections of the apps reports depends on; later apps declare theirs on their own config.
    dashboard_sections = [
        DashboardSection("deputies", _("代表"), "reports.sections.deputies", order=10),
        DashboardSection("activities", _("履职活动"), "reports.sections.activities", order=20),
        DashboardSection("stations", _("联络站"), "reports.sections.stations", order=30),
        DashboardSection("opinions", _("意见建议"), "reports.sections.opinions", order=40),
        DashboardSection("messages", _("民意直通车"), "reports.sections.messages", order=50),
        DashboardSection("suggestions", _("代表建议"), "reports.sections.suggestions", order=60),
        DashboardSection("livelihood", _("民生实事"), "reports.sections.livelihood", order=70),
    ]

    @property
    def role_permissions(self):
        return {
            Role.COMMITTEE_STAFF: ["reports.*"],
            Role.WORKING_COMMITTEE_STAFF: ["reports.view_*"],
            Role.AUDIT_ADMIN: ["reports.view_*"],
        }
