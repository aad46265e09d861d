from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from accounts.roles import Role
from core.registry import DashboardSection, NavItem

STAFF = (Role.COMMITTEE_STAFF, Role.WORKING_COMMITTEE_STAFF)


class CollaborationConfig(AppConfig):
    name = "collaboration"
    verbose_name = _("跨区域联动")

    nav = [
        NavItem(
            "collaboration",
            _("跨区域联动"),
            "collaboration:list",
            "diagram-3",
            roles=STAFF,
            order=60,
            description=_("毗邻地区人大联动：联席会议、联合活动、联动共治问题清单与纠纷化解"),
        ),
        # A partner county's liaison has no workbench: their header menu holds this one entry.
        NavItem(
            "collaboration-partner",
            _("跨区域联动"),
            "collaboration:list",
            "diagram-3",
            roles=(Role.PARTNER_LIAISON,),
            section="partner",
            order=60,
        ),
    ]

    # Its figures on the statistics dashboard (reports never imports this app).
    dashboard_sections = [
        DashboardSection("collaboration", _("跨区域联动"), "collaboration.stats.dashboard_figures", order=80)
    ]

    @property
    def role_permissions(self):
        return {
            Role.COMMITTEE_STAFF: ["collaboration.*"],
            Role.WORKING_COMMITTEE_STAFF: ["collaboration.view_*"],
            Role.AUDIT_ADMIN: ["collaboration.view_*"],
        }
