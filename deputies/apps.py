from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from accounts.roles import REGION_STAFF_ROLES, Role
from core.registry import NavItem, Panel

STAFF = tuple(sorted(REGION_STAFF_ROLES))
DEPUTY = (Role.DEPUTY,)


class DeputiesConfig(AppConfig):
    name = "deputies"
    verbose_name = _("人大代表")

    nav = [
        NavItem(
            "deputies",
            _("代表名册"),
            "deputies:list",
            "people",
            roles=STAFF,
            order=10,
            description=_("按姓名、拼音或首字母查找代表，筛选、导入、导出"),
        ),
        NavItem(
            "deputy-activities",
            _("履职活动"),
            "deputies:activities",
            "calendar-check",
            roles=STAFF,
            order=11,
            description=_("审核代表登记的履职活动，为多名代表登记活动"),
        ),
        NavItem(
            "deputy-ranking",
            _("履职积分"),
            "deputies:ranking",
            "trophy",
            roles=STAFF,
            order=12,
            description=_("按届、按年度的代表履职积分排名"),
        ),
        NavItem(
            "deputy-enterprises",
            _("重点企业"),
            "deputies:enterprises",
            "building",
            roles=STAFF,
            order=13,
            description=_("代表联系重点企业及企业意见建议的办理"),
        ),
        NavItem(
            "deputy-groups",
            _("专业（产业）小组"),
            "deputies:groups",
            "diagram-3",
            roles=STAFF,
            order=14,
            description=_("各小组的成员和活动"),
        ),
        NavItem(
            "my-enterprises",
            _("我联系的企业"),
            "deputies:my_enterprises",
            "building",
            roles=DEPUTY,
            section="deputy",
            order=13,
            description=_("记录企业意见建议并跟进办理结果"),
        ),
        NavItem(
            "my-activity-new",
            _("登记履职活动"),
            "deputies:my_activity_new",
            "plus-circle",
            roles=DEPUTY,
            section="deputy",
            order=10,
            description=_("一分钟内在手机上登记"),
        ),
        NavItem(
            "my-activities",
            _("我的履职活动"),
            "deputies:my_activities",
            "list-check",
            roles=DEPUTY,
            section="deputy",
            order=11,
            description=_("查看审核状态、退回原因"),
        ),
        NavItem(
            "my-record",
            _("我的履职档案"),
            "deputies:my_record",
            "journal-text",
            roles=DEPUTY,
            section="deputy",
            order=12,
            description=_("本年度履职活动、出席会议和积分"),
        ),
    ]
    panels = [
        Panel("deputies-my-year", "deputy", "deputies/panels/my_year.html", "deputies.panels.my_year", 5, DEPUTY),
        Panel("deputies-pending", "staff", "deputies/panels/pending.html", "deputies.panels.pending", 20, STAFF),
    ]

    @property
    def role_permissions(self):
        return {
            Role.COMMITTEE_STAFF: ["deputies.*"],
            Role.WORKING_COMMITTEE_STAFF: ["deputies.view_*"],
            Role.AUDIT_ADMIN: ["deputies.view_*"],
        }
